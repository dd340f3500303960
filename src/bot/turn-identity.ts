import type { Actor } from '../domain/identity';
import type { Activity } from 'botbuilder';
import type { Locale } from '../domain/model';
import { localeFromTag } from '../i18n/translator';

/**
 * The only place that reads who is speaking from a turn. Identity comes from the authenticated
 * activity (from.aadObjectId + the conversation's tenant), never from text or card data.
 */
/** Who speaks in a turn: the application's Actor, read only here (from.aadObjectId and the conversation's tenant). */
export type TurnIdentity = Actor;

export type IdentityCheck =
  | { readonly ok: true; readonly identity: TurnIdentity }
  | { readonly ok: false; readonly reason: 'missing_user' | 'missing_tenant' | 'foreign_tenant' };

const ENTRA_ID = /^[0-9a-zA-Z][0-9a-zA-Z-]{0,63}$/;

export function tenantOf(activity: Partial<Activity>): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const tenant = activity.conversation?.tenantId ?? channelData?.tenant?.id;
  return typeof tenant === 'string' && ENTRA_ID.test(tenant) ? tenant.toLowerCase() : undefined;
}

export function readTurnIdentity(activity: Partial<Activity>, allowedTenantId: string | undefined): IdentityCheck {
  const tenantId = tenantOf(activity);
  if (allowedTenantId && tenantId && tenantId !== allowedTenantId) return { ok: false, reason: 'foreign_tenant' };
  if (!tenantId) return { ok: false, reason: allowedTenantId ? 'foreign_tenant' : 'missing_tenant' };
  const aadObjectId = activity.from?.aadObjectId;
  if (typeof aadObjectId !== 'string' || !ENTRA_ID.test(aadObjectId)) return { ok: false, reason: 'missing_user' };
  const name = activity.from?.name;
  return {
    ok: true,
    identity: {
      user: { tenantId, aadObjectId: aadObjectId.toLowerCase() },
      displayName: typeof name === 'string' && name.trim() !== '' ? name.trim().slice(0, 200) : undefined,
    },
  };
}

/** The user's language as Teams reports it: the activity locale, else the client-info entity. */
export function activityLocale(activity: Partial<Activity>): Locale | undefined {
  const fromActivity = localeFromTag(activity.locale);
  if (fromActivity) return fromActivity;
  const clientInfo = activity.entities?.find((e) => e.type === 'clientInfo') as { locale?: string } | undefined;
  return localeFromTag(clientInfo?.locale);
}

/** Is this activity from the channel's own tenant check's point of view foreign? Used for non-user events. */
export function isForeignTenant(activity: Partial<Activity>, allowedTenantId: string | undefined): boolean {
  if (!allowedTenantId) return false;
  return tenantOf(activity) !== allowedTenantId;
}
