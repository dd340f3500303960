import { DateTime } from 'luxon';
import type { Actor } from '../domain/identity';
import type { Transaction } from '../domain/provisioning-ports';
import { type Result, ok, refuse } from '../domain/refusals';
import type { MeetingOverview, MeetingRecord, MeetingSummary, Registration } from '../domain/meetings/meeting';
import { hasOnlinePart } from '../domain/meetings/meeting';
import { cardState, cardUpdateEntries, meetingCardsPrefix, noticeEntries, personalCardKey } from '../domain/meetings/meeting-entries';
import { parseWhen } from '../domain/meetings/when-parsing';
import type { MeetingLinks } from '../domain/meetings/meeting-views';
import type { Locale, UserIdentity } from '../domain/model';
import { type MeetingDeps, meetingForOrganiser, peopleWhoAnswered, purgeTime, scheduleRemindersOf } from './meetings';

export interface ChangedMeeting {
  readonly overview: MeetingOverview;
  /** How many people were told (everyone who answered; for a cancellation, those still coming). */
  readonly told: number;
}

const MAX_MEETING_MS = 12 * 3_600_000;

/**
 * `déplacer <n> <quand>`: new times (the duration kept when only a start is given). Every card posted
 * for it is updated in place, everyone who answered is told (their calendar file follows with the next
 * SEQUENCE), its reminders are replaced and its Teams meeting moved.
 */
export async function moveMeeting(deps: MeetingDeps, actor: Actor, reference: string, when: string, locale: Locale): Promise<Result<ChangedMeeting>> {
  const found = await meetingForOrganiser(deps, actor, reference);
  if (!found.ok) return found;
  const { meeting, community } = found.value;
  const now = deps.clock.now();
  if (meeting.status === 'cancelled') return refuse({ code: 'meeting_cancelled', title: meeting.title });
  if (meeting.startsAt.getTime() <= now.getTime()) return refuse({ code: 'meeting_started', title: meeting.title });
  const parsed = parseWhen(when, { zone: community.timeZone, now, locale });
  if (!parsed) return refuse({ code: 'invalid_meeting_form', problems: [{ field: 'date', code: 'unparsed_when', detail: when }] });
  const startLocal = DateTime.fromISO(`${parsed.date}T${parsed.start ?? DateTime.fromJSDate(meeting.startsAt, { zone: community.timeZone }).toFormat('HH:mm')}`, { zone: community.timeZone });
  const startsAt = startLocal.toJSDate();
  const endsAt = parsed.end
    ? DateTime.fromISO(`${parsed.date}T${parsed.end}`, { zone: community.timeZone }).toJSDate()
    : new Date(startsAt.getTime() + (meeting.endsAt.getTime() - meeting.startsAt.getTime()));
  const problems = [
    ...(startsAt.getTime() <= now.getTime() ? [{ field: 'date' as const, code: 'in_the_past' as const }] : []),
    ...(endsAt.getTime() <= startsAt.getTime() ? [{ field: 'end' as const, code: 'end_before_start' as const }] : []),
    ...(endsAt.getTime() - startsAt.getTime() > MAX_MEETING_MS ? [{ field: 'end' as const, code: 'too_long_meeting' as const }] : []),
  ];
  if (problems.length > 0) return refuse({ code: 'invalid_meeting_form', problems });
  const offsets = await deps.reminders.offsetsOf(community.id);
  const told = await deps.transactions.run(async (tx) => {
    const locked = await deps.meetings.lock(tx, meeting.id);
    if (!locked) throw new Error(`meeting ${meeting.id} vanished while moved`);
    const moved = await deps.meetings.change(tx, locked, { startsAt, endsAt }, now);
    await scheduleRemindersOf(deps, tx, moved, community, offsets, now);
    if (hasOnlinePart(moved.format) && moved.onlineStatus !== 'none' && moved.calendarOwner) await deps.jobs.syncOnlineMeeting(tx, moved);
    await deps.jobs.schedulePurge(tx, moved, purgeTime(deps, moved));
    const people = peopleWhoAnswered(await deps.meetings.registrations(moved.id, tx), false);
    await announce(deps, tx, moved, 'moved', people);
    return people.length;
  });
  return ok({ overview: await overviewOf(deps, meeting.id), told });
}

