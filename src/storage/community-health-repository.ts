import type { Pool } from 'pg';
import type { CommunityHealthStore } from '../application/community-health';

/** The health view's figures, from memberships.joined_at/left_at and the meetings' marked attendance. */
export class PgCommunityHealthRepository implements CommunityHealthStore {
  constructor(private readonly pool: Pool) {}

  async membersAt(communityId: string, instants: readonly Date[]): Promise<number[]> {
    if (instants.length === 0) return [];
    const { rows } = await this.pool.query<{ position: number; members: string }>(
      `SELECT t.position::int AS position, count(ms.aad_object_id)::text AS members
         FROM unnest($2::timestamptz[]) WITH ORDINALITY AS t(at, position)
         LEFT JOIN memberships ms ON ms.community_id = $1 AND ms.joined_at <= t.at AND (ms.left_at IS NULL OR ms.left_at > t.at)
        GROUP BY t.position ORDER BY t.position`,
      [communityId, instants.map((d) => d.toISOString())],
    );
    return rows.map((r) => Number(r.members));
  }

  async attendanceOf(communityId: string, since: Date, now: Date): Promise<{ attended: number; expected: number }> {
    const { rows } = await this.pool.query<{ attended: string; expected: string }>(
      `SELECT count(*) FILTER (WHERE r.attended)::text AS attended,
              count(*) FILTER (WHERE r.seat = 'confirmed' OR r.answer = 'online')::text AS expected
         FROM meetings m JOIN meeting_registrations r ON r.meeting_id = m.id
        WHERE m.community_id = $1 AND m.status <> 'cancelled' AND m.starts_at > $2 AND m.starts_at <= $3
          AND EXISTS (SELECT 1 FROM meeting_registrations a WHERE a.meeting_id = m.id AND a.attended IS NOT NULL)`,
      [communityId, since, now],
    );
    return { attended: Number(rows[0]?.attended ?? 0), expected: Number(rows[0]?.expected ?? 0) };
  }
}
