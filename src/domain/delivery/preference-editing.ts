import type { UserIdentity } from '../model';
import { type CategoryChoice, MUTABLE_CATEGORIES, type MessagePreferences, type MutableCategory, type PersonPreferences } from './message-preferences';

/**
 * What `préférences` needs beyond the delivery engine's port: taking a choice back, so a per-community
 * exception can go and the community follows the choice for all again. storage/ implements it.
 */
export interface EditableMessagePreferences extends MessagePreferences {
  /** Forgets the choice of this category for this community (null: for all communities, then accepted by default). */
  clearChoice(user: UserIdentity, category: MutableCategory, communityId: string | null): Promise<void>;
}

/** A category for one community: accepted, refused, or no exception (`for_all`: the choice for all applies). */
export type CommunityCategoryChoice = boolean | 'for_all';

export type CategoryChoices<V> = Readonly<Record<MutableCategory, V>>;

/** Per category, whether it is accepted for all communities (accepted unless refused). */
export function choicesForAll(preferences: PersonPreferences): CategoryChoices<boolean> {
  return byCategory((category) => findChoice(preferences.choices, category, null)?.accepted ?? true);
}

/** The per-community exceptions, grouped by community id, in the order they were stored. */
export function exceptionsByCommunity(preferences: PersonPreferences): Map<string, Partial<Record<MutableCategory, boolean>>> {
  const byCommunity = new Map<string, Partial<Record<MutableCategory, boolean>>>();
  for (const choice of preferences.choices) {
    if (choice.communityId === null) continue;
    byCommunity.set(choice.communityId, { ...byCommunity.get(choice.communityId), [choice.category]: choice.accepted });
  }
  return byCommunity;
}

/** The stored choice for this category and scope, if there is one. */
export function findChoice(choices: readonly CategoryChoice[], category: MutableCategory, communityId: string | null): CategoryChoice | undefined {
  return choices.find((c) => c.category === category && c.communityId === communityId);
}

export function byCategory<V>(value: (category: MutableCategory) => V): CategoryChoices<V> {
  return Object.fromEntries(MUTABLE_CATEGORIES.map((category) => [category, value(category)])) as Record<MutableCategory, V>;
}
