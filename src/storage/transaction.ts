import type { Pool, PoolClient } from 'pg';
import type { Transaction, Transactions } from '../domain/provisioning-ports';
import { GroupedTransactions } from './grouped-transactions';

/**
 * The one way this app opens a transaction: BEGIN, the work, COMMIT, or ROLLBACK if the work threw.
 * Inside, every statement must go through `client`: on the embedded database the pool has a single
 * connection, so a `pool.query` from inside the work would wait for the transaction that waits for it.
 */
export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** A transaction's client in the shape other adapters take (pg-boss's `db` option among them). */
export function transactionOf(client: PoolClient): Transaction {
  const done = new Map<string, Promise<unknown>>();
  return {
    executeSql: (text, values, name) => (name ? client.query({ name, text, values: values ?? [] }) : client.query(text, values)),
    once<T>(key: string, step: () => Promise<T>): Promise<T> {
      const known = done.get(key) as Promise<T> | undefined;
      if (known) return known;
      const started = step();
      done.set(key, started);
      return started;
    },
  };
}

export class PgTransactions implements Transactions {
  private readonly groups = new GroupedTransactions((work) => this.run(work));

  constructor(private readonly pool: Pool) {}

  run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, (client) => work(transactionOf(client)));
  }

  runTogether<T>(key: string, work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.groups.runTogether(key, work);
  }
}
