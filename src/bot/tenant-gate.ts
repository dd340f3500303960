import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { translatorFor } from '../i18n/translator';
import { isActivityOfType } from './activity-type';
import { errorResponse } from './invoke-responses';
import { anonymousReplyLocale } from './reply-locale';
import { isForeignTenant } from './turn-identity';

/**
 * Every activity passes here first. One from another tenant than the configured one goes no further:
 * it is logged, a message is answered politely, an invoke gets a 403, anything else is dropped.
 * Returns whether the activity may go on.
 */
export async function passTenantGate(context: TurnContext, allowedTenantId: string | undefined, logger: Logger): Promise<boolean> {
  const activity = context.activity;
  if (!isForeignTenant(activity, allowedTenantId)) return true;
  const t = translatorFor(anonymousReplyLocale(activity));
  logger.warn({ activityId: activity.id, type: activity.type }, 'refused an activity from another tenant');
  if (isActivityOfType(activity, ActivityTypes.Message)) {
    await context.sendActivity(t('errors.foreignTenant'));
  } else if (isActivityOfType(activity, ActivityTypes.Invoke)) {
    await context.sendActivity({
      type: ActivityTypes.InvokeResponse,
      value: { status: 403, body: errorResponse(403, 'Forbidden', t('errors.foreignTenant')) },
    });
  }
  return false;
}
