import type { Pool } from 'pg';
import type { CategoryChoice, MutableCategory, PersonPreferences } from '../domain/delivery/message-preferences';
import type { EditableMessagePreferences } from '../domain/delivery/preference-editing';
import type { Locale, UserIdentity } from '../domain/model';

interface PreferenceRow {
  /** null on the row carrying the language. */
  readonly category: MutableCategory | null;
  readonly community_id: string | null;
  readonly accepted: boolean | null;
  readonly locale: Locale | null;
}

/**
 * `préférences` in the database (migration 009): the explicit language in users.chosen_locale, beside
 * (never instead of) the language last used; one row per category choice in message_category_choices.
 * Reading is one statement, since the delivery engine reads a person's preferences for every message.
 */
export class PgMessagePreferencesRepository implements EditableMessagePreferences {
  constructor(private readonly pool: Pool) {}

  async get(user: UserIdentity): Promise<PersonPreferences> {
    const { rows } = await this.pool.query<PreferenceRow>({
      name: 'message-preferences.get',
      text: `SELECT NULL::text AS category, NULL::text AS community_id, NULL::boolean AS accepted, chosen_locale AS locale
               FROM users WHERE tenant_id = $1 AND aad_object_id = $2
             UNION ALL
             SELECT category, community_id::text, accepted, NULL
               FROM message_category_choices WHERE tenant_id = $1 AND aad_object_id = $2`,
      values: [user.tenantId, user.aadObjectId],
    });
    let locale: Locale | undefined;
    const choices: CategoryChoice[] = [];
    for (const row of rows) {
      if (row.category === null) locale = row.locale ?? undefined;
      else choices.push({ category: row.category, communityId: row.community_id, accepted: row.accepted === true });
    }
    return { locale, choices };
  }

  async setLocale(user: UserIdentity, locale: Locale | undefined, at: Date): Promise<void> {
    // The users row normally exists (the recorder writes it on every activity); a person choosing through
    // another door first gets one, with no name and no language used yet.
    await this.pool.query(
      `INSERT INTO users (tenant_id, aad_object_id, chosen_locale, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, aad_object_id) DO UPDATE SET chosen_locale = EXCLUDED.chosen_locale, updated_at = EXCLUDED.updated_at`,
      [user.tenantId, user.aadObjectId, locale ?? null, at],
    );
  }

  async setChoice(user: UserIdentity, choice: CategoryChoice, at: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO message_category_choices (tenant_id, aad_object_id, category, community_id, accepted, updated_at)
       VALUES ($1, $2, $3, $4::bigint, $5, $6)
       ON CONFLICT (tenant_id, aad_object_id, category, (coalesce(community_id, 0)))
       DO UPDATE SET accepted = EXCLUDED.accepted, updated_at = EXCLUDED.updated_at`,
      [user.tenantId, user.aadObjectId, choice.category, choice.communityId, choice.accepted, at],
    );
  }

  async clearChoice(user: UserIdentity, category: MutableCategory, communityId: string | null): Promise<void> {
    await this.pool.query(
      `DELETE FROM message_category_choices
        WHERE tenant_id = $1 AND aad_object_id = $2 AND category = $3 AND community_id IS NOT DISTINCT FROM $4::bigint`,
      [user.tenantId, user.aadObjectId, category, communityId],
    );
  }
}
