import { DateTime } from 'luxon';
import { hasInPersonPart, type MeetingCategory, type MeetingFormat, type MeetingRecord } from './meeting';
import { NEUTRAL_VENUE, type DraftCheck, type DraftProblem, type MeetingDraft } from './meeting-draft';
import { oneLine, paragraphs } from './draft-text';
import { readSpeakerLines, speakerLines } from './speaker-lines';
import { parseWhen } from './when-parsing';
import { foldText } from '../text-normalization';

/** The database's limits (011_meetings.sql), so a valid draft always fits, and the longest sensible day. */
export const MEETING_LIMITS = { title: 200, agenda: 2000, location: 300, capacity: 10_000, hours: 12 } as const;

/**
 * The source's rhythm: the official meeting is a morning in person (9:00–13:00, lunch, a neutral venue);
 * an activity is an hour, online unless said otherwise. The activity's default hour is noon (a lunch-time
 * talk): the organiser changes it; the official hours come from the source.
 */
export const OFFICIAL_HOURS = { start: '09:00', end: '13:00' } as const;
export const ACTIVITY_HOURS = { start: '12:00', end: '13:00' } as const;

export function officialDraft(): MeetingDraft {
  return {
    category: 'official',
    format: 'in_person',
    title: '',
    agenda: '',
    location: NEUTRAL_VENUE,
    date: '',
    start: OFFICIAL_HOURS.start,
    end: OFFICIAL_HOURS.end,
    lunchProvided: true,
    capacity: '',
    speakers: '',
    inviteSpeakersAsGuests: false,
  };
}

export function activityDraft(format: MeetingFormat = 'online'): MeetingDraft {
  return { ...officialDraft(), category: 'activity', format, location: '', start: ACTIVITY_HOURS.start, end: ACTIVITY_HOURS.end, lunchProvided: false };
}

/**
 * The organiser changed the kind on the form: what they wrote (title, agenda, date, speakers and whether
 * to invite them) stays; what follows from the kind (format, venue, hours, lunch, capacity) is the new
 * kind's default.
 */
export function switchCategory(draft: MeetingDraft, category: MeetingCategory): MeetingDraft {
  if (draft.category === category) return draft;
  const defaults = category === 'official' ? officialDraft() : activityDraft();
  const { title, agenda, date, speakers, inviteSpeakersAsGuests } = draft;
  return { ...defaults, title, agenda, date, speakers, inviteSpeakersAsGuests };
}

/** A stored meeting as the form shows it again (editing), in the community's zone. */
export function draftFromMeeting(meeting: MeetingRecord, zone: string): MeetingDraft {
  const start = DateTime.fromJSDate(meeting.startsAt, { zone });
  return {
    category: meeting.category,
    format: meeting.format,
    title: meeting.title,
    agenda: meeting.agenda,
    location: meeting.location ?? '',
    date: start.toFormat('yyyy-MM-dd'),
    start: start.toFormat('HH:mm'),
    end: DateTime.fromJSDate(meeting.endsAt, { zone }).toFormat('HH:mm'),
    lunchProvided: meeting.lunchProvided,
    capacity: meeting.capacity === null ? '' : String(meeting.capacity),
    speakers: speakerLines(meeting.speakers),
    inviteSpeakersAsGuests: false,
  };
}

const CATEGORIES: readonly string[] = ['official', 'activity'];
const FORMATS: readonly string[] = ['in_person', 'online', 'hybrid'];

/**
 * Checks every field at once (each problem under its field) and, when all are right, gives the plan with
 * its UTC instants computed in the community's zone. Both times are on the draft's date: a meeting does
 * not run past midnight.
 */
