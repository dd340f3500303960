import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PoolClient } from 'pg';
import type { UserIdentity } from '../../src/domain/model';
import type { ProvisioningData, ProvisioningStep } from '../../src/domain/team-provisioning';
import { type CatalogApp, type FaultHandle, type GraphSandbox, type SandboxUser, startGraphSandbox } from '../../sandbox/graph';
import pino from 'pino';
import { JobRunner } from '../../src/jobs/job-runner';
import { queueDefinitions } from '../../src/jobs/queues';
import { QueuedTeamJobs } from '../../src/jobs/team-jobs';
import { loadConfig } from '../../src/config/config';
import { PgCommunityAdministrationRepository } from '../../src/storage/community-administration-repository';
import { PgMembershipRepository } from '../../src/storage/membership-repository';
import { jobDatabaseOf } from '../../src/storage/job-database';
import { migrate } from '../../src/storage/migrate';
import { PgProvisioningRuns } from '../../src/storage/provisioning-run-repository';
import { PgTransactions } from '../../src/storage/transaction';
import { AppProcess, type LogLine } from '../support/app-process';
import { type ServerDatabase, createServerDatabase } from '../support/databases';

/**
 * Crash and resume, for real: the app runs in a child process (src/main.ts, configured like a deployed
 * instance: Graph credentials, a PostgreSQL server), is killed with SIGKILL right after a provisioning
 * step is recorded, and a second instance, already running as in a deployment of two, takes the job over
 * within 15 s of the kill, as soon as pg-boss sees the dead one's heartbeats stop (JOB_HEARTBEAT_SECONDS). Whatever the step, exactly one team
 * exists at the end, with the app installed once and exactly the community's people.
 *
 * The Graph sandbox and the database live in the test process, so they outlive every child. To make
 * "right after step X" exact rather than a race between the kill and the child's next move, the child
 * is held at its first outside effect after X — its next Graph request is held unanswered by the
 * sandbox (and has no effect), or its next write waits on a lock the test holds — until it is killed.
 */

const MANIFEST_ID = '3f1c2b7a-5d6e-4f80-9a1b-2c3d4e5f6a7b';
const CATALOG_APP: CatalogApp = { id: 'a11ce000-0000-4000-8000-00000000ca7a', externalId: MANIFEST_ID, displayName: 'Communautés de pratique' };
const ORGANISER_ID = '0c0a0000-0000-4000-8000-000000000001';
const INTERESTED_IDS = ['0c0a0000-0000-4000-8000-000000000011', '0c0a0000-0000-4000-8000-000000000012', '0c0a0000-0000-4000-8000-000000000013'];
const DIRECTORY: SandboxUser[] = [ORGANISER_ID, ...INTERESTED_IDS].map((id, n) => ({
  id,
  displayName: `Personne ${n}`,
  userPrincipalName: `personne.${n}@sandbox.example`,
  mail: `personne.${n}@sandbox.example`,
}));

/** Where the child is held after the step, and how the test learns that it got there. */
type Hold =
  /** Its next Graph request (this sandbox route) is held unanswered, without effect. */
  | { readonly kind: 'graph'; readonly route: string }
  /** It has taken the provisioning over; saving its first step waits on an advisory lock (a trigger the test adds). */
  | { readonly kind: 'claimed' }
  /** Recording the team on the community waits on the community's row, which the test has locked. */
  | { readonly kind: 'community_row' };

interface CrashCase {
  readonly step: ProvisioningStep;
  readonly hold: Hold;
}

/** Every step of the state machine, with the first outside effect that follows it. */
const CRASH_CASES: readonly CrashCase[] = [
  { step: 'start', hold: { kind: 'claimed' } },
  { step: 'creation_requested', hold: { kind: 'graph', route: 'GET /groups' } },
  { step: 'creating', hold: { kind: 'graph', route: 'GET /teams/{teamId}/operations/{operationId}' } },
  { step: 'created', hold: { kind: 'graph', route: 'GET /teams/{teamId}' } },
  { step: 'reachable', hold: { kind: 'graph', route: 'GET /appCatalogs/teamsApps' } },
  { step: 'app_installed', hold: { kind: 'graph', route: 'POST /teams/{teamId}/members/add' } },
  { step: 'members_added', hold: { kind: 'community_row' } },
];

