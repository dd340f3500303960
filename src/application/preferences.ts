import { type CategoryChoice, MUTABLE_CATEGORIES, type MutableCategory } from '../domain/delivery/message-preferences';
import {
  type CategoryChoices,
  type CommunityCategoryChoice,
  type EditableMessagePreferences,
  choicesForAll,
  exceptionsByCommunity,
  findChoice,
} from '../domain/delivery/preference-editing';
import type { Actor } from '../domain/identity';
import type { CommunityWithCounts, Locale } from '../domain/model';
import type { Clock, CommunityRepository } from '../domain/ports';
import { type Result, ok } from '../domain/refusals';
import { type CommunityPointer, resolveCommunity } from './communities';

/** What the `préférences` use cases need; the bot and the tab API both call through here. */
export interface PreferenceDeps {
  readonly preferences: EditableMessagePreferences;
  readonly communities: CommunityRepository;
  readonly clock: Clock;
}

/** One community's exceptions to the choices for all. */
export interface CommunityExceptions {
  readonly community: CommunityWithCounts;
  readonly choices: Partial<Record<MutableCategory, boolean>>;
}

export interface PreferencesOverview {
  /** The language chosen; undefined: replies follow the language of what the person types. */
  readonly locale: Locale | undefined;
  readonly forAll: CategoryChoices<boolean>;
  /** Communities (not archived) with at least one exception, in catalogue order. */
  readonly exceptions: readonly CommunityExceptions[];
  /** Where a per-community choice is offered: the person's communities (member or interested) and those with an exception. */
  readonly communities: readonly CommunityWithCounts[];
}

export async function showPreferences(deps: PreferenceDeps, actor: Actor): Promise<PreferencesOverview> {
  const [preferences, { communities, standings }] = await Promise.all([deps.preferences.get(actor.user), deps.communities.catalogueFor(actor.user)]);
  const exceptions = exceptionsByCommunity(preferences);
  return {
    locale: preferences.locale,
    forAll: choicesForAll(preferences),
    exceptions: communities.flatMap((community) => {
      const choices = exceptions.get(community.id);
      return choices ? [{ community, choices }] : [];
    }),
    communities: communities.filter((c) => exceptions.has(c.id) || standings.get(c.id)?.member || standings.get(c.id)?.interested),
  };
}

export interface LanguageChange {
  readonly locale: Locale | undefined;
  readonly changed: boolean;
}

/** `préférences langue en|fr|auto`: undefined goes back to following the language typed. */
export async function chooseLanguage(deps: PreferenceDeps, actor: Actor, locale: Locale | undefined): Promise<LanguageChange> {
  const current = await deps.preferences.get(actor.user);
  const changed = current.locale !== locale;
  if (changed) await deps.preferences.setLocale(actor.user, locale, deps.clock.now());
  return { locale, changed };
}

export interface CategoryChange {
  readonly category: MutableCategory;
  /** The community the choice is for; undefined: all communities. */
  readonly community: CommunityWithCounts | undefined;
  readonly choice: CommunityCategoryChoice;
  /** Whether the category is now accepted for that community (or, for all, by default). */
  readonly accepted: boolean;
  readonly changed: boolean;
  /** For a choice for all: how many communities keep a choice of their own in this category. */
  readonly exceptionsKept: number;
}

/**
 * `préférences rappels non [communauté]`: a category accepted or refused for all communities or for one;
 * `for_all` takes a community's exception back (for all communities: back to the default, accepted).
 */
export async function chooseCategory(
  deps: PreferenceDeps,
  actor: Actor,
  category: MutableCategory,
  choice: CommunityCategoryChoice,
  pointer: CommunityPointer | undefined,
): Promise<Result<CategoryChange>> {
  const found = pointer ? await resolveCommunity(deps, pointer) : undefined;
  if (found && !found.ok) return found;
  const community = found?.value;
  const { choices } = await deps.preferences.get(actor.user);
  const communityId = community?.id ?? null;
  const changed = await applyChoice(deps, actor, choices, category, communityId, choice);
  const forAll = choice === true || choice === false ? choice : true;
  const accepted = choice === 'for_all' && communityId !== null ? (findChoice(choices, category, null)?.accepted ?? true) : forAll;
  const exceptionsKept = communityId === null ? choices.filter((c) => c.category === category && c.communityId !== null).length : 0;
  return ok({ category, community, choice, accepted, changed, exceptionsKept });
}

/** What the preferences card sends back. Anything left out is left as it is. */
export interface PreferencesForm {
  /** The language chosen (`locale` undefined: none, replies follow the words typed). */
  readonly language?: { readonly locale: Locale | undefined };
  readonly forAll: Partial<Record<MutableCategory, boolean>>;
  /** Choices for one community. */
  readonly community?: { readonly pointer: CommunityPointer; readonly choices: Partial<Record<MutableCategory, CommunityCategoryChoice>> };
}

export interface SavedPreferences {
  readonly changed: boolean;
}

/** The preferences card, saved: only what differs from what is stored is written. */
export async function savePreferences(deps: PreferenceDeps, actor: Actor, form: PreferencesForm): Promise<Result<SavedPreferences>> {
  // The community is found before anything is written: an unknown one saves nothing.
  const found = form.community ? await resolveCommunity(deps, form.community.pointer) : undefined;
  if (found && !found.ok) return found;
  const communityId = found?.value.id;
  const current = await deps.preferences.get(actor.user);
  let changed = false;
  if (form.language && current.locale !== form.language.locale) {
    await deps.preferences.setLocale(actor.user, form.language.locale, deps.clock.now());
    changed = true;
  }
  for (const category of MUTABLE_CATEGORIES) {
    const forAll = form.forAll[category];
    if (forAll !== undefined && (await applyChoice(deps, actor, current.choices, category, null, forAll))) changed = true;
    const forCommunity = form.community?.choices[category];
    if (communityId !== undefined && forCommunity !== undefined && (await applyChoice(deps, actor, current.choices, category, communityId, forCommunity))) {
      changed = true;
    }
  }
  return ok({ changed });
}

/** Writes one choice unless it is already so; says whether anything changed. */
async function applyChoice(
  deps: PreferenceDeps,
  actor: Actor,
  choices: readonly CategoryChoice[],
  category: MutableCategory,
  communityId: string | null,
  choice: CommunityCategoryChoice,
): Promise<boolean> {
  const stored = findChoice(choices, category, communityId);
  if (choice === 'for_all') {
    if (!stored) return false;
    await deps.preferences.clearChoice(actor.user, category, communityId);
    return true;
  }
  // For all communities no row means accepted; for one community no row means no exception, which an
  // explicit choice replaces even when it agrees with the choice for all (it stays if that one changes).
  const current = communityId === null ? (stored?.accepted ?? true) : stored?.accepted;
  if (current === choice) return false;
  await deps.preferences.setChoice(actor.user, { category, communityId, accepted: choice }, deps.clock.now());
  return true;
}
