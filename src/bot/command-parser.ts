import Fuse from 'fuse.js';
import type { Locale } from '../domain/model';
import { foldText } from '../domain/text-normalization';
import type { CommandDefinition } from './command-context';

export type ParsedText =
  | { readonly kind: 'empty' }
  | {
      readonly kind: 'command';
      readonly command: CommandDefinition;
      /** The rest of the text, as typed. */
      readonly argument: string;
      /** The language of the word used, when that word belongs to one language only. */
      readonly language: Locale | undefined;
    }
  | { readonly kind: 'unknown'; readonly text: string; readonly suggestion: string | undefined };

interface AliasEntry {
  readonly words: readonly string[];
  readonly command: CommandDefinition;
  readonly languages: ReadonlySet<Locale>;
  readonly display: string;
}

const MAX_ECHO = 60;

/** Removes what Teams adds around a command: <at> mentions, HTML entities, a leading slash. */
export function cleanCommandText(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\/+\s*/, '');
}

export class CommandParser {
  private readonly aliases: AliasEntry[];
  private readonly fuse: Fuse<AliasEntry>;

  constructor(commands: readonly CommandDefinition[]) {
    const byKey = new Map<string, AliasEntry>();
    for (const command of commands) {
      for (const [language, words] of Object.entries(command.aliases) as [Locale, readonly string[]][]) {
        for (const word of words) {
          const key = foldText(word);
          const existing = byKey.get(key);
          const languages = new Set(existing?.languages ?? []);
          languages.add(language);
          byKey.set(key, { words: key.split(' '), command, languages, display: existing?.display ?? word });
        }
      }
    }
    // Longest alias first, so "mes communautés" wins over "communautés".
    this.aliases = [...byKey.values()].sort((a, b) => b.words.length - a.words.length);
    this.fuse = new Fuse(this.aliases, { keys: [{ name: 'display', getFn: (a) => a.words.join(' ') }], threshold: 0.4, includeScore: true });
  }

  parse(rawText: string): ParsedText {
    const text = cleanCommandText(rawText);
    if (text === '') return { kind: 'empty' };
    const tokens = text.split(' ');
    // A typed token can fold to several words ("nouvelle-communauté" → "nouvelle communaute", "m’intéresse"
    // → "m interesse"); an alias matches the leading words and must end where a token ends.
    const words: string[] = [];
    const tokensThrough: number[] = [];
    tokens.forEach((token, i) => {
      const parts = foldText(token).split(' ').filter((part) => part !== '');
      parts.forEach((part, j) => {
        words.push(part);
        tokensThrough.push(j === parts.length - 1 ? i + 1 : 0);
      });
    });
    for (const alias of this.aliases) {
      const consumed = tokensThrough[alias.words.length - 1] ?? 0;
      if (consumed > 0 && alias.words.every((word, i) => words[i] === word)) {
        return {
          kind: 'command',
          command: alias.command,
          argument: tokens.slice(consumed).join(' ').trim(),
          language: alias.languages.size === 1 ? [...alias.languages][0] : undefined,
        };
      }
    }
    const firstWord = words[0] ?? '';
    const best = firstWord === '' ? undefined : this.fuse.search(firstWord)[0];
    return {
      kind: 'unknown',
      text: text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text,
      suggestion: best ? best.item.display : undefined,
    };
  }
}
