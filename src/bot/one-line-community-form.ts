import { type CommunityForm, EMPTY_COMMUNITY_FORM } from '../domain/community-form';
import { foldText } from '../domain/text-normalization';

const ACTIVE_WORDS = new Set(['active', 'actif', 'activee', 'now', 'maintenant']);
const PREPARATION_WORDS = new Set(['preparation', 'en preparation', 'in preparation', 'preparing', 'a preparer', 'prep']);

/**
 * The one-line form for people in a hurry, fields separated by "|":
 *   nouvelle-communauté Nom | Name | résumé | summary | active ou préparation | co-organisateurs
 * The status may be left out (en préparation); co-organisers are names separated by commas.
 * Whatever is missing or wrong comes back in the form card, filled with what was typed.
 */
export function readOneLineForm(text: string): CommunityForm {
  const [nameFr = '', nameEn = '', summaryFr = '', summaryEn = '', status = '', ...rest] = text.split('|').map((part) => part.trim());
  return { ...EMPTY_COMMUNITY_FORM, nameFr, nameEn, summaryFr, summaryEn, status: statusOf(status), coOrganisers: rest.join(', ') };
}

function statusOf(word: string): string {
  const folded = foldText(word);
  if (folded === '' || PREPARATION_WORDS.has(folded)) return 'en_preparation';
  if (ACTIVE_WORDS.has(folded)) return 'active';
  return word;
}
