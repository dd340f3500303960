import type { Pool } from 'pg';
import type { Recording, RecordingFacets, RecordingPage, RecordingPlan, RecordingQuery, RecordingStore, RecordingViewer } from '../domain/recordings/recording';
import { foldText } from '../domain/text-normalization';
import { withTransaction } from './transaction';

interface RecordingRow {
  id: string;
  community_id: string;
  slug: string;
  name_fr: string;
  name_en: string;
  meeting_id: string | null;
  meeting_title_fr: string | null;
  meeting_title_en: string | null;
  title: string;
  description: string;
  speakers: string[];
  url: string;
  recorded_on: string;
  visibility: Recording['visibility'];
  published_at: Date;
  expires_at: Date | null;
  graph_recording_id: string | null;
}

const COLUMNS = `r.id::text, r.community_id::text, c.slug, c.name_fr, c.name_en, r.meeting_id::text,
  m.title_fr AS meeting_title_fr, m.title_en AS meeting_title_en, r.title, r.description, r.speakers, r.url,
  to_char(r.recorded_on, 'YYYY-MM-DD') AS recorded_on, r.visibility, r.published_at, r.expires_at, r.graph_recording_id`;
const FROM = 'FROM recordings r JOIN communities c ON c.id = r.community_id LEFT JOIN meetings m ON m.id = r.meeting_id';

/**
 * The recordings library in SQL. Searches are one statement: the conditions present are ANDed (each
 * parameterised; the statement is named by which are present, so each shape is prepared once per
 * connection), the full-text match goes through the GIN index on search_vector, the order through
 * (recorded_on DESC, id DESC).
 */
export class PgRecordingRepository implements RecordingStore {
  constructor(private readonly pool: Pool) {}

