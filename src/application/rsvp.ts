import type { Clock } from '../domain/clock';
import type { Outbox } from '../domain/delivery/outbox';
import type { Actor } from '../domain/identity';
import type { Transactions } from '../domain/provisioning-ports';
import { type Result, ok, refuse } from '../domain/refusals';
import { type MeetingOverview, type RsvpAnswer, hasInPersonPart, hasOnlinePart } from '../domain/meetings/meeting';
import { gatheredChannelUpdate } from '../domain/meetings/meeting-entries';
import type { AnswerState, MeetingStore, RsvpOutcome } from '../domain/meetings/meeting-ports';
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
  const dietary = cleanText(input.dietary);
  // Everything is read and decided under the meeting's lock, in one transaction: one read, one write.
  // A rush of answers to one meeting shares its transactions (group commit), each answer after the other.
  const decided = await deps.transactions.runTogether(`meeting:${input.meetingId}`, async (tx): Promise<Result<{ state: AnswerState; outcome?: RsvpOutcome; notice?: RsvpNotice }>> => {
    const state = await deps.meetings.answerState(tx, input.meetingId, actor.user);
    if (!state) return refuse({ code: 'meeting_not_found', reference: input.meetingId });
    // Arrival is when the answer gets the meeting's lock: the order seats and the waitlist are given in.
    const now = deps.clock.now();
    if (!state.may) return refuse({ code: 'not_member', community: state.overview.communityName });
    const meeting = state.overview.meeting;
    if (meeting.status === 'cancelled') return ok({ state, notice: 'cancelled' });
    if (meeting.startsAt.getTime() <= now.getTime()) return ok({ state, notice: 'past' });
    if (dietary.length > MAX_DIETARY) return ok({ state, notice: 'too_long_dietary' });
    const stale = input.version !== meeting.version;
    if (stale && input.answer !== 'declined') return ok({ state, notice: 'stale_refused' });
    // A format without that part: an in-person answer to an online activity is an online one, and the reverse.
    const answer: RsvpAnswer =
      input.answer === 'online' && !hasOnlinePart(meeting.format) ? 'in_person' : input.answer === 'in_person' && !hasInPersonPart(meeting.format) ? 'online' : input.answer;
    const request = { user: actor.user, displayName: actor.displayName, answer, lunch: input.lunch, dietary: dietary === '' ? null : dietary };
    const outcome = await deps.meetings.answer(tx, meeting, request, now, { registration: state.registration, counts: state.overview.counts });
    await tellPromoted(deps, tx, meeting, outcome.promoted);
    // The channel's card shows live counts, gathered over a few seconds: 200 answers in a minute are a dozen
    // updates, not 200. Answers that share a transaction write their window's update once.
    const update = gatheredChannelUpdate(meeting, meeting.tenantId ?? actor.user.tenantId, now);
    await tx.once(`outbox/${update.map((entry) => entry.key).join(',')}`, () => deps.outbox.enqueue(tx, update));
    return ok({ state, outcome, notice: stale ? 'stale_applied' : outcome.after.seat === 'waitlisted' ? 'waitlisted' : 'saved' });
  });
  if (!decided.ok) return decided;
  const { state, outcome, notice } = decided.value;
  const overview: MeetingOverview = outcome ? { ...state.overview, counts: outcome.counts } : state.overview;
  const registration = outcome ? outcome.after : state.registration;
  return ok({ view: { overview, registration, calendarUrl: await deps.links.calendar(overview.meeting.id, actor.user) }, notice });
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
