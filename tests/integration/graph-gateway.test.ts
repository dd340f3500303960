import type { UserIdentity } from '../../src/domain/model';
import { type OperationStatus, TeamsGraphFailure } from '../../src/domain/teams-graph';
import type { GraphTeamsGatewayOptions } from '../../src/graph/create-graph-teams-gateway';
import { gatewayForSandbox } from '../../sandbox/sandbox-gateway';
import type { GraphClock } from '../../src/graph/graph-clock';
import type { GraphTeamsGateway } from '../../src/graph/graph-teams-gateway';
import { type GraphSandbox, type GraphSandboxOptions, type SandboxUser, startGraphSandbox } from '../../sandbox/graph';
import { ManualClock } from '../support/manual-clock';

const OWNER: SandboxUser = { id: '0040b377-61d8-43db-94f5-81374122dc7e', displayName: 'Olivia Owner', userPrincipalName: 'olivia@contoso.com' };
const DISABLED: SandboxUser = { id: 'dddddddd-0000-4000-8000-000000000001', displayName: 'Gone Away', userPrincipalName: 'gone@contoso.com', accountEnabled: false };
const APP = { id: 'b1c5353a-7aca-41b3-830f-27d5218fe0e5', externalId: 'f31b1263-ba99-435a-a679-911d24850d7c', displayName: 'Communities of Practice' };
const PEOPLE: SandboxUser[] = Array.from({ length: 260 }, (_, i) => ({
  id: `aaaaaaaa-0000-4000-8000-${String(i).padStart(12, '0')}`,
  displayName: `Person ${i}`,
  userPrincipalName: `person${i}@contoso.com`,
}));

async function startSandbox(options: GraphSandboxOptions = {}): Promise<GraphSandbox> {
  return startGraphSandbox({ users: [OWNER, DISABLED, ...PEOPLE], catalogApps: [APP], ...options });
}

/** The gateway as the app builds it (real SDK, real @azure/identity credential, HTTPS), pointed at the sandbox. */
const gatewayFor = gatewayForSandbox;

/** Sleeps are recorded and advance virtual time at once: waits are measured, never waited. */
function virtualClock(): GraphClock & { readonly sleeps: number[] } {
  let now = Date.parse('2025-03-10T14:00:00Z');
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

const identity = (sandbox: GraphSandbox, id: string): UserIdentity => ({ tenantId: sandbox.tenantId, aadObjectId: id });

/** Statuses the sandbox sent for a route, in order (null: no answer, the socket was held). */
function statusesOf(sandbox: GraphSandbox, route: string, from = 0): (number | null)[] {
  return sandbox.state.requestLog.slice(from).filter((entry) => entry.route === route).map((entry) => entry.status);
}

async function failureOf(promise: Promise<unknown>): Promise<TeamsGraphFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TeamsGraphFailure) return error;
    throw error;
  }
  throw new Error('expected a TeamsGraphFailure');
}

async function pollUntilSettled(gateway: GraphTeamsGateway, operation: string): Promise<OperationStatus[]> {
  const seen: OperationStatus[] = [];
  for (let poll = 0; poll < 20; poll += 1) {
    const status = await gateway.pollOperation(operation);
    seen.push(status);
    if (status.status !== 'running') return seen;
  }
  throw new Error(`operation ${operation} still running after 20 polls`);
}

/** A new team answers 404 for this long after its creation succeeded, on the sandbox's clock. */
const NOT_FOUND_AFTER_CREATE_MS = 1000;

/** Creates a team through the gateway and lets the sandbox's 404 window pass on its clock (when it has one to move). */
async function provisionedTeam(gateway: GraphTeamsGateway, sandbox: GraphSandbox, displayName: string, clock?: ManualClock): Promise<string> {
  const { teamId, operation } = await gateway.startTeamCreation({ displayName, description: `${displayName} community`, owner: identity(sandbox, OWNER.id) });
  await pollUntilSettled(gateway, operation);
  clock?.advance(NOT_FOUND_AFTER_CREATE_MS);
  if (!(await gateway.isTeamReachable(teamId))) throw new Error(`team ${displayName} is still not reachable once the 404 window has passed`);
  return teamId;
}

