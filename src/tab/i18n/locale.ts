export type TabLocale = 'fr-CA' | 'en';

/** Teams (or the browser) gives a locale such as "fr-ca", "fr-FR", "en-US": French of any region → fr-CA, anything else → en. */
export function pickLocale(requested: string | null | undefined): TabLocale {
  if (!requested) return 'fr-CA';
  return requested.trim().toLowerCase().startsWith('fr') ? 'fr-CA' : 'en';
}

/** The `lang` attribute and the Accept-Language of API calls. */
export const htmlLang = (locale: TabLocale): string => (locale === 'fr-CA' ? 'fr-CA' : 'en');

/** Picks the language of a text stored in both. */
export const localized = (text: { readonly fr: string; readonly en: string }, locale: TabLocale): string => (locale === 'fr-CA' ? text.fr : text.en);

/** A date (YYYY-MM-DD or ISO) worded in the locale, e.g. "12 mars 2027" / "March 12, 2027". */
export function formatDate(value: string, locale: TabLocale): string {
  const date = new Date(value.length === 10 ? `${value}T12:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale === 'fr-CA' ? 'fr-CA' : 'en-CA', { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}
