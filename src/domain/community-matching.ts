import Fuse from 'fuse.js';
import type { Community } from './model';
import { type Result, ok, refuse } from './refusals';
import { foldText } from './text-normalization';

interface Candidate<C extends Community> {
  readonly community: C;
  readonly keys: readonly string[];
}

const MAX_SUGGESTIONS = 3;
/** Longer than any community name can be (the schema caps names at 120 characters). */
const MAX_QUERY_LENGTH = 120;
const ECHO_LENGTH = 60;
/** Fuse scores run from 0 (exact) to 1; a typo or two in a name scores under this. */
const CLOSE_SCORE = 0.34;
const SUGGESTION_SCORE = 0.6;
const CLEAR_LEAD = 0.15;

/**
 * Finds the community a person meant, forgivingly: case, accents, slug or either language's name,
 * a unique prefix or word prefix, then a small typo. Several plausible answers give a refusal with
 * the candidates; none gives a refusal with the closest names, so the person is never stuck.
 */
export function matchCommunity<C extends Community>(query: string, communities: readonly C[]): Result<C> {
  const folded = foldText(query);
  if (folded === '') return refuse({ code: 'missing_community_name' });
  if (folded.length > MAX_QUERY_LENGTH) {
    return refuse({ code: 'community_not_found', query: shorten(query), suggestions: [] });
  }
  const candidates: Candidate<C>[] = communities.map((community) => ({
    community,
    keys: [foldText(community.slug.replace(/-/g, ' ')), foldText(community.name.fr), foldText(community.name.en)],
  }));

  const exact = candidates.filter((c) => c.keys.includes(folded));
  if (exact.length > 0) return decide(exact, query);

  const prefix = candidates.filter((c) => c.keys.some((k) => k.startsWith(folded)));
  if (prefix.length > 0) return decide(prefix, query);

  const wordPrefix = candidates.filter((c) =>
    c.keys.some((k) => ` ${k}`.includes(` ${folded}`) || k.replace(/ /g, '').startsWith(folded.replace(/ /g, ''))),
  );
  if (wordPrefix.length > 0) return decide(wordPrefix, query);

  const hits = fuzzyHits(folded, candidates);
  const close = hits.filter((h) => h.score <= CLOSE_SCORE);
  const best = close[0];
  if (best && (close.length === 1 || (close[1]?.score ?? 1) - best.score > CLEAR_LEAD)) return ok(best.community);
  if (close.length > 1) {
    return refuse({ code: 'community_ambiguous', query: shorten(query), candidates: close.slice(0, MAX_SUGGESTIONS).map((h) => h.community.name) });
  }
  return refuse({
    code: 'community_not_found',
    query: shorten(query),
    suggestions: hits.slice(0, MAX_SUGGESTIONS).map((h) => h.community.name),
  });
}

/**
 * Scores each name on its own (Fuse merges the values of an array key into one, optimistic, score)
 * and keeps each community's best, best first.
 */
function fuzzyHits<C extends Community>(folded: string, candidates: readonly Candidate<C>[]): { community: C; score: number }[] {
  const entries = candidates.flatMap((c) => c.keys.map((key) => ({ key, community: c.community })));
  const fuse = new Fuse(entries, { keys: ['key'], includeScore: true, threshold: SUGGESTION_SCORE, ignoreLocation: true });
  const best = new Map<C, number>();
  for (const hit of fuse.search(folded)) {
    const score = hit.score ?? 1;
    if (score < (best.get(hit.item.community) ?? Infinity)) best.set(hit.item.community, score);
  }
  return [...best.entries()].map(([community, score]) => ({ community, score })).sort((a, b) => a.score - b.score);
}

function decide<C extends Community>(found: readonly Candidate<C>[], query: string): Result<C> {
  const [only] = found;
  if (found.length === 1 && only) return ok(only.community);
  return refuse({ code: 'community_ambiguous', query: shorten(query), candidates: found.slice(0, 5).map((c) => c.community.name) });
}

/** Refusals echo what was typed; a pasted essay is cut short. */
function shorten(query: string): string {
  const trimmed = query.trim();
  return trimmed.length > ECHO_LENGTH ? `${trimmed.slice(0, ECHO_LENGTH)}…` : trimmed;
}