describe('Graph gateway: a community team provisioned through the real Graph SDK and @azure/identity', () => {
  let sandbox: GraphSandbox;
  let gateway: GraphTeamsGateway;
  const clock = new ManualClock();
  beforeAll(async () => {
    sandbox = await startSandbox({ operationPolls: 2, notFoundAfterCreateMs: NOT_FOUND_AFTER_CREATE_MS, clock });
    gateway = gatewayFor(sandbox);
  });
  afterAll(async () => {
    gateway.close();
    await sandbox.stop();
  });

  it('creates a team with its owner: 202 with a relative Location, polled until it succeeds, then reachable once the 404 window passes', async () => {
    const { teamId, operation } = await gateway.startTeamCreation({
      displayName: 'Accessibilité numérique',
      description: 'Communauté de pratique',
      owner: identity(sandbox, OWNER.id),
    });
    expect(operation).toBe(`/teams('${teamId}')/operations('${sandbox.state.operations.at(-1)?.id}')`);

    expect(await pollUntilSettled(gateway, operation)).toEqual([{ status: 'running' }, { status: 'running' }, { status: 'succeeded', teamId }]);
    expect(await gateway.isTeamReachable(teamId)).toBe(false);
    clock.advance(NOT_FOUND_AFTER_CREATE_MS - 1);
    expect(await gateway.isTeamReachable(teamId)).toBe(false);
    clock.advance(1);
    expect(await gateway.isTeamReachable(teamId)).toBe(true);

    expect(sandbox.state.team(teamId)).toMatchObject({
      displayName: 'Accessibilité numérique',
      provisioning: 'succeeded',
      members: [expect.objectContaining({ userId: OWNER.id, roles: ['owner'] })],
    });
    expect(statusesOf(sandbox, 'POST /teams')).toEqual([202]);
    expect(statusesOf(sandbox, 'GET /teams/{teamId}')).toEqual([404, 404, 200]);
  });

  it("finds a team it created again by display name, quotes and all, only if created at or after the given moment", async () => {
    const before = new Date(clock.now().getTime() - 1000);
    const { teamId } = await gateway.startTeamCreation({ displayName: "L'équipe d'O'Brien", description: 'x', owner: identity(sandbox, OWNER.id) });
    expect(await gateway.findTeamCreatedSince("L'équipe d'O'Brien", before)).toBe(teamId);
    expect(await gateway.findTeamCreatedSince("L'équipe d'O'Brien", new Date(clock.now().getTime() + 60_000))).toBeUndefined();
    expect(await gateway.findTeamCreatedSince("l'équipe d'o'brien", before)).toBeUndefined();
    expect(await gateway.findTeamCreatedSince('Nobody made this', before)).toBeUndefined();
  });

  it('looks the app up by its manifest id and installs it once: installed, then already_installed', async () => {
    const teamId = await provisionedTeam(gateway, sandbox, 'Apps', clock);
    const catalogAppId = await gateway.findCatalogApp(APP.externalId);
    expect(catalogAppId).toBe(APP.id);
    expect(await gateway.findCatalogApp('00000000-0000-4000-8000-000000000000')).toBeUndefined();

    expect(await gateway.installApp(teamId, APP.id)).toBe('installed');
    expect(await gateway.installApp(teamId, APP.id)).toBe('already_installed');
    expect(sandbox.state.team(teamId)?.installedApps.map((app) => app.teamsAppId)).toEqual([APP.id]);
  });

  it('adds 250 people in two requests of at most 200, reporting each unknown or disabled one in order; adding them again changes nothing', async () => {
    const teamId = await provisionedTeam(gateway, sandbox, 'Bulk', clock);
    const unknown = Array.from({ length: 8 }, (_, i) => `eeeeeeee-0000-4000-8000-00000000000${i}`);
    // Unknown people in both batches: positions 3, 150, 210…
    const ids = PEOPLE.slice(0, 241).map((person) => person.id);
    ids.splice(3, 0, unknown[0] as string);
    ids.splice(150, 0, unknown[1] as string, DISABLED.id);
    ids.splice(210, 0, ...unknown.slice(2));
    expect(ids).toHaveLength(250);
    const users = ids.map((id) => identity(sandbox, id));
    const logBefore = sandbox.state.requestLog.length;

    const results = await gateway.addMembers(teamId, users);

    expect(results.map((result) => result.user)).toEqual(users);
    const failed = results.flatMap((result, index) => (result.ok ? [] : [{ index, id: result.user.aadObjectId, code: result.code }]));
    expect(failed).toEqual([
      { index: 3, id: unknown[0], code: 'NotFound' },
      { index: 150, id: unknown[1], code: 'NotFound' },
      { index: 151, id: DISABLED.id, code: 'NotFound' },
      ...unknown.slice(2).map((id, i) => ({ index: 210 + i, id, code: 'NotFound' })),
    ]);
    // The sandbox refuses more than 200 members in one request (400): two 207s mean two batches within the limit.
    expect(statusesOf(sandbox, 'POST /teams/{teamId}/members/add', logBefore)).toEqual([207, 207]);
    expect(sandbox.state.team(teamId)?.members).toHaveLength(1 + 241);

    const alreadyPresent = sandbox.stats().membersAlreadyPresent;
    const again = await gateway.addMembers(teamId, users);
    expect(again).toEqual(results);
    expect(sandbox.state.team(teamId)?.members).toHaveLength(1 + 241);
    expect(sandbox.stats().membersAlreadyPresent).toBe(alreadyPresent + 241);
  });

  it("finds a person's membership, owner or not, removes it, and says not_member once it is gone", async () => {
    const teamId = await provisionedTeam(gateway, sandbox, 'Leaving', clock);
    const person = PEOPLE[250] as SandboxUser;
    await gateway.addMembers(teamId, [identity(sandbox, person.id)]);
    const logBefore = sandbox.state.requestLog.length;

    const membership = await gateway.findMembership(teamId, identity(sandbox, person.id));
    expect(membership).toEqual({ id: sandbox.state.team(teamId)?.members.find((m) => m.userId === person.id)?.id, owner: false });
    expect(await gateway.findMembership(teamId, identity(sandbox, OWNER.id))).toMatchObject({ owner: true });
    expect(await gateway.findMembership(teamId, identity(sandbox, (PEOPLE[251] as SandboxUser).id))).toBeUndefined();

    expect(await gateway.removeMembership(teamId, membership?.id ?? '')).toBe('removed');
    expect(await gateway.removeMembership(teamId, membership?.id ?? '')).toBe('not_member');
    expect(await gateway.findMembership(teamId, identity(sandbox, person.id))).toBeUndefined();

    expect(sandbox.state.team(teamId)?.members.map((member) => member.userId)).toEqual([OWNER.id]);
    expect(statusesOf(sandbox, 'DELETE /teams/{teamId}/members/{membershipId}', logBefore)).toEqual([204, 404]);
  });

  it('archives a team: an operation to poll, after which the team is archived', async () => {
    const teamId = await provisionedTeam(gateway, sandbox, 'Archive me', clock);
    const { operation } = await gateway.archiveTeam(teamId);
    expect(operation).toMatch(new RegExp(`^/teams\\('${teamId}'\\)/operations\\('[0-9a-f-]{36}'\\)$`));
    expect((await pollUntilSettled(gateway, operation)).at(-1)).toEqual({ status: 'succeeded', teamId });
    expect(sandbox.state.team(teamId)?.isArchived).toBe(true);
  });

  it('invites a guest, who can then be added to a team', async () => {
    const { aadObjectId } = await gateway.inviteGuest({ email: 'ada@fabrikam.com', displayName: 'Ada Guest', redirectUrl: 'https://teams.microsoft.com' });
    expect(sandbox.state.users.find((user) => user.id === aadObjectId)).toMatchObject({ userType: 'Guest', displayName: 'Ada Guest' });
    expect(await gateway.inviteGuest({ email: 'ada@fabrikam.com', displayName: 'Ada Guest', redirectUrl: 'https://teams.microsoft.com' })).toEqual({ aadObjectId });

    const teamId = await provisionedTeam(gateway, sandbox, 'With a guest', clock);
    expect(await gateway.addMembers(teamId, [identity(sandbox, aadObjectId)])).toEqual([{ user: identity(sandbox, aadObjectId), ok: true }]);
  });

  it('a wrong client secret is a rejected credential (AADSTS7000215), not a permission, before any Graph request', async () => {
    const logBefore = sandbox.state.requestLog.filter((entry) => entry.endpoint !== 'token').length;
    const wrong = gatewayFor(sandbox, { credential: { kind: 'secret', clientId: sandbox.clientId, secret: 'not-the-secret' } });
    try {
      const failure = await failureOf(wrong.findCatalogApp(APP.externalId));
      expect(failure).toMatchObject({ kind: 'credential_rejected', transient: false, details: { credential: { reason: 'invalid_secret', aadsts: 'AADSTS7000215' } } });
      expect(failure.message).toContain('AADSTS7000215');
    } finally {
      wrong.close();
    }
    expect(sandbox.state.requestLog.filter((entry) => entry.endpoint !== 'token')).toHaveLength(logBefore);
  });

  it('an unknown client id is a rejected credential too (AADSTS700016)', async () => {
    const unknown = gatewayFor(sandbox, { credential: { kind: 'secret', clientId: '00000000-0000-4000-8000-00000000c1d0', secret: sandbox.clientSecret } });
    try {
      expect(await failureOf(unknown.findCatalogApp(APP.externalId))).toMatchObject({
        kind: 'credential_rejected',
        details: { credential: { reason: 'unknown_client', aadsts: 'AADSTS700016' } },
      });
    } finally {
      unknown.close();
    }
  });
});

