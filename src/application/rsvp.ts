import type { Clock } from '../domain/clock';
import type { Outbox } from '../domain/delivery/outbox';
import type { Actor } from '../domain/identity';
import type { Transactions } from '../domain/provisioning-ports';
import { type Result, ok, refuse } from '../domain/refusals';
import { type RsvpAnswer, hasInPersonPart, hasOnlinePart } from '../domain/meetings/meeting';
import { cardState, cardUpdateEntries, channelCardKey } from '../domain/meetings/meeting-entries';
import type { MeetingStore } from '../domain/meetings/meeting-ports';
import type { MeetingLinks, PersonalMeetingView } from '../domain/meetings/meeting-views';
import { tellPromoted } from './meeting-changes';

export interface RsvpDeps {
  readonly meetings: MeetingStore;
  readonly outbox: Outbox;
  readonly transactions: Transactions;
  readonly links: MeetingLinks;
  readonly clock: Clock;
}

/** What the card answering tells the person, beside their (current) answer. */
export type RsvpNotice = 'saved' | 'waitlisted' | 'stale_applied' | 'stale_refused' | 'cancelled' | 'past' | 'too_long_dietary';

export interface RsvpReply {
  readonly view: PersonalMeetingView;
  readonly notice: RsvpNotice | undefined;
}

export interface RsvpInput {
  readonly meetingId: string;
  /** The meeting version the card showed. */
  readonly version: number;
  readonly answer: RsvpAnswer;
  readonly lunch: boolean;
  readonly dietary: string;
}

export const MAX_DIETARY = 300;

/**
 * An answer from a card. Who answers comes from the authenticated activity (`actor`), never from the
 * card. A card older than the meeting (it moved) is never silently applied: "I can't come" is applied
 * to the current meeting (it is true of it too), anything else is refused with the current card.
 */
export async function answerMeeting(deps: RsvpDeps, actor: Actor, input: RsvpInput): Promise<Result<RsvpReply>> {
  const meeting = await deps.meetings.find(input.meetingId);
  if (!meeting) return refuse({ code: 'meeting_not_found', reference: input.meetingId });
  if (!(await deps.meetings.mayAnswer(meeting.id, actor.user))) {
    const overview = await deps.meetings.overview(meeting.id);
    return refuse({ code: 'not_member', community: overview?.communityName ?? { fr: '', en: '' } });
  }
  const now = deps.clock.now();
  const dietary = cleanText(input.dietary);
  const notApplied = async (notice: RsvpNotice): Promise<Result<RsvpReply>> => ok({ view: await personalView(deps, meeting.id, actor), notice });
  if (meeting.status === 'cancelled') return notApplied('cancelled');
  if (meeting.startsAt.getTime() <= now.getTime()) return notApplied('past');
  if (dietary.length > MAX_DIETARY) return notApplied('too_long_dietary');
  const stale = input.version !== meeting.version;
  if (stale && input.answer !== 'declined') return notApplied('stale_refused');
  // A format without that part: an in-person answer to an online activity is an online one, and the reverse.
  const answer: RsvpAnswer = input.answer === 'online' && !hasOnlinePart(meeting.format) ? 'in_person' : input.answer === 'in_person' && !hasInPersonPart(meeting.format) ? 'online' : input.answer;
  const outcome = await deps.transactions.run(async (tx) => {
    const locked = await deps.meetings.lock(tx, meeting.id);
    if (!locked || locked.status === 'cancelled') return undefined;
    const result = await deps.meetings.answer(tx, locked, { user: actor.user, displayName: actor.displayName, answer, lunch: input.lunch, dietary: dietary === '' ? null : dietary }, now);
    await tellPromoted(deps, tx, locked, result.promoted);
    // The channel's card shows live counts; an update still queued is replaced by this one.
    await deps.outbox.enqueue(tx, cardUpdateEntries(locked, locked.tenantId ?? actor.user.tenantId, [channelCardKey(locked.id)], cardState(locked, result.counts)));
    return result;
  });
  if (!outcome) return notApplied('cancelled');
  const notice: RsvpNotice = stale ? 'stale_applied' : outcome.after.seat === 'waitlisted' ? 'waitlisted' : 'saved';
  return ok({ view: await personalView(deps, meeting.id, actor), notice });
}

/** The person's own card (opened from the channel's summary, or refreshed). */
export async function meetingCardFor(deps: RsvpDeps, actor: Actor, meetingId: string): Promise<Result<PersonalMeetingView>> {
  const meeting = await deps.meetings.find(meetingId);
  if (!meeting) return refuse({ code: 'meeting_not_found', reference: meetingId });
  return ok(await personalView(deps, meeting.id, actor));
}

export async function personalView(deps: Pick<RsvpDeps, 'meetings' | 'links'>, meetingId: string, actor: Pick<Actor, 'user'>): Promise<PersonalMeetingView> {
  const [overview, registration, calendarUrl] = await Promise.all([
    deps.meetings.overview(meetingId),
    deps.meetings.registration(meetingId, actor.user),
    deps.links.calendar(meetingId, actor.user),
  ]);
  if (!overview) throw new Error(`meeting ${meetingId} vanished`);
  return { overview, registration, calendarUrl };
}

/** Free text as stored: trimmed, control characters out (it is shown on cards and in a CSV, never run). */
export function cleanText(text: string): string {
  const printable = [...text].filter((ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code >= 0x20 ? code !== 0x7f : ch === '\t' || ch === '\n';
  });
  return printable.join('').replace(/\s+/g, ' ').trim();
}
