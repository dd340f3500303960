import pino from 'pino';
import type { TeamsGraph } from '../../src/domain/teams-graph';
import type { ProvisioningData } from '../../src/domain/team-provisioning';
import { JobRunner } from '../../src/jobs/job-runner';
import { deadProvisioningHandler, provisionTeamHandler } from '../../src/jobs/provision-team-job';
import { PROVISION_TEAM, queueDefinitions } from '../../src/jobs/queues';
import { QueuedTeamJobs } from '../../src/jobs/team-jobs';
import { jobDatabaseOf } from '../../src/storage/job-database';
import { PgProvisioningRuns } from '../../src/storage/provisioning-run-repository';
import { PgTransactions, withTransaction } from '../../src/storage/transaction';
import { describeEachStore, useDatabase } from '../support/databases';
import { TENANT_ID, givenCommunity } from '../support/storage-scenarios';

const silent = pino({ level: 'silent' });
const SETTINGS = {
  pollingIntervalSeconds: 1,
  heartbeatSeconds: 10,
  expireInSeconds: 900,
  superviseIntervalSeconds: 1,
  retentionDays: 30,
  concurrency: 1,
  retryLimit: 0,
};

/** Graph that fails as a bug would (not a Graph refusal): every call throws, once `gate` lets it. */
function brokenGraph(gate: Promise<void> = Promise.resolve()): TeamsGraph {
  return new Proxy({} as TeamsGraph, {
    get: () => async () => {
      await gate;
      throw new Error('bug: Graph client misconfigured');
    },
  });
}

describeEachStore('the durable job queue (pg-boss)', (store) => {
  const db = useDatabase(store);
  const runners: JobRunner[] = [];

  /** One app instance's share of it: pg-boss on the app's pool, this app's queues and handlers. */
  async function instance(finished: string[] = [], graph = brokenGraph()) {
    const runner = new JobRunner(jobDatabaseOf(db()), queueDefinitions(SETTINGS), SETTINGS, silent, { supervise: false });
    const runs = new PgProvisioningRuns(db().pool);
    const transactions = new PgTransactions(db().pool);
    const teamJobs = new QueuedTeamJobs(runner, runs, transactions);
    const observer = { finished: async (_tx: unknown, data: ProvisioningData, step: string, failure: unknown) => void finished.push(`${data.communityId}:${step}:${JSON.stringify(failure)}`) };
    const provisioning = { graph, clock: { now: () => new Date() }, manifestId: 'm', peopleToAdd: async () => [], recordTeam: async () => undefined, requestArchiving: async () => undefined };
    runner.register(provisionTeamHandler({ provisioning, runs, transactions, runner, observer, logger: silent }));
    runner.register(deadProvisioningHandler({ runs, observer, logger: silent, transactions }));
    await runner.start();
    runners.push(runner);
    return { runner, runs, teamJobs };
  }

  beforeEach(async () => {
    const { runner } = await instance();
    await runner.deleteAllJobs();
  });
  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
  });

  const owner = { tenantId: TENANT_ID, aadObjectId: 'owner-1' };
  const provisioningOf = async (slug: string): Promise<ProvisioningData> => {
    const communityId = await givenCommunity(db().pool, { slug });
    return { communityId, displayName: slug, description: 'Résumé', owner };
  };

  test('asking for a community’s team any number of times, even at once, queues one job; asking again changes nothing', async () => {
    const { runner, teamJobs } = await instance();
    const data = await provisioningOf('quantique');
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => teamJobs.requestProvisioning({ ...data, displayName: `Nom ${i}` })));
    expect(answers.map((a) => a.outcome).sort()).toEqual(['already_queued', 'already_queued', 'already_queued', 'already_queued', 'queued']);
    expect(new Set(answers.map((a) => a.reference))).toEqual(new Set([`provision_team:${data.communityId}`]));
    expect(await runner.waiting()).toEqual([{ queue: PROVISION_TEAM, data: { communityId: data.communityId, run: 1 } }]);
    expect(await teamJobs.isProvisioningUnderway(data.communityId)).toBe(true);
  });

  test('archiving one team is sent once however often it is asked; another team is its own job', async () => {
    const { teamJobs } = await instance();
    const communityId = await givenCommunity(db().pool, { slug: 'archivee' });
    expect((await teamJobs.requestArchiving(communityId, 'team-1')).outcome).toBe('queued');
    expect((await teamJobs.requestArchiving(communityId, 'team-1')).outcome).toBe('already_queued');
    expect((await teamJobs.requestArchiving(communityId, 'team-2')).outcome).toBe('queued');
  });

  test('a job sent in a transaction that rolls back is gone with it; while another transaction is open, a send waits for it and is kept', async () => {
    const { runner, teamJobs } = await instance();
    const lost = await provisioningOf('perdue');
    await expect(
      new PgTransactions(db().pool).run(async (tx) => {
        await runner.send(PROVISION_TEAM, { communityId: lost.communityId, run: 1 }, { key: 'rolled-back', tx });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await runner.waiting()).toEqual([]);

    // Another part of the app holds a transaction open (on PGlite, the only connection) and then rolls it back.
    const kept = await provisioningOf('gardee');
    let sending: Promise<unknown> = Promise.resolve();
    await withTransaction(db().pool, async (client) => {
      await client.query('SELECT 1');
      sending = teamJobs.requestProvisioning(kept);
      await client.query('SELECT pg_sleep(0.05)');
      throw new Error('the other change failed');
    }).catch(() => undefined);
    await sending;
    expect(await runner.waiting()).toEqual([{ queue: PROVISION_TEAM, data: { communityId: kept.communityId, run: 1 } }]);
  });

  test('two instances never run one community’s provisioning at once: its next job waits while one is active', async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const started: string[] = [];
    const a = await instance(started, brokenGraph(gate));
    const b = await instance();
    const data = await provisioningOf('singleton');
    await a.teamJobs.requestProvisioning(data);
    // A second job for the same community (as a hand-over would make), sent while the first runs on A.
    const runningOnA = a.runner.workUntilIdle();
    await until(async () => (await a.runs.find(data.communityId))?.holder !== null);
    await a.runner.send(PROVISION_TEAM, { communityId: data.communityId, run: 1 }, { key: 'second', singletonKey: data.communityId });
    expect(await b.runner.workUntilIdle()).toBe(0);
    release();
    // Once A's job has ended, the second one may run: A, still working until idle, takes it (then the dead letter).
    expect(await runningOnA).toBe(3);
    expect(await b.runner.workUntilIdle()).toBe(0);
  });

  test('a job that throws on every try ends in the dead-letter queue: its provisioning is failed at its step and the organiser is told', async () => {
    const finished: string[] = [];
    const { runner, runs, teamJobs } = await instance(finished);
    const data = await provisioningOf('cassee');
    await teamJobs.requestProvisioning(data);
    // retryLimit 0: the first failure is the last. The provisioning job, then its dead letter, run.
    expect(await runner.workUntilIdle()).toBe(2);
    expect(await runs.find(data.communityId)).toMatchObject({ status: 'failed', step: 'creation_requested', failure: { code: 'unexpected_error' } });
    expect(finished).toEqual([`${data.communityId}:creation_requested:${JSON.stringify({ code: 'unexpected_error', message: 'the job failed on every retry' })}`]);
    expect(await teamJobs.isProvisioningUnderway(data.communityId)).toBe(false);
    expect(await teamJobs.requestProvisioning(data)).toMatchObject({ outcome: 'restarted', step: 'creation_requested' });
  });
});

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500 && !(await condition()); i += 1) await new Promise((resolve) => setImmediate(resolve));
}