describe('Graph gateway: throttling, outages and refusals', () => {
  let sandbox: GraphSandbox;
  let teamId: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ operationPolls: 0 });
    const setup = gatewayFor(sandbox);
    teamId = await provisionedTeam(setup, sandbox, 'Faults');
    setup.close();
  });
  afterEach(() => sandbox.faults.clear());
  afterAll(() => sandbox.stop());

  /** A gateway whose waits are virtual, without client-side limits so that only retries wait. */
  function measuredGateway(options: Partial<GraphTeamsGatewayOptions> = {}) {
    const clock = virtualClock();
    return { clock, gateway: gatewayFor(sandbox, { clock, limits: false, random: () => 0.5, ...options }) };
  }

  it('a storm of 429s: each Retry-After is waited before the next attempt, and the call succeeds', async () => {
    const { clock, gateway } = measuredGateway({ retry: { maxAttempts: 6 } });
    const logBefore = sandbox.state.requestLog.length;
    sandbox.faults.add({ match: { route: 'POST /teams/{teamId}/members/add' }, times: 4, respond: { status: 429, retryAfterSeconds: 7 } });

    expect(await gateway.addMembers(teamId, [identity(sandbox, (PEOPLE[0] as SandboxUser).id)])).toEqual([expect.objectContaining({ ok: true })]);

    expect(clock.sleeps).toEqual([7000, 7000, 7000, 7000]);
    expect(statusesOf(sandbox, 'POST /teams/{teamId}/members/add', logBefore)).toEqual([429, 429, 429, 429, 200]);
    gateway.close();
  });

  it('a Retry-After longer than the cap ends the call as throttled, carrying the wait for the job to reschedule', async () => {
    const { clock, gateway } = measuredGateway({ retry: { maxRetryAfterMs: 60_000 } });
    sandbox.faults.add({ match: { route: 'POST /teams/{teamId}/members/add' }, times: 1, respond: { status: 429, retryAfterSeconds: 600 } });
    const failure = await failureOf(gateway.addMembers(teamId, [identity(sandbox, (PEOPLE[0] as SandboxUser).id)]));
    expect(failure).toMatchObject({ kind: 'throttled', transient: true, details: { status: 429, retryAfterMs: 600_000 } });
    expect(clock.sleeps).toEqual([]);
    gateway.close();
  });

  it('a 503 without Retry-After backs off (jittered) and the retry succeeds', async () => {
    const { clock, gateway } = measuredGateway({ retry: { baseDelayMs: 1000 } });
    const logBefore = sandbox.state.requestLog.length;
    sandbox.faults.add({ match: { route: 'GET /teams/{teamId}' }, times: 1, respond: { status: 503 } });
    expect(await gateway.isTeamReachable(teamId)).toBe(true);
    expect(clock.sleeps).toEqual([500]); // full jitter: 0.5 × 1000 ms
    expect(statusesOf(sandbox, 'GET /teams/{teamId}', logBefore)).toEqual([503, 200]);
    gateway.close();
  });

  it('a request that gets no answer is abandoned at the timeout and retried; if it never answers, the call fails as timeout', async () => {
    const { clock, gateway } = measuredGateway({ timeoutMs: 150, retry: { maxAttempts: 3, baseDelayMs: 100 } });
    const logBefore = sandbox.state.requestLog.length;
    sandbox.faults.add({ match: { route: 'GET /teams/{teamId}' }, times: 1, respond: 'timeout' });
    expect(await gateway.isTeamReachable(teamId)).toBe(true);
    expect(statusesOf(sandbox, 'GET /teams/{teamId}', logBefore)).toEqual([null, 200]);

    sandbox.faults.add({ match: { route: 'GET /teams/{teamId}' }, times: Infinity, respond: 'timeout' });
    const logMiddle = sandbox.state.requestLog.length;
    const failure = await failureOf(gateway.isTeamReachable(teamId));
    expect(failure).toMatchObject({ kind: 'timeout', transient: true });
    expect(statusesOf(sandbox, 'GET /teams/{teamId}', logMiddle)).toEqual([null, null, null]);
    expect(clock.sleeps).toHaveLength(1 + 2);
    gateway.close();
  });

  it('a POST /teams that timed out is never sent again (it may have created the team): the job adopts the team instead', async () => {
    const { gateway } = measuredGateway({ timeoutMs: 150 });
    const since = new Date(Date.now() - 1000);
    sandbox.faults.add({ match: { method: 'POST', path: '/v1.0/teams' }, times: 1, respond: { kind: 'timeout', ms: 1000, afterProcessing: true } });
    const logBefore = sandbox.state.requestLog.length;

    const failure = await failureOf(gateway.startTeamCreation({ displayName: 'Created in the dark', description: 'x', owner: identity(sandbox, OWNER.id) }));

    expect(failure.kind).toBe('timeout');
    expect(statusesOf(sandbox, 'POST /teams', logBefore)).toEqual([null]);
    const adopted = await gateway.findTeamCreatedSince('Created in the dark', since);
    expect(adopted).toBe(sandbox.state.teams.find((team) => team.displayName === 'Created in the dark')?.id);
    expect(sandbox.stats().duplicateTeamNames).toEqual([]);
    gateway.close();
  });

  it('a missing permission is reported by name and never retried: exactly one request', async () => {
    const { clock, gateway } = measuredGateway();
    sandbox.faults.denyPermission('TeamsAppInstallation.ReadWriteSelfForTeam.All');
    const logBefore = sandbox.state.requestLog.length;

    const failure = await failureOf(gateway.installApp(teamId, APP.id));

    expect(failure).toMatchObject({ kind: 'permission_denied', details: { status: 403, permission: 'TeamsAppInstallation.ReadWriteSelfForTeam.All' } });
    expect(statusesOf(sandbox, 'POST /teams/{teamId}/installedApps', logBefore)).toEqual([403]);
    expect(clock.sleeps).toEqual([]);

    sandbox.faults.denyPermission('Team.Create');
    const denied = await failureOf(gateway.startTeamCreation({ displayName: 'Forbidden', description: 'x', owner: identity(sandbox, OWNER.id) }));
    expect(denied).toMatchObject({ kind: 'permission_denied', details: { permission: 'Team.Create' } });
    expect(statusesOf(sandbox, 'POST /teams', logBefore)).toEqual([403]);
    gateway.close();
  });

  it('a 400 is a bad request, reported at once', async () => {
    const { clock, gateway } = measuredGateway();
    const logBefore = sandbox.state.requestLog.length;
    sandbox.faults.add({ match: { route: 'POST /invitations' }, times: Infinity, respond: { status: 400, code: 'BadRequest', message: 'Invalid email.' } });
    const failure = await failureOf(gateway.inviteGuest({ email: 'not-an-email', displayName: 'x', redirectUrl: 'https://teams.microsoft.com' }));
    expect(failure).toMatchObject({ kind: 'bad_request', details: { status: 400, code: 'BadRequest' } });
    expect(statusesOf(sandbox, 'POST /invitations', logBefore)).toEqual([400]);
    expect(clock.sleeps).toEqual([]);
    gateway.close();
  });
});

