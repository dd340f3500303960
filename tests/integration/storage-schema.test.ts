import { copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/storage/database';
import { isSchemaCurrent, migrate } from '../../src/storage/migrate';
import { createServerDatabase, deleteAllRows, describeEachStore, useDatabase } from '../support/databases';
import { countRows, givenCommunity, person, sqlStateOf } from '../support/storage-scenarios';

const MIGRATIONS_DIR = path.join(__dirname, '../../src/storage/migrations');
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
const CHECK_VIOLATION = '23514';

async function shippedMigrations(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
}

/** A copy of the shipped migrations plus extra files, as a later release would have them. */
async function migrationsWith(extra: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cop-migrations-'));
  for (const file of await shippedMigrations()) await copyFile(path.join(MIGRATIONS_DIR, file), path.join(dir, file));
  for (const [file, sql] of Object.entries(extra)) await writeFile(path.join(dir, file), sql);
  return dir;
}

describeEachStore('schema', (store) => {
  const db = useDatabase(store, { migrated: false });

  describe('migrations', () => {
    test('a database that was never migrated is not reported ready', async () => {
      const ready = await isSchemaCurrent(db().pool).catch(() => false); // as /readyz treats a failure
      expect(ready).toBe(false);
    });

    test('the first run applies every shipped migration in order, after which the schema is current', async () => {
      const report = await migrate(db().pool);

      const shipped = await shippedMigrations();
      expect(shipped.length).toBeGreaterThan(0);
      expect(report.applied).toEqual(shipped);
      expect(report.latest).toBe(shipped.at(-1));
      await expect(isSchemaCurrent(db().pool)).resolves.toBe(true);
    });

    test('running the migrations again applies nothing and records nothing twice', async () => {
      await migrate(db().pool);
      const again = await migrate(db().pool);

      expect(again.applied).toEqual([]);
      expect(await countRows(db().pool, 'schema_migrations')).toBe((await shippedMigrations()).length);
    });

    test('a migration added by a later release is applied on the next run, and only that one', async () => {
      await migrate(db().pool);
      const dir = await migrationsWith({ '900_later_release.sql': 'CREATE TABLE later_release_probe (id int PRIMARY KEY);' });
      try {
        await expect(isSchemaCurrent(db().pool, dir)).resolves.toBe(false);

        const report = await migrate(db().pool, dir);

        expect(report.applied).toEqual(['900_later_release.sql']);
        await expect(isSchemaCurrent(db().pool, dir)).resolves.toBe(true);
        expect(await countRows(db().pool, 'later_release_probe')).toBe(0);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    test('a migration that fails half-way leaves neither its changes nor its record behind', async () => {
      await migrate(db().pool);
      const dir = await migrationsWith({ '901_broken.sql': 'CREATE TABLE half_done (id int);\nSELECT 1 / 0;' });
      try {
        expect(await sqlStateOf(migrate(db().pool, dir))).toBe('22012'); // division_by_zero

        expect(await countRows(db().pool, 'schema_migrations', 'name = $1', ['901_broken.sql'])).toBe(0);
        expect(await countRows(db().pool, 'pg_tables', "tablename = 'half_done'")).toBe(0);
        await expect(isSchemaCurrent(db().pool, dir)).resolves.toBe(false);
        await expect(isSchemaCurrent(db().pool)).resolves.toBe(true);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe('constraints', () => {
    beforeAll(() => migrate(db().pool));
    beforeEach(() => deleteAllRows(db().pool));

    const member = person(1);
    const insertMembership = (communityId: string, joinedAt?: Date, leftAt?: Date) =>
      db().pool.query(
        `INSERT INTO memberships (community_id, tenant_id, aad_object_id, joined_at, left_at)
         VALUES ($1, $2, $3, coalesce($4, now()), $5)`,
        [communityId, member.tenantId, member.aadObjectId, joinedAt ?? null, leftAt ?? null],
      );

    test('a person is a member of a community at most once', async () => {
      const id = await givenCommunity(db().pool, { slug: 'reseautique' });
      await insertMembership(id);

      expect(await sqlStateOf(insertMembership(id))).toBe(UNIQUE_VIOLATION);
      expect(await countRows(db().pool, 'memberships')).toBe(1);
    });

    test('a membership belongs to an existing community', async () => {
      expect(await sqlStateOf(insertMembership('424242'))).toBe(FOREIGN_KEY_VIOLATION);
    });

    test('a membership cannot end before it began', async () => {
      const id = await givenCommunity(db().pool, { slug: 'reseautique' });
      const leftBeforeJoining = insertMembership(id, new Date('2030-01-02T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));

      expect(await sqlStateOf(leftBeforeJoining)).toBe(CHECK_VIOLATION);
    });

    test('deleting a community deletes its memberships and interests', async () => {
      const id = await givenCommunity(db().pool, { slug: 'reseautique' });
      await insertMembership(id);
      await db().pool.query('INSERT INTO interests (community_id, tenant_id, aad_object_id) VALUES ($1, $2, $3)', [
        id,
        member.tenantId,
        member.aadObjectId,
      ]);

      await db().pool.query('DELETE FROM communities WHERE id = $1', [id]);

      expect(await countRows(db().pool, 'memberships')).toBe(0);
      expect(await countRows(db().pool, 'interests')).toBe(0);
    });

    test('a community is en_preparation, active or archived, nothing else', async () => {
      for (const status of ['en_preparation', 'active', 'archived'] as const) {
        await givenCommunity(db().pool, { slug: `statut-${status.replace('_', '-')}`, status });
      }
      const unknownStatus = await sqlStateOf(
        db().pool.query(
          `INSERT INTO communities (slug, name_fr, name_en, summary_fr, summary_en, status) VALUES ('x', 'X', 'X', '', '', 'dormant')`,
        ),
      );

      expect(unknownStatus).toBe(CHECK_VIOLATION);
      expect(await countRows(db().pool, 'communities')).toBe(3);
    });

    test.each([
      ['capitals', 'Infonuagique'],
      ['a space', 'science donnees'],
      ['a double hyphen', 'science--donnees'],
      ['a leading hyphen', '-donnees'],
      ['a trailing hyphen', 'donnees-'],
      ['an accent', 'sécurité'],
      ['an underscore', 'science_donnees'],
      ['nothing', ''],
      ['more than 60 characters', 'a'.repeat(61)],
    ])('a slug with %s is refused', async (_why, slug) => {
      expect(await sqlStateOf(givenCommunity(db().pool, { slug }))).toBe(CHECK_VIOLATION);
    });

    test('a slug of lower-case words joined by single hyphens, up to 60 characters, is accepted', async () => {
      await givenCommunity(db().pool, { slug: 'science-des-donnees-2030' });
      await givenCommunity(db().pool, { slug: 'a'.repeat(60) });

      expect(await countRows(db().pool, 'communities')).toBe(2);
    });

    test('two communities cannot share a slug', async () => {
      await givenCommunity(db().pool, { slug: 'infonuagique' });

      expect(await sqlStateOf(givenCommunity(db().pool, { slug: 'infonuagique', nameFr: 'Autre' }))).toBe(UNIQUE_VIOLATION);
    });

    test('when a statement fails, a query sent that very moment still gets its own answer, and so do the next ones', async () => {
      const id = await givenCommunity(db().pool, { slug: 'reseautique' });
      await insertMembership(id);

      // The callback form runs as the pool discards the failed client: the next query lands on a new one at once.
      const { failure, next } = await new Promise<{ failure: string | undefined; next: Promise<number | undefined> }>((resolve) =>
        db().pool.query(
          'INSERT INTO memberships (community_id, tenant_id, aad_object_id) VALUES ($1, $2, $3)',
          [id, member.tenantId, member.aadObjectId],
          (error: (Error & { code?: string }) | undefined) =>
            resolve({
              failure: error?.code,
              next: db().pool.query<{ n: number }>('SELECT $1::int AS n', [42]).then((r) => r.rows[0]?.n),
            }),
        ),
      );

      expect(failure).toBe(UNIQUE_VIOLATION);
      expect(await next).toBe(42);
      const answers = await Promise.all(
        [1, 2, 3].map(async (n) => (await db().pool.query<{ n: number }>('SELECT $1::int AS n', [n])).rows[0]?.n),
      );
      expect(answers).toEqual([1, 2, 3]);
    });

    test('a meeting ends after it starts, and a recording link is https', async () => {
      const id = await givenCommunity(db().pool, { slug: 'infonuagique' });
      const at = new Date('2030-01-20T14:00:00Z');
      const endsBeforeStart = await sqlStateOf(
        db().pool.query(
          `INSERT INTO meetings (community_id, title_fr, title_en, kind, starts_at, ends_at) VALUES ($1, 'T', 'T', 'online', $2, $2)`,
          [id, at],
        ),
      );
      const plainHttp = await sqlStateOf(
        db().pool.query(
          `INSERT INTO recordings (community_id, title, url, recorded_on) VALUES ($1, 'T', 'http://example.org/r', '2030-01-10')`,
          [id],
        ),
      );

      expect(endsBeforeStart).toBe(CHECK_VIOLATION);
      expect(plainHttp).toBe(CHECK_VIOLATION);
    });
  });
});

describe('two app instances starting at once on the same PostgreSQL database', () => {
  test('both migrations succeed and each migration is applied exactly once', async () => {
    const first = await createServerDatabase();
    const second = await openDatabase({ kind: 'server', url: first.url, poolSize: 5 });
    try {
      const reports = await Promise.all([migrate(first.pool), migrate(second.pool)]);

      const shipped = await shippedMigrations();
      expect(reports.map((r) => r.applied).sort((a, b) => b.length - a.length)).toEqual([shipped, []]);
      const { rows } = await first.pool.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
      expect(rows.map((r) => r.name)).toEqual(shipped);
      await expect(isSchemaCurrent(second.pool)).resolves.toBe(true);
    } finally {
      await second.close();
      await first.close();
    }
  });
});
