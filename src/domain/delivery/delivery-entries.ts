import type { UserIdentity } from '../model';
import type { NewDeliveryReport, OutboxEntry } from './outbox';

/**
 * The outbox entries of the messages the app sends, with their idempotency keys:
 * `<what>/<about which object>/<which version>/<for whom>`.
 */

/** An update of the organiser's progress card of a community; `version` names the state it shows. */
export function progressCardEntry(tenantId: string, communityId: string, version: string): OutboxEntry {
  return {
    key: `progress_card/${communityId}/${version}`,
    tenantId,
    category: 'service',
    communityId,
    recipient: { kind: 'progress_card', communityId },
    operation: 'update',
    content: { kind: 'provisioning_progress', communityId },
    // Rendered from the state of the moment it is sent: an older update still queued is worth nothing.
    replaces: `progress_card/${communityId}`,
    urgent: true,
  };
}

export interface LaunchNotice {
  readonly tenantId: string;
  readonly communityId: string;
  readonly communityName: string;
  readonly teamUrl: string | undefined;
  readonly catalogAppId: string | undefined;
  /** Which launch (provisioning run) this is: launching again after an archive is news again. */
  readonly launch: string;
}

/** "You are in the community's new team", one per person added, and the report that follows them. */
export function launchNoticeEntries(
  notice: LaunchNotice,
  people: readonly UserIdentity[],
  externals: readonly { readonly email: string; readonly name: string }[] = [],
): { entries: OutboxEntry[]; report: NewDeliveryReport } {
  const report: NewDeliveryReport = {
    key: `launch_notice/${notice.communityId}/${notice.launch}`,
    tenantId: notice.tenantId,
    communityId: notice.communityId,
    kind: 'launch_notice',
    card: { kind: 'progress_card', communityId: notice.communityId },
  };
  const entries = people.map(
    (user): OutboxEntry => ({
      key: `launch_notice/${notice.communityId}/${notice.launch}/${user.tenantId}/${user.aadObjectId}`,
      tenantId: user.tenantId,
      category: 'launch_notice',
      communityId: notice.communityId,
      recipient: { kind: 'person', user },
      operation: 'send',
      content: { kind: 'launch_notice', communityId: notice.communityId, communityName: notice.communityName, teamUrl: notice.teamUrl, catalogAppId: notice.catalogAppId },
    }),
  );
  const content = { kind: 'launch_notice', communityId: notice.communityId, communityName: notice.communityName, teamUrl: notice.teamUrl } as const;
  for (const external of externals) {
    entries.push({
      key: `launch_notice/${notice.communityId}/${notice.launch}/email/${external.email.toLowerCase()}`,
      tenantId: notice.tenantId,
      category: 'launch_notice',
      communityId: notice.communityId,
      recipient: { kind: 'email', address: external.email, name: external.name },
      operation: 'send',
      content,
    });
  }
  return { entries, report };
}
