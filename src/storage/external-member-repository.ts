import type { Pool } from 'pg';
import type { ExternalMember, ExternalMemberRepository } from '../domain/ports';

interface ExternalMemberRow {
  community_id: string;
  email: string;
  display_name: string;
  guest_aad_object_id: string | null;
  status: ExternalMember['status'];
  reason: string | null;
  invited_at: Date;
}

/** The guest setting of each community and the externals organisers brought in (005_external_members.sql). */
export class PgExternalMemberRepository implements ExternalMemberRepository {
  constructor(private readonly pool: Pool) {}

  async guestsAllowed(communityId: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ guests_allowed: boolean }>('SELECT guests_allowed FROM communities WHERE id = $1', [communityId]);
    return rows[0]?.guests_allowed ?? false;
  }

  async setGuestsAllowed(communityId: string, allowed: boolean, at: Date): Promise<'changed' | 'unchanged'> {
    const { rowCount } = await this.pool.query(
      'UPDATE communities SET guests_allowed = $2, updated_at = $3 WHERE id = $1 AND guests_allowed IS DISTINCT FROM $2',
      [communityId, allowed, at],
    );
    return rowCount === 1 ? 'changed' : 'unchanged';
  }

  async find(communityId: string, email: string): Promise<ExternalMember | undefined> {
    const { rows } = await this.pool.query<ExternalMemberRow>(
      `SELECT community_id::text, email, display_name, guest_aad_object_id, status, reason, invited_at
         FROM external_members WHERE community_id = $1 AND lower(email) = lower($2)`,
      [communityId, email],
    );
    const row = rows[0];
    return row && {
      communityId: row.community_id,
      email: row.email,
      displayName: row.display_name,
      guestAadObjectId: row.guest_aad_object_id,
      status: row.status,
      reason: row.reason,
      invitedAt: row.invited_at,
    };
  }

  async record(member: ExternalMember): Promise<void> {
    await this.pool.query(
      `INSERT INTO external_members (community_id, email, display_name, guest_aad_object_id, status, reason, invited_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (community_id, lower(email)) DO UPDATE
         SET display_name = EXCLUDED.display_name, guest_aad_object_id = EXCLUDED.guest_aad_object_id,
             status = EXCLUDED.status, reason = EXCLUDED.reason, invited_at = EXCLUDED.invited_at`,
      [member.communityId, member.email, member.displayName, member.guestAadObjectId, member.status, member.reason, member.invitedAt],
    );
  }
}
