import { type CategoryChange, type LanguageChange, type PreferenceDeps, showPreferences } from '../application/preferences';
import type { CardNotice } from '../cards/community-cards';
import { preferencesCard } from '../cards/preference-cards';
import type { AdaptiveCardJson } from '../cards/render-card';
import type { Actor } from '../domain/identity';
import { type Locale, pick } from '../domain/model';
import type { Translate } from '../i18n/translator';

/** The preferences card as they stand now, for the person acting. */
export async function currentPreferencesCard(deps: PreferenceDeps, actor: Actor, locale: Locale, t: Translate, notice: CardNotice = {}): Promise<AdaptiveCardJson> {
  return preferencesCard(await showPreferences(deps, actor), locale, t, notice);
}

/** What `préférences langue …` answers, in the language of the reply after the change. */
export function languageSentence(change: LanguageChange, t: Translate): string {
  const language = change.locale === 'en' ? 'en' : change.locale === 'fr-CA' ? 'fr' : 'auto';
  return t(`preferences.language.${change.changed ? 'chosen' : 'unchanged'}.${language}`);
}

/** What `préférences rappels non [communauté]` answers. */
export function categorySentence(change: CategoryChange, locale: Locale, t: Translate): string {
  const values = { category: t(`preferences.categories.${change.category}`), answer: t(change.accepted ? 'preferences.answers.yes' : 'preferences.answers.no') };
  const body = change.community
    ? t(change.choice === 'for_all' ? 'preferences.categorySet.forAll' : 'preferences.categorySet.community', { ...values, community: pick(change.community.name, locale) })
    : t('preferences.categorySet.all', values);
  const kept = change.exceptionsKept > 0 ? t('preferences.exceptionsKept', { count: change.exceptionsKept }) : undefined;
  return [t(change.changed ? 'preferences.noted' : 'preferences.already'), body, kept].filter((part) => part !== undefined).join(' ');
}
