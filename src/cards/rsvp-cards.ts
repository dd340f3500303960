import { hasInPersonPart, hasOnlinePart, type MeetingOverview, type Registration, type RsvpAnswer } from '../domain/meetings/meeting';
import type { Locale } from '../domain/model';
import type { Translate } from '../i18n/translator';
import { communityLabel, joinUrl, meetingFacts, meetingTitle, speakerLine } from './meeting-facts';
import { plainText } from './plain-text';
import { type AdaptiveCardJson, renderCard, slot } from './render-card';

/** A line at the top of the RSVP card after an answer or a refresh: what just happened. */
export type RsvpNotice = 'saved' | 'stale_applied' | 'stale_refused' | 'promoted' | 'waitlisted' | 'full' | 'too_long_dietary' | 'cancelled' | 'past';

export interface RsvpCardView {
  readonly overview: MeetingOverview;
  /** The reader's own answer, if any. */
  readonly registration: Registration | undefined;
  /** The reader's .ics link (signed, short-lived), when one can be offered. */
  readonly calendarUrl: string | undefined;
  readonly notice?: RsvpNotice;
  /** When given and past the meeting's end, the card is shown as past (as with the notice `past`). */
  readonly now?: Date;
}

/** The ids of the inputs the in-person button sends (values travel beside the action's data). */
export const RSVP_INPUTS = { lunch: 'lunch', dietary: 'dietary', dietaryChoices: 'dietaryChoices' } as const;
/** The domain's limit on what is stored (too_long_dietary above it). */
export const DIETARY_MAX_LENGTH = 300;
const DIETARY_SUGGESTIONS = ['vegetarian', 'vegan', 'gluten_free', 'lactose_free'] as const;

const GOOD_NOTICES: ReadonlySet<RsvpNotice> = new Set(['saved', 'stale_applied', 'promoted']);

/** The reader's state in their words: seat confirmed, waitlisted with rank, online, declined. */
export function answerLine(registration: Registration | undefined, t: Translate): string {
  if (!registration) return t('meetings.rsvp.answer.none');
  if (registration.answer === 'in_person' && registration.seat === 'waitlisted') {
    return registration.waitlistRank === null ? t('meetings.rsvp.answer.waitlistedNoRank') : t('meetings.rsvp.answer.waitlisted', { rank: registration.waitlistRank });
  }
  if (registration.answer === 'in_person') return t('meetings.rsvp.answer.confirmed');
  return t(`meetings.rsvp.answer.${registration.answer}`);
}

export const isPast = (view: RsvpCardView): boolean => view.notice === 'past' || (view.now !== undefined && view.now >= view.overview.meeting.endsAt);

/**
 * The RSVP card, sent to each member 1:1 and returned by every answer: server state is the truth, so
 * every answer carries the meeting's version and the bot refuses or re-applies a stale one
 * (reference/peers.md, lesson 5).
 */
