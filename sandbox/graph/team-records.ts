import type { CatalogApp, SandboxUser } from './contracts';
import type { InstallationRecord, MemberRecord, TeamRecord } from './store';

/**
 * The roles Teams records for a member: `owner` when asked for, `guest` for a guest account, none for a
 * plain member (team-post-members: a member must have no roles).
 */
export function rolesFor(user: SandboxUser, requested: readonly string[]): string[] {
  if (user.userType === 'Guest') return ['guest'];
  return requested.some((r) => r.toLowerCase() === 'owner') ? ['owner'] : [];
}

/** A conversationMember id is opaque base64 in Graph (it may contain `/`, `+`, `=`: callers must encode it). */
export function memberRecord(team: TeamRecord, user: SandboxUser, roles: string[]): MemberRecord {
  return {
    id: Buffer.from(`0#${team.internalId}#${user.id}`).toString('base64'),
    userId: user.id,
    displayName: user.displayName,
    email: user.mail ?? null,
    roles,
    visibleHistoryStartDateTime: '0001-01-01T00:00:00Z',
  };
}

export function installationRecord(team: TeamRecord, app: CatalogApp): InstallationRecord {
  return { id: Buffer.from(`${team.id}##${app.id}`).toString('base64'), app };
}

export function memberRepresentation(member: MemberRecord, tenantId: string): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.aadUserConversationMember',
    id: member.id,
    roles: [...member.roles],
    displayName: member.displayName,
    visibleHistoryStartDateTime: member.visibleHistoryStartDateTime,
    userId: member.userId,
    email: member.email,
    tenantId,
  };
}
