import { hasInPersonPart, type MeetingCounts, type MeetingFormat, type MeetingOverview, type MeetingRecord, type Registration, type Speaker } from '../domain/meetings/meeting';
import { type Locale, pick } from '../domain/model';
import type { Translate } from '../i18n/translator';
import { formatMeetingWhen } from './date-format';
import { plainText } from './plain-text';

/** What every meeting card says about a meeting, in the reader's language, free text escaped. */

export interface Fact {
  readonly title: string;
  readonly value: string;
}

export const formatLabel = (format: MeetingFormat, t: Translate): string => t(`meetings.formats.${format}`);

export const meetingTitle = (overview: MeetingOverview): string => plainText(overview.meeting.title);

export const communityLabel = (overview: MeetingOverview, locale: Locale): string => plainText(pick(overview.communityName, locale));

export const meetingWhen = (overview: MeetingOverview, locale: Locale, t: Translate): string =>
  formatMeetingWhen(overview.meeting.startsAt, overview.meeting.endsAt, overview.timeZone, locale, t);

/**
 * The Teams link as a button's address, only when it is an https address: organisers can type one
 * (`lien 12 <url>`), and a card must not open a javascript: or data: address.
 */
export function joinUrl(meeting: MeetingRecord): string {
  return meeting.joinUrl !== null && /^https:\/\/[^\s]+$/i.test(meeting.joinUrl) ? meeting.joinUrl : '';
}

/** The venue of the in-person part, when there is one. */
export function venue(overview: MeetingOverview): string {
  const { format, location } = overview.meeting;
  return hasInPersonPart(format) && location ? plainText(location) : '';
}

/** "12 places confirmées sur 40 · 3 en attente · 8 en ligne": only the parts the format has. */
export function countsLine(format: MeetingFormat, counts: MeetingCounts, capacity: number | null, t: Translate): string {
  const parts: string[] = [];
  if (hasInPersonPart(format)) {
    parts.push(
      capacity === null
        ? t('meetings.counts.inPerson', { count: counts.confirmed })
        : t('meetings.counts.confirmedOf', { count: counts.confirmed, capacity }),
    );
    if (counts.waitlisted > 0) parts.push(t('meetings.counts.waitlisted', { count: counts.waitlisted }));
  }
  if (format !== 'in_person' || counts.online > 0) parts.push(t('meetings.counts.online', { count: counts.online }));
  return parts.join(' · ');
}

/** "Ada Lovelace — mathématicienne, Analytical Society": the role and organisation when given. */
export function speakerLine(speaker: Speaker): string {
  const about = [speaker.role, speaker.organisation].map((part) => part.trim()).filter((part) => part.length > 0);
  return plainText(about.length > 0 ? `${speaker.name} — ${about.join(', ')}` : speaker.name);
}

/** A person as organisers see them: their name, or their directory id when Teams never gave one. */
export const personName = (registration: Registration): string => registration.displayName ?? registration.user.aadObjectId;

/** When, format, venue, who comes and lunch: the facts the RSVP, summary and notice cards share. */
export function meetingFacts(overview: MeetingOverview, locale: Locale, t: Translate): Fact[] {
  const { meeting, counts } = overview;
  const facts: Fact[] = [
    { title: t('meetings.labels.when'), value: meetingWhen(overview, locale, t) },
    { title: t('meetings.labels.format'), value: formatLabel(meeting.format, t) },
  ];
  const where = venue(overview);
  if (where) facts.push({ title: t('meetings.labels.venue'), value: where });
  facts.push({ title: t('meetings.labels.participation'), value: countsLine(meeting.format, counts, meeting.capacity, t) });
  if (hasInPersonPart(meeting.format)) facts.push({ title: t('meetings.labels.lunch'), value: t(meeting.lunchProvided ? 'meetings.lunch.provided' : 'meetings.lunch.notProvided') });
  return facts;
}
