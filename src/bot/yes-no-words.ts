import { foldText } from '../domain/text-normalization';

const YES = new Set(['oui', 'on', 'yes', 'o', 'y', 'autoriser', 'allow']);
const NO = new Set(['non', 'off', 'no', 'n', 'interdire', 'forbid']);

/** A typed yes or no, in French or English, case and accents aside; undefined when it is neither. */
export function readYesNo(word: string): boolean | undefined {
  const folded = foldText(word);
  return YES.has(folded) ? true : NO.has(folded) ? false : undefined;
}
