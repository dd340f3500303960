import type { ArchivingPreview } from '../application/community-archiving';
import { type Localized, type Locale, pick } from '../domain/model';
import type { Translate } from '../i18n/translator';
import { type AdaptiveCardJson, renderCard } from './render-card';

/**
 * Archiving asks first: the card names the exact community the words matched (both its names, its
 * status, its members, its team) with Archive and Cancel. The buttons carry only the community's slug.
 */
export function archiveConfirmationCard(preview: ArchivingPreview, locale: Locale, t: Translate): AdaptiveCardJson {
  const { community, team } = preview;
  const name = pick(community.name, locale);
  const names = community.name.fr === community.name.en ? community.name.fr : `${pick(community.name, locale)} / ${pick(community.name, locale === 'en' ? 'fr-CA' : 'en')}`;
  return renderCard('archiveConfirmation', {
    lang: locale,
    slug: community.slug,
    asking: true,
    notice: '',
    problem: '',
    title: t('archiving.title', { community: name }),
    intro: t('archiving.intro'),
    facts: [
      { title: t('archiving.labels.names'), value: names },
      { title: t('archiving.labels.status'), value: t(`status.${community.status}`) },
      { title: t('archiving.labels.members'), value: t('counts.members', { count: community.memberCount }) },
      { title: t('archiving.labels.team'), value: t(`archiving.team.${team}`) },
    ],
    undo: t('archiving.undo', { community: name }),
    confirm: t('archiving.confirm'),
    cancel: t('archiving.cancel'),
  });
}

/** What replaces the confirmation card once Archive or Cancel was clicked: the outcome, without buttons. */
export function archiveOutcomeCard(community: Localized | undefined, outcome: { readonly notice?: string; readonly problem?: string }, locale: Locale): AdaptiveCardJson {
  return renderCard('archiveConfirmation', {
    lang: locale,
    slug: '',
    asking: false,
    notice: outcome.notice ?? '',
    problem: outcome.problem ?? '',
    title: community ? pick(community, locale) : '',
    intro: '',
    facts: [],
    undo: '',
    confirm: '',
    cancel: '',
  });
}
