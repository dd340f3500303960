import { normaliseFrenchHours, parseWhen } from '../../src/domain/meetings/when-parsing';

const TORONTO = 'America/Toronto';
/** Wednesday 20 May 2026, noon in Toronto. */
const NOW = new Date('2026-05-20T16:00:00Z');
const read = (text: string, locale?: 'fr-CA' | 'en', now = NOW, zone = TORONTO) => parseWhen(text, { zone, now, locale });
const located = (text: string, locale?: 'fr-CA' | 'en') => {
  const when = read(text, locale);
  return when && text.slice(when.index, when.index + when.length);
};

describe('reading when a meeting happens', () => {
  it.each([
    ['12 mars 2027 9 h', '2027-03-12', '09:00', undefined],
    ['12 mars 2027 à 9 h 30', '2027-03-12', '09:30', undefined],
    ['le 12 mars 2027 de 9 h à 13 h', '2027-03-12', '09:00', '13:00'],
    ['2027-03-12 09:00', '2027-03-12', '09:00', undefined],
    ['March 12 2027 9am', '2027-03-12', '09:00', undefined],
    ['March 12, 2027 from 9am to 1pm', '2027-03-12', '09:00', '13:00'],
    ['mardi prochain 14 h', '2026-05-26', '14:00', undefined],
    ['next Tuesday 2pm', '2026-05-26', '14:00', undefined],
    ['demain 10 h', '2026-05-21', '10:00', undefined],
    ['12 mars 2027 9h', '2027-03-12', '09:00', undefined],
    ['12 mars 2027 14h30', '2027-03-12', '14:30', undefined],
    ['12 mars 2027 de 9h30 à 12 h', '2027-03-12', '09:30', '12:00'],
    ['12 mars 2027 9 heures', '2027-03-12', '09:00', undefined],
    ['2027-03-12', '2027-03-12', undefined, undefined],
  ])('reads %j as %s from %s to %s, whichever language is hinted', (text, date, start, end) => {
    for (const locale of ['fr-CA', 'en'] as const) expect(read(text, locale)).toMatchObject({ date, start, end });
  });

  it('takes a date without a year as the next one to come', () => {
    expect(read('12 mars 9h')).toMatchObject({ date: '2027-03-12', start: '09:00' });
    expect(read('le 3 juin')).toMatchObject({ date: '2026-06-03', start: undefined });
    expect(read('May 1 10am', 'en')).toMatchObject({ date: '2027-05-01', start: '10:00' });
  });

  it('locates the whole expression in the text given, "h" and minutes included', () => {
    expect(located('planifier Serres 12 mars 2027 9 h 30 — Bilan')).toBe('12 mars 2027 9 h 30');
    expect(located('Serres le 12 mars 2027 de 9 h à 13 h : Bilan')).toBe('12 mars 2027 de 9 h à 13 h');
    expect(located('Serres March 12, 2027 from 9am to 1pm "Review"', 'en')).toBe('March 12, 2027 from 9am to 1pm');
    expect(located('Serres demain 10 heures Atelier')).toBe('demain 10 heures');
  });

  it('reads the wall clock of the community zone, not the machine’s, even when the day differs between them', () => {
    // 22:30 on 20 May in Toronto is already 21 May in UTC and 11:30 on 21 May in Tokyo.
    const lateEvening = new Date('2026-05-21T02:30:00Z');
    expect(read('demain 10 h', 'fr-CA', lateEvening)).toMatchObject({ date: '2026-05-21', start: '10:00' });
    expect(read('demain 10 h', 'fr-CA', lateEvening, 'Asia/Tokyo')).toMatchObject({ date: '2026-05-22', start: '10:00' });
    expect(read('tomorrow 10am', 'en', lateEvening)).toMatchObject({ date: '2026-05-21' });
    expect(read('12 mars 2027 9 h', 'fr-CA', lateEvening, 'Asia/Tokyo')).toMatchObject({ date: '2027-03-12', start: '09:00' });
  });

  it('moves a bare time already past today to tomorrow', () => {
    expect(read('10 h')).toMatchObject({ date: '2026-05-21', start: '10:00' });
    expect(read('14 h')).toMatchObject({ date: '2026-05-20', start: '14:00' });
  });

  it('lets the hinted language settle a date both read ("12/03/2027")', () => {
    expect(read('12/03/2027', 'fr-CA')).toMatchObject({ date: '2027-03-12' });
    expect(read('12/03/2027', 'en')).toMatchObject({ date: '2027-12-03' });
  });

  it('gives nothing for text without a date', () => {
    expect(read('bientôt, on verra')).toBeUndefined();
    expect(read('')).toBeUndefined();
  });
});

describe('writing French hours the way chrono reads them', () => {
  it('joins "9 h", "9 h 30" and "9 heures" and keeps the way back to the original positions', () => {
    const text = 'de 9 h 30 à 13 heures';
    const normalised = normaliseFrenchHours(text);
    expect(normalised.text).toBe('de 9h30 à 13h');
    const at = normalised.text.indexOf('13h');
    expect(text.slice(normalised.startOf(at), normalised.endOf(at + 2))).toBe('13 heures');
    expect(normalised.startOf(normalised.text.indexOf('à'))).toBe(text.indexOf('à'));
  });

  it('leaves words that only begin with h alone ("2 hybride", "2 hours", "2027 h")', () => {
    expect(normaliseFrenchHours('Serres 2 hybride').text).toBe('Serres 2 hybride');
    expect(normaliseFrenchHours('in 2 hours').text).toBe('in 2 hours');
    expect(normaliseFrenchHours('2027 h').text).toBe('2027 h');
  });
});
