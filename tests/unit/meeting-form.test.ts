import type { MeetingRecord } from '../../src/domain/meetings/meeting';
import { NEUTRAL_VENUE, type MeetingDraft } from '../../src/domain/meetings/meeting-draft';
import {
  activityDraft,
  draftFromMeeting,
  draftFromOneLine,
  officialDraft,
  switchCategory,
  validateDraft,
} from '../../src/domain/meetings/meeting-form';

const TORONTO = 'America/Toronto';
/** Wednesday 20 May 2026, noon in Toronto. */
const NOW = new Date('2026-05-20T16:00:00Z');
const draft = (changes: Partial<MeetingDraft> = {}): MeetingDraft => ({ ...officialDraft(), title: 'Rencontre annuelle', date: '2027-03-12', ...changes });
const check = (changes: Partial<MeetingDraft> = {}, zone = TORONTO) => validateDraft(draft(changes), zone, NOW);
const problemsOf = (changes: Partial<MeetingDraft>) => {
  const result = check(changes);
  return result.ok ? [] : result.problems;
};

describe('the defaults of each kind of meeting', () => {
  it('makes the official meeting a morning in person at the neutral venue with lunch', () => {
    expect(officialDraft()).toEqual({
      category: 'official',
      format: 'in_person',
      title: '',
      agenda: '',
      location: NEUTRAL_VENUE,
      date: '',
      start: '09:00',
      end: '13:00',
      lunchProvided: true,
      capacity: '',
      speakers: '',
      inviteSpeakersAsGuests: false,
    });
  });

  it('makes an activity an hour online without lunch or venue, or in person when asked', () => {
    expect(activityDraft()).toMatchObject({ category: 'activity', format: 'online', start: '12:00', end: '13:00', lunchProvided: false, location: '' });
    expect(activityDraft('in_person')).toMatchObject({ category: 'activity', format: 'in_person', location: '' });
  });

  it('keeps what the organiser wrote when the kind changes, and resets what follows the kind', () => {
    const typed = draft({ agenda: 'Bilan', speakers: 'Ana Roy', capacity: '40', start: '08:30', inviteSpeakersAsGuests: true });
    const activity = switchCategory(typed, 'activity');
    expect(activity).toEqual({ ...activityDraft(), title: 'Rencontre annuelle', agenda: 'Bilan', date: '2027-03-12', speakers: 'Ana Roy', inviteSpeakersAsGuests: true });
    expect(switchCategory(activity, 'official')).toMatchObject({ location: NEUTRAL_VENUE, start: '09:00', lunchProvided: true, agenda: 'Bilan' });
    expect(switchCategory(typed, 'official')).toBe(typed);
  });
});

