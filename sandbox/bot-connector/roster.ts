import { createHash } from 'node:crypto';
import type { RefusalCode } from './contracts';

/** Who a registered conversation is with: its tenant and, for a 1:1 chat, the user (object id and/or 29: id). */
export interface ConversationRegistration {
  readonly tenantId?: string;
  readonly aadObjectId?: string;
  readonly userId?: string;
}

interface Registered {
  readonly tenantId: string | undefined;
  readonly users: readonly string[];
}

/** The thread a conversation id belongs to: a channel's reply chain (`19:…;messageid=…`) is its channel. */
export function threadKeyOf(conversationId: string): string {
  const cut = conversationId.indexOf(';messageid=');
  return cut < 0 ? conversationId : conversationId.slice(0, cut);
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Teams takes a user as `29:…` (per bot, case-sensitive) or as an Entra object id (a GUID, any case, maybe `8:orgid:`-prefixed). */
export function normaliseUser(id: string): string {
  const bare = id.startsWith('8:orgid:') ? id.slice('8:orgid:'.length) : id;
  return GUID.test(bare) ? bare.toLowerCase() : bare;
}

/**
 * The conversations the connector knows, their tenants and users, the teams it can describe, and the
 * refusals a test scripted (per conversation, per user, per tenant).
 */
export class Roster {
  private readonly registered = new Map<string, Registered>();
  private readonly learnedTenants = new Map<string, string>();
  private readonly byUser = new Map<string, string>();
  private readonly refusedConversations = new Map<string, RefusalCode>();
  private readonly refusedUsers = new Map<string, RefusalCode>();
  private readonly refusedTenants = new Map<string, RefusalCode>();
  readonly teams = new Map<string, { readonly aadGroupId: string; readonly name: string }>();

  constructor(private readonly defaultTenantId: string) {}

  register(conversationId: string, who: ConversationRegistration): void {
    const key = threadKeyOf(conversationId);
    const users = [who.aadObjectId, who.userId].filter((u): u is string => u !== undefined).map(normaliseUser);
    const previous = this.registered.get(key);
    const tenantId = who.tenantId ?? previous?.tenantId;
    this.registered.set(key, { tenantId, users: [...new Set([...(previous?.users ?? []), ...users])] });
    for (const user of users) this.byUser.set(userKey(tenantId ?? this.defaultTenantId, user), conversationId);
  }

  isRegistered(conversationId: string): boolean {
    return this.registered.has(threadKeyOf(conversationId));
  }

  /** The conversation registered for one of these members in the tenant, if any. */
  conversationWith(tenantId: string, memberIds: readonly string[]): string | undefined {
    for (const member of memberIds) {
      const found = this.byUser.get(userKey(tenantId, normaliseUser(member)));
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** The id Teams would give the 1:1 chat of this bot with this member: the same every time it is asked. */
  oneOnOneId(tenantId: string, memberId: string): string {
    const digest = createHash('sha256').update(`${tenantId}|${normaliseUser(memberId)}`).digest('base64url');
    return `a:1${digest}`;
  }

  /** The conversation's tenant: registered, else learned from an activity, else undefined. */
  tenantOf(conversationId: string): string | undefined {
    const key = threadKeyOf(conversationId);
    return this.registered.get(key)?.tenantId ?? this.learnedTenants.get(key);
  }

  learnTenant(conversationId: string, tenantId: string): void {
    const key = threadKeyOf(conversationId);
    if (this.tenantOf(key) === undefined) this.learnedTenants.set(key, tenantId);
  }

  /** Scripted refusals, the narrowest first: the conversation, then its users (or the members to create with), then the tenant. */
  refusalFor(conversationId: string, tenantId: string, memberIds: readonly string[] = []): RefusalCode | undefined {
    const key = threadKeyOf(conversationId);
    const byConversation = this.refusedConversations.get(key);
    if (byConversation) return byConversation;
    const users = [...(this.registered.get(key)?.users ?? []), ...memberIds.map(normaliseUser)];
    for (const user of users) {
      const byUser = this.refusedUsers.get(user);
      if (byUser) return byUser;
    }
    return this.refusedTenants.get(tenantId);
  }

  refuseConversation(conversationId: string, code: RefusalCode): () => void {
    return scripted(this.refusedConversations, threadKeyOf(conversationId), code);
  }

  refuseUser(user: string, code: RefusalCode): () => void {
    return scripted(this.refusedUsers, normaliseUser(user), code);
  }

  refuseTenant(tenantId: string, code: RefusalCode): () => void {
    return scripted(this.refusedTenants, tenantId, code);
  }

  clearRefusals(): void {
    this.refusedConversations.clear();
    this.refusedUsers.clear();
    this.refusedTenants.clear();
  }
}

function userKey(tenantId: string, user: string): string {
  return `${tenantId}|${user}`;
}

/** Sets a refusal; the function returned lifts it (if it is still the one set). */
function scripted(refusals: Map<string, RefusalCode>, key: string, code: RefusalCode): () => void {
  refusals.set(key, code);
  return () => {
    if (refusals.get(key) === code) refusals.delete(key);
  };
}
