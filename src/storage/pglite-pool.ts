import type { PGlite } from '@electric-sql/pglite';
import { Client, Pool } from 'pg';

type ConnectCallback = ((err: Error) => void) | ((err: null, client: Client) => void);

/**
 * A `pg` pool over an embedded PGlite database, through PGlite's node-postgres adapter.
 *
 * Why not just `new Pool(createPgConfig(db))`: the adapter (PGlite 0.5.16) hands the same connection
 * object to every client the pool creates, and pg-pool discards a client after *any* failed
 * `pool.query` (a unique violation, say). The discarded client's 'end' is emitted only once the
 * connection's queue has drained, by which time the pool may already have attached the next client:
 * that client then fails with "Connection terminated unexpectedly", and the ones after it receive
 * replies meant for others ("Received unexpected rowDescription message from backend").
 * tests/integration/storage-schema.test.ts reproduces it. So a new client connects only once the
 * previous one's 'end' has gone out.
 */
export async function createPglitePool(db: PGlite): Promise<Pool> {
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  const config = createPgConfig(db);
  const { connection } = config;
  let previousClientGone: Promise<void> = Promise.resolve();
  const endConnection = connection.end.bind(connection);
  connection.end = () => {
    endConnection(); // drops the ending client's listeners; 'end' follows once the queue drains
    previousClientGone = new Promise((resolve) => connection.once('end', () => resolve()));
  };

  class PgliteClient extends Client {
    override connect(): Promise<Client>;
    override connect(callback: ConnectCallback): void;
    override connect(callback?: ConnectCallback): Promise<Client> | void {
      const connected = previousClientGone.then(() => super.connect());
      if (!callback) return connected;
      connected.then(
        (client) => (callback as (err: null, client: Client) => void)(null, client),
        (error: Error) => (callback as (err: Error) => void)(error),
      );
    }
  }

  return new Pool({ ...(config as unknown as ConstructorParameters<typeof Pool>[0]), Client: PgliteClient });
}