describe('checking a meeting draft', () => {
  it('gives the plan with UTC instants computed in the community zone, text trimmed and control characters gone', () => {
    const result = check({
      title: '  Rencontre\u0000 annuelle\n\t2027 ',
      agenda: ' Accueil\r\n\r\n\r\n\r\nBilan\u0007 de l’année  \n',
      capacity: ' 40 ',
      speakers: 'Ana Roy, chercheuse, Ouranos, ana.roy@ouranos.ca\n\n  Luc Côté  \nMia Chen, ,Hydro, mia@hydro.qc.ca',
      inviteSpeakersAsGuests: true,
    });
    expect(result).toEqual({
      ok: true,
      plan: {
        category: 'official',
        format: 'in_person',
        title: 'Rencontre annuelle 2027',
        agenda: 'Accueil\n\nBilan de l’année',
        location: NEUTRAL_VENUE,
        startsAt: new Date('2027-03-12T14:00:00Z'),
        endsAt: new Date('2027-03-12T18:00:00Z'),
        lunchProvided: true,
        capacity: 40,
        speakers: [
          { name: 'Ana Roy', role: 'chercheuse', organisation: 'Ouranos', email: 'ana.roy@ouranos.ca' },
          { name: 'Luc Côté', role: '', organisation: '', email: undefined },
          { name: 'Mia Chen', role: '', organisation: 'Hydro', email: 'mia@hydro.qc.ca' },
        ],
        inviteSpeakersAsGuests: true,
      },
    });
  });

  it('uses the offset of the meeting’s own date (EDT after the March change) and of another zone', () => {
    expect(check({ date: '2027-03-15' })).toMatchObject({ plan: { startsAt: new Date('2027-03-15T13:00:00Z') } });
    expect(check({ date: '2027-03-15' }, 'Europe/Paris')).toMatchObject({ plan: { startsAt: new Date('2027-03-15T08:00:00Z') } });
  });

  it('says what is wrong with every field at once', () => {
    expect(
      problemsOf({
        title: ' ',
        agenda: 'x'.repeat(2001),
        location: '',
        date: '2027-02-30',
        start: '25:00',
        end: '9h',
        capacity: '0',
        speakers: 'Ana Roy, ana@nowhere\n, role only',
      }),
    ).toEqual([
      { field: 'title', code: 'required' },
      { field: 'agenda', code: 'too_long' },
      { field: 'location', code: 'required' },
      { field: 'capacity', code: 'invalid_capacity', detail: '0' },
      { field: 'date', code: 'invalid_date', detail: '2027-02-30' },
      { field: 'start', code: 'invalid_time', detail: '25:00' },
      { field: 'end', code: 'invalid_time', detail: '9h' },
      { field: 'speakers', code: 'invalid_speaker', detail: 'Ana Roy, ana@nowhere' },
      { field: 'speakers', code: 'invalid_speaker', detail: ', role only' },
    ]);
  });

  it('limits the lengths to what the database holds', () => {
    expect(problemsOf({ title: 'x'.repeat(201), location: 'y'.repeat(301) })).toEqual([
      { field: 'title', code: 'too_long' },
      { field: 'location', code: 'too_long' },
    ]);
    expect(check({ title: 'x'.repeat(200), location: 'y'.repeat(300), agenda: 'z'.repeat(2000) }).ok).toBe(true);
  });

  it('needs no venue nor seats online, and drops them and lunch from the plan', () => {
    expect(check({ format: 'online', location: '', capacity: 'lots' })).toMatchObject({ ok: true, plan: { location: null, capacity: null, lunchProvided: false } });
    expect(problemsOf({ format: 'hybrid', location: '' })).toEqual([{ field: 'location', code: 'required' }]);
  });

  it.each([['10001'], ['-3'], ['2.5'], ['quarante']])('refuses %j seats', (capacity) => {
    expect(problemsOf({ capacity })).toEqual([{ field: 'capacity', code: 'invalid_capacity', detail: capacity }]);
  });

  it('refuses a start in the past, under the date when the day is gone and under the start when only the hour is', () => {
    expect(problemsOf({ date: '2026-05-19' })).toEqual([{ field: 'date', code: 'in_the_past' }]);
    expect(problemsOf({ date: '2026-05-20', start: '11:00' })).toEqual([{ field: 'start', code: 'in_the_past' }]);
    expect(check({ date: '2026-05-20', start: '12:30' }).ok).toBe(true);
  });

  it('refuses an end before the start and a meeting over twelve hours', () => {
    expect(problemsOf({ start: '13:00', end: '09:00' })).toEqual([{ field: 'end', code: 'end_before_start' }]);
    expect(problemsOf({ start: '09:00', end: '09:00' })).toEqual([{ field: 'end', code: 'end_before_start' }]);
    expect(problemsOf({ start: '07:00', end: '19:30' })).toEqual([{ field: 'end', code: 'too_long_meeting' }]);
    expect(check({ start: '07:00', end: '19:00' }).ok).toBe(true);
  });

  it('reads a time that does not exist (spring gap) an hour later, and a repeated one (autumn) as its first occurrence', () => {
    expect(check({ date: '2027-03-14', start: '02:30', end: '04:00' })).toMatchObject({
      plan: { startsAt: new Date('2027-03-14T07:30:00Z'), endsAt: new Date('2027-03-14T08:00:00Z') },
    });
    expect(check({ date: '2027-11-07', start: '01:30', end: '03:00' })).toMatchObject({
      plan: { startsAt: new Date('2027-11-07T05:30:00Z'), endsAt: new Date('2027-11-07T08:00:00Z') },
    });
    expect(check({ date: '2027-11-07', start: '02:30', end: '03:00' })).toMatchObject({ plan: { startsAt: new Date('2027-11-07T07:30:00Z') } });
  });

  it('reads speakers with optional parts and refuses too many or malformed lines, naming the line', () => {
    const many = Array.from({ length: 21 }, (_, i) => `Speaker ${i + 1}`).join('\n');
    expect(problemsOf({ speakers: many })).toEqual([{ field: 'speakers', code: 'too_many_speakers' }]);
    expect(problemsOf({ speakers: `${'n'.repeat(121)}, role` })).toEqual([{ field: 'speakers', code: 'invalid_speaker', detail: `${'n'.repeat(121)}, role` }]);
    expect(problemsOf({ speakers: 'Ana, a, b, c, d' })).toEqual([{ field: 'speakers', code: 'invalid_speaker', detail: 'Ana, a, b, c, d' }]);
    expect(problemsOf({ speakers: 'Ana, ana@x.ca, Ouranos' })).toEqual([{ field: 'speakers', code: 'invalid_speaker', detail: 'Ana, ana@x.ca, Ouranos' }]);
    expect(check({ speakers: 'Ana Roy, ana@ouranos.ca' })).toMatchObject({ plan: { speakers: [{ name: 'Ana Roy', role: '', email: 'ana@ouranos.ca' }] } });
  });

  it('invites speakers as guests only when one of them has an e-mail', () => {
    expect(check({ speakers: 'Ana Roy', inviteSpeakersAsGuests: true })).toMatchObject({ plan: { inviteSpeakersAsGuests: false } });
  });

  it('gives a stored meeting back as the form shows it, which checks to the same plan', () => {
    const checked = check({ speakers: 'Ana Roy, chercheuse, Ouranos, ana@ouranos.ca\nLuc Côté, , Hydro', capacity: '30' });
    if (!checked.ok) throw new Error('expected a plan');
    const stored: MeetingRecord = {
      ...checked.plan,
      id: '7', communityId: '1', tenantId: null, status: 'scheduled', version: 1, onlineStatus: 'none', joinUrl: null,
      calendarOwner: null, calendarEventId: null, createdBy: null, cancelledAt: null,
    };
    const again = draftFromMeeting(stored, TORONTO);
    expect(again).toMatchObject({ date: '2027-03-12', start: '09:00', end: '13:00', capacity: '30' });
    expect(validateDraft(again, TORONTO, NOW)).toEqual(checked);
  });
});

