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

const WITH_VALUES_LIMIT = 10_000;
/** Typed text can be a value (an unknown word echoed back): long values are not kept. */
const MAX_KEPT_VALUES_LENGTH = 200;

/**
 * A key asked for with the same values (none, a count, a community's name) always gives the same string,
 * so it is looked up once per language and values: i18next copies its whole options object, interpolates
 * and resolves plurals on every call, which showed up in bench/commands profiles (each catalogue entry has
 * a count label; each join answer names the community). Only short options made of strings and numbers are kept.
 */
function memoised(fixed: TFunction): Translate {
  const plain = new Map<string, string>();
  const withValues = new Map<string, string>();
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
    if (!onlyStringsAndNumbers(options)) return lookUp(key, options);
    const values = JSON.stringify(options);
    if (values.length > MAX_KEPT_VALUES_LENGTH) return lookUp(key, options);
    const valuesKey = `${key}\u0000${values}`;
    let value = withValues.get(valuesKey);
    if (value === undefined) {
      value = lookUp(key, options);
      if (withValues.size >= WITH_VALUES_LIMIT) withValues.clear();
      withValues.set(valuesKey, value);
    }
    return value;
  };
  return translate as unknown as Translate;
}

function onlyStringsAndNumbers(options: unknown): options is Record<string, string | number> {
  if (typeof options !== 'object' || options === null || Object.getPrototypeOf(options) !== Object.prototype) return false;
  return Object.values(options).every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)));
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
