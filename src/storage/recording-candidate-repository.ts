import type { Pool } from 'pg';
import type { Transaction } from '../domain/provisioning-ports';
import type { PastMeeting, RecordingCandidate, RecordingCandidateStore, TeamsMeetingRow } from '../domain/recordings/recording-candidates';

interface CandidateRow {
  graph_recording_id: string;
  meeting_id: string;
  online_meeting_id: string;
  content_url: string | null;
  recording_created_at: Date;
  recording_ended_at: Date | null;
  expires_at: Date | null;
  status: RecordingCandidate['status'];
  found_at: Date;
}

interface MeetingRow {
  meeting_id: string;
  community_id: string;
  calendar_owner: string;
  join_url: string;
  online_meeting_id: string | null;
  title_fr: string;
  title_en: string;
  starts_at: Date;
  ends_at: Date;
}

const CANDIDATE_COLUMNS =
  'graph_recording_id, meeting_id::text, online_meeting_id, content_url, recording_created_at, recording_ended_at, expires_at, status, found_at';

/** Recording candidates found through Graph, the onlineMeeting ids of meetings, and the delta link per mailbox (migration 013). */
export class PgRecordingCandidateRepository implements RecordingCandidateStore {
  constructor(private readonly pool: Pool) {}

  async addIfNew(tx: Transaction, candidate: Omit<RecordingCandidate, 'status'>): Promise<boolean> {
    const { rows } = await tx.executeSql(
      `INSERT INTO recording_candidates
         (graph_recording_id, meeting_id, online_meeting_id, content_url, recording_created_at, recording_ended_at, expires_at, found_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (graph_recording_id) DO NOTHING
       RETURNING id`,
      [
        candidate.graphRecordingId,
        candidate.meetingId,
        candidate.onlineMeetingId,
        candidate.contentUrl ?? null,
        candidate.createdAt,
        candidate.endedAt ?? null,
        candidate.expiresAt ?? null,
        candidate.foundAt,
      ],
    );
    return rows.length === 1;
  }

  async find(graphRecordingId: string): Promise<RecordingCandidate | undefined> {
    const { rows } = await this.pool.query<CandidateRow>(`SELECT ${CANDIDATE_COLUMNS} FROM recording_candidates WHERE graph_recording_id = $1`, [graphRecordingId]);
    return rows[0] ? toCandidate(rows[0]) : undefined;
  }

  async settle(tx: Transaction, graphRecordingId: string, status: 'published' | 'dismissed', at: Date): Promise<boolean> {
    const { rows } = await tx.executeSql(
      "UPDATE recording_candidates SET status = $2, settled_at = $3 WHERE graph_recording_id = $1 AND status = 'proposed' RETURNING id",
      [graphRecordingId, status, at],
    );
    return rows.length === 1;
  }

  async teamsMeetingsEnded(from: Date, to: Date): Promise<TeamsMeetingRow[]> {
    const { rows } = await this.pool.query<MeetingRow>(
      `SELECT m.id::text AS meeting_id, m.community_id::text, m.calendar_owner, m.join_url, o.online_meeting_id,
              m.title_fr, m.title_en, m.starts_at, m.ends_at
         FROM meetings m LEFT JOIN meeting_online_meetings o ON o.meeting_id = m.id
        WHERE m.online_status = 'created' AND m.status = 'scheduled' AND m.join_url IS NOT NULL AND m.calendar_owner IS NOT NULL
          AND m.ends_at >= $1 AND m.ends_at <= $2
        ORDER BY m.ends_at, m.id`,
      [from, to],
    );
    return rows.map((r) => ({
      meetingId: r.meeting_id,
      communityId: r.community_id,
      mailbox: r.calendar_owner,
      joinUrl: r.join_url,
      onlineMeetingId: r.online_meeting_id ?? undefined,
      titleFr: r.title_fr,
      titleEn: r.title_en,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
    }));
  }

  async pastMeetings(communityId: string, before: Date, limit: number): Promise<PastMeeting[]> {
    const { rows } = await this.pool.query<{ id: string; title_fr: string; starts_at: Date }>(
      `SELECT id::text, title_fr, starts_at FROM meetings
        WHERE community_id = $1 AND status = 'scheduled' AND starts_at <= $2 ORDER BY starts_at DESC, id DESC LIMIT $3`,
      [communityId, before, limit],
    );
    return rows.map((r) => ({ meetingId: r.id, title: r.title_fr, startsAt: r.starts_at }));
  }

  async rememberOnlineMeetingId(meetingId: string, onlineMeetingId: string, at: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO meeting_online_meetings (meeting_id, online_meeting_id, found_at) VALUES ($1, $2, $3)
       ON CONFLICT (meeting_id) DO UPDATE SET online_meeting_id = EXCLUDED.online_meeting_id, found_at = EXCLUDED.found_at`,
      [meetingId, onlineMeetingId, at],
    );
  }

  async deltaLinkOf(mailbox: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ delta_link: string }>('SELECT delta_link FROM recording_delta_links WHERE mailbox = $1', [mailbox.toLowerCase()]);
    return rows[0]?.delta_link;
  }

  async saveDeltaLink(mailbox: string, deltaLink: string, at: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO recording_delta_links (mailbox, delta_link, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (mailbox) DO UPDATE SET delta_link = EXCLUDED.delta_link, updated_at = EXCLUDED.updated_at`,
      [mailbox.toLowerCase(), deltaLink, at],
    );
  }
}

function toCandidate(r: CandidateRow): RecordingCandidate {
  return {
    graphRecordingId: r.graph_recording_id,
    meetingId: r.meeting_id,
    onlineMeetingId: r.online_meeting_id,
    contentUrl: r.content_url ?? undefined,
    createdAt: r.recording_created_at,
    endedAt: r.recording_ended_at ?? undefined,
    expiresAt: r.expires_at ?? undefined,
    status: r.status,
    foundAt: r.found_at,
  };
}