describe('the one-line form', () => {
  const oneLine = (text: string, locale?: 'fr-CA' | 'en') => draftFromOneLine(text, { zone: TORONTO, now: NOW, locale });

  it('reads an official meeting: community before the when, title after, a start lasting four hours', () => {
    const read = oneLine('planifier Serres 12 mars 2027 9 h 30 — Bilan de l’année');
    expect(read).toEqual({
      communityQuery: 'Serres',
      draft: { ...officialDraft(), title: 'Bilan de l’année', date: '2027-03-12', start: '09:30', end: '13:30' },
      problems: [],
    });
  });

  it('reads an online activity with its hour, a quoted title and small words before the date', () => {
    expect(oneLine('planifier Agriculture urbaine activité en ligne le 3 juin 14 h "Compostage"')).toEqual({
      communityQuery: 'Agriculture urbaine',
      draft: { ...activityDraft('online'), title: 'Compostage', date: '2026-06-03', start: '14:00', end: '15:00' },
      problems: [],
    });
    expect(oneLine('schedule Greenhouses activity hybrid on March 12, 2027 from 9am to 11am: Seed swap', 'en')).toMatchObject({
      communityQuery: 'Greenhouses',
      draft: { category: 'activity', format: 'hybrid', title: 'Seed swap', start: '09:00', end: '11:00' },
    });
  });

  it('starts an official meeting at 9:00 when no hour is given, and leaves the title to the caller', () => {
    expect(oneLine('planifier Serres hybride 12 mars 2027')).toMatchObject({
      communityQuery: 'Serres',
      draft: { category: 'official', format: 'hybrid', location: NEUTRAL_VENUE, title: '', start: '09:00', end: '13:00', lunchProvided: true },
    });
    expect(oneLine('planifier Serres en ligne 12 mars 2027 10 h')).toMatchObject({ draft: { format: 'online', location: '', end: '14:00' } });
  });

  it('ends a late start at 23:59 rather than the next day', () => {
    expect(oneLine('planifier Serres 12 mars 2027 21 h')).toMatchObject({ draft: { start: '21:00', end: '23:59' } });
  });

  it('says the when could not be read, keeping the community and the text', () => {
    expect(oneLine('planifier Serres bientôt — Bilan')).toEqual({
      communityQuery: 'Serres bientôt',
      draft: { ...officialDraft(), date: '' },
      problems: [{ field: 'date', code: 'unparsed_when', detail: 'Serres bientôt — Bilan' }],
    });
  });
});
