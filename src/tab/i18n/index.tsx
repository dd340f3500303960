import { createContext, useContext } from 'react';
import { en } from './en';
import { frCA, type TabStrings } from './fr-CA';
import type { TabLocale } from './locale';

export { formatDate, pickLocale, htmlLang, localized, type TabLocale } from './locale';
export type { TabStrings } from './fr-CA';

export const stringsFor = (locale: TabLocale): TabStrings => (locale === 'fr-CA' ? frCA : en);

export interface LocaleValue {
  readonly locale: TabLocale;
  readonly t: TabStrings;
}

const LocaleContext = createContext<LocaleValue>({ locale: 'fr-CA', t: frCA });
export const LocaleProvider = LocaleContext.Provider;
export const useStrings = (): LocaleValue => useContext(LocaleContext);
