import type { Clock } from '../domain/clock';
import type { Outbox, OutboxEntry } from '../domain/delivery/outbox';
import type { CommunityRepository } from '../domain/ports';
import type { Transactions } from '../domain/provisioning-ports';
import { DateTime } from 'luxon';
import { noticeEntries } from '../domain/meetings/meeting-entries';
import type { MeetingStore, ReminderStore } from '../domain/meetings/meeting-ports';

/** The scheduled work of meetings: reminders, the dietary purge, the yearly rule (jobs/ runs them). */
export interface RoutineDeps {
  readonly meetings: MeetingStore;
  readonly reminders: ReminderStore;
  readonly communities: Pick<CommunityRepository, 'listVisible' | 'organisersOf'>;
  readonly outbox: Outbox;
  readonly transactions: Transactions;
  readonly clock: Clock;
  readonly logger: { info(details: object, message: string): void; warn(details: object, message: string): void };
  readonly dietaryRetentionDays: number;
}

export type ReminderResult = 'sent' | 'dropped' | 'not_due' | 'gone';

/**
 * One reminder of one meeting version. Run at least once (a pg-boss job, retried); the reminder's row,
 * locked in the transaction that writes the messages, makes it happen once: a second run finds it settled.
 * Only to people who did not decline: those coming, those waiting, and members who did not answer.
 * A reminder whose meeting has begun (the app was down when it fell due) is dropped, and logged.
 */
export async function sendReminder(deps: RoutineDeps, meetingId: string, version: number, offset: string): Promise<ReminderResult> {
  const now = deps.clock.now();
  return deps.transactions.run(async (tx) => {
    const reminder = await deps.reminders.lock(tx, meetingId, version, offset);
    if (!reminder || reminder.status !== 'scheduled') return 'gone';
    const meeting = await deps.meetings.lock(tx, meetingId);
    if (!meeting || meeting.status === 'cancelled' || meeting.version !== version) {
      await deps.reminders.settle(tx, reminder, 'cancelled', now);
      return 'gone';
    }
    if (reminder.dueAt.getTime() > now.getTime()) return 'not_due';
    if (meeting.startsAt.getTime() <= now.getTime()) {
      await deps.reminders.settle(tx, reminder, 'dropped', now);
      deps.logger.warn({ meetingId, version, offset, dueAt: reminder.dueAt.toISOString() }, 'reminder dropped: its meeting had begun when it could be sent');
      return 'dropped';
    }
    const registrations = await deps.meetings.registrations(meetingId, tx);
    const answered = new Map(registrations.map((r) => [`${r.user.tenantId}/${r.user.aadObjectId}`, r]));
    const people = registrations.filter((r) => r.answer !== 'declined').map((r) => r.user);
    for (const member of await deps.meetings.invitees(meeting.communityId, tx)) {
      if (!answered.has(`${member.tenantId}/${member.aadObjectId}`)) people.push(member);
    }
    if (people.length > 0) await deps.outbox.enqueue(tx, noticeEntries(meeting, 'reminder', people, `v${version}-${offset}`, offset));
    await deps.reminders.settle(tx, reminder, 'sent', now);
    deps.logger.info({ meetingId, version, offset, people: people.length }, 'reminder sent to the outbox');
    return 'sent';
  });
}

/** Deletes the dietary answers of meetings ended DIETARY_RETENTION_DAYS ago or more. */
export async function purgeDietaryAnswers(deps: RoutineDeps): Promise<number> {
  const now = deps.clock.now();
  return deps.meetings.purgeDietary(new Date(now.getTime() - deps.dietaryRetentionDays * 86_400_000), now);
}

/**
 * The source document's rhythm: at least one in-person meeting per community per year. An active
 * community with none in the past 12 months and none planned in the next 12 gets a gentle reminder to its
 * organisers, at most once a calendar month (the notice's key names the month).
 */
export async function checkYearlyRule(deps: RoutineDeps): Promise<number> {
  const now = deps.clock.now();
  let reminded = 0;
  for (const community of await deps.communities.listVisible()) {
    if (!(await yearlyReminderDue(deps, community, now))) continue;
    const month = DateTime.fromJSDate(now, { zone: community.timeZone }).toFormat('yyyy-MM');
    const organisers = await deps.communities.organisersOf(community.id);
    const entries: OutboxEntry[] = organisers.map((o) => ({
      key: `yearly_rule/${community.id}/${month}/${o.tenantId}/${o.aadObjectId}`,
      tenantId: o.tenantId,
      category: 'service',
      communityId: community.id,
      recipient: { kind: 'person', user: { tenantId: o.tenantId, aadObjectId: o.aadObjectId } },
      operation: 'send',
      content: { kind: 'yearly_rule', communityId: community.id },
    }));
    const added = await deps.transactions.run((tx) => deps.outbox.enqueue(tx, entries));
    if (added > 0) reminded += 1;
  }
  return reminded;
}

/** Whether a community's organisers are to be reminded of the yearly rule: it is active and lacks its meeting. */
export async function yearlyReminderDue(deps: YearlyRuleDeps, community: { readonly id: string; readonly status: string }, now: Date): Promise<boolean> {
  return community.status === 'active' && yearlyRuleDue(deps, community.id, now);
}

export interface YearlyRuleDeps {
  readonly meetings: Pick<MeetingStore, 'inPersonAround'>;
}

/** Whether a community lacks its yearly in-person meeting: none held in the past 12 months, none planned in the next 12. */
export async function yearlyRuleDue(deps: YearlyRuleDeps, communityId: string, now: Date): Promise<boolean> {
  const { last, next } = await deps.meetings.inPersonAround(communityId, now);
  const year = 365 * 86_400_000;
  const recent = last !== undefined && now.getTime() - last.getTime() <= year;
  const planned = next !== undefined && next.getTime() - now.getTime() <= year;
  return !recent && !planned;
}