/** What `annuler <n>` asks about first: the meeting, if the person may cancel it, and how many would be told. */
export async function previewCancel(deps: MeetingDeps, actor: Actor, reference: string): Promise<Result<{ overview: MeetingOverview; coming: number }>> {
  const found = await meetingForOrganiser(deps, actor, reference);
  if (!found.ok) return found;
  const { meeting } = found.value;
  if (meeting.status === 'cancelled') return refuse({ code: 'meeting_cancelled', title: meeting.title });
  if (meeting.endsAt.getTime() <= deps.clock.now().getTime()) return refuse({ code: 'meeting_started', title: meeting.title });
  const overview = await overviewOf(deps, meeting.id);
  // Those still coming (in person, waitlisted or online), as cancelMeeting tells them: from the live counts.
  const { confirmed, waitlisted, online } = overview.counts;
  return ok({ overview, coming: confirmed + waitlisted + online });
}

/** The confirmation's "Annuler la rencontre" (or a direct call): cancelled for good; cards say so, people still coming are told and get the cancellation file. */
export async function cancelMeeting(deps: MeetingDeps, actor: Actor, reference: string): Promise<Result<ChangedMeeting>> {
  const found = await meetingForOrganiser(deps, actor, reference);
  if (!found.ok) return found;
  const { meeting } = found.value;
  const now = deps.clock.now();
  if (meeting.status === 'cancelled') return refuse({ code: 'meeting_cancelled', title: meeting.title });
  if (meeting.endsAt.getTime() <= now.getTime()) return refuse({ code: 'meeting_started', title: meeting.title });
  const told = await deps.transactions.run(async (tx) => {
    const locked = await deps.meetings.lock(tx, meeting.id);
    if (!locked) throw new Error(`meeting ${meeting.id} vanished while cancelled`);
    const cancelled = await deps.meetings.change(tx, locked, { cancelled: true }, now);
    await deps.reminders.cancelAll(tx, cancelled.id);
    if (cancelled.calendarEventId && cancelled.calendarOwner) await deps.jobs.syncOnlineMeeting(tx, cancelled);
    const people = peopleWhoAnswered(await deps.meetings.registrations(cancelled.id, tx), true);
    await announce(deps, tx, cancelled, 'cancelled', people);
    return people.length;
  });
  return ok({ overview: await overviewOf(deps, meeting.id), told });
}

/** `lien <n> <url>`: the Teams (or other) link given by hand, when the tenant does not let the app create it. */
export async function setJoinLink(deps: MeetingDeps, actor: Actor, reference: string, url: string): Promise<Result<ChangedMeeting>> {
  const found = await meetingForOrganiser(deps, actor, reference);
  if (!found.ok) return found;
  const { meeting } = found.value;
  if (meeting.status === 'cancelled') return refuse({ code: 'meeting_cancelled', title: meeting.title });
  if (!isHttpsUrl(url)) return refuse({ code: 'invalid_join_url', url: url.slice(0, 200) });
  const now = deps.clock.now();
  const told = await deps.transactions.run(async (tx) => {
    const locked = await deps.meetings.lock(tx, meeting.id);
    if (!locked) throw new Error(`meeting ${meeting.id} vanished`);
    await deps.meetings.setOnline(tx, meeting.id, { status: 'manual', joinUrl: url }, now);
    const updated = (await deps.meetings.lock(tx, meeting.id)) ?? locked;
    const people = peopleWhoAnswered(await deps.meetings.registrations(meeting.id, tx), true);
    await announce(deps, tx, updated, 'link_added', people);
    return people.length;
  });
  return ok({ overview: await overviewOf(deps, meeting.id), told });
}

/** `places <n> <nombre>`: a new capacity ("aucune"/"none": no limit); a higher one moves the waitlist up at once. */
export async function setCapacity(deps: MeetingDeps, actor: Actor, reference: string, value: string): Promise<Result<{ overview: MeetingOverview; promoted: number }>> {
  const found = await meetingForOrganiser(deps, actor, reference);
  if (!found.ok) return found;
  const { meeting } = found.value;
  const trimmed = value.trim().toLowerCase();
  const capacity = /^(aucune|aucun|illimitée?|none|unlimited|no limit)$/u.test(trimmed) ? null : /^\d{1,5}$/.test(trimmed) ? Number(trimmed) : NaN;
  if (capacity !== null && (!Number.isInteger(capacity) || capacity < 1 || capacity > 10_000)) return refuse({ code: 'invalid_capacity', value: value.slice(0, 40) });
  if (meeting.status === 'cancelled') return refuse({ code: 'meeting_cancelled', title: meeting.title });
  const now = deps.clock.now();
  const promoted = await deps.transactions.run(async (tx) => {
    const locked = await deps.meetings.lock(tx, meeting.id);
    if (!locked) throw new Error(`meeting ${meeting.id} vanished`);
    const moved = await deps.meetings.setCapacity(tx, locked, capacity, now);
    await tellPromoted(deps, tx, { ...locked, capacity }, moved);
    await refreshCards(deps, tx, { ...locked, capacity, joinUrl: locked.joinUrl });
    return moved.length;
  });
  return ok({ overview: await overviewOf(deps, meeting.id), promoted });
}

