import type { PGlite } from '@electric-sql/pglite';
import { Client, Pool } from 'pg';
import { pgliteClientConfig } from './pglite-connection';

type ConnectCallback = ((err: Error) => void) | ((err: null, client: Client) => void);

/**
 * A `pg` pool over an embedded PGlite database, through one PgliteConnection (pglite-connection.ts).
 *
 * Every client the pool creates shares that one connection (PGlite has one session), and pg-pool
 * discards a client after *any* failed `pool.query` (a unique violation, say). The discarded client's
 * 'end' is emitted only once the connection's queue has drained, by which time the pool may already have attached the next client:
 * that client then fails with "Connection terminated unexpectedly", and the ones after it receive
 * replies meant for others ("Received unexpected rowDescription message from backend").
 * tests/integration/storage-schema.test.ts reproduces it. So a new client connects only once the
 * previous one's 'end' has gone out.
 */
export function createPglitePool(db: PGlite): Pool {
  const config = pgliteClientConfig(db);
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

  return new Pool({ ...(config as unknown as ConstructorParameters<typeof Pool>[0]), max: 1, Client: PgliteClient });
}
