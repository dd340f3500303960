import { pathSegments } from './http-exchange';

/**
 * The key an `@odata.bind` reference points at in `collection`: accepts absolute or relative URLs and
 * both key forms, `users('id')` and `users/id` (both appear in Graph's docs, teams-graph-facts.md §0).
 */
export function boundKey(reference: unknown, collection: string): string | undefined {
  if (typeof reference !== 'string' || reference === '') return undefined;
  const path = reference.replace(/^[a-z]+:\/\/[^/]+/i, '');
  const segments = pathSegments(path);
  const at = segments.lastIndexOf(collection);
  return at >= 0 ? segments[at + 1] : undefined;
}

export type ODataFilter = { readonly ok: true; matches(item: object): boolean } | { readonly ok: false; readonly message: string };

type Predicate = (item: object) => boolean;

/**
 * The `$filter` subset the app needs: `path eq 'text'`, `startswith(path,'text')` and
 * `path/any(x:x eq 'text')`, joined by `and`, with optional parentheses and type-cast segments
 * (`microsoft.graph.aadUserConversationMember/userId`). String comparison ignores case, as Entra ID
 * does. Anything else is refused, so a query the sandbox does not understand shows up as a 400.
 */
export function parseFilter(expression: string | null): ODataFilter {
  if (expression === null || expression.trim() === '') return { ok: true, matches: () => true };
  const predicates: Predicate[] = [];
  for (const clause of splitOutsideQuotes(expression, /\s+and\s+/i)) {
    const predicate = parseClause(stripParentheses(clause.trim()));
    if (!predicate) return { ok: false, message: `Invalid filter clause: ${clause.trim()}` };
    predicates.push(predicate);
  }
  return { ok: true, matches: (item) => predicates.every((p) => p(item)) };
}

function parseClause(clause: string): Predicate | undefined {
  const literal = String.raw`'((?:[^']|'')*)'`;
  const eq = new RegExp(String.raw`^([\w./]+)\s+eq\s+${literal}$`, 'is').exec(clause);
  if (eq) {
    const [, path, value] = eq as unknown as [string, string, string];
    return (item) => sameText(valueAt(item, path), unescapeLiteral(value));
  }
  const startsWith = new RegExp(String.raw`^startswith\(\s*([\w./]+)\s*,\s*${literal}\s*\)$`, 'is').exec(clause);
  if (startsWith) {
    const [, path, value] = startsWith as unknown as [string, string, string];
    const prefix = unescapeLiteral(value).toLowerCase();
    return (item) => {
      const actual = valueAt(item, path);
      return typeof actual === 'string' && actual.toLowerCase().startsWith(prefix);
    };
  }
  const any = new RegExp(String.raw`^([\w./]+)/any\(\s*(\w+)\s*:\s*\2\s+eq\s+${literal}\s*\)$`, 'is').exec(clause);
  if (any) {
    const [, path, , value] = any as unknown as [string, string, string, string];
    return (item) => {
      const actual = valueAt(item, path);
      return Array.isArray(actual) && actual.some((v) => sameText(v, unescapeLiteral(value)));
    };
  }
  return undefined;
}

function valueAt(item: object, path: string): unknown {
  let current: unknown = item;
  for (const name of path.split('/')) {
    if (name.startsWith('microsoft.graph.')) continue;
    if (current === null || typeof current !== 'object') return undefined;
    const record = current as Record<string, unknown>;
    const key = name in record ? name : Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
    current = key === undefined ? undefined : record[key];
  }
  return current;
}

function sameText(actual: unknown, expected: string): boolean {
  return typeof actual === 'string' && actual.toLowerCase() === expected.toLowerCase();
}

function unescapeLiteral(value: string): string {
  return value.replace(/''/g, "'");
}

function stripParentheses(clause: string): string {
  let text = clause;
  while (text.startsWith('(') && text.endsWith(')') && balanced(text.slice(1, -1))) text = text.slice(1, -1).trim();
  return text;
}

function balanced(text: string): boolean {
  let depth = 0;
  let quoted = false;
  for (const char of text) {
    if (char === "'") quoted = !quoted;
    else if (!quoted && char === '(') depth += 1;
    else if (!quoted && char === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

function splitOutsideQuotes(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === "'") quoted = !quoted;
    if (quoted) continue;
    const rest = text.slice(i);
    const found = new RegExp(`^${separator.source}`, separator.flags).exec(rest);
    if (found && i > start) {
      parts.push(text.slice(start, i));
      i += found[0].length - 1;
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
