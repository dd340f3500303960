import type { Pool } from 'pg';
import type { CommunityStatus, UserIdentity } from '../../src/domain/model';

/**
 * Builders for the rows no repository writes yet (communities, organisers, meetings, recordings), so
 * storage tests can set the scene in one line each. Plain SQL against the migrated schema.
 */

export const TENANT_ID = '0b7e2a51-9c3d-4f6e-8a10-7e57000000aa';

/** A distinct person of the test tenant: `person(1)`, `person(2)`… */
export function person(n: number, tenantId = TENANT_ID): UserIdentity {
  return { tenantId, aadObjectId: `7e570000-0000-4000-8000-${n.toString().padStart(12, '0')}` };
}

export interface CommunitySpec {
  readonly slug: string;
  readonly nameFr?: string;
  readonly nameEn?: string;
  readonly status?: CommunityStatus;
  readonly timeZone?: string;
}

/** Inserts a community and returns its id. */
export async function givenCommunity(pool: Pool, spec: CommunitySpec): Promise<string> {
  const nameFr = spec.nameFr ?? `Communauté ${spec.slug}`;
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO communities (slug, name_fr, name_en, summary_fr, summary_en, status, time_zone)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::text`,
    [
      spec.slug,
      nameFr,
      spec.nameEn ?? `Community ${spec.slug}`,
      `Résumé de ${nameFr}`,
      `Summary of ${spec.slug}`,
      spec.status ?? 'active',
      spec.timeZone ?? 'America/Toronto',
    ],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error(`community ${spec.slug} was not inserted`);
  return id;
}

export async function givenOrganiser(
  pool: Pool,
  communityId: string,
  user: UserIdentity,
  displayName: string,
  addedAt: Date,
): Promise<void> {
  await pool.query(
    'INSERT INTO community_organisers (community_id, tenant_id, aad_object_id, display_name, added_at) VALUES ($1, $2, $3, $4, $5)',
    [communityId, user.tenantId, user.aadObjectId, displayName, addedAt],
  );
}

export interface MeetingSpec {
  readonly startsAt: Date;
  readonly hours?: number;
  readonly title?: string;
  readonly kind?: 'in_person' | 'online';
  readonly location?: string | null;
  readonly status?: 'scheduled' | 'cancelled';
}

/** Inserts a meeting and returns its id. */
export async function givenMeeting(pool: Pool, communityId: string, spec: MeetingSpec): Promise<string> {
  const title = spec.title ?? `Rencontre du ${spec.startsAt.toISOString()}`;
  const endsAt = new Date(spec.startsAt.getTime() + (spec.hours ?? 1) * 3_600_000);
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO meetings (community_id, title_fr, title_en, kind, location, starts_at, ends_at, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id::text`,
    [communityId, title, `EN ${title}`, spec.kind ?? 'online', spec.location ?? null, spec.startsAt, endsAt, spec.status ?? 'scheduled'],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('meeting was not inserted');
  return id;
}

export async function givenRecording(pool: Pool, communityId: string, title: string): Promise<void> {
  await pool.query(
    `INSERT INTO recordings (community_id, title, url, recorded_on) VALUES ($1, $2, $3, '2030-01-10')`,
    [communityId, title, `https://example.org/recordings/${encodeURIComponent(title)}`],
  );
}

/** Number of rows of a table matching an optional condition; for asserting what a call did (or did not) write. */
export async function countRows(pool: Pool, table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table} WHERE ${where}`, params);
  return Number(rows[0]?.n ?? 0);
}

/** The SQLSTATE a statement fails with, or undefined when it succeeds. */
export async function sqlStateOf(statement: Promise<unknown>): Promise<string | undefined> {
  try {
    await statement;
    return undefined;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string') throw error;
    return code;
  }
}
