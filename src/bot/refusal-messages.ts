import { type Locale, type Localized, pick } from '../domain/model';
import type { Refusal } from '../domain/refusals';
import type { Translate } from '../i18n/translator';

const quoteList = (names: readonly Localized[], locale: Locale): string =>
  names.map((n) => (locale === 'en' ? `"${pick(n, locale)}"` : `« ${pick(n, locale)} »`)).join(', ');

/** The user-facing sentence for each refusal in the catalogue. */
export function refusalMessage(refusal: Refusal, locale: Locale, t: Translate, example: string): string {
  switch (refusal.code) {
    case 'missing_community_name':
      return t('refusals.missing_community_name', { example });
    case 'community_not_found':
      return refusal.suggestions.length > 0
        ? t('refusals.community_not_found_suggestions', { query: refusal.query, suggestions: quoteList(refusal.suggestions, locale) })
        : t('refusals.community_not_found', { query: refusal.query });
    case 'community_ambiguous':
      return t('refusals.community_ambiguous', { query: refusal.query, candidates: quoteList(refusal.candidates, locale) });
    case 'community_archived':
    case 'community_in_preparation':
    case 'community_already_active':
      return t(`refusals.${refusal.code}`, { community: pick(refusal.community, locale) });
  }
}
