import { buildPgliteTemplate } from '../../src/storage/pglite-template';
import { type PostgresServer, startPostgresServer } from './postgres-server';

/** Where global-teardown finds the server: jest runs both in its main process, sharing this global. */
export const POSTGRES_SERVER_HANDLE = Symbol.for('communities-of-practice.tests.postgres-server');

export type GlobalWithPostgres = typeof globalThis & { [POSTGRES_SERVER_HANDLE]?: PostgresServer };

/**
 * One private PostgreSQL server for the whole jest run; test workers read its URL from
 * TEST_POSTGRES_URL (jest starts them after this, with this process's environment).
 * A TEST_POSTGRES_URL already set (a CI service container, say) is used as is.
 */
export default async function globalSetup(): Promise<void> {
  // Every in-memory PGlite database of the run starts from this tarball instead of running initdb (~3× faster).
  await buildPgliteTemplate();
  if (process.env.TEST_POSTGRES_URL) return;
  const server = await startPostgresServer();
  (globalThis as GlobalWithPostgres)[POSTGRES_SERVER_HANDLE] = server;
  process.env.TEST_POSTGRES_URL = server.url;
}
