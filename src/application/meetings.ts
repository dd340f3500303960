import type { Clock } from '../domain/clock';
import { matchCommunity } from '../domain/community-matching';
import type { Outbox } from '../domain/delivery/outbox';
import type { OutboxStore } from '../domain/delivery/outbox-store';
import type { Actor } from '../domain/identity';
import type { CommunityWithCounts, UserIdentity } from '../domain/model';
import type { Transactions } from '../domain/provisioning-ports';
import { type Result, ok, refuse } from '../domain/refusals';
import { type MeetingOverview, type MeetingRecord, hasOnlinePart } from '../domain/meetings/meeting';
import type { MeetingDraft } from '../domain/meetings/meeting-draft';
import { invitationEntries } from '../domain/meetings/meeting-entries';
import { validateDraft } from '../domain/meetings/meeting-form';
import type { MeetingJobs, MeetingStore, ReminderStore } from '../domain/meetings/meeting-ports';
import { reminderDueAt } from '../domain/meetings/reminder-schedule';
import { type AdministrationDeps, findForOrganiser } from './community-administration';
import type { CommunityPointer } from './communities';
import type { ExternalMemberDeps } from './external-members';
import { type GuestProblem, inviteSpeakersAsGuests } from './speaker-guests';

/** What the meeting use cases work with (the bot and the tab API call the same ones). */
export interface MeetingDeps {
  readonly administration: AdministrationDeps;
  readonly meetings: MeetingStore;
  readonly reminders: ReminderStore;
  readonly jobs: MeetingJobs;
  readonly outbox: Outbox;
  readonly cards: Pick<OutboxStore, 'cardsUnder'>;
  readonly transactions: Transactions;
  readonly clock: Clock;
  /** The service mailbox whose calendar holds the Teams meetings (MEETING_MAILBOX); none: links are added by hand. */
  readonly meetingMailbox: string | undefined;
  /** Days after a meeting its dietary answers are deleted (DIETARY_RETENTION_DAYS). */
  readonly dietaryRetentionDays: number;
  /** The `inviter` path, for speakers invited as guests; without it they are only e-mailed. */
  readonly externalMembers?: ExternalMemberDeps;
  readonly logger?: { warn(details: object, message: string): void };
}

export interface ScheduledMeeting {
  readonly overview: MeetingOverview;
  readonly invited: number;
  /** Speakers invited as guests of the community (when the organiser asked). */
  readonly guestsInvited: number;
  readonly guestProblems: readonly GuestProblem[];
}

/**
 * `planifier`: the meeting is stored, everyone in the community is invited 1:1 (their RSVP card), the
 * community's channel gets the summary card, speakers from outside are e-mailed, the reminders and the
 * Teams meeting are scheduled: all in one transaction, so nothing is half done after a crash. Speakers
 * to invite as guests are invited once it committed (Graph calls, one by one).
 */
export async function scheduleMeeting(deps: MeetingDeps, actor: Actor, pointer: CommunityPointer, draft: MeetingDraft): Promise<Result<ScheduledMeeting>> {
  const found = await findForOrganiser(deps.administration, actor, pointer, 'schedule');
  if (!found.ok) return found;
  const community = found.value;
  if (community.status === 'archived') return refuse({ code: 'community_archived', community: community.name });
  const now = deps.clock.now();
  const check = validateDraft(draft, community.timeZone, now);
  if (!check.ok) return refuse({ code: 'invalid_meeting_form', problems: check.problems });
  const { plan } = check;
  const online = hasOnlinePart(plan.format);
  const invitees = await deps.meetings.invitees(community.id);
  const offsets = await deps.reminders.offsetsOf(community.id);
  const emails = plan.speakers.filter((s) => s.email !== undefined).map((s) => ({ address: s.email ?? '', name: s.name }));
  const meeting = await deps.transactions.run(async (tx) => {
    const created = await deps.meetings.create(tx, {
      communityId: community.id,
      tenantId: actor.user.tenantId,
      plan,
      onlineStatus: !online ? 'none' : deps.meetingMailbox ? 'pending' : 'not_permitted',
      calendarOwner: online ? (deps.meetingMailbox ?? null) : null,
      createdBy: actor.user.aadObjectId,
      at: now,
    });
    await deps.outbox.enqueue(tx, invitationEntries(created, actor.user.tenantId, invitees, emails), {
      key: `invitation/${created.id}`,
      tenantId: actor.user.tenantId,
      communityId: community.id,
      kind: 'invitation',
      meetingId: created.id,
      card: null,
    });
    await scheduleRemindersOf(deps, tx, created, community, offsets, now);
    if (online && deps.meetingMailbox) await deps.jobs.syncOnlineMeeting(tx, created);
    await deps.jobs.schedulePurge(tx, created, purgeTime(deps, created));
    return created;
  });
  const overview = await deps.meetings.overview(meeting.id);
  if (!overview) throw new Error(`meeting ${meeting.id} vanished after it was scheduled`);
  const guests =
    plan.inviteSpeakersAsGuests && deps.externalMembers
      ? await inviteSpeakersAsGuests(deps.externalMembers, actor, { slug: community.slug }, plan.speakers, deps.logger)
      : { invited: 0, problems: [] };
  return ok({ overview, invited: invitees.length, guestsInvited: guests.invited, guestProblems: guests.problems });
}

