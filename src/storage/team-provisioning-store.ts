import type { Pool } from 'pg';
import type { UserIdentity } from '../domain/model';

/** What provisioning reads and writes about a community, in SQL. */
export class PgTeamProvisioningStore {
  constructor(private readonly pool: Pool) {}

  /** Organisers, current members and people who registered interest: everyone the team should hold. */
  async peopleToAdd(communityId: string): Promise<UserIdentity[]> {
    const { rows } = await this.pool.query<{ tenant_id: string; aad_object_id: string }>(
      `SELECT tenant_id, aad_object_id FROM community_organisers WHERE community_id = $1
       UNION
       SELECT tenant_id, aad_object_id FROM memberships WHERE community_id = $1 AND left_at IS NULL
       UNION
       SELECT tenant_id, aad_object_id FROM interests WHERE community_id = $1
       ORDER BY 1, 2`,
      [communityId],
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, aadObjectId: r.aad_object_id }));
  }

  /** The team exists and holds its people: the community is active from now on (unless archived meanwhile). */
  async recordTeam(communityId: string, teamId: string): Promise<'active' | 'archived' | undefined> {
    const { rows } = await this.pool.query<{ status: 'active' | 'archived' }>(
      `UPDATE communities SET team_id = $2, status = CASE WHEN status = 'archived' THEN status ELSE 'active' END, updated_at = now()
        WHERE id = $1 RETURNING status`,
      [communityId, teamId],
    );
    return rows[0]?.status;
  }
}
