import { PgTransactions } from '../../src/storage/transaction';
import { describeEachStore, useDatabase } from '../support/databases';

describeEachStore('transactions shared by key', (store) => {
  const db = useDatabase(store);

  beforeEach(async () => {
    await db().pool.query('CREATE TABLE IF NOT EXISTS grouped_probe (name text PRIMARY KEY, seen int NOT NULL)');
    await db().pool.query('TRUNCATE grouped_probe');
  });

  test('works of one key share a transaction: each sees what the ones before wrote, and a step run `once` runs once', async () => {
    const transactions = new PgTransactions(db().pool);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        transactions.runTogether('probe', async (tx) => {
          await tx.once('gathered', () => tx.executeSql("INSERT INTO grouped_probe VALUES ('gathered', 0)"));
          const { rows } = await tx.executeSql('SELECT count(*)::int AS n FROM grouped_probe');
          await tx.executeSql('INSERT INTO grouped_probe VALUES ($1, $2)', [`w${i}`, (rows[0] as { n: number }).n]);
          return i;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 12 }, (_, i) => i));
    const { rows } = await db().pool.query<{ name: string; seen: number }>("SELECT name, seen FROM grouped_probe WHERE name <> 'gathered' ORDER BY seen");
    // In call order, each work saw the rows of all the works before it (and the one gathered row).
    expect(rows).toEqual(Array.from({ length: 12 }, (_, i) => ({ name: `w${i}`, seen: i + 1 })));
  });

  test('a work that fails rolls back only its own writes: the others are committed', async () => {
    const transactions = new PgTransactions(db().pool);
    const outcomes = await Promise.all(
      ['a', 'a', 'b'].map((name) =>
        transactions
          .runTogether('probe', (tx) => tx.executeSql('INSERT INTO grouped_probe VALUES ($1, 0)', [name]))
          .then(
            () => 'committed',
            (error: Error & { code?: string }) => error.code ?? error.message,
          ),
      ),
    );
    expect(outcomes).toEqual(['committed', '23505', 'committed']); // the second 'a' breaks the primary key
    const { rows } = await db().pool.query<{ name: string }>('SELECT name FROM grouped_probe ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(['a', 'b']);
  });
});
