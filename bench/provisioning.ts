import pino from 'pino';
import { Pool } from 'pg';
import { type App, buildApp } from '../src/app';
import { loadConfig } from '../src/config/config';
import { configuredAdministrators, launchCommunity } from '../src/application/community-administration';
import type { UserIdentity } from '../src/domain/model';
import { systemClock } from '../src/domain/ports';
import { gatewayForSandbox } from '../sandbox/sandbox-gateway';
import { type CatalogApp, type GraphSandbox, type SandboxUser, startGraphSandbox } from '../sandbox/graph';
import { JobRunner } from '../src/jobs/job-runner';
import { queueDefinitions } from '../src/jobs/queues';
import { QueuedTeamJobs } from '../src/jobs/team-jobs';
import { PgCommunityAdministrationRepository } from '../src/storage/community-administration-repository';
import { migrate } from '../src/storage/migrate';
import { jobDatabaseOf } from '../src/storage/job-database';
import { PgProvisioningRuns } from '../src/storage/provisioning-run-repository';
import { PgTransactions } from '../src/storage/transaction';
import { PgTeamProvisioningStore } from '../src/storage/team-provisioning-store';
import { startPostgresServer } from '../tests/support/postgres-server';
import { Cleanup } from './support/cleanup';
import { log } from './support/command-report';
import { duplicatesOf, perTeamRate, printRate, printTraffic } from './support/provisioning-report';
import { runMain } from './support/run-main';

/**
 * How close does provisioning get to Graph's per-tenant limits when many communities launch at once,
 * and does it stay correct? Launches COMMUNITIES communities of MEMBERS people each (launchCommunity,
 * what an organiser's "lancer" does: interests become members, the team is queued), then lets
 * INSTANCES instances of the app (buildApp, each with its own database pool and job worker, all on one
 * PostgreSQL server) provision the teams through the real gateway — Graph SDK, @azure/identity, the
 * client-side rate limiter, the retry policy — against the Graph sandbox enforcing Graph's documented
 * per-tenant limits (a 429 with Retry-After beyond them).
 *
 * What differs from production, on purpose:
 * - The sandbox's team-creation operation succeeds at its first poll (operationPolls: 0) and a new team
 *   is visible at once: with Graph's real latency the state machine waits 2–30 s between polls and
 *   15 s per "not visible yet", which would measure Graph's latency, not our request rate.
 * - The instances share one gateway, hence one client-side limiter, as one process would. Separate
 *   processes each keep their own limiter while Graph's limits are per tenant: N instances could send
 *   N× the tenant-wide rates (they would then be slowed by 429s and Retry-After, not by the limiter).
 *
 * Usage: npm run bench:provisioning. The last line is `ratio=… duplicates=… seconds=…` (see the report).
 * BENCH_INSTANCES=20 npm run bench:provisioning runs 20 instances (job workers) instead of 4.
 */

const COMMUNITIES = 20;
const MEMBERS = 200;
const INSTANCES = instancesFromEnvironment(process.env.BENCH_INSTANCES, 4);
const DEADLINE_MS = 150_000;
const TENANT_ID = 'b7e00000-0000-4000-8000-0000000000aa';
const CATALOG_APP: CatalogApp = { id: 'b7e0ca7a-0000-4000-8000-000000000001', externalId: 'b7e0a990-0000-4000-8000-000000000001', displayName: 'Communautés de pratique' };

function instancesFromEnvironment(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const instances = Number(value);
  if (!Number.isInteger(instances) || instances < 1 || instances > 50) throw new Error(`BENCH_INSTANCES must be a whole number from 1 to 50, not "${value}"`);
  return instances;
}

/** Person p (0 = the organiser) of community c, GUID-shaped. */
function personId(c: number, p: number): string {
  return `b7e00000-0000-4000-8${c.toString(16).padStart(3, '0')}-${p.toString(16).padStart(12, '0')}`;
}