  async publish(plan: RecordingPlan): Promise<Recording | undefined> {
    const id = await withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO recordings (community_id, meeting_id, title, description, speakers, url, recorded_on, visibility,
                                 graph_recording_id, expires_at, published_by, search_text)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (graph_recording_id) DO NOTHING RETURNING id::text`,
        [plan.communityId, plan.meetingId, plan.title, plan.description, plan.speakers, plan.url, plan.recordedOn, plan.visibility,
          plan.graphRecordingId, plan.expiresAt, plan.publishedBy, plan.searchText],
      );
      const inserted = rows[0]?.id;
      if (inserted === undefined || plan.speakers.length === 0) return inserted;
      await client.query(
        `INSERT INTO recording_speakers (recording_id, position, name, folded)
         SELECT $1, s.position, s.name, s.folded FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS s(name, folded, position)`,
        [inserted, plan.speakers, plan.speakers.map(foldText)],
      );
      return inserted;
    });
    if (id === undefined) return undefined;
    const { rows } = await this.pool.query<RecordingRow>(`SELECT ${COLUMNS} ${FROM} WHERE r.id = $1`, [id]);
    return rows[0] && toRecording(rows[0]);
  }

  async search(viewer: RecordingViewer, query: RecordingQuery): Promise<RecordingPage> {
    const where = new Conditions();
    where.visibleTo(viewer);
    if (query.words.length > 0) where.add('r.search_vector @@ to_tsquery(\'simple\', $?)', 'text', query.words.map((w) => `${w}:*`).join(' & '));
    if (query.communitySlug !== undefined) where.add('c.slug = $?', 'community', query.communitySlug);
    if (query.speaker !== undefined) where.add('EXISTS (SELECT 1 FROM recording_speakers s WHERE s.recording_id = r.id AND s.folded = $?)', 'speaker', query.speaker);
    if (query.year !== undefined) where.add("r.recorded_on >= make_date($?::int, 1, 1) AND r.recorded_on < make_date($?::int + 1, 1, 1)", 'year', query.year, query.year);
    const values = [...where.values, query.limit, query.offset];
    const { rows } = await this.pool.query<RecordingRow>({
      name: `recordings.search${where.shape}`,
      text: `SELECT ${COLUMNS} ${FROM} ${where.sql()}
             ORDER BY r.recorded_on DESC, r.id DESC LIMIT $${values.length - 1} OFFSET $${values.length}`,
      values,
    });
    // A short first page is the whole result; otherwise the total is counted apart, on recordings alone
    // (communities only for the community filter), which costs far less than carrying a count on every row.
    const total =
      query.offset === 0 && rows.length < query.limit
        ? rows.length
        : Number(
            (
              await this.pool.query<{ total: string }>({
                name: `recordings.count${where.shape}`,
                text: `SELECT count(*) AS total FROM recordings r${query.communitySlug === undefined ? '' : ' JOIN communities c ON c.id = r.community_id'} ${where.sql()}`,
                values: where.values,
              })
            ).rows[0]?.total ?? 0,
          );
    return { items: rows.map(toRecording), total };
  }

  async facets(viewer: RecordingViewer): Promise<RecordingFacets> {
    const where = new Conditions();
    where.visibleTo(viewer);
    const communities = await this.pool.query<{ id: string; slug: string; name_fr: string; name_en: string }>(
      `SELECT c.id::text, c.slug, c.name_fr, c.name_en FROM communities c
        WHERE EXISTS (SELECT 1 FROM recordings r ${where.sql()} AND r.community_id = c.id) ORDER BY lower(c.name_fr)`,
      where.values,
    );
    const speakers = await this.pool.query<{ name: string }>(
      `SELECT min(s.name) AS name FROM recording_speakers s JOIN recordings r ON r.id = s.recording_id ${where.sql()}
        GROUP BY s.folded ORDER BY s.folded LIMIT 500`,
      where.values,
    );
    const years = await this.pool.query<{ year: number }>(
      `SELECT DISTINCT extract(year FROM r.recorded_on)::int AS year FROM recordings r ${where.sql()} ORDER BY year DESC`,
      where.values,
    );
    return {
      communities: communities.rows.map((r) => ({ id: r.id, slug: r.slug, name: { fr: r.name_fr, en: r.name_en } })),
      speakers: speakers.rows.map((r) => r.name),
      years: years.rows.map((r) => Number(r.year)),
    };
  }

  async ofMeetings(viewer: RecordingViewer, meetingIds: readonly string[]): Promise<Map<string, Recording[]>> {
    const where = new Conditions();
    where.visibleTo(viewer);
    where.add('r.meeting_id = ANY($?::bigint[])', 'meetings', meetingIds);
    const { rows } = await this.pool.query<RecordingRow>(`SELECT ${COLUMNS} ${FROM} ${where.sql()} ORDER BY r.recorded_on DESC, r.id DESC`, where.values);
    const byMeeting = new Map<string, Recording[]>();
    for (const row of rows) {
      const list = byMeeting.get(row.meeting_id ?? '') ?? [];
      list.push(toRecording(row));
      byMeeting.set(row.meeting_id ?? '', list);
    }
    return byMeeting;
  }

  async publicCountsByCommunity(): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ community_id: string; n: string }>(
      "SELECT community_id::text, count(*) AS n FROM recordings WHERE visibility = 'public' GROUP BY community_id",
    );
    return new Map(rows.map((r) => [r.community_id, Number(r.n)]));
  }
}

/** A WHERE clause built from the conditions present, `$?` standing for the next parameter. */
class Conditions {
  private readonly parts: string[] = [];
  readonly values: unknown[] = [];
  shape = '';

  visibleTo(viewer: RecordingViewer): void {
    if (viewer.kind === 'public') {
      this.parts.push("r.visibility = 'public'");
      this.shape += '.public';
    } else if (viewer.communityIds !== 'all') {
      this.add("(r.visibility = 'public' OR r.community_id = ANY($?::bigint[]))", 'person', viewer.communityIds);
    }
  }

  add(sql: string, name: string, ...values: unknown[]): void {
    let text = sql;
    for (const value of values) {
      this.values.push(value);
      text = text.replace('$?', `$${this.values.length}`);
    }
    this.parts.push(text);
    this.shape += `.${name}`;
  }

  sql(): string {
    return this.parts.length === 0 ? 'WHERE true' : `WHERE ${this.parts.join(' AND ')}`;
  }
}

function toRecording(row: RecordingRow): Recording {
  return {
    id: row.id,
    community: { id: row.community_id, slug: row.slug, name: { fr: row.name_fr, en: row.name_en } },
    meeting: row.meeting_id === null ? null : { id: row.meeting_id, title: { fr: row.meeting_title_fr ?? '', en: row.meeting_title_en ?? '' } },
    title: row.title,
    description: row.description,
    speakers: row.speakers,
    url: row.url,
    recordedOn: row.recorded_on,
    visibility: row.visibility,
    publishedAt: row.published_at,
    expiresAt: row.expires_at,
    graphRecordingId: row.graph_recording_id,
  };
}
