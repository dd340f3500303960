import { TestClock } from 'pg-boss';
import type { ProvisioningRun } from '../../src/domain/provisioning-ports';
import { PgProvisioningRuns } from '../../src/storage/provisioning-run-repository';
import type { CatalogApp, GraphSandbox, GraphSandboxOptions, SandboxUser } from '../../sandbox/graph';
import { startGraphSandbox } from '../../sandbox/graph';
import { gatewayForSandbox } from '../../sandbox/sandbox-gateway';
import type { GraphTeamsGateway } from '../../src/graph/graph-teams-gateway';
import type { RetryPolicyOptions } from '../../src/graph/retry-policy';
import type { RetryEvent } from '../../src/graph/throttled-retry-middleware';
import { type CardJson, type ConnectorCall, cardText } from './fake-bot-connector';
import { ManualClock } from './manual-clock';
import { type Person, TENANT_ID, cardAction, person, personalMessage } from './teams-activities';
import { type TestApp, startTestApp } from './test-app';

/**
 * The whole provisioning path as organisers live it: the real app (HTTP into /api/messages, PGlite, the
 * job worker) talking to a Graph sandbox of the test's own through the real gateway (Graph SDK,
 * @azure/identity, HTTPS with the sandbox's certificate), the app, the gateway and the sandbox all on one
 * virtual clock the test moves forward.
 */

/** The administrator (ADMIN_AAD_OBJECT_IDS) who creates, launches and archives; the team's owner. */
export const ADMIN = person(900, 'Alex Admin');
/** Demo-data organisers (Camille organises Automatisations, Infonuagique, Architecture; Jordan the others). */
export const CAMILLE: Person = { id: '29:camille', aadObjectId: '6f4a9c2e-3b1d-4e8a-9f00-00000000a001', name: 'Camille Tremblay' };
export const JORDAN: Person = { id: '29:jordan', aadObjectId: '6f4a9c2e-3b1d-4e8a-9f00-00000000a002', name: 'Jordan Smith' };

/** Our Teams app as the organisation's catalog lists it: `externalId` is the manifest id the app looks for. */
export const CATALOG_APP: CatalogApp = {
  id: 'c47a1095-0000-4000-8000-0000000ca7a1',
  externalId: '5d3f0c2a-8b7e-4f61-9a4d-2e0c0ffee0a1',
  displayName: 'Communautés de pratique',
};

/** A directory entry for someone the tests speak as. */
export function directoryUser(who: Person): SandboxUser {
  const alias = who.name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '.');
  return { id: who.aadObjectId, displayName: who.name, userPrincipalName: `${alias}@sandbox.example`, mail: `${alias}@sandbox.example` };
}

export interface ProvisioningScenarioOptions {
  /** People Graph knows besides ADMIN, CAMILLE and JORDAN. */
  readonly directory?: readonly Person[];
  /** Default: CATALOG_APP, whose externalId is the app's manifest id. */
  readonly catalogApps?: CatalogApp[];
  /** Sandbox behaviour (default: operations settle after 2 polls, a new team 404s for 100 ms of the scenario's clock). */
  readonly sandbox?: Omit<GraphSandboxOptions, 'users' | 'catalogApps' | 'tenantId' | 'clock'>;
  /** The gateway's per-attempt timeout (default 10 s: only held sockets ever reach it). */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicyOptions>;
  /** The client secret the app's gateway presents to the sandbox's token endpoint (default: the one it accepts). */
  readonly clientSecret?: string;
}

export interface CommunityRow {
  readonly id: string;
  readonly status: string;
  readonly teamId: string | null;
}

export interface ProvisioningScenario {
  readonly t: TestApp;
  readonly sandbox: GraphSandbox;
  readonly clock: ManualClock;
  /** Every retry the gateway decided, in order (what it waited comes from Retry-After or its back-off). */
  readonly retries: readonly RetryEvent[];
  /** Sends a personal message as `who` and returns the bot's reply. */
  say(text: string, who: Person, locale?: string): Promise<{ text: string; card: CardJson | undefined }>;
  /**
   * Runs the job worker until no job is pending: each round drains the due jobs, then moves the clock
   * to the next due date, which the sandbox's windows (a new team's 404s) see pass too. Returns the
   * number of job runs.
   */
  runJobs(): Promise<number>;
  /** Runs the jobs due now, without moving the clock. */
  runDueJobs(): Promise<number>;
  /** When the next waiting job is due, if one is waiting. */
  nextJobDueAt(): Promise<Date | undefined>;
  /** Clicks an Action.Execute button as `who` and returns the invoke response (the card that replaces the clicked one, or a refusal). */
  click(verb: string, data: unknown, who: Person): Promise<{ statusCode: number; type: string; value: CardJson & { message?: string } }>;
  community(slug: string): Promise<CommunityRow | undefined>;
  /** Registers these people's interest in a community straight in SQL (as if each had typed « intérêt »). */
  givenInterest(slug: string, people: readonly Person[]): Promise<void>;
  /** Where the community's provisioning stands, as the app records it. */
  provisioning(communityId: string): Promise<ProvisioningRun | undefined>;
  /** The progress card as last updated in place (PUT …/activities/{id}) in `who`'s personal chat. */
  lastProgressCard(who: Person): string | undefined;
  /** Messages the bot sent to `who` on its own (not answers to what the test said), in their personal chat. */
  proactiveMessages(who: Person): ConnectorCall[];
  /** Where the sandbox served a route, by status, in order (null: no answer, the socket was held). */
  statuses(route: string): (number | null)[];
  stop(): Promise<void>;
}

