import type { Pool } from 'pg';
import type { CommunityWithCounts, Meeting, Organiser, Standing, UserIdentity } from '../domain/model';
import type { CataloguePage, CommunityRepository } from '../domain/ports';

export interface CommunityRow {
  id: string;
  slug: string;
  name_fr: string;
  name_en: string;
  summary_fr: string;
  summary_en: string;
  description_fr: string;
  description_en: string;
  status: CommunityWithCounts['status'];
  time_zone: string;
  team_id: string | null;
  member_count: string;
  interest_count: string;
}

const COLUMNS_WITH_COUNTS = `c.id::text, c.slug, c.name_fr, c.name_en, c.summary_fr, c.summary_en, c.description_fr, c.description_en,
         c.status, c.time_zone, c.team_id,
         coalesce(n.members, 0)::text AS member_count, coalesce(n.interests, 0)::text AS interest_count`;
const FROM_WITH_COUNTS = 'FROM communities c LEFT JOIN community_counts n ON n.community_id = c.id';
const VISIBLE_IN_ORDER = "WHERE c.status <> 'archived' ORDER BY c.status = 'active' DESC, lower(c.name_fr)";
/** The standing in c of the person ($1 tenant, $2 object id): primary-key probes, one per community. */
const STANDING_OF_PERSON = `EXISTS (SELECT 1 FROM memberships m
                  WHERE m.community_id = c.id AND m.tenant_id = $1 AND m.aad_object_id = $2 AND m.left_at IS NULL) AS member,
         EXISTS (SELECT 1 FROM interests i WHERE i.community_id = c.id AND i.tenant_id = $1 AND i.aad_object_id = $2) AS interested`;

export const SELECT_WITH_COUNTS = `SELECT ${COLUMNS_WITH_COUNTS} ${FROM_WITH_COUNTS}`;

// Statements on the per-message path are named: prepared once per connection, then only bound and executed,
// which roughly halves their cost on PGlite and saves a parse and plan per call on a server (bench/commands.ts).
export class PgCommunityRepository implements CommunityRepository {
  constructor(private readonly pool: Pool) {}

  async listVisible(): Promise<CommunityWithCounts[]> {
    const { rows } = await this.pool.query<CommunityRow>({
      name: 'communities.list-visible',
      text: `${SELECT_WITH_COUNTS} ${VISIBLE_IN_ORDER}`,
    });
    return rows.map(toCommunity);
  }

  async catalogueFor(user: UserIdentity): Promise<{ communities: CommunityWithCounts[]; standings: Map<string, Standing> }> {
    const { rows } = await this.pool.query<CommunityRow & { member: boolean; interested: boolean }>({
      name: 'communities.catalogue-for',
      text: `SELECT ${COLUMNS_WITH_COUNTS}, ${STANDING_OF_PERSON} ${FROM_WITH_COUNTS} ${VISIBLE_IN_ORDER}`,
      values: [user.tenantId, user.aadObjectId],
    });
    const standings = new Map<string, Standing>();
    for (const r of rows) if (r.member || r.interested) standings.set(r.id, { member: r.member, interested: r.interested });
    return { communities: rows.map(toCommunity), standings };
  }

  async cataloguePage(user: UserIdentity, after: Date, offset: number, limit: number): Promise<CataloguePage> {
    // The page first (500 communities sort in well under a millisecond), then, for its rows only, the
    // person's standing, the organisers, the next meeting and the recording count: one statement.
    const { rows } = await this.pool.query<
      CommunityRow & { total: string; member: boolean; interested: boolean; organisers: Organiser[]; next_meeting: NextMeetingJson | null; recording_count: string }
    >({
      name: 'communities.catalogue-page',
      text: `WITH page AS (
               SELECT ${COLUMNS_WITH_COUNTS}, c.status = 'active' AS active, lower(c.name_fr) AS sort_name, count(*) OVER () AS total
                 ${FROM_WITH_COUNTS} WHERE c.status <> 'archived'
                ORDER BY c.status = 'active' DESC, lower(c.name_fr), c.id LIMIT $3 OFFSET $4)
             SELECT page.*,
                    EXISTS (SELECT 1 FROM memberships m WHERE m.community_id = page.id::bigint AND m.tenant_id = $1 AND m.aad_object_id = $2 AND m.left_at IS NULL) AS member,
                    EXISTS (SELECT 1 FROM interests i WHERE i.community_id = page.id::bigint AND i.tenant_id = $1 AND i.aad_object_id = $2) AS interested,
                    (SELECT coalesce(json_agg(json_build_object('tenantId', o.tenant_id, 'aadObjectId', o.aad_object_id, 'displayName', o.display_name)
                                              ORDER BY o.added_at, o.display_name), '[]'::json)
                       FROM community_organisers o WHERE o.community_id = page.id::bigint) AS organisers,
                    (SELECT row_to_json(x) FROM (SELECT m.id::text AS id, m.title_fr, m.title_en, m.kind, m.location, m.starts_at, m.ends_at
                                                   FROM meetings m WHERE m.community_id = page.id::bigint AND m.status = 'scheduled' AND m.starts_at > $5
                                                  ORDER BY m.starts_at LIMIT 1) x) AS next_meeting,
                    (SELECT count(*) FROM recordings r WHERE r.community_id = page.id::bigint) AS recording_count
               FROM page ORDER BY page.active DESC, page.sort_name, page.id::bigint`,
      values: [user.tenantId, user.aadObjectId, limit, offset, after],
    });
    const total = rows[0] ? Number(rows[0].total) : offset === 0 ? 0 : (await this.listVisible()).length;
    return {
      total,
      entries: rows.map((r) => ({
        community: toCommunity(r),
        standing: { member: r.member, interested: r.interested },
        organisers: r.organisers,
        nextMeeting: r.next_meeting ? meetingOfJson(r.id, r.next_meeting) : undefined,
        recordingCount: Number(r.recording_count),
      })),
    };
  }