export function rsvpCard(view: RsvpCardView, locale: Locale, t: Translate): AdaptiveCardJson {
  const { overview, registration } = view;
  const { meeting } = overview;
  const cancelled = meeting.status === 'cancelled';
  const past = isPast(view);
  const open = !cancelled && !past;
  const answers = open ? availableAnswers(overview, registration) : [];
  const inPersonInputs = answers.includes('in_person') && meeting.lunchProvided;
  const holdsPlace = registration !== undefined && registration.answer !== 'declined';
  return renderCard('meetingRsvp', {
    lang: locale,
    meeting: meeting.id,
    version: meeting.version,
    title: meetingTitle(overview),
    community: communityLabel(overview, locale),
    // What differs from one reader (or one answer) to the next is passed as slots: the card's shape is
    // expanded once per meeting and kind of answer, not once per person (render-card.ts).
    notice: slot(view.notice ? t(`meetings.rsvp.notices.${view.notice}`, { rank: registration?.waitlistRank ?? '' }) : ''),
    noticeColor: view.notice && GOOD_NOTICES.has(view.notice) ? 'Good' : 'Attention',
    status: cancelled ? t('meetings.rsvp.cancelled') : past ? t('meetings.rsvp.past') : '',
    facts: [...meetingFacts(overview, locale, t), bringFact(overview, t)].filter((fact) => fact.value !== '').map((fact) => ({ title: fact.title, value: slot(fact.value) })),
    agendaTitle: t('meetings.labels.agenda'),
    agenda: plainText(meeting.agenda),
    speakersTitle: t('meetings.labels.speakers'),
    speakers: meeting.speakers.map((speaker) => ({ line: `• ${speakerLine(speaker)}` })),
    answerTitle: t('meetings.labels.yourAnswer'),
    answer: slot(answerLine(registration, t)),
    own: slot(ownChoices(registration, meeting.lunchProvided, t)),
    inputs: inPersonInputs,
    inputIds: RSVP_INPUTS,
    lunchTitle: t('meetings.rsvp.inputs.lunch'),
    lunchValue: String(registration?.lunch ?? true),
    dietaryLabel: t('meetings.rsvp.inputs.dietary'),
    dietaryPlaceholder: t('meetings.rsvp.inputs.dietaryPlaceholder'),
    dietaryValue: slot(registration?.dietary ?? ''),
    dietaryMax: DIETARY_MAX_LENGTH,
    dietaryChoicesLabel: t('meetings.rsvp.inputs.dietaryChoices'),
    dietaryChoices: DIETARY_SUGGESTIONS.map((code) => {
      const word = t(`meetings.rsvp.inputs.suggestions.${code}`);
      // The words themselves, in the reader's language: the bot adds them to the needs as typed.
      return { title: word, value: word };
    }),
    answers: answers.map((answer) => ({ answer, title: slot(answerTitle(answer, overview, registration, t)), inputs: answer === 'in_person' ? 'auto' : 'none' })),
    joinUrl: open ? joinUrl(meeting) : '',
    joinTitle: t('meetings.buttons.join'),
    calendarUrl: slot(open && holdsPlace && view.calendarUrl ? view.calendarUrl : ''),
    calendarTitle: t('meetings.buttons.calendar'),
    // Manual refresh only (userIds empty): the card is sent 1:1, so Teams' automatic refresh (for
    // at most 60 listed users, and only when the last card is over a minute old) would only add
    // invokes that can loop or carry stale data (reference/teams-graph-facts.md §8.5; peers.md,
    // lesson 5). The person refreshes by hand to see live counts; the bot answers with this card.
    refreshTitle: t('meetings.rsvp.buttons.refresh'),
  });
}

/** What the reader may answer: no online answer for in-person meetings, no in-person one for online meetings. */
function availableAnswers(overview: MeetingOverview, registration: Registration | undefined): RsvpAnswer[] {
  const { format, lunchProvided } = overview.meeting;
  const current = registration?.answer;
  const answers: RsvpAnswer[] = [];
  // Answering in person again only makes sense to change lunch and dietary needs.
  if (hasInPersonPart(format) && (current !== 'in_person' || lunchProvided)) answers.push('in_person');
  if (hasOnlinePart(format) && current !== 'online') answers.push('online');
  if (current !== 'declined') answers.push('declined');
  return answers;
}

function answerTitle(answer: RsvpAnswer, overview: MeetingOverview, registration: Registration | undefined, t: Translate): string {
  if (answer === 'in_person') {
    if (registration?.answer === 'in_person') return t('meetings.rsvp.buttons.in_person_update');
    return overview.counts.seatsLeft === 0 ? t('meetings.rsvp.buttons.in_person_waitlist') : t('meetings.rsvp.buttons.in_person');
  }
  if (answer === 'online') return t('meetings.rsvp.buttons.online');
  return t(registration ? 'meetings.rsvp.buttons.declined' : 'meetings.rsvp.buttons.declined_first');
}

/** Only people who come in person bring something; lunch is mentioned only when there is one. */
function bringFact(overview: MeetingOverview, t: Translate): { title: string; value: string } {
  const { format, lunchProvided } = overview.meeting;
  if (!hasInPersonPart(format)) return { title: '', value: '' };
  return { title: t('meetings.labels.bring'), value: t(lunchProvided ? 'meetings.bring.withLunch' : 'meetings.bring.withoutLunch') };
}

/** The reader's own lunch and dietary answers: only they (and organisers, in the bilan) see them. */
function ownChoices(registration: Registration | undefined, lunchProvided: boolean, t: Translate): string {
  if (!registration || registration.answer !== 'in_person' || !lunchProvided) return '';
  const lunch = t(registration.lunch ? 'meetings.rsvp.own.lunchYes' : 'meetings.rsvp.own.lunchNo');
  return registration.dietary ? `${lunch} ${t('meetings.rsvp.own.dietary', { needs: plainText(registration.dietary) })}` : lunch;
}
