import type { MutableCategory } from '../domain/delivery/message-preferences';
import type { EditableMessagePreferences } from '../domain/delivery/preference-editing';
import type { Locale, UserIdentity } from '../domain/model';
import type { PersonLanguages, UserRepository } from '../domain/ports';

const CACHE_LIMIT = 10_000;
const UNKNOWN: PersonLanguages = { chosen: undefined, lastUsed: undefined };

/**
 * The languages known of a person, kept in memory: the one they chose with `préférences` (which every
 * reply follows) and the one they last used by typing a French or English command word (which replies
 * that carry no language of their own follow: a greeting, an unknown word, "info …"). Teams' own locale
 * comes after both: the Agents Playground, for one, always says en-US. The language used is written by
 * the ConversationRecorder with the rest of the speaker's profile, which hands back both as stored; an
 * explicit choice made through `watching(…)` is known here at once.
 */
export class LanguagePreferences {
  private readonly known = new Map<string, PersonLanguages>();

  constructor(private readonly users: UserRepository) {}

  /** Both languages known of the person. */
  async of(user: UserIdentity): Promise<PersonLanguages> {
    const key = keyOf(user);
    const cached = this.known.get(key);
    if (cached) return cached;
    const languages = await this.users.languagesOf(user);
    this.learn(user, languages);
    return languages;
  }

  /** The language to write to the person in when nothing else says: the one chosen, else the one last used. */
  async get(user: UserIdentity): Promise<Locale | undefined> {
    const { chosen, lastUsed } = await this.of(user);
    return chosen ?? lastUsed;
  }

  /** The language last used, as known without asking the database (undefined: unknown or none). */
  cachedLastUsed(user: UserIdentity): Locale | undefined {
    return this.known.get(keyOf(user))?.lastUsed;
  }

  learn(user: UserIdentity, languages: PersonLanguages | undefined): void {
    if (this.known.size >= CACHE_LIMIT) this.known.clear();
    this.known.set(keyOf(user), languages ?? UNKNOWN);
  }

  /**
   * The preferences port as the doors use it: a language chosen through it is known here as soon as it
   * is stored, so the very next reply follows it.
   */
  watching(preferences: EditableMessagePreferences): EditableMessagePreferences {
    return {
      get: (user) => preferences.get(user),
      setChoice: (user, choice, at) => preferences.setChoice(user, choice, at),
      clearChoice: (user, category: MutableCategory, communityId) => preferences.clearChoice(user, category, communityId),
      setLocale: async (user, locale, at) => {
        await preferences.setLocale(user, locale, at);
        const cached = this.known.get(keyOf(user));
        // Unknown here: the next reply reads both from the database.
        if (cached) this.known.set(keyOf(user), { ...cached, chosen: locale });
      },
    };
  }
}

const keyOf = (user: UserIdentity): string => `${user.tenantId}/${user.aadObjectId}`;
