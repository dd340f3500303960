import { DateTime } from 'luxon';
import type { Locale } from '../domain/model';
import type { Translate } from '../i18n/translator';

/**
 * Meeting times are stored in UTC and always shown in the community's zone, with the zone named,
 * because members read them from anywhere (reference/peers.md, lesson 4). The zone is named by its
 * generic name ("heure de l’Est", "Eastern Time") rather than its standard or daylight one: the same
 * words then hold on both sides of a daylight-saving change, and a meeting over several days that
 * crosses one is not given two zones.
 */
export function formatMeetingWhen(start: Date, end: Date, zone: string, locale: Locale, t: Translate): string {
  // Every card of a meeting says the same: a rush of 2,000 answers formats it once (bench:rsvp).
  const key = `${start.getTime()}|${end.getTime()}|${zone}|${locale}`;
  const known = meetingWhens.get(key);
  if (known !== undefined) return known;
  const formatted = formatMeetingWhenNow(start, end, zone, locale, t);
  if (meetingWhens.size >= MAX_REMEMBERED_WHENS) meetingWhens.clear();
  meetingWhens.set(key, formatted);
  return formatted;
}

const MAX_REMEMBERED_WHENS = 1000;
const meetingWhens = new Map<string, string>();

function formatMeetingWhenNow(start: Date, end: Date, zone: string, locale: Locale, t: Translate): string {
  const from = inZone(start, zone, locale);
  const to = inZone(end, zone, locale);
  const values = { start: formatTime(from, locale), end: formatTime(to, locale), zone: zoneName(start, zone, locale) };
  if (from.hasSame(to, 'day')) return t('dates.meeting', { ...values, date: formatDate(from, locale) });
  return t('meetings.when.overDays', { ...values, startDate: formatDate(from, locale), endDate: formatDate(to, locale) });
}

/** For lists: "mar. 12 mars 2027, 9 h" / "Tue, Mar 12, 2027, 9:00 a.m." — the list names the zone once. */
export function formatShortWhen(start: Date, zone: string, locale: Locale): string {
  const from = inZone(start, zone, locale);
  const date = locale === 'en' ? from.toFormat('ccc, LLL d, yyyy') : `${from.toFormat('ccc')} ${frenchDay(from)} ${from.toFormat('LLL yyyy')}`;
  return `${date}, ${formatTime(from, locale)}`;
}

/** A day without a time, for "the last one was on …": "mardi 12 mars 2027" / "Tuesday, March 12, 2027". */
export function formatDay(day: Date, zone: string, locale: Locale): string {
  return formatDate(inZone(day, zone, locale), locale);
}

/**
 * The zone's generic long name in the reader's language (Intl's `longGeneric`: "heure de l’Est" in
 * fr-CA). ICU answers with an offset ("GMT+00:00") for zones it has no name for: the IANA name then
 * says more. An unknown zone also falls back to its IANA name rather than failing the whole card.
 */
/** Building an Intl formatter costs far more than using one (bench/rsvp.ts): one per zone and language. */
const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

export function zoneName(at: Date, zone: string, locale: Locale): string {
  try {
    const key = `${zone}|${locale}`;
    let formatter = zoneFormatters.get(key);
    if (!formatter) {
      formatter = new Intl.DateTimeFormat(intlLocale(locale), { timeZone: zone, timeZoneName: 'longGeneric' });
      zoneFormatters.set(key, formatter);
    }
    const parts = formatter.formatToParts(at);
    const name = parts.find((part) => part.type === 'timeZoneName')?.value;
    return name && !/^(GMT|UTC)([+−-]|$)/.test(name) ? name : zone;
  } catch {
    return zone;
  }
}

const intlLocale = (locale: Locale): string => (locale === 'en' ? 'en-CA' : 'fr-CA');

function inZone(at: Date, zone: string, locale: Locale): DateTime {
  const local = DateTime.fromJSDate(at, { zone });
  return (local.isValid ? local : DateTime.fromJSDate(at, { zone: 'utc' })).setLocale(intlLocale(locale));
}

/** French writes the first of the month "1er" (« le mardi 1er juin »). */
const frenchDay = (dt: DateTime): string => (dt.day === 1 ? '1er' : String(dt.day));

function formatDate(dt: DateTime, locale: Locale): string {
  return locale === 'en' ? dt.toFormat('cccc, LLLL d, yyyy') : `${dt.toFormat('cccc')} ${frenchDay(dt)} ${dt.toFormat('LLLL yyyy')}`;
}

/** Québec style writes "9 h" and "9 h 30" (Office québécois de la langue française); English "9:00 a.m.". */
function formatTime(dt: DateTime, locale: Locale): string {
  if (locale === 'en') return dt.toFormat('h:mm a');
  return dt.minute === 0 ? `${dt.hour} h` : `${dt.hour} h ${dt.toFormat('mm')}`;
}
