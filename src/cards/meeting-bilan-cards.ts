import { hasInPersonPart, type MeetingSummary, type Registration } from '../domain/meetings/meeting';
import type { Locale } from '../domain/model';
import type { Translate } from '../i18n/translator';
import { countsLine, type Fact, meetingTitle, meetingWhen, personName } from './meeting-facts';
import { meetingNumber } from './meeting-list-cards';
import { plainText } from './plain-text';
import { type AdaptiveCardJson, renderCard } from './render-card';

/** Names shown per list: beyond, the card says how many more and points to the CSV (cards have a size limit). */
export const NAMES_PER_LIST = 50;
/**
 * People per page of the attendance list: a ChoiceSet of everyone would not fit in a card for a big meeting
 * (Teams refuses cards over 28 KB; 200 people are ~20 KB of names and ids alone), so it is marked page by page.
 */
export const ATTENDANCE_PAGE = 50;

export interface BilanOptions {
  /** A signed link to the CSV export, short-lived (15 minutes). */
  readonly csvUrl: string | undefined;
  /** Attendance can be marked once the meeting has started. */
  readonly now: Date;
  /** The attendance list's page (0 first); past the last, the last. */
  readonly page?: number;
}

/**
 * The organiser's summary (`bilan`): counts, who comes how (the waitlist in order), lunches and dietary
 * needs (until they are purged), the CSV, and once the meeting has started, who attended: everyone
 * confirmed in person is ticked until the organiser saves what really happened.
 */
export function meetingBilanCard(summary: MeetingSummary, options: BilanOptions, locale: Locale, t: Translate): AdaptiveCardJson {
  const { overview } = summary;
  const { meeting } = overview;
  const inPerson = hasInPersonPart(meeting.format);
  const facts: Fact[] = [{ title: t('meetings.labels.participation'), value: countsLine(meeting.format, overview.counts, meeting.capacity, t) }];
  if (inPerson && meeting.lunchProvided) facts.push({ title: t('meetings.labels.lunch'), value: t('meetings.bilan.lunches', { count: summary.lunchCount }) });
  const lists = [
    ...(inPerson ? [{ key: 'confirmed', people: summary.confirmed }, { key: 'waitlist', people: summary.waitlist }] : []),
    ...(meeting.format !== 'in_person' || summary.online.length > 0 ? [{ key: 'online', people: summary.online }] : []),
    { key: 'declined', people: summary.declined },
  ];
  const present = [...summary.confirmed, ...summary.online];
  const attendance = meeting.status !== 'cancelled' && options.now >= meeting.startsAt && present.length > 0;
  const pages = Math.max(1, Math.ceil(present.length / ATTENDANCE_PAGE));
  const page = Math.min(Math.max(0, options.page ?? 0), pages - 1);
  const shown = present.slice(page * ATTENDANCE_PAGE, (page + 1) * ATTENDANCE_PAGE);
  // Until their attendance is saved, those confirmed in person are ticked.
  const ticked = shown.filter((r) => r.attended ?? r.seat === 'confirmed');
  return renderCard('meetingBilan', {
    lang: locale,
    meeting: meeting.id,
    title: t('meetings.bilan.title', { title: meetingTitle(overview) }),
    subtitle: `${meetingNumber(overview, t)} · ${meetingWhen(overview, locale, t)}`,
    cancelled: meeting.status === 'cancelled' ? t('meetings.rsvp.cancelled') : '',
    facts,
    lists: lists.map(({ key, people }) => ({ heading: t(`meetings.bilan.${key}`, { count: people.length }), lines: nameList(people, key === 'waitlist', t) })),
    dietaryTitle: t('meetings.bilan.dietaryTitle'),
    dietary: inPerson && meeting.lunchProvided ? dietaryLines(summary, t) : [],
    csvUrl: options.csvUrl ?? '',
    csvTitle: t('meetings.bilan.csv'),
    csvNote: t('meetings.bilan.csvNote'),
    attendance,
    attendanceTitle: t('meetings.bilan.attendanceTitle'),
    attendanceIntro: t(summary.attendanceMarked ? 'meetings.bilan.attendanceMarked' : 'meetings.bilan.attendanceIntro'),
    attendanceLabel: t('meetings.bilan.attendanceLabel'),
    // Choice titles are not Markdown: names go as typed.
    people: shown.map((r) => ({ title: personName(r), value: r.user.aadObjectId })),
    attended: ticked.map((r) => r.user.aadObjectId).join(','),
    // The page's people travel with the save: only their attendance changes.
    shown: shown.map((r) => r.user.aadObjectId).join(','),
    page,
    pager: pages > 1 ? t('meetings.bilan.attendancePage', { from: page * ATTENDANCE_PAGE + 1, to: page * ATTENDANCE_PAGE + shown.length, total: present.length }) : '',
    pageLinks: [
      ...(page > 0 ? [{ title: t('meetings.bilan.attendancePrevious'), page: page - 1 }] : []),
      ...(page < pages - 1 ? [{ title: t('meetings.bilan.attendanceNext'), page: page + 1 }] : []),
    ],
    attendanceSave: t('meetings.bilan.attendanceSave'),
  });
}

/** One name a line; the waitlist numbered in its order. */
function nameList(people: readonly Registration[], numbered: boolean, t: Translate): { line: string }[] {
  if (people.length === 0) return [{ line: t('meetings.bilan.nobody') }];
  const lines = people.slice(0, NAMES_PER_LIST).map((r, i) => `${numbered ? `${i + 1}.` : '•'} ${plainText(personName(r))}`);
  if (people.length > NAMES_PER_LIST) lines.push(t('meetings.bilan.more', { count: people.length - NAMES_PER_LIST }));
  return lines.map((line) => ({ line }));
}

/** Shown while kept, then said to be deleted: the card never shows what the retention rule removed. */
function dietaryLines(summary: MeetingSummary, t: Translate): { line: string }[] {
  if (summary.dietaryPurged) return [{ line: t('meetings.bilan.dietaryPurged') }];
  if (summary.dietaryNeeds.length === 0) return [{ line: t('meetings.bilan.dietaryNone') }];
  return summary.dietaryNeeds.map(({ name, needs }) => ({ line: `• ${t('meetings.bilan.dietaryLine', { name: plainText(name), needs: plainText(needs) })}` }));
}
