import pino from 'pino';
import { LeaseLostError, PgJobQueue } from '../../src/jobs/job-queue';
import { type JobHandler, JobWorker } from '../../src/jobs/job-worker';
import { describeEachStore, useDatabase } from '../support/databases';

const t0 = new Date('2030-03-01T12:00:00Z');
const later = (ms: number): Date => new Date(t0.getTime() + ms);
const silent = pino({ level: 'silent' });

describeEachStore('the durable job queue', (store) => {
  const db = useDatabase(store);
  const queue = () => new PgJobQueue(db().pool);

  test('enqueuing the same reference twice keeps one job', async () => {
    const first = await queue().enqueue('provision_team', 'provision_team:1', { communityId: '1' }, t0);
    const second = await queue().enqueue('provision_team', 'provision_team:1', { communityId: 'other' }, t0);
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, job: { id: first.job.id, data: { communityId: '1' } } });
  });

  test('a claimed job cannot be claimed again until its lease expires, then resumes at its saved step', async () => {
    const { job } = await queue().enqueue('provision_team', 'p:2', { n: 0 }, t0);
    const claimed = await queue().claim('worker-a', ['provision_team'], t0, 60_000);
    expect(claimed).toMatchObject({ id: job.id, state: 'running', attempts: 1, step: 'start' });
    await queue().saveStep(claimed!, 'worker-a', 'creating', { n: 1 }, t0, 60_000);

    expect(await queue().claim('worker-b', ['provision_team'], later(30_000), 60_000)).toBeUndefined();
    const takenOver = await queue().claim('worker-b', ['provision_team'], later(61_000), 60_000);
    expect(takenOver).toMatchObject({ id: job.id, step: 'creating', data: { n: 1 }, attempts: 2 });

    // The first worker, back from a pause, can no longer write.
    await expect(queue().saveStep(claimed!, 'worker-a', 'created', { n: 2 }, later(62_000), 60_000)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(queue().succeed(claimed!, 'worker-a', {}, later(62_000))).rejects.toBeInstanceOf(LeaseLostError);
    expect((await queue().findByReference('p:2'))?.step).toBe('creating');
  });

  test('jobs are not claimed before run_after, nor by workers for other kinds', async () => {
    await queue().enqueue('provision_team', 'p:3', {}, later(10_000));
    expect(await queue().claim('w', ['provision_team'], t0, 1000)).toBeUndefined();
    expect(await queue().claim('w', ['archive_team'], later(20_000), 1000)).toBeUndefined();
    expect(await queue().claim('w', ['provision_team'], later(20_000), 1000)).toBeDefined();
  });

  test('retryLater releases the job for later; fail keeps the step; restart re-opens a failed job', async () => {
    await queue().enqueue('provision_team', 'p:4', {}, t0);
    const job = (await queue().claim('w', ['provision_team'], t0, 1000))!;
    await queue().saveStep(job, 'w', 'reachable', { teamId: 'x' }, t0, 1000);
    await queue().retryLater(job, 'w', 'throttled', { teamId: 'x', waits: 1 }, later(5000), t0);
    expect(await queue().findByReference('p:4')).toMatchObject({ state: 'pending', step: 'reachable', lastError: 'throttled', data: { waits: 1 } });
    expect(await queue().claim('w', ['provision_team'], later(4000), 1000)).toBeUndefined();
    const again = (await queue().claim('w', ['provision_team'], later(5000), 1000))!;
    await queue().fail(again, 'w', 'permission_denied', { teamId: 'x' }, later(5000));
    expect(await queue().findByReference('p:4')).toMatchObject({ state: 'failed', step: 'reachable', lastError: 'permission_denied' });
    expect(await queue().restart('p:4', later(6000))).toBe(true);
    expect(await queue().findByReference('p:4')).toMatchObject({ state: 'pending', step: 'reachable', attempts: 0 });
  });

  test('many workers claiming at once never get the same job', async () => {
    for (let i = 0; i < 20; i += 1) await queue().enqueue('provision_team', `p:many:${i}`, {}, t0);
    const claims = await Promise.all(Array.from({ length: 30 }, (_, i) => queue().claim(`w${i}`, ['provision_team'], t0, 60_000)));
    const ids = claims.flatMap((c) => (c ? [c.id] : []));
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
  });

  test('a worker runs a handler step by step and records success; a throwing handler is retried later', async () => {
    const clock = { now: () => t0 };
    let calls = 0;
    const handler: JobHandler = {
      kind: 'demo',
      async run(context) {
        calls += 1;
        if (context.job.reference === 'd:boom' && calls === 1) throw new Error('boom');
        await context.saveStep('half', { half: true });
        return { status: 'succeeded', data: { done: true } };
      },
    };
    await queue().enqueue('demo', 'd:ok', {}, t0);
    const worker = new JobWorker(queue(), [handler], clock, silent, { retryDelayMs: 1000 });
    expect(await worker.drain()).toBe(1);
    expect(await queue().findByReference('d:ok')).toMatchObject({ state: 'succeeded', step: 'done', data: { done: true } });

    calls = 0;
    await queue().enqueue('demo', 'd:boom', {}, t0);
    expect(await worker.drain()).toBe(1);
    const failedOnce = await queue().findByReference('d:boom');
    expect(failedOnce).toMatchObject({ state: 'pending', lastError: 'boom' });
    expect(failedOnce?.runAfter.getTime()).toBe(t0.getTime() + 1000);
  });
});