/** `bilan <n>`: the organiser's summary, with a short-lived link to its CSV. */
export async function meetingSummary(deps: MeetingDeps & { readonly links: MeetingLinks }, actor: Actor, reference: string): Promise<Result<{ summary: MeetingSummary; csvUrl: string }>> {
  const found = await meetingForOrganiser(deps, actor, reference);
  if (!found.ok) return found;
  const summary = await deps.meetings.summary(found.value.meeting.id);
  if (!summary) return refuse({ code: 'meeting_not_found', reference });
  return ok({ summary, csvUrl: await deps.links.summaryCsv(found.value.meeting.id, actor.user) });
}

/**
 * Who attended, marked by an organiser once the meeting has begun, from the summary card: `attended` are the people ticked; `among`, when
 * given, the people the card's page showed (only they change: a big meeting's attendance is marked page by page).
 * Both are object ids, kept only when they are registered for this meeting (only people who answered can be marked).
 */
export async function markAttendance(
  deps: MeetingDeps,
  actor: Actor,
  reference: string,
  attended: readonly string[],
  among?: readonly string[],
): Promise<Result<{ summary: MeetingSummary; attended: number }>> {
  const found = await meetingForOrganiser(deps, actor, reference);
  if (!found.ok) return found;
  const { meeting } = found.value;
  const now = deps.clock.now();
  if (meeting.startsAt.getTime() > now.getTime()) return refuse({ code: 'attendance_too_early', title: meeting.title });
  const registrations = await deps.meetings.registrations(meeting.id);
  const chosen = new Set(attended);
  const people = registrations.filter((r) => chosen.has(r.user.aadObjectId)).map((r) => r.user);
  const shown = among && new Set(among);
  const scope = shown && registrations.filter((r) => shown.has(r.user.aadObjectId)).map((r) => r.user);
  const count = await deps.transactions.run((tx) => deps.meetings.markAttendance(tx, meeting.id, people, now, scope));
  const summary = await deps.meetings.summary(meeting.id);
  if (!summary) return refuse({ code: 'meeting_not_found', reference });
  return ok({ summary, attended: count });
}

/** Every card posted for the meeting updated in place, and a notice to each person concerned. */
async function announce(deps: MeetingDeps, tx: Transaction, meeting: MeetingRecord, notice: 'moved' | 'cancelled' | 'link_added', people: readonly UserIdentity[]): Promise<void> {
  await refreshCards(deps, tx, meeting);
  const stamp = `v${meeting.version}${notice === 'link_added' ? `-${meeting.joinUrl ?? ''}`.slice(0, 80) : ''}`;
  if (people.length > 0) await deps.outbox.enqueue(tx, noticeEntries(meeting, notice, people, stamp));
}

/** Updates of every card of the meeting (channel and 1:1) to what they should show now. */
export async function refreshCards(deps: Pick<MeetingDeps, 'outbox' | 'cards' | 'meetings'>, tx: Transaction, meeting: MeetingRecord): Promise<void> {
  const keys = await deps.cards.cardsUnder(meetingCardsPrefix(meeting.id), tx);
  if (keys.length === 0) return;
  const state = cardState(meeting, await deps.meetings.counts(tx, meeting));
  await deps.outbox.enqueue(tx, cardUpdateEntries(meeting, meeting.tenantId ?? '', keys, state));
}

/** People who just got a seat: told, and their own card updated. */
export async function tellPromoted(deps: Pick<MeetingDeps, 'outbox'>, tx: Transaction, meeting: MeetingRecord, promoted: readonly Registration[]): Promise<void> {
  if (promoted.length === 0) return;
  const people = promoted.map((r) => r.user);
  await deps.outbox.enqueue(tx, [
    ...noticeEntries(meeting, 'promoted', people, `v${meeting.version}-${promoted[0]?.answeredAt.getTime() ?? 0}`),
    ...cardUpdateEntries(meeting, meeting.tenantId ?? '', people.map((u) => personalCardKey(meeting.id, u)), `promoted-v${meeting.version}`),
  ]);
}

async function overviewOf(deps: MeetingDeps, meetingId: string): Promise<MeetingOverview> {
  const overview = await deps.meetings.overview(meetingId);
  if (!overview) throw new Error(`meeting ${meetingId} vanished`);
  return overview;
}

function isHttpsUrl(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'https:' && text.trim().length <= 2000;
  } catch {
    return false;
  }
}
