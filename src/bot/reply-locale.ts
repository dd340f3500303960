import type { Activity } from 'botbuilder';
import { DEFAULT_LOCALE, type Locale, type UserIdentity } from '../domain/model';
import type { LanguagePreferences } from './language-preferences';
import { activityLocale } from './turn-identity';

/**
 * The language a reply is written in, first found wins: the one the person chose with `préférences`,
 * then the language of what they just used (a French or English command word, the `lang` a card
 * carries), then the one they last used, then what Teams reports, then French.
 */
export async function replyLocale(
  languages: LanguagePreferences,
  activity: Partial<Activity>,
  user: UserIdentity | undefined,
  chosenNow?: Locale,
): Promise<Locale> {
  const known = user ? await languages.of(user) : undefined;
  return known?.chosen ?? chosenNow ?? known?.lastUsed ?? activityLocale(activity) ?? DEFAULT_LOCALE;
}

/** For turns where nobody could be identified: what they typed, else what Teams says, else French. */
export function anonymousReplyLocale(activity: Partial<Activity>, chosenNow?: Locale): Locale {
  return chosenNow ?? activityLocale(activity) ?? DEFAULT_LOCALE;
}
