import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Pool } from 'pg';
import { withTransaction } from './transaction';

const MIGRATIONS_DIR = path.join(__dirname, 'migrations');
// Any constant works; it only has to be the same for every instance of this app.
const MIGRATION_LOCK_KEY = 4_815_162_342;

export interface MigrationReport {
  readonly applied: readonly string[];
  readonly latest: string | undefined;
}

/**
 * Applies the plain-SQL files in migrations/ in name order, each in its own transaction.
 * A transaction-level advisory lock serialises instances that start at the same time: the second
 * waits, then sees the first one's rows in schema_migrations and applies nothing.
 */
export async function migrate(pool: Pool, dir = MIGRATIONS_DIR): Promise<MigrationReport> {
  const files = (await readdir(dir)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  await withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    for (const file of files) {
      if (done.has(file)) continue;
      const sql = await readFile(path.join(dir, file), 'utf8');
      await client.query(sql);
      await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
      applied.push(file);
    }
  });
  return { applied, latest: files.at(-1) };
}

/** True when every migration file has been applied: what /readyz reports. */
export async function isSchemaCurrent(pool: Pool, dir = MIGRATIONS_DIR): Promise<boolean> {
  const files = (await readdir(dir)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f));
  const result = await pool.query<{ n: string }>(
    "SELECT count(*)::text AS n FROM schema_migrations WHERE name = ANY($1::text[])",
    [files],
  );
  return Number(result.rows[0]?.n ?? 0) === files.length;
}