  async findBySlug(slug: string): Promise<CommunityWithCounts | undefined> {
    const { rows } = await this.pool.query<CommunityRow>({ name: 'communities.by-slug', text: `${SELECT_WITH_COUNTS} WHERE c.slug = $1`, values: [slug] });
    return rows[0] && toCommunity(rows[0]);
  }

  async findByTeamId(teamId: string): Promise<CommunityWithCounts | undefined> {
    const { rows } = await this.pool.query<CommunityRow>(`${SELECT_WITH_COUNTS} WHERE c.team_id = $1`, [teamId]);
    return rows[0] && toCommunity(rows[0]);
  }

  async recordGeneralChannel(communityId: string, channelId: string): Promise<void> {
    await this.pool.query('UPDATE communities SET general_channel_id = $2, updated_at = now() WHERE id = $1', [communityId, channelId]);
  }

  async organisersOf(communityId: string): Promise<Organiser[]> {
    const { rows } = await this.pool.query<{ tenant_id: string; aad_object_id: string; display_name: string }>(
      `SELECT tenant_id, aad_object_id, display_name FROM community_organisers WHERE community_id = $1 ORDER BY added_at, display_name`,
      [communityId],
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, aadObjectId: r.aad_object_id, displayName: r.display_name }));
  }

  async nextMeetingOf(communityId: string, after: Date): Promise<Meeting | undefined> {
    const { rows } = await this.pool.query<{
      id: string;
      community_id: string;
      title_fr: string;
      title_en: string;
      kind: Meeting['kind'];
      location: string | null;
      starts_at: Date;
      ends_at: Date;
    }>(
      `SELECT id::text, community_id::text, title_fr, title_en, kind, location, starts_at, ends_at
         FROM meetings WHERE community_id = $1 AND status = 'scheduled' AND starts_at > $2
        ORDER BY starts_at LIMIT 1`,
      [communityId, after],
    );
    const r = rows[0];
    if (!r) return undefined;
    return {
      id: r.id,
      communityId: r.community_id,
      title: { fr: r.title_fr, en: r.title_en },
      kind: r.kind,
      location: r.location,
      startsAt: new Date(r.starts_at),
      endsAt: new Date(r.ends_at),
    };
  }

  async recordingCountOf(communityId: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM recordings WHERE community_id = $1',
      [communityId],
    );
    return Number(rows[0]?.n ?? 0);
  }
}

interface NextMeetingJson {
  id: string;
  title_fr: string;
  title_en: string;
  kind: Meeting['kind'];
  location: string | null;
  starts_at: string;
  ends_at: string;
}

function meetingOfJson(communityId: string, m: NextMeetingJson): Meeting {
  return { id: m.id, communityId, title: { fr: m.title_fr, en: m.title_en }, kind: m.kind, location: m.location, startsAt: new Date(m.starts_at), endsAt: new Date(m.ends_at) };
}

export function toCommunity(r: CommunityRow): CommunityWithCounts {
  return {
    id: r.id,
    slug: r.slug,
    name: { fr: r.name_fr, en: r.name_en },
    summary: { fr: r.summary_fr, en: r.summary_en },
    description: { fr: r.description_fr, en: r.description_en },
    status: r.status,
    timeZone: r.time_zone,
    teamId: r.team_id,
    memberCount: Number(r.member_count),
    interestCount: Number(r.interest_count),
  };
}
