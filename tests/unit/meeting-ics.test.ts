import ICAL from 'ical.js';
import { meetingIcs, type MeetingIcsInput } from '../../src/calendar/meeting-ics';
import type { MeetingRecord } from '../../src/domain/meetings/meeting';
import { NEUTRAL_VENUE } from '../../src/domain/meetings/meeting-draft';

const JOIN = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=%7b%7d';

const official: MeetingRecord = {
  id: '42',
  communityId: '7',
  tenantId: 't',
  category: 'official',
  format: 'in_person',
  title: 'Rencontre annuelle',
  agenda: 'Accueil\nBilan de l’année',
  location: NEUTRAL_VENUE,
  // Tuesday 9 November 2027, 9:00–13:00 EST (after the change of 7 November).
  startsAt: new Date('2027-11-09T14:00:00Z'),
  endsAt: new Date('2027-11-09T18:00:00Z'),
  lunchProvided: true,
  capacity: 40,
  status: 'scheduled',
  version: 1,
  onlineStatus: 'none',
  joinUrl: null,
  calendarOwner: null,
  calendarEventId: null,
  speakers: [
    { name: 'Ana Roy', role: 'chercheuse', organisation: 'Ouranos', email: 'ana@ouranos.ca' },
    { name: 'Luc Côté', role: '', organisation: 'Hydro-Québec', email: undefined },
  ],
  createdBy: null,
  cancelledAt: null,
};
/** Thursday 8 July 2027, 12:00–13:00 EDT, online. */
const online: MeetingRecord = {
  ...official,
  id: '43',
  category: 'activity',
  format: 'online',
  title: 'Midi-conférence',
  agenda: '',
  location: null,
  startsAt: new Date('2027-07-08T16:00:00Z'),
  endsAt: new Date('2027-07-08T17:00:00Z'),
  lunchProvided: false,
  capacity: null,
  onlineStatus: 'created',
  joinUrl: JOIN,
  speakers: [],
};

const input = (changes: Partial<MeetingIcsInput> = {}): MeetingIcsInput => ({
  meeting: official,
  communityName: { fr: 'Serres', en: 'Greenhouses' },
  timeZone: 'America/Toronto',
  organizerEmail: 'cop@contoso.example',
  method: 'REQUEST',
  domain: 'cop.contoso.example',
  ...changes,
});

/** The file read back by another library, as calendars read it. */
function readBack(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent');
  const event = events[0];
  if (!event || events.length !== 1) throw new Error(`expected one event, got ${events.length}`);
  const vtimezone = calendar.getFirstSubcomponent('vtimezone');
  const zone = vtimezone ? new ICAL.Timezone(vtimezone) : undefined;
  const instant = (name: 'dtstart' | 'dtend'): Date => {
    const time = (event.getFirstPropertyValue(name) as ICAL.Time).clone();
    if (zone && event.getFirstProperty(name)?.getParameter('tzid')) time.zone = zone;
    return time.toJSDate();
  };
  const text_ = (name: string) => event.getFirstPropertyValue(name) as string | null;
  return { calendar, event, zone, instant, text: text_ };
}