function directory(): SandboxUser[] {
  const users: SandboxUser[] = [];
  for (let c = 0; c < COMMUNITIES; c += 1) {
    for (let p = 0; p < MEMBERS; p += 1) {
      const alias = `c${c}.p${p}`;
      users.push({ id: personId(c, p), displayName: `Personne ${alias}`, userPrincipalName: `${alias}@sandbox.example`, mail: `${alias}@sandbox.example` });
    }
  }
  return users;
}

const notArchiving = (): Promise<never> => Promise.reject(new Error('the benchmark never archives a team'));

const communityName = (c: number) => `Communauté de banc d'essai ${c + 1}`;

/** Each community: its organiser, and MEMBERS − 1 people who registered interest; then launched. */
async function launchCommunities(pool: Pool, runner: JobRunner): Promise<void> {
  const administration = new PgCommunityAdministrationRepository(pool);
  const deps = {
    administration,
    teamJobs: new QueuedTeamJobs(runner, new PgProvisioningRuns(pool), new PgTransactions(pool)),
    // The benchmark only launches communities: nothing is archived or unarchived.
    teamArchives: { archiveTeam: notArchiving, unarchiveTeam: notArchiving },
    administrators: configuredAdministrators([], TENANT_ID),
    clock: systemClock,
    defaultTimeZone: 'America/Toronto',
  };
  for (let c = 0; c < COMMUNITIES; c += 1) {
    const organiser: UserIdentity = { tenantId: TENANT_ID, aadObjectId: personId(c, 0) };
    const name = communityName(c);
    const created = await administration.create(
      { slug: `banc-${c + 1}`, name: { fr: name, en: name }, summary: { fr: name, en: name }, description: { fr: '', en: '' }, status: 'en_preparation', timeZone: 'America/Toronto' },
      [{ user: organiser, displayName: `Personne c${c}.p0` }],
      new Date(),
    );
    if (created === 'slug_taken') throw new Error(`community ${c} already exists`);
    const interested = Array.from({ length: MEMBERS - 1 }, (_, p) => personId(c, p + 1));
    await pool.query(
      `INSERT INTO interests (community_id, tenant_id, aad_object_id, registered_at) SELECT $1, $2, id, now() FROM unnest($3::text[]) AS id`,
      [created.id, TENANT_ID, interested],
    );
    const launched = await launchCommunity(deps, { user: organiser, displayName: undefined }, { slug: created.slug });
    if (!launched.ok || launched.value.outcome !== 'launched') throw new Error(`community ${c} was not launched: ${JSON.stringify(launched)}`);
  }
}

