import type { PreferencesOverview } from '../application/preferences';
import { MUTABLE_CATEGORIES, type MutableCategory } from '../domain/delivery/message-preferences';
import { type Community, type Locale, pick } from '../domain/model';
import type { Translate } from '../i18n/translator';
import type { CardNotice } from './community-cards';
import { type AdaptiveCardJson, renderCard } from './render-card';

/**
 * The ids of the preferences card's inputs, and the values they send: the verb that saves the card
 * reads these (and nothing that says who is saving). Input values travel in the action's data, so none
 * may be named like a key of the card data every verb checks (`community`, `view`, `lang`).
 */
export const PREFERENCE_INPUTS = {
  language: 'language',
  forAll: (category: MutableCategory) => `all_${category}` as const,
  community: 'exception_community',
  forCommunity: (category: MutableCategory) => `exception_${category}` as const,
} as const;

/** `auto`: no explicit language, replies follow the words typed. */
export const LANGUAGE_VALUES = ['auto', 'fr-CA', 'en'] as const;
/** Per-community choices: `keep` leaves the community as it is (the card cannot show the current one before a community is picked). */
export const COMMUNITY_CHOICE_VALUES = ['keep', 'for_all', 'yes', 'no'] as const;

/**
 * The preferences card: the language of the replies, each kind of message for all communities, the
 * exceptions per community, and a way to make one for a community of the person's.
 */
export function preferencesCard(overview: PreferencesOverview, locale: Locale, t: Translate, notice: CardNotice = {}): AdaptiveCardJson {
  const answer = (accepted: boolean) => t(accepted ? 'preferences.answers.yes' : 'preferences.answers.no');
  // By the name the reader sees, which is not the catalogue's order in English.
  const byName = <T>(items: readonly T[], community: (item: T) => Community): T[] =>
    [...items].sort((a, b) => pick(community(a).name, locale).localeCompare(pick(community(b).name, locale), locale));
  return renderCard('preferences', {
    lang: locale,
    title: t('preferences.card.title'),
    notice: notice.notice ?? '',
    problem: notice.problem ?? '',
    intro: t('preferences.card.intro'),
    languageLabel: t('preferences.card.languageLabel'),
    languageRequired: t('preferences.card.languageRequired'),
    language: overview.locale ?? 'auto',
    languageChoices: LANGUAGE_VALUES.map((value) => ({ title: t(`preferences.card.languages.${value}`), value })),
    forAllTitle: t('preferences.card.forAllTitle'),
    forAll: MUTABLE_CATEGORIES.map((category) => ({
      id: PREFERENCE_INPUTS.forAll(category),
      title: t(`preferences.card.toggles.${category}`),
      value: String(overview.forAll[category]),
    })),
    serviceNote: t('preferences.card.serviceNote'),
    exceptionsTitle: t('preferences.card.exceptionsTitle'),
    noExceptions: t('preferences.card.noExceptions'),
    exceptions: byName(overview.exceptions, (e) => e.community).map(({ community, choices }) => ({
      line: t('preferences.card.exceptionLine', {
        community: pick(community.name, locale),
        choices: MUTABLE_CATEGORIES.flatMap((category) => {
          const accepted = choices[category];
          return accepted === undefined ? [] : [t('preferences.card.exceptionChoice', { category: t(`preferences.categories.${category}`), answer: answer(accepted) })];
        }).join(' · '),
      }),
    })),
    communityIntro: t('preferences.card.communityIntro'),
    communityInputId: PREFERENCE_INPUTS.community,
    communityLabel: t('preferences.card.communityLabel'),
    communityPlaceholder: t('preferences.card.communityPlaceholder'),
    communities: byName(overview.communities, (c) => c).map((community) => ({ title: pick(community.name, locale), value: community.slug })),
    communityChoices: MUTABLE_CATEGORIES.map((category) => ({ id: PREFERENCE_INPUTS.forCommunity(category), label: t(`preferences.categories.${category}`) })),
    communityOptions: COMMUNITY_CHOICE_VALUES.map((value) => ({ title: t(`preferences.card.communityOptions.${value}`), value })),
    noCommunities: t('preferences.card.noCommunities'),
    save: t('preferences.card.save'),
  });
}