const ADVISORY_LOCK = 7_340_042;
const START_TIMEOUT_MS = 30_000;
/** The bound: a job whose process was killed runs again within this. */
const RESUMED_WITHIN_MS = 15_000;

describe('provisioning a team survives the app being killed (SIGKILL) at any point', () => {
  let sandbox: GraphSandbox;
  let database: ServerDatabase;
  let folder: string;
  let caFile: string;
  const children: AppProcess[] = [];
  let childCount = 0;
  /** The test's own way in to the queue, as an instance of the app that runs no worker. */
  let runner: JobRunner;
  let teamJobs: QueuedTeamJobs;

  beforeAll(async () => {
    sandbox = await startGraphSandbox({
      users: DIRECTORY,
      catalogApps: [CATALOG_APP],
      // The first poll of the creation already succeeds, and an operation nobody polls (its 202 was lost)
      // ends half a second later: the state machine's waits would otherwise dominate the file's time.
      operationPolls: 0,
      operationCompletesAfterMs: 500,
    });
    folder = await mkdtemp(path.join(os.tmpdir(), 'cop-crash-'));
    // The certificate exists before any child starts, so Node's own trust store can take it.
    caFile = path.join(folder, 'graph-sandbox-ca.pem');
    await writeFile(caFile, sandbox.caCertificatePem);
    database = await createServerDatabase();
    await migrate(database.pool);
    const settings = loadConfig({}).jobs;
    runner = new JobRunner(jobDatabaseOf(database), queueDefinitions(settings), settings, pino({ level: 'silent' }), { supervise: false });
    await runner.start();
    teamJobs = new QueuedTeamJobs(runner, new PgProvisioningRuns(database.pool), new PgTransactions(database.pool));
  });

  afterAll(async () => {
    await Promise.all(children.map((child) => child.crash()));
    await runner?.stop();
    await database?.close();
    await sandbox?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  /** A fresh instance of the app, as an operator would start it. */
  function startApp(): AppProcess {
    childCount += 1;
    const name = `app-${childCount}`;
    const url = new URL(database.url);
    // Named, so that the connections a killed instance leaves behind can be found and closed.
    url.searchParams.set('application_name', name);
    const child = new AppProcess(name, {
      NODE_ENV: 'test',
      PORT: '0',
      LOG_LEVEL: 'info',
      // The test follows the app through its JSON log lines (local mode would print them for people).
      LOG_FORMAT: 'json',
      DATABASE_URL: url.toString(),
      DATABASE_POOL_SIZE: '3',
      GRAPH_BASE_URL: sandbox.baseUrl,
      GRAPH_AUTHORITY_HOST: sandbox.authorityHost,
      GRAPH_TENANT_ID: sandbox.tenantId,
      GRAPH_CLIENT_ID: sandbox.clientId,
      GRAPH_CLIENT_SECRET: sandbox.clientSecret,
      NODE_EXTRA_CA_CERTS: caFile,
      TEAMS_APP_ID: MANIFEST_ID,
      // The launch notices go out after each case (their own tests are delivery-*.test.ts): nobody of
      // this test chats with the bot, so they go to chats opened through Graph, at a connector that refuses at once.
      BOT_SERVICE_URL: 'http://127.0.0.1:9/',
    });
    children.push(child);
    return child;
  }

  /**
   * SIGKILL, then what the database server would notice on its own sooner or later: the dead process's
   * connections are closed (a statement it left waiting on a lock is rolled back, never committed).
   */
  async function crash(child: AppProcess): Promise<number> {
    await child.crash();
    const killedAt = Date.now();
    await database.pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [child.name]);
    return killedAt;
  }

  const person = (aadObjectId: string): UserIdentity => ({ tenantId: sandbox.tenantId, aadObjectId });

  /** A community in preparation (organiser + people interested), launched, and its team asked for. */
  async function launchedCommunity(slug: string, name: string): Promise<{ id: string; data: ProvisioningData }> {
    const administration = new PgCommunityAdministrationRepository(database.pool);
    const memberships = new PgMembershipRepository(database.pool);
    const now = new Date();
    const created = await administration.create(
      {
        slug,
        name: { fr: name, en: name },
        summary: { fr: `Résumé : ${name}`, en: `Summary: ${name}` },
        description: { fr: '', en: '' },
        status: 'en_preparation',
        timeZone: 'America/Toronto',
      },
      [{ user: person(ORGANISER_ID), displayName: 'Personne 0' }],
      now,
    );
    if (created === 'slug_taken') throw new Error(`slug ${slug} taken`);
    for (const id of INTERESTED_IDS) await memberships.registerInterest(created.id, person(id), now);
    expect(await administration.launch(created.id, now)).toEqual({ converted: expect.any(Array) });
    const data: ProvisioningData = { communityId: created.id, displayName: name, description: `Résumé : ${name}`, owner: person(ORGANISER_ID) };
    expect(await teamJobs.requestProvisioning(data)).toMatchObject({ outcome: 'queued' });
    return { id: created.id, data };
  }

  /** Where the provisioning stands, as the app records it. */
  async function provisioning(communityId: string): Promise<{ status: string; step: string; holder: string | null }> {
    const run = await new PgProvisioningRuns(database.pool).find(communityId);
    if (!run) throw new Error(`no provisioning for ${communityId}`);
    return { status: run.status, step: run.step, holder: run.holder };
  }

  /** Arms the hold for a case; the returned function lifts it once the child is dead. */
  async function hold(kind: Hold, communityId: string): Promise<() => Promise<void>> {
    switch (kind.kind) {
      case 'graph': {
        // Held until the client gives up or goes away: the request never reaches the handler.
        const fault: FaultHandle = sandbox.faults.add({ match: { route: kind.route }, times: 1, respond: 'timeout' });
        return async () => fault.remove();
      }
      case 'claimed': {
        const client = await database.pool.connect();
        await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK]);
        await database.pool.query(`
          CREATE FUNCTION crash_test_hold_first_step() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN PERFORM pg_advisory_xact_lock(${ADVISORY_LOCK}); RETURN NEW; END $$;
          CREATE TRIGGER crash_test_hold_first_step BEFORE UPDATE ON team_provisionings FOR EACH ROW
            WHEN (OLD.step = 'start' AND NEW.step <> 'start') EXECUTE FUNCTION crash_test_hold_first_step();`);
        return async () => {
          await database.pool.query('DROP TRIGGER crash_test_hold_first_step ON team_provisionings; DROP FUNCTION crash_test_hold_first_step()');
          await client.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK]);
          client.release();
        };
      }
      case 'community_row': {
        const client: PoolClient = await database.pool.connect();
        await client.query('BEGIN');
        await client.query('SELECT 1 FROM communities WHERE id = $1 FOR UPDATE', [communityId]);
        return async () => {
          await client.query('ROLLBACK');
          client.release();
        };
      }
    }
  }

  /** Resolves once the child is where the case wants to kill it. */
  async function reached(child: AppProcess, step: ProvisioningStep, kind: Hold, communityId: string): Promise<void> {
    if (kind.kind === 'claimed') {
      await until(async () => (await provisioning(communityId)).holder !== null, `${child.name} to take the provisioning`);
      return;
    }
    await child.waitForLine((line) => isStep(line, communityId, step), START_TIMEOUT_MS);
  }

  /** A second instance, up and running before the first is killed, as in a deployment of two. */
  async function standby(): Promise<AppProcess> {
    const child = startApp();
    await child.waitForLine((line) => line.msg === 'listening', START_TIMEOUT_MS);
    return child;
  }

  /** The standby instance takes the job over within 15 s of the kill, and finishes it. */
  async function resume(child: AppProcess, communityId: string, killedAt: number): Promise<void> {
    try {
      await child.waitForLine((line) => line.msg === 'provisioning job started' && line.communityId === communityId, START_TIMEOUT_MS);
      expect(Date.now() - killedAt).toBeLessThan(RESUMED_WITHIN_MS);
      const end = await child.waitForLine((line) => isEnd(line, communityId), START_TIMEOUT_MS);
      expect(end.msg).toBe('provisioning finished');
    } finally {
      await child.stop();
    }
  }

  /** One team by that name, holding exactly the community's people, the app installed once, recorded on the community. */
  async function expectOneCompleteTeam(communityId: string, name: string): Promise<void> {
    const teams = sandbox.state.teams.filter((team) => team.displayName === name);
    expect(teams).toHaveLength(1);
    expect(sandbox.stats().duplicateTeamNames).toEqual([]);
    const team = teams[0];
    if (!team) return;
    expect(team.members.map((m) => m.userId).sort()).toEqual([ORGANISER_ID, ...INTERESTED_IDS].sort());
    expect(team.members.find((m) => m.userId === ORGANISER_ID)?.roles).toEqual(['owner']);
    expect(team.installedApps.map((app) => app.externalId)).toEqual([MANIFEST_ID]);
    const served = (route: string) =>
      sandbox.state.requestLog.filter((entry) => entry.route === route && entry.teamId === team.id && entry.outcome === 'served').length;
    expect(served('POST /teams/{teamId}/installedApps')).toBe(1);
    expect(served('POST /teams/{teamId}/members/add')).toBe(1);
    const { rows } = await database.pool.query<{ team_id: string | null; status: string }>('SELECT team_id, status FROM communities WHERE id = $1', [
      communityId,
    ]);
    expect(rows[0]).toEqual({ team_id: team.id, status: 'active' });
    expect(await provisioning(communityId)).toMatchObject({ status: 'succeeded', step: 'done' });
  }

  // Two app processes started from source per case (~30 s alone): room for a machine busy with other suites.
  const CASE_TIMEOUT_MS = 150_000;

  it.each(CRASH_CASES.map((c) => [c.step, c] as const))('killed right after step %s, a new instance finishes with exactly one team', async (_step, crashCase) => {
    const name = `Après ${crashCase.step}`;
    const community = await launchedCommunity(`crash-${crashCase.step.replace(/_/g, '-')}`, name);
    const lift = await hold(crashCase.hold, community.id);
    let killedAt: number;
    let second: AppProcess;
    const first = startApp();
    try {
      await reached(first, crashCase.step, crashCase.hold, community.id);
      second = await standby();
      killedAt = await crash(first);
    } finally {
      // Whatever happened, the first instance is gone before the next case: alive, it would take that case's job.
      await crash(first);
      await lift();
    }
    // Killed at the intended point: the step is recorded, the provisioning still held by the dead instance's attempt.
    expect(await provisioning(community.id)).toMatchObject({ status: 'underway', step: crashCase.step, holder: expect.any(String) });

    await resume(second, community.id, killedAt);

    await expectOneCompleteTeam(community.id, name);
  }, CASE_TIMEOUT_MS);

  it('killed while POST /teams is in flight, after Graph made the team: the new instance adopts it instead of making another', async () => {
    const name = 'Pendant POST /teams';
    const community = await launchedCommunity('crash-during-post-teams', name);
    // Graph creates the team, then the answer never comes back: the app dies waiting for it.
    const logBefore = sandbox.state.requestLog.length;
    const fault = sandbox.faults.add({ match: { route: 'POST /teams' }, times: 1, respond: { kind: 'timeout', afterProcessing: true } });
    let killedAt: number;
    let second: AppProcess;
    // Listening before the child exists: the held POST /teams is recorded once Graph has made the team.
    const created = sandbox.nextRequest((entry) => entry.route === 'POST /teams');
    const first = startApp();
    const exitedFirst = first.exited.then((exit) => Promise.reject(new Error(`${first.name} exited (${JSON.stringify(exit)}) before POST /teams`)));
    try {
      expect(await Promise.race([created, exitedFirst])).toMatchObject({ outcome: 'fault', status: null });
      expect(sandbox.state.teams.filter((team) => team.displayName === name)).toHaveLength(1);
      second = await standby();
      killedAt = await crash(first);
    } finally {
      await crash(first);
      fault.remove();
    }
    expect(await provisioning(community.id)).toMatchObject({ status: 'underway', step: 'creation_requested' });

    await resume(second, community.id, killedAt);

    await expectOneCompleteTeam(community.id, name);
    // The one POST /teams is the one whose answer was lost (no status): it was never sent again.
    const creations = sandbox.state.requestLog.slice(logBefore).filter((entry) => entry.route === 'POST /teams');
    expect(creations.map((entry) => entry.status)).toEqual([null]);
  }, CASE_TIMEOUT_MS);
});

function isStep(line: LogLine, communityId: string, step: ProvisioningStep): boolean {
  return line.msg === 'provisioning step recorded' && line.communityId === communityId && line.step === step;
}

function isEnd(line: LogLine, communityId: string): boolean {
  return (line.msg === 'provisioning finished' || line.msg === 'provisioning failed') && line.communityId === communityId;
}

/** Polls the jobs table: the job queue offers no event to wait on when a job is claimed. */
async function until(condition: () => Promise<boolean>, what: string, timeoutMs = START_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
