import type { Locale, UserIdentity } from '../model';

/**
 * The kinds of proactive message a person can accept or refuse (`préférences` / `preferences`).
 * `service` messages (an organiser's own progress card and delivery report) answer something the person
 * asked for: they are never muted.
 */
export type MessageCategory = 'launch_notice' | 'invitation' | 'reminder' | 'service';
export const MUTABLE_CATEGORIES = ['launch_notice', 'invitation', 'reminder'] as const;
export type MutableCategory = (typeof MUTABLE_CATEGORIES)[number];

/** One choice: a category refused or accepted, for one community or (communityId null) for all. */
export interface CategoryChoice {
  readonly category: MutableCategory;
  /** null: every community. A per-community choice wins over the one for all. */
  readonly communityId: string | null;
  readonly accepted: boolean;
}

export interface PersonPreferences {
  /** The language chosen explicitly with `préférences`; undefined: follow the last language used. */
  readonly locale: Locale | undefined;
  readonly choices: readonly CategoryChoice[];
}

/** Where preferences are kept (storage/ implements it). */
export interface MessagePreferences {
  get(user: UserIdentity): Promise<PersonPreferences>;
  setLocale(user: UserIdentity, locale: Locale | undefined, at: Date): Promise<void>;
  setChoice(user: UserIdentity, choice: CategoryChoice, at: Date): Promise<void>;
}

/** Whether a person accepts a message of this kind about this community: the rule, once, for the engine. */
export function accepts(preferences: PersonPreferences, category: MessageCategory, communityId: string | null): boolean {
  if (category === 'service') return true;
  const forCommunity = communityId === null ? undefined : preferences.choices.find((c) => c.category === category && c.communityId === communityId);
  if (forCommunity) return forCommunity.accepted;
  const forAll = preferences.choices.find((c) => c.category === category && c.communityId === null);
  return forAll ? forAll.accepted : true;
}