export interface UpcomingMeetings {
  readonly community: CommunityWithCounts | undefined;
  readonly meetings: readonly MeetingOverview[];
  /** Whether the person organises the community listed (or administers): the list then shows organiser hints. */
  readonly organiser: boolean;
}

/** `rencontres [communauté]`: the meetings ahead, of one community or of every community. */
export async function upcomingMeetings(deps: MeetingDeps, actor: Actor, pointer: CommunityPointer | undefined): Promise<Result<UpcomingMeetings>> {
  const now = deps.clock.now();
  const organised = await deps.administration.administration.communitiesOrganisedBy(actor.user);
  const administrator = deps.administration.administrators.includes(actor.user);
  if (!pointer) {
    const meetings = await deps.meetings.upcoming(undefined, now, 20);
    return ok({ community: undefined, meetings, organiser: administrator || organised.size > 0 });
  }
  const all = (await deps.administration.administration.listAll()).filter((c) => c.status !== 'archived');
  const bySlug = 'slug' in pointer ? all.find((c) => c.slug === pointer.slug) : undefined;
  const found: Result<CommunityWithCounts> =
    'slug' in pointer ? (bySlug ? ok(bySlug) : refuse({ code: 'community_not_found', query: pointer.slug, suggestions: [] })) : matchCommunity(pointer.query, all);
  if (!found.ok) return found;
  const meetings = await deps.meetings.upcoming([found.value.id], now, 20);
  return ok({ community: found.value, meetings, organiser: administrator || organised.has(found.value.id) });
}

/**
 * The meeting an organiser points at by its number, once they may act on it: organisers of its
 * community and administrators. Anyone else is told no such meeting exists (its number says nothing).
 */
export async function meetingForOrganiser(deps: MeetingDeps, actor: Actor, reference: string): Promise<Result<{ meeting: MeetingRecord; community: CommunityWithCounts }>> {
  const meeting = await deps.meetings.find(reference);
  if (!meeting) return refuse({ code: 'meeting_not_found', reference });
  const community = (await deps.administration.administration.listAll()).find((c) => c.id === meeting.communityId);
  if (!community) return refuse({ code: 'meeting_not_found', reference });
  const allowed = deps.administration.administrators.includes(actor.user) || (await deps.administration.administration.communitiesOrganisedBy(actor.user)).has(community.id);
  if (!allowed) return refuse({ code: 'not_organiser', action: 'meeting', community: community.name });
  return ok({ meeting, community });
}

/** Reminders of the meeting's version, at their times in the community's zone (day offsets at 9:00 local). */
export async function scheduleRemindersOf(
  deps: Pick<MeetingDeps, 'reminders' | 'jobs'>,
  tx: Parameters<Parameters<Transactions['run']>[0]>[0],
  meeting: MeetingRecord,
  community: { readonly timeZone: string },
  offsets: readonly string[],
  now: Date,
): Promise<void> {
  const reminders = offsets
    .map((offset) => ({ offset, dueAt: reminderDueAt(meeting.startsAt, offset, community.timeZone) }))
    // A reminder whose time has passed when the meeting is scheduled (7 days before a meeting in 3 days) is no reminder.
    .filter((r) => r.dueAt.getTime() > now.getTime() && r.dueAt.getTime() < meeting.startsAt.getTime());
  const scheduled = await deps.reminders.replace(tx, meeting.id, meeting.version, reminders);
  await deps.jobs.scheduleReminders(tx, scheduled);
}

export function purgeTime(deps: Pick<MeetingDeps, 'dietaryRetentionDays'>, meeting: MeetingRecord): Date {
  return new Date(meeting.endsAt.getTime() + deps.dietaryRetentionDays * 86_400_000);
}

/** People to tell about a change: everyone who answered, or only those still coming. */
export function peopleWhoAnswered(registrations: readonly { user: UserIdentity; answer: string }[], comingOnly: boolean): UserIdentity[] {
  return registrations.filter((r) => !comingOnly || r.answer !== 'declined').map((r) => r.user);
}

export interface ReminderSettings {
  readonly community: CommunityWithCounts;
  readonly offsets: readonly string[];
}

/**
 * `rappels <communauté> [7j 1j 2h]`: when this community's reminders go (days before at 9:00 local, or
 * hours and minutes before). Setting them reschedules the reminders of its meetings ahead.
 */
export async function reminderSettings(deps: MeetingDeps, actor: Actor, pointer: CommunityPointer, offsets: readonly string[] | undefined): Promise<Result<ReminderSettings>> {
  const found = await findForOrganiser(deps.administration, actor, pointer, 'meeting');
  if (!found.ok) return found;
  const community = found.value;
  if (offsets === undefined) return ok({ community, offsets: await deps.reminders.offsetsOf(community.id) });
  await deps.reminders.setOffsets(community.id, offsets);
  const now = deps.clock.now();
  for (const overview of await deps.meetings.upcoming([community.id], now, 100)) {
    await deps.transactions.run(async (tx) => {
      const meeting = await deps.meetings.lock(tx, overview.meeting.id);
      if (meeting && meeting.status === 'scheduled') await scheduleRemindersOf(deps, tx, meeting, community, offsets, now);
    });
  }
  return ok({ community, offsets });
}

/** At start: every reminder still scheduled gets its job again (same id: refused when it exists). */
export async function resumeReminders(deps: Pick<MeetingDeps, 'reminders' | 'jobs'>): Promise<number> {
  const scheduled = await deps.reminders.scheduled();
  await deps.jobs.scheduleReminders(undefined, scheduled);
  return scheduled.length;
}
