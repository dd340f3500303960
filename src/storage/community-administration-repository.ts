import type { Pool, PoolClient } from 'pg';
import type { CommunityWithCounts, UserIdentity } from '../domain/model';
import type { CommunityAdministrationRepository, KnownPerson, NewCommunity } from '../domain/ports';
import { type CommunityRow, SELECT_WITH_COUNTS, toCommunity } from './community-repository';
import { withTransaction } from './transaction';

/** Creating, launching and archiving communities, in SQL. */
export class PgCommunityAdministrationRepository implements CommunityAdministrationRepository {
  constructor(private readonly pool: Pool) {}

  async listAll(): Promise<CommunityWithCounts[]> {
    const { rows } = await this.pool.query<CommunityRow>(`${SELECT_WITH_COUNTS} ORDER BY lower(c.name_fr)`);
    return rows.map(toCommunity);
  }

  async communitiesOrganisedBy(user: UserIdentity): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ community_id: string }>(
      'SELECT community_id::text FROM community_organisers WHERE tenant_id = $1 AND aad_object_id = $2',
      [user.tenantId, user.aadObjectId],
    );
    return new Set(rows.map((r) => r.community_id));
  }

  /** People who wrote to the bot, and organisers (who may never have), by their latest known name. */
  async knownPeople(tenantId: string): Promise<KnownPerson[]> {
    const { rows } = await this.pool.query<{ aad_object_id: string; display_name: string }>(
      `SELECT DISTINCT ON (aad_object_id) aad_object_id, display_name FROM (
         SELECT aad_object_id, display_name, 1 AS rank FROM users WHERE tenant_id = $1 AND display_name IS NOT NULL
         UNION ALL
         SELECT aad_object_id, display_name, 2 FROM community_organisers WHERE tenant_id = $1
       ) people ORDER BY aad_object_id, rank`,
      [tenantId],
    );
    return rows.map((r) => ({ user: { tenantId, aadObjectId: r.aad_object_id }, displayName: r.display_name }));
  }

  async create(community: NewCommunity, organisers: readonly KnownPerson[], at: Date): Promise<CommunityWithCounts | 'slug_taken'> {
    const id = await withTransaction(this.pool, async (client) => {
      const inserted = await client.query<{ id: string }>(
        `INSERT INTO communities (slug, name_fr, name_en, summary_fr, summary_en, description_fr, description_en, status, time_zone, guests_allowed, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $11, $10, $10)
         ON CONFLICT (slug) DO NOTHING RETURNING id::text`,
        [
          community.slug,
          community.name.fr,
          community.name.en,
          community.summary.fr,
          community.summary.en,
          community.description.fr,
          community.description.en,
          community.status,
          community.timeZone,
          at,
          community.guestsAllowed ?? false,
        ],
      );
      const communityId = inserted.rows[0]?.id;
      if (!communityId) return undefined;
      await client.query(
        `INSERT INTO community_organisers (community_id, tenant_id, aad_object_id, display_name, added_at)
         SELECT $1, o.tenant_id, o.aad_object_id, o.display_name, $5
           FROM unnest($2::text[], $3::text[], $4::text[]) AS o(tenant_id, aad_object_id, display_name)
         ON CONFLICT DO NOTHING`,
        [communityId, organisers.map((o) => o.user.tenantId), organisers.map((o) => o.user.aadObjectId), organisers.map((o) => o.displayName), at],
      );
      if (community.status === 'active') await addOrganisersAsMembers(client, communityId, at);
      return communityId;
    });
    if (id === undefined) return 'slug_taken';
    const { rows } = await this.pool.query<CommunityRow>(`${SELECT_WITH_COUNTS} WHERE c.id = $1`, [id]);
    if (!rows[0]) throw new Error(`Community ${id} vanished after its creation`);
    return toCommunity(rows[0]);
  }

  async launch(communityId: string, at: Date): Promise<{ converted: UserIdentity[] } | 'not_in_preparation'> {
    return withTransaction(this.pool, async (client) => {
      // The row lock taken here makes a second, simultaneous launch wait, then find the community active.
      const activated = await client.query(
        `UPDATE communities SET status = 'active', updated_at = $2 WHERE id = $1 AND status = 'en_preparation'`,
        [communityId, at],
      );
      if (activated.rowCount !== 1) return 'not_in_preparation';
      const { rows } = await client.query<{ tenant_id: string; aad_object_id: string }>(
        `WITH converted AS (
           DELETE FROM interests WHERE community_id = $1 RETURNING tenant_id, aad_object_id
         ), joined AS (
           INSERT INTO memberships (community_id, tenant_id, aad_object_id, joined_at)
           SELECT $1, tenant_id, aad_object_id, $2 FROM converted
           ON CONFLICT (community_id, tenant_id, aad_object_id) DO UPDATE
             SET joined_at = EXCLUDED.joined_at, left_at = NULL
             WHERE memberships.left_at IS NOT NULL
         )
         SELECT tenant_id, aad_object_id FROM converted ORDER BY tenant_id, aad_object_id`,
        [communityId, at],
      );
      await addOrganisersAsMembers(client, communityId, at);
      return { converted: rows.map((r) => ({ tenantId: r.tenant_id, aadObjectId: r.aad_object_id })) };
    });
  }

  async archive(communityId: string, at: Date): Promise<{ teamId: string | null } | 'already_archived'> {
    const { rows } = await this.pool.query<{ team_id: string | null }>(
      `UPDATE communities SET status = 'archived', updated_at = $2 WHERE id = $1 AND status <> 'archived' RETURNING team_id`,
      [communityId, at],
    );
    const row = rows[0];
    return row ? { teamId: row.team_id } : 'already_archived';
  }

  async unarchive(communityId: string, status: 'active' | 'en_preparation', at: Date): Promise<{ teamId: string | null } | 'not_archived'> {
    const { rows } = await this.pool.query<{ team_id: string | null }>(
      `UPDATE communities SET status = $2, updated_at = $3 WHERE id = $1 AND status = 'archived' RETURNING team_id`,
      [communityId, status, at],
    );
    const row = rows[0];
    return row ? { teamId: row.team_id } : 'not_archived';
  }
}

/** An active community counts its organisers among its members. */
async function addOrganisersAsMembers(client: PoolClient, communityId: string, at: Date): Promise<void> {
  await client.query(
    `INSERT INTO memberships (community_id, tenant_id, aad_object_id, joined_at)
     SELECT community_id, tenant_id, aad_object_id, $2 FROM community_organisers WHERE community_id = $1
     ON CONFLICT (community_id, tenant_id, aad_object_id) DO UPDATE SET joined_at = EXCLUDED.joined_at, left_at = NULL
       WHERE memberships.left_at IS NOT NULL`,
    [communityId, at],
  );
}
