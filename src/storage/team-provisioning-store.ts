import type { Pool } from 'pg';
import type { TeamProvisioningStore, Transaction } from '../domain/provisioning-ports';
import type { PersonToAdd } from '../domain/team-provisioning';

/** What provisioning reads and writes about a community, in SQL. */
export class PgTeamProvisioningStore implements TeamProvisioningStore {
  constructor(private readonly pool: Pool) {}

  /**
   * Organisers, current members and people who registered interest: everyone the team should hold, with
   * the name the app knows them by (users, else the organiser's recorded name), so that the organiser can
   * be told who could not be added.
   */
  async peopleToAdd(communityId: string, tx?: Transaction): Promise<PersonToAdd[]> {
    const query = (text: string, values: unknown[]): Promise<{ rows: unknown[] }> => (tx ? tx.executeSql(text, values) : this.pool.query(text, values));
    const result = await query(
      `SELECT p.tenant_id, p.aad_object_id, COALESCE(u.display_name, o.display_name) AS display_name
         FROM (SELECT tenant_id, aad_object_id FROM community_organisers WHERE community_id = $1
               UNION
               SELECT tenant_id, aad_object_id FROM memberships WHERE community_id = $1 AND left_at IS NULL
               UNION
               SELECT tenant_id, aad_object_id FROM interests WHERE community_id = $1) AS p
         LEFT JOIN users u ON u.tenant_id = p.tenant_id AND u.aad_object_id = p.aad_object_id
         LEFT JOIN community_organisers o ON o.community_id = $1 AND o.tenant_id = p.tenant_id AND o.aad_object_id = p.aad_object_id
        ORDER BY 1, 2`,
      [communityId],
    );
    const rows = result.rows as { tenant_id: string; aad_object_id: string; display_name: string | null }[];
    return rows.map((r) => ({ tenantId: r.tenant_id, aadObjectId: r.aad_object_id, displayName: r.display_name }));
  }

  async externalPeople(communityId: string, tx: Transaction): Promise<{ email: string; name: string }[]> {
    const { rows } = await tx.executeSql('SELECT email, display_name FROM external_members WHERE community_id = $1 ORDER BY lower(email)', [communityId]);
    return (rows as { email: string; display_name: string }[]).map((r) => ({ email: r.email, name: r.display_name }));
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
