import type { Locale, UserIdentity } from '../domain/model';
import type { UserRepository } from '../domain/ports';

const CACHE_LIMIT = 10_000;

/**
 * The language a person last chose by typing a French or English command word, so that replies that
 * carry no language of their own (a greeting, an unknown word, "info …") follow it. Teams' own locale
 * comes after it: the Agents Playground, for one, always says en-US. The choice itself is written by
 * the ConversationRecorder with the rest of the speaker's profile; this keeps what is known in memory.
 */
export class LanguagePreferences {
  private readonly known = new Map<string, Locale | null>();

  constructor(private readonly users: UserRepository) {}

  async get(user: UserIdentity): Promise<Locale | undefined> {
    const key = keyOf(user);
    if (this.known.has(key)) return this.known.get(key) ?? undefined;
    const locale = await this.users.preferredLocale(user);
    this.learn(user, locale);
    return locale;
  }

  /** What is known without asking the database (undefined: unknown or no preference). */
  cached(user: UserIdentity): Locale | undefined {
    return this.known.get(keyOf(user)) ?? undefined;
  }

  learn(user: UserIdentity, locale: Locale | undefined): void {
    if (this.known.size >= CACHE_LIMIT) this.known.clear();
    this.known.set(keyOf(user), locale ?? null);
  }
}

const keyOf = (user: UserIdentity): string => `${user.tenantId}/${user.aadObjectId}`;
