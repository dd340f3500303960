import { type CommunityForm, EMPTY_COMMUNITY_FORM } from '../domain/community-form';
import { foldText } from '../domain/text-normalization';
import { readYesNo } from './yes-no-words';

const ACTIVE_WORDS = new Set(['active', 'actif', 'activee', 'now', 'maintenant']);
const PREPARATION_WORDS = new Set(['preparation', 'en preparation', 'in preparation', 'preparing', 'a preparer', 'prep']);
const GUESTS_WORDS = new Set(['invites', 'guests']);
/** The two names and two summaries come first; the guests field is only looked for after them. */
const POSITIONAL_TEXTS = 4;

/**
 * The one-line form for people in a hurry, fields separated by "|":
 *   nouvelle-communauté Nom | Name | résumé | summary | active ou préparation | co-organisateurs | invités : oui
 * The status may be left out (en préparation); co-organisers are names separated by commas. The last
 * field may say whether external people may join as guests ("invités : oui|non", "guests: yes|no");
 * left out, they may not. Whatever is missing or wrong comes back in the form card, filled with what was typed.
 */
export function readOneLineForm(text: string): CommunityForm {
  const parts = text.split('|').map((part) => part.trim());
  const guests = parts.length > POSITIONAL_TEXTS ? guestsField(parts.at(-1) ?? '') : undefined;
  if (guests !== undefined) parts.pop();
  const [nameFr = '', nameEn = '', summaryFr = '', summaryEn = '', status = '', ...rest] = parts;
  return {
    ...EMPTY_COMMUNITY_FORM,
    nameFr,
    nameEn,
    summaryFr,
    summaryEn,
    status: statusOf(status),
    coOrganisers: rest.join(', '),
    guests: guests ?? EMPTY_COMMUNITY_FORM.guests,
  };
}

function statusOf(word: string): string {
  const folded = foldText(word);
  if (folded === '' || PREPARATION_WORDS.has(folded)) return 'en_preparation';
  if (ACTIVE_WORDS.has(folded)) return 'active';
  return word;
}

/** "invités : oui", "guests: no", "Invités non": `yes`/`no`, or what was typed when it is neither; undefined when the part is not the guests field. */
function guestsField(part: string): string | undefined {
  const match = /^([^\s:=]+)\s*[:=]?\s*(.*)$/.exec(part);
  if (!match || !GUESTS_WORDS.has(foldText(match[1] ?? ''))) return undefined;
  const value = match[2] ?? '';
  const allowed = readYesNo(value);
  return allowed === undefined ? value : allowed ? 'yes' : 'no';
}
