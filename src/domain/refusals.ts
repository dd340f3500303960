import type { Localized } from './model';

/**
 * The one catalogue of expected refusals. Domain calls return these as values; each edge (bot, tab API)
 * maps a code to a localised message or an HTTP status. Community names travel in both languages so the
 * edge can answer in the user's.
 */
export type Refusal =
  | { readonly code: 'missing_community_name' }
  | { readonly code: 'community_not_found'; readonly query: string; readonly suggestions: readonly Localized[] }
  | { readonly code: 'community_ambiguous'; readonly query: string; readonly candidates: readonly Localized[] }
  | { readonly code: 'community_archived'; readonly community: Localized }
  | { readonly code: 'community_in_preparation'; readonly community: Localized }
  | { readonly code: 'community_already_active'; readonly community: Localized };

export type RefusalCode = Refusal['code'];

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly refusal: Refusal };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const refuse = <T = never>(refusal: Refusal): Result<T> => ({ ok: false, refusal });
