import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block, tzlib_get_timezones } from 'timezones-ical-library';
import { oneLine, paragraphs } from '../domain/meetings/draft-text';
import { hasInPersonPart, hasOnlinePart, type MeetingRecord } from '../domain/meetings/meeting';
import type { Locale, Localized } from '../domain/model';
import { translatorFor } from '../i18n/translator';

export interface MeetingIcsInput {
  readonly meeting: MeetingRecord;
  readonly communityName: Localized;
  /** The community's IANA zone: times are written in it, with its VTIMEZONE. */
  readonly timeZone: string;
  /** The person the file is for (their ATTENDEE line needs an e-mail). */
  readonly attendee?: { readonly name: string; readonly email?: string };
  readonly organizerEmail: string | undefined;
  readonly method: 'REQUEST' | 'CANCEL';
  /** Our host name, for the UID. */
  readonly domain: string;
  /** The Teams meeting's join link when it is newer than the meeting's stored one. */
  readonly calendarLinks?: { readonly joinUrl?: string };
}

const PRODUCT = { company: 'Communautes de pratique', product: 'Teams', language: 'FR' } as const;
/** What Outlook reads to show its "Join" button on an event that is not its own (a Teams meeting's link). */
const TEAMS_URL_PROPERTY = 'X-MICROSOFT-SKYPETEAMSMEETINGURL';
/** As meetings.join_url's check, and nothing a line could break on. */
const WEB_LINK = /^https:\/\/[^\s"<>\\]+$/;

/**
 * A meeting as an iCalendar file (RFC 5545, iTIP methods of RFC 5546) to attach to an invitation or a
 * cancellation. Every version of a meeting has the same UID and SEQUENCE = version − 1, so a calendar
 * replaces its copy when the meeting moves and removes it when cancelled. Times are written in the
 * community's zone with its VTIMEZONE (from timezones-ical-library, the IANA database as iCalendar rules),
 * so calendars show the right hour on both sides of a DST change; a zone that library does not know is
 * written in UTC rather than with a TZID no VTIMEZONE defines.
 *
 * Free text goes through the domain's cleaners (no control character survives) and ical-generator's
 * escaping (commas, semicolons, backslashes, line breaks; RFC 6868 in parameters), so no title can end a
 * property or start one of its own.
 */
export function meetingIcs(input: MeetingIcsInput): string {
  const { meeting, timeZone } = input;
  const vtimezone = vtimezoneFor(timeZone);
  const zone = vtimezone ? timeZone : 'UTC';
  const calendar = ical({ prodId: PRODUCT, method: input.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST });
  // Only the generator, no calendar-wide zone name: ical-generator 11 writes DTSTAMP in the calendar's
  // zone (as a floating local time, from the machine's clock), where RFC 5545 wants UTC. The event's
  // TZID still gets its VTIMEZONE.
  if (vtimezone) calendar.timezone({ name: null, generator: () => vtimezone });
  const link = input.calendarLinks?.joinUrl ?? meeting.joinUrl ?? '';
  const joinUrl = hasOnlinePart(meeting.format) && WEB_LINK.test(link) ? link : undefined;
  const event = calendar.createEvent({
    id: `meeting-${meeting.id}@${input.domain}`,
    sequence: Math.max(0, meeting.version - 1),
    start: DateTime.fromJSDate(meeting.startsAt, { zone }),
    end: DateTime.fromJSDate(meeting.endsAt, { zone }),
    timezone: vtimezone ? timeZone : null,
    summary: `${oneLine(meeting.title)} (${oneLine(input.communityName.fr)})`,
    location: locationOf(meeting),
    description: [description(input, 'fr-CA', joinUrl), description(input, 'en', joinUrl)].join('\n\n———\n\n'),
    url: joinUrl ?? null,
    status: input.method === 'CANCEL' || meeting.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  if (joinUrl) event.x(TEAMS_URL_PROPERTY, joinUrl);
  if (input.organizerEmail) event.organizer({ name: oneLine(input.communityName.fr), email: input.organizerEmail });
  if (input.attendee?.email) {
    event.createAttendee({
      name: oneLine(input.attendee.name) || input.attendee.email,
      email: input.attendee.email,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: input.method === 'REQUEST',
    });
  }
  return calendar.toString();
}

const listed = tzlib_get_timezones();
const KNOWN_ZONES = new Set<string>(Array.isArray(listed) ? listed : []);

/** The zone's VTIMEZONE, or undefined for a name the library does not know (asked anyway, it logs an error). */
function vtimezoneFor(zone: string): string | undefined {
  if (!KNOWN_ZONES.has(zone)) return undefined;
  const block: unknown = tzlib_get_ical_block(zone);
  return Array.isArray(block) && typeof block[0] === 'string' && block[0].startsWith('BEGIN:VTIMEZONE') ? block[0] : undefined;
}

function locationOf(meeting: MeetingRecord): string {
  const venue = meeting.location === null ? '' : oneLine(meeting.location);
  if (hasInPersonPart(meeting.format) && venue !== '') return venue;
  return translatorFor('fr-CA')('calendar.onlineLocation');
}

/** One language's part of the description: what the meeting is, where, the agenda, the speakers, the link. */
function description(input: MeetingIcsInput, locale: Locale, joinUrl: string | undefined): string {
  const t = translatorFor(locale);
  const { meeting } = input;
  const community = oneLine(locale === 'fr-CA' ? input.communityName.fr : input.communityName.en);
  const lines = [t(meeting.category === 'official' ? 'calendar.official' : 'calendar.activity', { community })];
  if (input.method === 'CANCEL' || meeting.status === 'cancelled') lines.push(t('calendar.cancelled'));
  if (hasInPersonPart(meeting.format) && meeting.location) lines.push(t('calendar.venue', { location: oneLine(meeting.location) }));
  if (meeting.format === 'online') lines.push(t('calendar.online'));
  if (meeting.format === 'hybrid') lines.push(t('calendar.hybrid'));
  if (hasInPersonPart(meeting.format) && meeting.lunchProvided) lines.push(t('calendar.lunch'));
  const agenda = paragraphs(meeting.agenda);
  if (agenda !== '') lines.push('', t('calendar.agenda'), agenda);
  if (meeting.speakers.length > 0) {
    lines.push('', t('calendar.speakers'));
    for (const s of meeting.speakers) lines.push(`- ${[s.name, s.role, s.organisation].map(oneLine).filter((part) => part !== '').join(', ')}`);
  }
  if (joinUrl) lines.push('', t('calendar.join', { url: joinUrl }));
  return lines.join('\n');
}
