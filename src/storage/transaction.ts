import type { Pool, PoolClient } from 'pg';
import type { Transaction, Transactions } from '../domain/provisioning-ports';

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
  return { executeSql: (text, values, name) => (name ? client.query({ name, text, values: values ?? [] }) : client.query(text, values)) };
}

export class PgTransactions implements Transactions {
  constructor(private readonly pool: Pool) {}

  run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, (client) => work(transactionOf(client)));
  }
}