const personalConversation = (who: Person) => `a:personal-${who.id}`;

export async function startProvisioningScenario(options: ProvisioningScenarioOptions = {}): Promise<ProvisioningScenario> {
  const clock = new ManualClock();
  // pg-boss's time, kept level with the app's: due dates and retries are in virtual time too.
  const jobClock = new TestClock(clock.now());
  const retries: RetryEvent[] = [];
  const sandbox = await startGraphSandbox({
    operationPolls: 2,
    notFoundAfterCreateMs: 100,
    ...options.sandbox,
    tenantId: TENANT_ID,
    users: [ADMIN, CAMILLE, JORDAN, ...(options.directory ?? [])].map(directoryUser),
    catalogApps: options.catalogApps ?? [CATALOG_APP],
    clock,
  });
  let gateway: GraphTeamsGateway | undefined;
  let t: TestApp;
  try {
    gateway = gatewayForSandbox(sandbox, {
      timeoutMs: options.timeoutMs ?? 10_000,
      retry: options.retry,
      clock: clock.graph,
      onRetry: (event) => retries.push(event),
      ...(options.clientSecret === undefined ? {} : { credential: { kind: 'secret', clientId: sandbox.clientId, secret: options.clientSecret } }),
    });
    t = await startTestApp(
      { TEAMS_APP_TENANT_ID: TENANT_ID, ADMIN_AAD_OBJECT_IDS: ADMIN.aadObjectId },
      { graph: gateway, manifestId: CATALOG_APP.externalId, clock, jobs: { enabled: false, clock: jobClock } },
    );
  } catch (error) {
    gateway?.close();
    await sandbox.stop();
    throw error;
  }
  const { pool } = t.database;
  /** Ids of the activities `say` posted: the bot's answers to them are not proactive. */
  const said = new Set<string>();

  const scenario: ProvisioningScenario = {
    t,
    sandbox,
    clock,
    retries,
    async say(text, who, locale = 'fr-CA') {
      const activity = personalMessage(text, { serviceUrl: t.connector.serviceUrl, from: who, locale });
      said.add(String(activity.id));
      const { status } = await t.post(activity);
      if (status !== 200) throw new Error(`"${text}" from ${who.name} answered HTTP ${status}`);
      const reply = await t.connector.waitFor((c) => c.body.replyToId === activity.id);
      return { text: reply.body.text ?? '', card: reply.body.attachments?.[0]?.content };
    },
    async click(verb, data, who) {
      const { status, body } = await t.post(cardAction(verb, data, { serviceUrl: t.connector.serviceUrl, from: who }));
      // Teams gets a refused action's status (400, 403) as the HTTP status too; only a crash is unexpected.
      if (status >= 500) throw new Error(`${verb} from ${who.name} answered HTTP ${status}`);
      return body as { statusCode: number; type: string; value: CardJson & { message?: string } };
    },
    async runJobs() {
      let runs = 0;
      for (let round = 0; round < 500; round += 1) {
        runs += await scenario.runDueJobs();
        const next = await t.app.jobs.nextDueAt();
        if (!next) return runs;
        clock.advanceTo(next);
      }
      throw new Error('the jobs did not settle in 500 rounds');
    },
    async runDueJobs() {
      // The Graph gateway's waits moved the app's clock: pg-boss catches up before looking for due jobs.
      if (jobClock.now() < clock.now().getTime()) await jobClock.setTime(clock.now());
      return t.app.jobs.workUntilIdle();
    },
    nextJobDueAt: () => t.app.jobs.nextDueAt(),
    async community(slug) {
      const { rows } = await pool.query<CommunityRow>('SELECT id::text AS id, status, team_id AS "teamId" FROM communities WHERE slug = $1', [slug]);
      return rows[0];
    },
    async givenInterest(slug, people) {
      await pool.query(
        `INSERT INTO interests (community_id, tenant_id, aad_object_id)
         SELECT c.id, $2, unnest($3::text[]) FROM communities c WHERE c.slug = $1`,
        [slug, TENANT_ID, people.map((p) => p.aadObjectId)],
      );
    },
    provisioning: (communityId) => new PgProvisioningRuns(pool).find(communityId),
    lastProgressCard(who) {
      const prefix = `/v3/conversations/${personalConversation(who)}/activities/`;
      const update = t.connector.calls.filter((c) => c.method === 'PUT' && c.path.startsWith(prefix)).at(-1);
      const card = update?.body.attachments?.[0]?.content;
      return card && cardText(card);
    },
    proactiveMessages(who) {
      // botbuilder sends a proactive message as a reply to the continuation activity it makes up.
      const prefix = `/v3/conversations/${personalConversation(who)}/activities`;
      return t.connector.calls.filter((c) => c.method === 'POST' && c.path.startsWith(prefix) && !said.has(String(c.body.replyToId)));
    },
    statuses(route) {
      return sandbox.state.requestLog.filter((entry) => entry.route === route).map((entry) => entry.status);
    },
    async stop() {
      await t.stop();
      gateway?.close();
      await sandbox.stop();
    },
  };
  return scenario;
}
