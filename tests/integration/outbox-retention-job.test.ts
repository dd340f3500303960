import { TestClock } from 'pg-boss';
import { type App, buildApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { OUTBOX_PURGE } from '../../src/jobs/queues';
import type { Database } from '../../src/storage/database';
import { createPgliteDatabase } from '../support/databases';
import { ManualClock } from '../support/manual-clock';
import { TENANT_ID } from '../support/teams-activities';

/**
 * The daily outbox purge in virtual time: scheduled at start for 08:00 UTC, it deletes the settled messages
 * older than OUTBOX_RETENTION_DAYS and schedules the next day's.
 */
describe('the daily outbox purge', () => {
  let database: Database;
  let app: App;
  const clock = new ManualClock(new Date('2030-03-10T12:00:00Z'));
  const jobClock = new TestClock(clock.now());

  beforeAll(async () => {
    database = await createPgliteDatabase();
    const config = loadConfig({ PORT: '0', DATA_DIR: 'memory://', LOG_LEVEL: 'silent', TEAMS_APP_TENANT_ID: TENANT_ID, DEMO_DATA: 'false', OUTBOX_RETENTION_DAYS: '30' });
    app = await buildApp(config, { database, clock, jobs: { enabled: false, clock: jobClock } });
    await app.start();
  });
  afterAll(async () => {
    await app?.stop();
    await database?.close();
  });

  const message = (key: string, status: string, daysAgo: number) =>
    database.pool.query(
      `INSERT INTO outbox_messages (key, tenant_id, category, operation, recipient, content, status, next_attempt_at, created_at, updated_at)
       VALUES ($1, $2, 'service', 'send', '{"kind":"conversation","conversationId":"a:1"}', '{"kind":"text","text":"x"}', $3, $4, $4, $4)`,
      [key, TENANT_ID, status, new Date(clock.now().getTime() - daysAgo * 86_400_000)],
    );

  const scheduled = async () =>
    (await app.jobs.waiting()).filter((job) => job.queue === OUTBOX_PURGE).map((job) => (job.data as { day: string }).day);

  it('runs at 08:00 UTC the next day, deletes settled messages past the retention, and schedules the day after', async () => {
    await message('sent-long-ago', 'sent', 40);
    await message('failed-long-ago', 'failed', 31);
    await message('sent-lately', 'sent', 5);
    await message('queued-long-ago', 'queued', 40);
    expect(await scheduled()).toEqual(['2030-03-11']);
    // Before its hour nothing happens.
    clock.advanceTo(new Date('2030-03-11T07:59:00Z'));
    await jobClock.setTime(clock.now());
    await app.jobs.workUntilIdle();
    expect((await database.pool.query('SELECT count(*)::int AS n FROM outbox_messages')).rows).toEqual([{ n: 4 }]);
    clock.advanceTo(new Date('2030-03-11T08:00:01Z'));
    await jobClock.setTime(clock.now());
    await app.jobs.workUntilIdle();
    const left = await database.pool.query<{ key: string }>('SELECT key FROM outbox_messages ORDER BY key');
    // Settled more than 30 days before the purge: gone; settled 5 days ago, or still waiting to be sent: kept.
    expect(left.rows.map((r) => r.key)).toEqual(['queued-long-ago', 'sent-lately']);
    expect(await scheduled()).toEqual(['2030-03-12']);
  });
});