export function validateDraft(draft: MeetingDraft, zone: string, now: Date): DraftCheck {
  const problems: DraftProblem[] = [];
  const text = (field: 'title' | 'agenda' | 'location', value: string, max: number, required: boolean): string => {
    if (value === '' && required) problems.push({ field, code: 'required' });
    else if (value.length > max) problems.push({ field, code: 'too_long' });
    return value;
  };
  if (!CATEGORIES.includes(draft.category)) problems.push({ field: 'category', code: 'required' });
  if (!FORMATS.includes(draft.format)) problems.push({ field: 'format', code: 'required' });
  const inPerson = hasInPersonPart(draft.format);
  const title = text('title', oneLine(draft.title), MEETING_LIMITS.title, true);
  const agenda = text('agenda', paragraphs(draft.agenda), MEETING_LIMITS.agenda, false);
  const location = text('location', oneLine(draft.location), MEETING_LIMITS.location, inPerson);
  const capacity = readCapacity(oneLine(draft.capacity), inPerson, problems);
  const { speakers, problems: speakerProblems } = readSpeakerLines(draft.speakers);
  const when = readTimes(draft, zone, now, problems);
  problems.push(...speakerProblems);
  if (problems.length > 0 || !when) return { ok: false, problems };
  return {
    ok: true,
    plan: {
      category: draft.category,
      format: draft.format,
      title,
      agenda,
      location: inPerson ? location : null,
      startsAt: when.startsAt,
      endsAt: when.endsAt,
      lunchProvided: inPerson && draft.lunchProvided,
      capacity,
      speakers,
      inviteSpeakersAsGuests: draft.inviteSpeakersAsGuests && speakers.some((s) => s.email !== undefined),
    },
  };
}

/** Seats only mean something in a room: an online meeting has no limit. */
function readCapacity(value: string, inPerson: boolean, problems: DraftProblem[]): number | null {
  if (value === '' || !inPerson) return null;
  const seats = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(seats >= 1 && seats <= MEETING_LIMITS.capacity)) {
    problems.push({ field: 'capacity', code: 'invalid_capacity', detail: value });
    return null;
  }
  return seats;
}

function readTimes(draft: MeetingDraft, zone: string, now: Date, problems: DraftProblem[]): { startsAt: Date; endsAt: Date } | undefined {
  const dateText = oneLine(draft.date);
  const day = /^\d{4}-\d{2}-\d{2}$/.test(dateText) ? DateTime.fromISO(dateText, { zone }) : undefined;
  if (dateText === '') problems.push({ field: 'date', code: 'required' });
  else if (!day?.isValid) problems.push({ field: 'date', code: 'invalid_date', detail: dateText });
  const time = (field: 'start' | 'end', value: string): { hour: number; minute: number } | undefined => {
    const typed = oneLine(value);
    const match = /^(\d{1,2}):(\d{2})$/.exec(typed);
    const hour = Number(match?.[1]);
    const minute = Number(match?.[2]);
    if (typed === '') problems.push({ field, code: 'required' });
    else if (!match || hour > 23 || minute > 59) problems.push({ field, code: 'invalid_time', detail: typed });
    else return { hour, minute };
    return undefined;
  };
  const start = time('start', draft.start);
  const end = time('end', draft.end);
  if (!day?.isValid || !start || !end) return undefined;
  const startsAt = localInstant(day, start, zone);
  const endsAt = localInstant(day, end, zone);
  if (startsAt <= DateTime.fromJSDate(now)) {
    const today = DateTime.fromJSDate(now, { zone }).toFormat('yyyy-MM-dd');
    problems.push({ field: dateText < today ? 'date' : 'start', code: 'in_the_past' });
  }
  if (endsAt <= startsAt) problems.push({ field: 'end', code: 'end_before_start' });
  else if (endsAt.diff(startsAt, 'hours').hours > MEETING_LIMITS.hours) problems.push({ field: 'end', code: 'too_long_meeting' });
  return { startsAt: startsAt.toJSDate(), endsAt: endsAt.toJSDate() };
}

/**
 * A wall-clock time on a day in the zone, as RFC 5545 (§3.3.5) reads a local time in a calendar file, so
 * the instant stored is the one calendars will show: a time that happens twice (the autumn night) is its
 * first occurrence; a time that does not exist (the spring gap, 2:30 in Toronto) is read with the offset
 * before the gap, i.e. one hour later on the new clock (3:30). Luxon does the latter but picks the second
 * occurrence of a repeated time, hence the check one offset-change earlier.
 */
export function localInstant(day: DateTime, time: { hour: number; minute: number }, zone: string): DateTime {
  const wall = day.setZone(zone).set({ hour: time.hour, minute: time.minute, second: 0, millisecond: 0 });
  const offsetBefore = wall.minus({ hours: 3 }).offset;
  if (offsetBefore <= wall.offset) return wall;
  const earlier = wall.minus({ minutes: offsetBefore - wall.offset });
  return earlier.hour === time.hour && earlier.minute === time.minute ? earlier : wall;
}

