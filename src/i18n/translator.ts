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

const COUNTED_LIMIT = 10_000;

/**
 * A key asked for without options, or with nothing but a count, always gives the same string, so it is
 * looked up once per language (and count): i18next copies its whole options object and resolves plurals on
 * every call, which showed up in bench/commands profiles (the catalogue shows a count per community).
 */
function memoised(fixed: TFunction): Translate {
  const plain = new Map<string, string>();
  const counted = new Map<string, string>();
  const lookUp = fixed as unknown as (k: unknown, o?: unknown) => string;
  const translate = (key: string | string[], options?: unknown): string => {
    if (typeof key !== 'string') return lookUp(key, options);
    if (options === undefined) {
      let value = plain.get(key);
      if (value === undefined) {
        value = lookUp(key);
        plain.set(key, value);
      }
      return value;
    }
    const count = onlyCount(options);
    if (count === undefined) return lookUp(key, options);
    const countedKey = `${key}\u0000${count}`;
    let value = counted.get(countedKey);
    if (value === undefined) {
      value = lookUp(key, { count });
      if (counted.size >= COUNTED_LIMIT) counted.clear();
      counted.set(countedKey, value);
    }
    return value;
  };
  return translate as unknown as Translate;
}

function onlyCount(options: unknown): number | undefined {
  if (typeof options !== 'object' || options === null) return undefined;
  const keys = Object.keys(options);
  const count = (options as { count?: unknown }).count;
  return keys.length === 1 && keys[0] === 'count' && typeof count === 'number' && Number.isInteger(count) ? count : undefined;
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
