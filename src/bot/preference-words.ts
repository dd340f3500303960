import type { MutableCategory } from '../domain/delivery/message-preferences';
import type { CommunityCategoryChoice } from '../domain/delivery/preference-editing';
import type { Locale } from '../domain/model';
import { foldText } from '../domain/text-normalization';
import { readYesNo } from './yes-no-words';

/**
 * The text forms of `préférences` / `preferences`, word by word. The command word is the same in both
 * languages, so the words after it tell which language the person is writing in ("rappels" is French,
 * "reminders" English; "invitations" is both, and then "non" or "off" tells).
 */
export type PreferenceRequest =
  | { readonly kind: 'show' }
  | { readonly kind: 'language'; readonly locale: Locale | undefined; readonly language: Locale | undefined }
  | {
      readonly kind: 'category';
      readonly category: MutableCategory;
      readonly choice: CommunityCategoryChoice;
      /** The community's name as typed; empty: all communities. */
      readonly community: string;
      readonly language: Locale | undefined;
    }
  | { readonly kind: 'unclear'; readonly language: Locale | undefined };

interface Word<V> {
  readonly value: V;
  readonly language: Locale | undefined;
}

const fr = <V>(value: V): Word<V> => ({ value, language: 'fr-CA' });
const en = <V>(value: V): Word<V> => ({ value, language: 'en' });
const both = <V>(value: V): Word<V> => ({ value, language: undefined });

const LANGUAGE_WORDS = new Map<string, Word<'language'>>([
  ['langue', fr('language')],
  ['langues', fr('language')],
  ['language', en('language')],
  ['lang', both('language')],
]);

const CATEGORY_WORDS = new Map<string, Word<MutableCategory>>([
  ['lancements', fr('launch_notice')],
  ['lancement', fr('launch_notice')],
  ['annonces', fr('launch_notice')],
  ['launches', en('launch_notice')],
  ['launch', en('launch_notice')],
  ['announcements', en('launch_notice')],
  ['invitations', both('invitation')],
  ['invitation', both('invitation')],
  ['rappels', fr('reminder')],
  ['rappel', fr('reminder')],
  ['reminders', en('reminder')],
  ['reminder', en('reminder')],
]);

/** `auto`: no explicit language. */
const LOCALE_WORDS = new Map<string, Locale | 'auto'>([
  ['fr', 'fr-CA'],
  ['fr ca', 'fr-CA'],
  ['francais', 'fr-CA'],
  ['french', 'fr-CA'],
  ['en', 'en'],
  ['anglais', 'en'],
  ['english', 'en'],
  ['auto', 'auto'],
  ['automatique', 'auto'],
  ['automatic', 'auto'],
]);

/** Takes a community's exception back (for all communities: back to the default). */
const FOR_ALL_WORDS = new Set(['defaut', 'default', 'reset', 'reinitialiser']);

/** The language of a choice word, for a category word shared by both ("invitations non"). */
const CHOICE_LANGUAGES = new Map<string, Locale>([
  ['oui', 'fr-CA'],
  ['non', 'fr-CA'],
  ['defaut', 'fr-CA'],
  ['reinitialiser', 'fr-CA'],
  ['autoriser', 'fr-CA'],
  ['interdire', 'fr-CA'],
  ['yes', 'en'],
  ['no', 'en'],
  ['on', 'en'],
  ['off', 'en'],
  ['default', 'en'],
  ['reset', 'en'],
  ['allow', 'en'],
  ['forbid', 'en'],
]);

function readChoice(word: string | undefined): Word<CommunityCategoryChoice> | undefined {
  if (word === undefined) return undefined;
  const folded = foldText(word);
  const choice = FOR_ALL_WORDS.has(folded) ? 'for_all' : readYesNo(word);
  return choice === undefined ? undefined : { value: choice, language: CHOICE_LANGUAGES.get(folded) };
}

export function readPreferenceRequest(argument: string): PreferenceRequest {
  const words = argument.split(' ').filter((word) => word !== '');
  const [first, ...rest] = words;
  if (first === undefined) return { kind: 'show' };
  const folded = foldText(first);
  const languageWord = LANGUAGE_WORDS.get(folded);
  if (languageWord) {
    const locale = rest.length === 1 && rest[0] !== undefined ? LOCALE_WORDS.get(foldText(rest[0])) : undefined;
    if (locale === undefined) return { kind: 'unclear', language: languageWord.language };
    return { kind: 'language', locale: locale === 'auto' ? undefined : locale, language: languageWord.language };
  }
  const categoryWord = CATEGORY_WORDS.get(folded);
  if (!categoryWord) return { kind: 'unclear', language: undefined };
  // "rappels non infonuagique", or the choice last: "rappels infonuagique non".
  let choice = readChoice(rest[0]);
  let community = rest.slice(1);
  if (choice === undefined) {
    choice = readChoice(rest.at(-1));
    community = rest.slice(0, -1);
  }
  if (choice === undefined) return { kind: 'unclear', language: categoryWord.language };
  return {
    kind: 'category',
    category: categoryWord.value,
    choice: choice.value,
    community: community.join(' '),
    language: categoryWord.language ?? choice.language,
  };
}
