import { DateTime } from 'luxon';
import type { Locale } from '../domain/model';
import type { Translate } from '../i18n/translator';

/**
 * Meeting times are stored in UTC and always shown in the community's zone, with the zone named,
 * because members read them from anywhere (reference/peers.md, lesson 4).
 */
export function formatMeetingWhen(start: Date, end: Date, zone: string, locale: Locale, t: Translate): string {
  const intlLocale = locale === 'en' ? 'en-CA' : 'fr-CA';
  const from = DateTime.fromJSDate(start, { zone }).setLocale(intlLocale);
  const to = DateTime.fromJSDate(end, { zone }).setLocale(intlLocale);
  const date = locale === 'en' ? from.toFormat('cccc, LLLL d, yyyy') : from.toFormat('cccc d LLLL yyyy');
  const time = (dt: DateTime): string => (locale === 'en' ? dt.toFormat('h:mm a') : dt.toFormat("H 'h' mm"));
  return t('dates.meeting', { date, start: time(from), end: time(to), zone: from.offsetNameLong ?? zone });
}
