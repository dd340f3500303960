import type { Clock } from '../domain/clock';
import type { Outbox, OutboxEntry } from '../domain/delivery/outbox';
import type { Organiser } from '../domain/model';
import type { Transactions } from '../domain/provisioning-ports';
import type { RecordingCandidateStore, TeamsMeetingRow } from '../domain/recordings/recording-candidates';
import type { DiscoveredRecording, RecordingSource } from '../domain/recordings/recording-discovery';
import { TeamsGraphFailure } from '../domain/teams-graph';

export interface DiscoveryLogger {
  info(facts: object, message: string): void;
  warn(facts: object, message: string): void;
}

export interface RecordingDiscoveryDeps {
  /** Graph's recordings; undefined when the app runs without Graph (nothing to discover). */
  readonly source: RecordingSource | undefined;
  readonly candidates: RecordingCandidateStore;
  readonly organisersOf: (communityId: string) => Promise<readonly Organiser[]>;
  readonly outbox: Outbox;
  readonly transactions: Transactions;
  readonly clock: Clock;
  readonly logger: DiscoveryLogger;
  /** Meetings ended this many days ago or less are looked at (Teams deletes recordings after the tenant's expiry). */
  readonly lookbackDays: number;
  /** The tenant's meeting recording expiration in days (Teams admin center), when known: noted on the proposal. */
  readonly recordingExpiryDays: number | undefined;
  /** Mailboxes already warned about a refusal in this process: the warning is logged once, not every round. */
  readonly warned: Set<string>;
}

export interface DiscoveryRound {
  /** Recordings Graph returned that belong to the app's meetings. */
  readonly found: number;
  /** New candidates stored (and proposed) by this round. */
  readonly proposed: number;
  /** Organiser mailboxes Graph refused (permission or access policy missing). */
  readonly refused: number;
}

/**
 * Finds the recordings of the Teams meetings the app created (teams-graph-facts §6.2): for each organiser
 * mailbox of the meetings that ended in the look-back window, the onlineMeeting behind each event is found
 * once by its join link, then getAllRecordings delta (from the mailbox's stored delta link) returns what
 * is new. Each recording of one of those meetings becomes a candidate, stored once (its Graph id is
 * unique) and, in the same transaction, proposed to the community's organisers through the outbox.
 * A refusal (OnlineMeetingRecording.Read.All or the Teams application access policy missing) is logged
 * once per mailbox as a warning saying what to grant; the round goes on and ends normally (no retry
 * storm: the next scheduled round tries again). Transient failures throw, for pg-boss to retry.
 */
export async function discoverRecordings(deps: RecordingDiscoveryDeps): Promise<DiscoveryRound> {
  const source = deps.source;
  if (!source) return { found: 0, proposed: 0, refused: 0 };
  const now = deps.clock.now();
  const since = new Date(now.getTime() - deps.lookbackDays * 86_400_000);
  const meetings = await deps.candidates.teamsMeetingsEnded(since, now);
  const byMailbox = new Map<string, TeamsMeetingRow[]>();
  for (const meeting of meetings) byMailbox.set(meeting.mailbox.toLowerCase(), [...(byMailbox.get(meeting.mailbox.toLowerCase()) ?? []), meeting]);

  let found = 0;
  let proposed = 0;
  let refused = 0;
  for (const [mailbox, rows] of byMailbox) {
    try {
      const byOnlineMeeting = new Map<string, TeamsMeetingRow>();
      for (const row of rows) {
        const onlineMeetingId = row.onlineMeetingId ?? (await source.onlineMeetingIdOf({ mailbox: row.mailbox, joinUrl: row.joinUrl }));
        if (!onlineMeetingId) continue;
        if (!row.onlineMeetingId) await deps.candidates.rememberOnlineMeetingId(row.meetingId, onlineMeetingId, now);
        byOnlineMeeting.set(onlineMeetingId, row);
      }
      const organizer = rows[0]?.mailbox ?? mailbox;
      const page = await source.recordingsSince(organizer, await deps.candidates.deltaLinkOf(mailbox), since);
      for (const recording of page.recordings) {
        const meeting = byOnlineMeeting.get(recording.onlineMeetingId);
        if (!meeting) continue; // a meeting the app did not create, or one outside the window
        found += 1;
        if (await propose(deps, meeting, recording, now)) proposed += 1;
      }
      await deps.candidates.saveDeltaLink(mailbox, page.deltaLink, now);
      deps.warned.delete(mailbox);
    } catch (error) {
      if (!(error instanceof TeamsGraphFailure) || error.transient) throw error;
      refused += 1;
      if (deps.warned.has(mailbox)) continue;
      deps.warned.add(mailbox);
      deps.logger.warn({ mailbox, kind: error.kind, status: error.details.status, code: error.details.code, permission: error.details.permission, grant: grantAdvice(error) }, 'recordings of Teams meetings cannot be read: meetings keep working, recordings are not proposed');
    }
  }
  if (found > 0 || proposed > 0) deps.logger.info({ found, proposed, mailboxes: byMailbox.size }, 'recordings discovered');
  return { found, proposed, refused };
}

/** Stores the candidate and proposes it to the organisers in one transaction; false when it was known. */
async function propose(deps: RecordingDiscoveryDeps, meeting: TeamsMeetingRow, recording: DiscoveredRecording, now: Date): Promise<boolean> {
  const organisers = await deps.organisersOf(meeting.communityId);
  const expiresAt = deps.recordingExpiryDays === undefined ? undefined : new Date((recording.endedAt ?? recording.createdAt).getTime() + deps.recordingExpiryDays * 86_400_000);
  return deps.transactions.run(async (tx) => {
    const added = await deps.candidates.addIfNew(tx, { ...recording, meetingId: meeting.meetingId, expiresAt, foundAt: now });
    if (!added) return false;
    const entries: OutboxEntry[] = organisers.map((o) => ({
      key: `recording_candidate/${recording.graphRecordingId}/${o.tenantId}/${o.aadObjectId}`,
      tenantId: o.tenantId,
      category: 'service',
      communityId: meeting.communityId,
      recipient: { kind: 'person', user: { tenantId: o.tenantId, aadObjectId: o.aadObjectId } },
      operation: 'send',
      content: { kind: 'recording_candidate', graphRecordingId: recording.graphRecordingId },
    }));
    if (entries.length > 0) await deps.outbox.enqueue(tx, entries);
    return true;
  });
}

function grantAdvice(error: TeamsGraphFailure): string {
  if (error.details.permission) return `grant the application permission ${error.details.permission} (admin consent)`;
  return 'grant OnlineMeetingRecording.Read.All and OnlineMeetings.Read.All, and an application access policy for the organiser mailbox: New-CsApplicationAccessPolicy -AppIds <client id>, then Grant-CsApplicationAccessPolicy -Identity <mailbox> (or -Global); changes take up to 30 minutes';
}