async function waitForJobs(pool: Pool): Promise<{ succeeded: number; failed: number }> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const { rows } = await pool.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM team_provisionings GROUP BY status');
    const count = (status: string) => rows.find((r) => r.status === status)?.n ?? 0;
    if (count('underway') === 0) return { succeeded: count('succeeded'), failed: count('failed') };
    if (Date.now() > deadline) throw new Error(`provisioning not finished after ${DEADLINE_MS / 1000} s: ${JSON.stringify(rows)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every community active with its team, and every team holding exactly the community's people. */
async function problemsOf(pool: Pool, sandbox: GraphSandbox): Promise<string[]> {
  const problems: string[] = [];
  const store = new PgTeamProvisioningStore(pool);
  const { rows } = await pool.query<{ id: string; name_fr: string; status: string; team_id: string | null }>('SELECT id::text, name_fr, status, team_id FROM communities');
  const teams = sandbox.state.teams;
  if (teams.length !== COMMUNITIES) problems.push(`${teams.length} teams for ${COMMUNITIES} communities`);
  for (const community of rows) {
    const team = teams.find((t) => t.id === community.team_id);
    if (community.status !== 'active' || !team) {
      problems.push(`${community.name_fr}: status ${community.status}, team ${String(community.team_id)}`);
      continue;
    }
    const expected = (await store.peopleToAdd(community.id)).map((p) => p.aadObjectId).sort();
    const actual = team.members.map((m) => m.userId).sort();
    if (expected.join() !== actual.join()) problems.push(`${community.name_fr}: ${actual.length} members in the team, ${expected.length} expected`);
    if (team.installedApps.length !== 1) problems.push(`${community.name_fr}: ${team.installedApps.length} app installations`);
  }
  return problems;
}

async function main(): Promise<number> {
  const cleanup = new Cleanup();
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping the benchmark\n`);
    void cleanup.run().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const setupStarted = Date.now();
    const server = await startPostgresServer();
    cleanup.push(() => server.stop());
    const pool = new Pool({ connectionString: server.url, max: 4 });
    cleanup.push(() => pool.end());
    await migrate(pool);

    const sandbox = await startGraphSandbox({ tenantId: TENANT_ID, enforceLimits: true, operationPolls: 0, users: directory(), catalogApps: [CATALOG_APP] });
    cleanup.push(() => sandbox.stop());
    let retries = 0;
    const gateway = gatewayForSandbox(sandbox, {
      onRetry: () => {
        retries += 1;
      },
    });
    cleanup.push(() => Promise.resolve(gateway.close()));

    // The launches queue their jobs through pg-boss as an instance of the app that runs no worker would.
    const settings = loadConfig({}).jobs;
    const launcher = new JobRunner(jobDatabaseOf({ pool, kind: 'server', close: () => Promise.resolve() }), queueDefinitions(settings), settings, pino({ level: 'silent' }), { supervise: false });
    await launcher.start();
    cleanup.push(() => launcher.stop());
    await launchCommunities(pool, launcher);
    const config = loadConfig({ PORT: '0', DATABASE_URL: server.url, DATABASE_POOL_SIZE: '3', LOG_LEVEL: 'warn', TEAMS_APP_TENANT_ID: TENANT_ID });
    const logger = pino({ level: 'warn', base: { app: 'bench-provisioning' } }, pino.destination(2));
    const apps: App[] = [];
    for (let i = 0; i < INSTANCES; i += 1) {
      const app = await buildApp(config, { graph: gateway, manifestId: CATALOG_APP.externalId, logger, jobs: { enabled: false, supervise: true, settings: { pollingIntervalSeconds: 0.5 } } });
      cleanup.push(() => app.stop());
      await app.start();
      apps.push(app);
    }
    log(`${COMMUNITIES} communities of ${MEMBERS} people launched; ${INSTANCES} app instances ready (setup ${((Date.now() - setupStarted) / 1000).toFixed(1)} s)`);
    log('sandbox: Graph limits enforced, creation operations succeed at the first poll, new teams visible at once');

    const started = Date.now();
    for (const app of apps) await app.jobs.startWorkers();
    const outcome = await waitForJobs(pool);
    const seconds = (Date.now() - started) / 1000;
    for (const app of apps) await app.jobs.stop();

    const stats = sandbox.stats();
    const rate = perTeamRate(stats);
    const duplicates = duplicatesOf(stats);
    const problems = await problemsOf(pool, sandbox);
    log('');
    log(`provisioned: ${outcome.succeeded} succeeded, ${outcome.failed} failed, in ${seconds.toFixed(2)} s (${(COMMUNITIES / seconds).toFixed(2)} teams/s)`);
    printTraffic(stats);
    const busy = (Date.parse(stats.total.lastAt ?? '') - Date.parse(stats.total.firstAt ?? '')) / 1000;
    log(`all classes: ${stats.total.served} requests served in ${busy.toFixed(2)} s from first to last (mean ${(stats.total.served / busy).toFixed(1)}/s)`);
    log(`client retries: ${retries}; 429s sent by the sandbox: ${stats.throttled.byLimits}`);
    printRate(rate);
    log(`duplicates: ${duplicates.teams} duplicate teams + ${duplicates.members} members added twice`);
    for (const problem of problems) log(`PROBLEM: ${problem}`);
    const ok = outcome.failed === 0 && problems.length === 0 && duplicates.teams + duplicates.members === 0;
    if (!ok) log('FAILED: see above.');
    log(`ratio=${rate.ratio.toFixed(2)} duplicates=${duplicates.teams + duplicates.members} seconds=${seconds.toFixed(2)}`);
    return ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  } finally {
    await cleanup.run();
  }
}

runMain(main);