export interface OneLineMeeting {
  /** The words naming the community, for the caller's community matching. */
  readonly communityQuery: string;
  readonly draft: MeetingDraft;
  /** What the line itself could not give (the when); the draft's own checks are validateDraft's. */
  readonly problems: DraftProblem[];
}

/** Words that say the kind and the format, not the community's name (folded: no accents, lower case). */
const KIND_WORDS: ReadonlyArray<readonly [RegExp, { category?: MeetingCategory; format?: MeetingFormat }]> = [
  [/^(activite|activity)$/, { category: 'activity' }],
  [/^(officielle?|official)$/, { category: 'official' }],
  [/^(en ligne|online|virtuelle?|virtual)$/, { format: 'online' }],
  [/^(hybride|hybrid)$/, { format: 'hybrid' }],
  [/^(en personne|in person|presentiel|in-person)$/, { format: 'in_person' }],
];
const COMMAND = /^\s*(planifier|planifie|planification|schedule|plan)(?![\p{L}\d])/iu;
/** Small words left between the community's name and the date ("Serres le 12 mars", "Greenhouses on May 3"). */
const TRAILING_LINKS = /(?:[\s,;:—–-]+|(?<![\p{L}\d])(?:le|la|du|de|au|pour|on|at|for|the))+$/iu;
const TITLE_SEPARATOR = /\s[—–:-]\s|:\s|\s["“«]/u;
const TITLE_QUOTES = /^["“«'‘]\s*(.*?)\s*["”»'’]$/su;

/**
 * Reads "planifier <communauté> [activité|activity] [en ligne|online|hybride|hybrid] <quand> [— titre]".
 * The kind gives the defaults; a start without an end lasts the kind's length (4 h official, 1 h
 * activity); no start is the kind's usual start. The title is what follows the when, without its
 * separator or quotes; empty when none (the caller names it).
 */
export function draftFromOneLine(text: string, options: { zone: string; now: Date; locale?: 'fr-CA' | 'en' }): OneLineMeeting {
  const line = oneLine(text).replace(COMMAND, '').trim();
  const when = parseWhen(line, options);
  const before = when ? line.slice(0, when.index) : line.split(TITLE_SEPARATOR)[0] ?? '';
  const after = when ? line.slice(when.index + when.length) : '';
  const { rest, category, format } = takeKindWords(before);
  const base = category === 'activity' ? activityDraft(format ?? 'online') : { ...officialDraft(), ...(format ? { format } : {}) };
  const defaults = category === 'activity' ? ACTIVITY_HOURS : OFFICIAL_HOURS;
  const hours = category === 'activity' ? 1 : 4;
  const start = when?.start ?? defaults.start;
  const end = when?.end ?? (when?.start ? plusHours(when.start, hours) : defaults.end);
  const title = after.replace(/^[\s,;:—–-]+/, '').replace(TITLE_QUOTES, '$1').trim();
  const draft: MeetingDraft = {
    ...base,
    location: hasInPersonPart(base.format) ? base.location : '',
    title,
    date: when?.date ?? '',
    start,
    end,
  };
  const problems: DraftProblem[] = when ? [] : [{ field: 'date', code: 'unparsed_when', detail: line }];
  return { communityQuery: rest.replace(TRAILING_LINKS, '').trim(), draft, problems };
}

function takeKindWords(words: string): { rest: string; category?: MeetingCategory; format?: MeetingFormat } {
  let category: MeetingCategory | undefined;
  let format: MeetingFormat | undefined;
  const kept: string[] = [];
  const tokens = words.split(' ').filter((token) => token !== '');
  for (let i = 0; i < tokens.length; i++) {
    const pair = `${tokens[i]} ${tokens[i + 1] ?? ''}`;
    const single = tokens[i] ?? '';
    const found = [pair, single].map((candidate) => ({ candidate, kind: kindOf(candidate) })).find((c) => c.kind);
    if (!found?.kind) {
      kept.push(single);
      continue;
    }
    category = found.kind.category ?? category;
    format = found.kind.format ?? format;
    if (found.candidate === pair) i++;
  }
  return { rest: kept.join(' '), category, format };
}

const kindOf = (candidate: string) => KIND_WORDS.find(([words]) => words.test(foldText(candidate)))?.[1];

/** A meeting ends on its day: a late start's default end stops at 23:59. */
function plusHours(time: string, hours: number): string {
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  return `${String(Math.min(hour + hours, 23)).padStart(2, '0')}:${String(hour + hours > 23 ? 59 : minute).padStart(2, '0')}`;
}
