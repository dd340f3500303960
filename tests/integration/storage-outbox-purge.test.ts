import type { Pool } from 'pg';
import { PgOutboxStore } from '../../src/storage/outbox-repository';
import { describeEachStore, useDatabase } from '../support/databases';
import { givenCommunity } from '../support/storage-scenarios';

/** The outbox's retention (migration 014): settled messages older than the cut-off go; nothing waiting ever does. */
const now = new Date('2030-06-15T08:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

async function givenMessage(pool: Pool, key: string, status: string, updatedAt: Date, reportId: string | null = null): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO outbox_messages (key, tenant_id, report_id, category, operation, recipient, content, status, next_attempt_at, created_at, updated_at)
     VALUES ($1, 't', $2, 'service', 'send', '{"kind":"conversation","conversationId":"a:1"}', '{"kind":"text","text":"x"}', $3, $4, $4, $4)
     RETURNING id::text`,
    [key, reportId, status, updatedAt],
  );
  const id = rows[0]?.id ?? '';
  await pool.query('INSERT INTO outbox_attempts (message_id, conversation_id, at, http_status) VALUES ($1, $2, $3, 201)', [id, 'a:1', updatedAt]);
  return id;
}

describeEachStore('purging the outbox', (store) => {
  const db = useDatabase(store);

  test('settled messages past the retention go with their attempts, batch by batch; waiting or recent ones stay', async () => {
    const pool = db().pool;
    const community = await givenCommunity(pool, { slug: 'purged' });
    const report = await pool.query<{ id: string }>(
      "INSERT INTO delivery_reports (key, tenant_id, community_id, kind, created_at) VALUES ('old-report', 't', $1, 'invitation', $2) RETURNING id::text",
      [community, daysAgo(200)],
    );
    const reportId = report.rows[0]?.id ?? null;
    for (const [i, status] of ['sent', 'skipped', 'superseded', 'unreachable', 'failed'].entries()) await givenMessage(pool, `old-${status}`, status, daysAgo(100 + i), reportId);
    await givenMessage(pool, 'old-queued', 'queued', daysAgo(120));
    await givenMessage(pool, 'old-retrying', 'retrying', daysAgo(120));
    await givenMessage(pool, 'old-sending', 'sending', daysAgo(120));
    await givenMessage(pool, 'recent-sent', 'sent', daysAgo(10));
    const outbox = new PgOutboxStore(pool);
    const cutOff = daysAgo(90);
    // Two at a time, oldest first, until a batch comes back short.
    expect(await outbox.purgeSettled(cutOff, 2)).toBe(2);
    expect(await outbox.purgeSettled(cutOff, 2)).toBe(2);
    // The report still has one message: it stays.
    expect((await pool.query('SELECT count(*)::int AS n FROM delivery_reports')).rows).toEqual([{ n: 1 }]);
    expect(await outbox.purgeSettled(cutOff, 2)).toBe(1);
    expect(await outbox.purgeSettled(cutOff, 2)).toBe(0);
    const left = await pool.query<{ key: string }>('SELECT key FROM outbox_messages ORDER BY key');
    expect(left.rows.map((r) => r.key)).toEqual(['old-queued', 'old-retrying', 'old-sending', 'recent-sent']);
    expect((await pool.query('SELECT count(*)::int AS n FROM outbox_attempts')).rows).toEqual([{ n: 4 }]);
    // Emptied and older than the cut-off: the report went with its last message.
    expect((await pool.query('SELECT count(*)::int AS n FROM delivery_reports')).rows).toEqual([{ n: 0 }]);
  });
});
