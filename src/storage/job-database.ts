import type { Database } from './database';

/** The statements pg-boss runs on the app's pool, in the shape of its `db` option. */
export interface JobDatabase {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  setSessionStatements?(statements: string[]): Promise<void>;
}

/**
 * pg-boss on the app's own pool rather than a pool (or, on PGlite, an adapter) of its own: on the
 * embedded database there is one connection, and a job sent through a second path while the app held a
 * transaction open landed inside that transaction and was lost when it rolled back
 * (reference/stack-notes.md, addendum 2). Through the pool, pg-boss waits for the transaction like
 * everyone else; a send that belongs to a transaction passes that transaction instead.
 *
 * On the embedded database every client shares PGlite's single session, so per-session settings
 * (pg-boss's test clock is one) need running once; a server pool would need them on every
 * connection, which this adapter does not offer, so pg-boss refuses a test clock there.
 */
export function jobDatabaseOf(database: Database): JobDatabase {
  const executeSql = (text: string, values?: unknown[]) => database.pool.query(text, values);
  if (database.kind === 'server') return { executeSql };
  return {
    executeSql,
    async setSessionStatements(statements) {
      for (const statement of statements) await database.pool.query(statement);
    },
  };
}
