import i18next, { type TFunction } from 'i18next';
import { DEFAULT_LOCALE, type Locale } from '../domain/model';
import en from './locales/en.json';
import frCA from './locales/fr-CA.json';

export type Translate = TFunction;

const i18n = i18next.createInstance();
void i18n.init({
  initAsync: false,
  resources: { 'fr-CA': { translation: frCA }, en: { translation: en } },
  lng: DEFAULT_LOCALE,
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: ['fr-CA', 'en'],
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
} as Parameters<typeof i18n.init>[0]);

/**
 * A key asked for without options always gives the same string, so it is looked up once per language:
 * i18next copies its whole options object on every call, which showed up in bench/commands profiles.
 */
function memoised(fixed: TFunction): Translate {
  const plain = new Map<string, string>();
  const translate = (key: string | string[], options?: unknown): string => {
    if (options !== undefined || typeof key !== 'string') return (fixed as unknown as (k: unknown, o?: unknown) => string)(key, options);
    let value = plain.get(key);
    if (value === undefined) {
      value = (fixed as unknown as (k: string) => string)(key);
      plain.set(key, value);
    }
    return value;
  };
  return translate as unknown as Translate;
}

const translators = new Map<Locale, Translate>([
  ['fr-CA', memoised(i18n.getFixedT('fr-CA'))],
  ['en', memoised(i18n.getFixedT('en'))],
]);

export function translatorFor(locale: Locale): Translate {
  return translators.get(locale) ?? (translators.get(DEFAULT_LOCALE) as Translate);
}

/** Maps any BCP-47 tag Teams sends ("fr-FR", "en-US", "fr") to one of our two locales. */
export function localeFromTag(tag: string | undefined | null): Locale | undefined {
  if (!tag) return undefined;
  const lower = tag.toLowerCase();
  if (lower.startsWith('fr')) return 'fr-CA';
  if (lower.startsWith('en')) return 'en';
  return undefined;
}

export const localeResources = { 'fr-CA': frCA, en } as const;
