import type { Locale, UserIdentity } from '../domain/model';
import type { Clock, UserRepository } from '../domain/ports';

const CACHE_LIMIT = 10_000;

/**
 * Remembers the language a person last chose by typing a French or English command word, so that
 * replies that carry no language of their own (a greeting, an unknown word, "info …") follow it.
 * Teams' own locale comes after it: the Agents Playground, for one, always says en-US.
 */
export class LanguagePreferences {
  private readonly known = new Map<string, Locale | null>();

  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
  ) {}

  async get(user: UserIdentity): Promise<Locale | undefined> {
    const key = keyOf(user);
    if (this.known.has(key)) return this.known.get(key) ?? undefined;
    const locale = await this.users.preferredLocale(user);
    this.cache(key, locale ?? null);
    return locale;
  }

  async choose(user: UserIdentity, locale: Locale): Promise<void> {
    const key = keyOf(user);
    if (this.known.get(key) === locale) return;
    await this.users.remember(user, { displayName: undefined, locale }, this.clock.now());
    this.cache(key, locale);
  }

  private cache(key: string, locale: Locale | null): void {
    if (this.known.size >= CACHE_LIMIT) this.known.clear();
    this.known.set(key, locale);
  }
}

const keyOf = (user: UserIdentity): string => `${user.tenantId}/${user.aadObjectId}`;
