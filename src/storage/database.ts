import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Pool } from 'pg';
import type { AppConfig } from '../config/config';
import { createPglitePool } from './pglite-pool';
import { defaultTemplatePath, pgliteOptions, readPgliteTemplate } from './pglite-template';

/**
 * One SQL dialect everywhere: application code only ever sees a `pg` pool. Without DATABASE_URL the pool
 * is backed by an embedded PGlite database (PostgreSQL compiled to WebAssembly) through this app's
 * connection to it (pglite-connection.ts); with DATABASE_URL it is an ordinary pool on a PostgreSQL server.
 */
export interface Database {
  readonly pool: Pool;
  readonly kind: 'embedded' | 'server';
  close(): Promise<void>;
}

/**
 * @param templatePath a tarball of an initdb'd PGlite cluster to start a fresh embedded database from
 *   (see pglite-template.ts); without one, PGlite runs initdb itself.
 */
export async function openDatabase(settings: AppConfig['database'], templatePath = defaultTemplatePath()): Promise<Database> {
  if (settings.kind === 'server') {
    const pool = new Pool({ connectionString: settings.url, max: settings.poolSize });
    pool.on('error', () => undefined); // idle-client errors resurface on the next query; don't crash the process
    return { pool, kind: 'server', close: () => pool.end() };
  }
  // PGlite ships ESM and CJS builds; loading it lazily keeps the server path free of the WebAssembly payload.
  const { PGlite } = await import('@electric-sql/pglite');
  const options = await pgliteOptions();
  const inMemory = settings.dataDir === 'memory://';
  const dir = inMemory ? undefined : path.resolve(settings.dataDir, 'pglite');
  const fresh = inMemory || !existsSync(path.join(dir as string, 'PG_VERSION'));
  const template = fresh ? await readPgliteTemplate(templatePath) : undefined;
  if (dir) await mkdir(dir, { recursive: true });
  const db = await PGlite.create(dir, template ? { ...options, loadDataDir: template } : options);
  const pool = createPglitePool(db);
  return {
    pool,
    kind: 'embedded',
    close: async () => {
      await pool.end();
      await db.close();
    },
  };
}
