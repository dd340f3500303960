import { randomBytes } from 'node:crypto';
import { Client, type Pool } from 'pg';
import { type Database, openDatabase } from '../../src/storage/database';
import { migrate } from '../../src/storage/migrate';

/**
 * Test databases on both engines the app supports: the embedded PGlite (local mode, most tests) and a
 * real PostgreSQL server (production), the latter on the private server global-setup starts.
 */

/** A fresh in-memory PGlite database (~2 s to create, several hundred MB of memory: share one per file). */
export function createPgliteDatabase(): Promise<Database> {
  return openDatabase({ kind: 'embedded', dataDir: 'memory://' });
}

export interface ServerDatabase extends Database {
  readonly kind: 'server';
  /** Connection string of this database, e.g. to open a second pool as a second app instance would. */
  readonly url: string;
  readonly name: string;
}

/** A fresh, empty, uniquely named database on the test PostgreSQL server; close() drops it. */
export async function createServerDatabase(poolSize = 5): Promise<ServerDatabase> {
  const serverUrl = testPostgresUrl();
  const name = `cop_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'server', url: url.toString(), poolSize });
  return {
    pool: database.pool,
    kind: 'server',
    url: url.toString(),
    name,
    async close() {
      await database.close();
      // FORCE: a test that failed half-way may still hold connections from another pool.
      await onServer(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

function testPostgresUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) {
    throw new Error(
      'TEST_POSTGRES_URL is not set: run the tests through jest (tests/support/global-setup.ts starts a PostgreSQL server), ' +
        'or set it to a postgresql:// URL of a server where the tests may create databases.',
    );
  }
  return url;
}

async function onServer(url: string, work: (admin: Client) => Promise<unknown>): Promise<void> {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.end();
  }
}

/** Empties every table the migrations created, keeping the schema and its migration history. */
export async function deleteAllRows(pool: Pool): Promise<void> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`,
  );
  if (rows.length > 0) await pool.query(`TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`);
}

export interface TestStore {
  readonly kind: 'pglite' | 'postgresql';
  readonly label: string;
  createDatabase(): Promise<Database>;
}

export const TEST_STORES: readonly TestStore[] = [
  { kind: 'pglite', label: 'PGlite (embedded)', createDatabase: createPgliteDatabase },
  { kind: 'postgresql', label: 'PostgreSQL server', createDatabase: () => createServerDatabase() },
];

/** Declares the same suite once per store: `describeEachStore('memberships', (store) => { ... })`. */
export function describeEachStore(name: string, suite: (store: TestStore) => void): void {
  describe.each(TEST_STORES.map((store) => [store.label, store] as const))(`${name} — %s`, (_label, store) => suite(store));
}

export interface UseDatabaseOptions {
  /** Apply the migrations once, before the first test (default true). */
  readonly migrated?: boolean;
  /** Delete every row before each test, so each starts from an empty schema (default true when migrated). */
  readonly emptyBeforeEach?: boolean;
}

/**
 * One database for the enclosing describe block, created in beforeAll and closed (dropped) in afterAll.
 * Returns an accessor, since the database exists only once the hooks have run.
 */
export function useDatabase(store: TestStore, options: UseDatabaseOptions = {}): () => Database {
  const migrated = options.migrated ?? true;
  const emptyBeforeEach = options.emptyBeforeEach ?? migrated;
  let database: Database | undefined;
  beforeAll(async () => {
    database = await store.createDatabase();
    if (migrated) await migrate(database.pool);
  });
  if (emptyBeforeEach) beforeEach(() => deleteAllRows(current().pool));
  afterAll(async () => {
    await database?.close();
    database = undefined;
  });
  const current = (): Database => {
    if (!database) throw new Error('useDatabase(): the database is only available inside tests and hooks');
    return database;
  };
  return current;
}