describe('a meeting as a calendar file', () => {
  it('keeps its UID across versions and counts them in SEQUENCE', () => {
    const first = readBack(meetingIcs(input()));
    const moved = readBack(meetingIcs(input({ meeting: { ...official, version: 3, startsAt: new Date('2027-11-10T14:00:00Z'), endsAt: new Date('2027-11-10T18:00:00Z') } })));
    expect(first.text('uid')).toBe('meeting-42@cop.contoso.example');
    expect(moved.text('uid')).toBe('meeting-42@cop.contoso.example');
    expect(first.event.getFirstPropertyValue('sequence')).toBe(0);
    expect(moved.event.getFirstPropertyValue('sequence')).toBe(2);
  });

  it('is an invitation (REQUEST, confirmed) or a cancellation (CANCEL, cancelled)', () => {
    const request = readBack(meetingIcs(input()));
    expect(request.calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(request.text('status')).toBe('CONFIRMED');
    const cancel = readBack(meetingIcs(input({ method: 'CANCEL', meeting: { ...official, version: 2, status: 'cancelled', cancelledAt: new Date() } })));
    expect(cancel.calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancel.text('status')).toBe('CANCELLED');
    expect(cancel.event.getFirstPropertyValue('sequence')).toBe(1);
    expect(cancel.text('description')).toContain('Cette rencontre est annulée.');
    expect(cancel.text('description')).toContain('This meeting is cancelled.');
  });

  it('writes the times in the community zone with its VTIMEZONE, EST in November and EDT in July', () => {
    const november = readBack(meetingIcs(input()));
    expect(november.event.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('America/Toronto');
    expect((november.event.getFirstPropertyValue('dtstart') as ICAL.Time).toString()).toBe('2027-11-09T09:00:00');
    expect(november.instant('dtstart')).toEqual(official.startsAt);
    expect(november.instant('dtend')).toEqual(official.endsAt);
    expect(november.zone?.tzid).toBe('America/Toronto');
    expect(november.calendar.getAllSubcomponents('vtimezone')).toHaveLength(1);
    const stamp = november.event.getFirstPropertyValue('dtstamp') as ICAL.Time;
    expect(stamp.zone?.tzid).toBe('UTC');
    expect(Math.abs(stamp.toJSDate().getTime() - Date.now())).toBeLessThan(60_000);
    const offsetOn = (iso: string) => november.zone?.utcOffset(ICAL.Time.fromDateTimeString(iso));
    expect(offsetOn('2027-11-09T09:00:00')).toBe(-5 * 3600);
    expect(offsetOn('2027-07-08T12:00:00')).toBe(-4 * 3600);
    const names = november.zone?.component?.getAllSubcomponents().map((part) => part.getFirstPropertyValue('tzname'));
    expect(names?.sort()).toEqual(['EDT', 'EST']);

    const july = readBack(meetingIcs(input({ meeting: online })));
    expect((july.event.getFirstPropertyValue('dtstart') as ICAL.Time).toString()).toBe('2027-07-08T12:00:00');
    expect(july.instant('dtstart')).toEqual(online.startsAt);
  });

  it('falls back to UTC times for a zone it has no VTIMEZONE for, rather than a TZID nothing defines', () => {
    const read = readBack(meetingIcs(input({ timeZone: 'Mars/Olympus_Mons' })));
    expect(read.zone).toBeUndefined();
    expect(read.event.getFirstProperty('dtstart')?.getParameter('tzid')).toBeUndefined();
    expect(read.instant('dtstart')).toEqual(official.startsAt);
  });

  it('puts the venue in LOCATION in person, Microsoft Teams and the join link online', () => {
    const inPerson = readBack(meetingIcs(input()));
    expect(inPerson.text('location')).toBe(NEUTRAL_VENUE);
    expect(inPerson.text('url')).toBeNull();
    expect(inPerson.text('x-microsoft-skypeteamsmeetingurl')).toBeNull();

    const teams = readBack(meetingIcs(input({ meeting: online })));
    expect(teams.text('location')).toBe('Microsoft Teams');
    expect(teams.text('url')).toBe(JOIN);
    expect(teams.text('x-microsoft-skypeteamsmeetingurl')).toBe(JOIN);
    expect(teams.text('description')).toContain(`Rejoindre la réunion Teams : ${JOIN}`);
    expect(teams.text('description')).toContain(`Join the Teams meeting: ${JOIN}`);

    const newer = 'https://teams.microsoft.com/l/meetup-join/newer';
    const hybrid = readBack(meetingIcs(input({ meeting: { ...online, format: 'hybrid', location: 'Salle 3' }, calendarLinks: { joinUrl: newer } })));
    expect(hybrid.text('location')).toBe('Salle 3');
    expect(hybrid.text('x-microsoft-skypeteamsmeetingurl')).toBe(newer);
  });

  it('titles the event with the community and describes it in French then English', () => {
    const read = readBack(meetingIcs(input()));
    expect(read.text('summary')).toBe('Rencontre annuelle (Serres)');
    const description = read.text('description') ?? '';
    const [french = '', english = ''] = description.split('———');
    expect(french).toContain('Rencontre officielle de la communauté de pratique « Serres »');
    expect(french).toContain(`Lieu : ${NEUTRAL_VENUE}`);
    expect(french).toContain('Dîner fourni.');
    expect(french).toContain('Ordre du jour :\nAccueil\nBilan de l’année');
    expect(french).toContain('Conférenciers et conférencières :\n- Ana Roy, chercheuse, Ouranos\n- Luc Côté, Hydro-Québec');
    expect(english).toContain('Official meeting of the “Greenhouses” community of practice');
    expect(english).toContain('Lunch provided.');
    expect(english).toContain('Agenda:\nAccueil');
    expect(english).toContain('Speakers:\n- Ana Roy, chercheuse, Ouranos');
    expect(description).not.toContain('ana@ouranos.ca');
  });

  it('names the organiser and the attendee when their e-mails are known', () => {
    const read = readBack(meetingIcs(input({ attendee: { name: 'Élise Côté', email: 'elise@contoso.example' } })));
    expect(read.text('organizer')).toBe('mailto:cop@contoso.example');
    const attendee = read.event.getFirstProperty('attendee');
    expect(attendee?.getFirstValue()).toBe('MAILTO:elise@contoso.example');
    expect(attendee?.getParameter('cn')).toBe('Élise Côté');
    expect(attendee?.getParameter('rsvp')).toBe('TRUE');

    const anonymous = readBack(meetingIcs(input({ organizerEmail: undefined, attendee: { name: 'Élise Côté' } })));
    expect(anonymous.event.getFirstProperty('organizer')).toBeNull();
    expect(anonymous.event.getFirstProperty('attendee')).toBeNull();
  });

  it('cannot be broken by what people type: line breaks, commas, semicolons, a fake END:VEVENT', () => {
    const hostile = 'Bilan\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil@x; SUMMARY:pwned, \\ \u0000\u2028fin';
    const text = meetingIcs(
      input({
        meeting: { ...official, title: hostile, agenda: `Point 1\nEND:VEVENT\nEND:VCALENDAR\n${'é'.repeat(300)}`, location: 'Salle A; B, C\nEND:VEVENT' },
        communityName: { fr: 'Serres\nEND:VCALENDAR', en: 'Green; houses' },
        attendee: { name: 'Ana "the boss"\nEND:VEVENT', email: 'ana@contoso.example' },
      }),
    );
    const read = readBack(text);
    expect(text.split('\r\n').filter((line) => /^(BEGIN|END):VEVENT$/.test(line))).toEqual(['BEGIN:VEVENT', 'END:VEVENT']);
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(read.text('uid')).toBe('meeting-42@cop.contoso.example');
    expect(read.text('summary')).toBe('Bilan END:VEVENT BEGIN:VEVENT UID:evil@x; SUMMARY:pwned, \\ fin (Serres END:VCALENDAR)');
    expect(read.text('location')).toBe('Salle A; B, C END:VEVENT');
    expect(read.text('description')).toContain('Point 1\nEND:VEVENT\nEND:VCALENDAR\n');
    expect(read.event.getFirstProperty('attendee')?.getParameter('cn')).toBe('Ana "the boss" END:VEVENT');
  });
});
