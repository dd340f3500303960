import type { Pool } from 'pg';
import type { Standing, UserIdentity } from '../domain/model';
import type { InterestOutcome, JoinOutcome, LeaveOutcome, MembershipRepository } from '../domain/ports';
import type { Transaction } from '../domain/provisioning-ports';

// Statements on the per-message path are named: prepared once per connection, then only bound and executed,
// which roughly halves their cost on PGlite and saves a parse and plan per call on a server (bench/commands.ts).
export class PgMembershipRepository implements MembershipRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * One statement, so two clicks at once cannot both "join": the primary key serialises them and
   * the returned flags say what this call did.
   */
  async join(communityId: string, user: UserIdentity, at: Date, tx?: Transaction): Promise<JoinOutcome> {
    const text = `INSERT INTO memberships (community_id, tenant_id, aad_object_id, joined_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (community_id, tenant_id, aad_object_id) DO UPDATE
         SET joined_at = EXCLUDED.joined_at, left_at = NULL
         WHERE memberships.left_at IS NOT NULL
       RETURNING (xmax = 0) AS inserted`;
    const values = [communityId, user.tenantId, user.aadObjectId, at];
    const { rows } = tx ? await tx.executeSql(text, values, 'memberships.join') : await this.pool.query({ name: 'memberships.join', text, values });
    const row = rows[0] as { inserted: boolean } | undefined;
    if (!row) return 'already_member';
    return row.inserted ? 'joined' : 'rejoined';
  }

  async leave(communityId: string, user: UserIdentity, at: Date): Promise<LeaveOutcome> {
    const { rowCount } = await this.pool.query(
      `UPDATE memberships SET left_at = greatest($4::timestamptz, joined_at)
        WHERE community_id = $1 AND tenant_id = $2 AND aad_object_id = $3 AND left_at IS NULL`,
      [communityId, user.tenantId, user.aadObjectId, at],
    );
    return rowCount === 1 ? 'left' : 'not_member';
  }

  async registerInterest(communityId: string, user: UserIdentity, at: Date): Promise<InterestOutcome> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO interests (community_id, tenant_id, aad_object_id, registered_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [communityId, user.tenantId, user.aadObjectId, at],
    );
    return rowCount === 1 ? 'registered' : 'already_interested';
  }

  async standingsOf(user: UserIdentity): Promise<Map<string, Standing>> {
    const { rows } = await this.pool.query<{ community_id: string; member: boolean; interested: boolean }>({
      name: 'memberships.standings-of',
      text: `SELECT community_id::text, bool_or(member) AS member, bool_or(interested) AS interested FROM (
         SELECT community_id, true AS member, false AS interested FROM memberships
          WHERE tenant_id = $1 AND aad_object_id = $2 AND left_at IS NULL
         UNION ALL
         SELECT community_id, false, true FROM interests WHERE tenant_id = $1 AND aad_object_id = $2
       ) s GROUP BY community_id`,
      values: [user.tenantId, user.aadObjectId],
    });
    return new Map(rows.map((r) => [r.community_id, { member: r.member, interested: r.interested }]));
  }
}
