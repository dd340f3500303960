import type { Pool } from 'pg';
import type { Locale, UserIdentity } from '../domain/model';
import type { PersonLanguages, UserRepository } from '../domain/ports';

// Statements on the per-message path are named: prepared once per connection, then only bound and executed,
// which roughly halves their cost on PGlite and saves a parse and plan per call on a server (bench/commands.ts).
export class PgUserRepository implements UserRepository {
  constructor(private readonly pool: Pool) {}

  async languagesOf(user: UserIdentity): Promise<PersonLanguages> {
    const { rows } = await this.pool.query<{ locale: Locale | null; chosen_locale: Locale | null }>({
      name: 'users.languages',
      text: 'SELECT locale, chosen_locale FROM users WHERE tenant_id = $1 AND aad_object_id = $2',
      values: [user.tenantId, user.aadObjectId],
    });
    return { chosen: rows[0]?.chosen_locale ?? undefined, lastUsed: rows[0]?.locale ?? undefined };
  }
}
