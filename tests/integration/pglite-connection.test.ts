import { PGlite } from '@electric-sql/pglite';
import type { Pool } from 'pg';
import { createPglitePool } from '../../src/storage/pglite-pool';
import { pgliteOptions, readPgliteTemplate } from '../../src/storage/pglite-template';

/**
 * The embedded database's connection (src/storage/pglite-connection.ts): a statement's protocol messages
 * reach PGlite together, and what comes back is still each query's own result or error, in order.
 */
let db: PGlite;
let pool: Pool;
const calls: number[] = [];

beforeAll(async () => {
  const template = await readPgliteTemplate();
  const options = await pgliteOptions();
  db = await PGlite.create(template ? { ...options, loadDataDir: template } : options);
  const exec = db.execProtocolStream.bind(db);
  db.execProtocolStream = ((bytes: Uint8Array, options?: Parameters<typeof exec>[1]) => {
    calls.push(bytes.length);
    return exec(bytes, options);
  });
  pool = createPglitePool(db);
  await pool.query('CREATE TABLE things (id integer PRIMARY KEY, name text NOT NULL)');
});

afterAll(async () => {
  await pool.end();
  await db.close();
});

beforeEach(() => {
  calls.length = 0;
});

test('a prepared statement is one pass into the engine (Bind, Describe, Execute and Sync together), its first time with its Parse', async () => {
  const insert = (id: number) => pool.query({ name: 'things.insert', text: 'INSERT INTO things (id, name) VALUES ($1, $2) RETURNING name', values: [id, `n${id}`] });
  await insert(1);
  await insert(2);
  const { rows } = await insert(3);
  expect(rows).toEqual([{ name: 'n3' }]);
  // One call per statement (pg-pool's check-out adds none).
  expect(calls).toHaveLength(3);
  // The first carries the Parse as well: longer than the two that only bind.
  expect(calls[0]).toBeGreaterThan(calls[1] ?? Infinity);
  expect(calls[1]).toBe(calls[2]);
});

test('an error ends its own query only: the next statements on the connection get their own answers', async () => {
  await pool.query('INSERT INTO things (id, name) VALUES (10, $1)', ['ten']);
  const results = await Promise.allSettled([
    pool.query('INSERT INTO things (id, name) VALUES (10, $1)', ['again']),
    pool.query('SELECT name FROM things WHERE id = $1', [10]),
    pool.query('SELECT count(*)::int AS n FROM things WHERE id >= $1', [10]),
  ]);
  expect(results[0]).toMatchObject({ status: 'rejected', reason: { code: '23505' } });
  expect(results[1]).toMatchObject({ status: 'fulfilled', value: { rows: [{ name: 'ten' }] } });
  expect(results[2]).toMatchObject({ status: 'fulfilled', value: { rows: [{ n: 1 }] } });
});

test('a transaction on a checked-out client sees its own writes and rolls back whole', async () => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('INSERT INTO things (id, name) VALUES (20, $1)', ['twenty']);
    expect((await client.query('SELECT name FROM things WHERE id = 20')).rows).toEqual([{ name: 'twenty' }]);
    await client.query('ROLLBACK');
  } finally {
    client.release();
  }
  expect((await pool.query('SELECT count(*)::int AS n FROM things WHERE id = 20')).rows).toEqual([{ n: 0 }]);
});

test('many rows, and a value wider than the engine\'s 1 MB receive buffer, come back whole', async () => {
  const { rows } = await pool.query<{ n: number }>('SELECT n FROM generate_series(1, 5000) AS n');
  expect(rows.map((r) => r.n)).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
  const wide = 'é'.repeat(1_500_000);
  const echoed = await pool.query<{ wide: string }>({ name: 'things.echo', text: 'SELECT $1::text AS wide', values: [wide] });
  expect(echoed.rows).toEqual([{ wide }]);
});
