import {
  DEFAULT_REMINDER_OFFSETS,
  offsetMinutes,
  parseReminderOffsets,
  reminderDueAt,
} from '../../src/domain/meetings/reminder-schedule';

const TORONTO = 'America/Toronto';
const due = (startsAt: string, offset: string, zone = TORONTO) => reminderDueAt(new Date(startsAt), offset, zone).toISOString();

describe('reading the reminder delays an organiser types', () => {
  it.each([
    ['7 jours, 1 jour', ['7d', '1d']],
    ['7j et 1j', ['7d', '1d']],
    ['2 h 30 min', ['2h', '30m']],
    ['2 heures et 30 minutes', ['2h', '30m']],
    ['7 days and 1 day', ['7d', '1d']],
    ['30m, 2h, 7d', ['7d', '2h', '30m']],
    ['2 hours; 1 day', ['1d', '2h']],
    ['1 semaine', ['7d']],
    ['1 Jour  1 JOUR 1d', ['1d']],
    ['24h 1d', ['1d', '24h']],
    ['', []],
    ['aucun', []],
    ['none', []],
  ])('reads %j as %j (longest first, each once)', (text, offsets) => {
    expect(parseReminderOffsets(text)).toEqual({ ok: true, offsets });
  });

  it('names the first part that is not a delay, as typed', () => {
    expect(parseReminderOffsets('7 jours, bientôt')).toEqual({ ok: false, bad: 'bientôt', reason: 'unreadable' });
    expect(parseReminderOffsets('7 ans')).toEqual({ ok: false, bad: '7 ans', reason: 'unreadable' });
    expect(parseReminderOffsets('0d')).toEqual({ ok: false, bad: '0d', reason: 'unreadable' });
    expect(parseReminderOffsets('1000d')).toEqual({ ok: false, bad: '1000d', reason: 'unreadable' });
    expect(parseReminderOffsets('7')).toEqual({ ok: false, bad: '7', reason: 'unreadable' });
  });

  it('refuses more than five delays, naming the sixth', () => {
    expect(parseReminderOffsets('7d 3d 2d 1d 2h 30m')).toEqual({ ok: false, bad: '30m', reason: 'too_many' });
    expect(parseReminderOffsets('7d 3d 2d 1d 2h')).toMatchObject({ ok: true });
  });

  it('defaults to a week and a day before, in the stored form', () => {
    expect(DEFAULT_REMINDER_OFFSETS).toEqual(['7d', '1d']);
    expect(DEFAULT_REMINDER_OFFSETS.every((code) => parseReminderOffsets(code).ok)).toBe(true);
    expect(offsetMinutes('1d')).toBe(1440);
  });
});

describe('when a reminder is due', () => {
  it('sends day reminders at 9:00 local on the calendar day, across the November change (EDT to EST)', () => {
    // Tuesday 9 November 2027, 9:00 EST; clocks fell back on Sunday 7 November.
    const start = '2027-11-09T14:00:00.000Z';
    expect(due(start, '7d')).toBe('2027-11-02T13:00:00.000Z');
    expect(due(start, '1d')).toBe('2027-11-08T14:00:00.000Z');
    expect(due(start, '3d')).toBe('2027-11-06T13:00:00.000Z');
  });

  it('sends day reminders at 9:00 local across the March change (EST to EDT)', () => {
    // Tuesday 16 March 2027, 9:00 EDT; clocks sprang forward on Sunday 14 March.
    const start = '2027-03-16T13:00:00.000Z';
    expect(due(start, '7d')).toBe('2027-03-09T14:00:00.000Z');
    expect(due(start, '1d')).toBe('2027-03-15T13:00:00.000Z');
  });

  it('takes the local calendar day of the start, not the UTC one', () => {
    // 20:00 on Monday 8 November in Toronto is already Tuesday in UTC.
    expect(due('2027-11-09T01:00:00.000Z', '1d')).toBe('2027-11-07T14:00:00.000Z');
    // The same instant in Tokyo is Tuesday 10:00: the day before is Monday, 9:00 JST.
    expect(due('2027-11-09T01:00:00.000Z', '1d', 'Asia/Tokyo')).toBe('2027-11-08T00:00:00.000Z');
  });

  it('counts hours and minutes as exact durations, even over the night the clocks change', () => {
    // Sunday 7 November 2027, 10:00 EST: 12 h before is 23:00 EDT on Saturday (13 wall-clock hours).
    expect(due('2027-11-07T15:00:00.000Z', '12h')).toBe('2027-11-07T03:00:00.000Z');
    expect(due('2027-03-14T14:00:00.000Z', '30m')).toBe('2027-03-14T13:30:00.000Z');
    expect(due('2027-03-14T14:00:00.000Z', '2h')).toBe('2027-03-14T12:00:00.000Z');
  });

  it('falls back to the start minus N × 24 h when 9:00 that day is not before the start ("0d" at 8:00)', () => {
    expect(due('2027-11-09T13:00:00.000Z', '0d')).toBe('2027-11-09T13:00:00.000Z');
    expect(due('2027-11-09T16:00:00.000Z', '0d')).toBe('2027-11-09T14:00:00.000Z');
  });

  it('refuses a code the database would not hold', () => {
    expect(() => reminderDueAt(new Date(), '7 days', TORONTO)).toThrow(/Not a reminder offset/);
  });
});