describe('Graph gateway: client-side Teams limits', () => {
  let sandbox: GraphSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ operationPolls: 0, enforceLimits: true });
  });
  afterAll(() => sandbox.stop());

  it('25 team creations asked at once reach Graph at no more than 10 a second, and Graph never throttles them', async () => {
    const gateway = gatewayFor(sandbox);
    const created = await Promise.all(
      Array.from({ length: 25 }, (_, i) => gateway.startTeamCreation({ displayName: `Rush ${i}`, description: 'x', owner: identity(sandbox, OWNER.id) })),
    );
    gateway.close();

    expect(new Set(created.map((team) => team.teamId)).size).toBe(25);
    const stats = sandbox.stats();
    expect(stats.byEndpoint.createTeam?.served).toBe(25);
    expect(stats.byEndpoint.createTeam?.maxOfferedRps).toBeLessThanOrEqual(10);
    expect(stats.throttled.total).toBe(0);
    expect(stats.duplicateTeamNames).toEqual([]);
  });

  it('calls on one team reach Graph at no more than 4 a second', async () => {
    const gateway = gatewayFor(sandbox);
    const { teamId } = await gateway.startTeamCreation({ displayName: 'Hot team', description: 'x', owner: identity(sandbox, OWNER.id) });
    await gateway.pollOperation(`/teams('${teamId}')/operations('${sandbox.state.operations.at(-1)?.id}')`);
    await Promise.all(Array.from({ length: 9 }, () => gateway.isTeamReachable(teamId)));
    gateway.close();

    const stats = sandbox.stats();
    expect(stats.byTeam[teamId]?.requests).toBe(10);
    expect(stats.byTeam[teamId]?.maxOfferedRps).toBeLessThanOrEqual(4);
    expect(stats.throttled.total).toBe(0);
  });
});
