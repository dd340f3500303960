import https from 'node:https';
import { ClientSecretCredential } from '@azure/identity';
import { Client, GraphError, ResponseType, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import {
  type GraphSandbox,
  type GraphSandboxOptions,
  type SandboxTrust,
  type SandboxUser,
  startGraphSandbox,
  trustSandboxCertificate,
} from '../../sandbox/graph';
import { ManualClock } from '../support/manual-clock';

const GRAPH = 'https://graph.microsoft.com/v1.0';
const OWNER: SandboxUser = { id: '0040b377-61d8-43db-94f5-81374122dc7e', displayName: 'Olivia Owner', userPrincipalName: 'olivia@contoso.com', mail: 'olivia@contoso.com' };
const DISABLED: SandboxUser = { id: 'dddddddd-0000-4000-8000-000000000001', displayName: 'Gone Away', userPrincipalName: 'gone@contoso.com', accountEnabled: false };
const APP = { id: 'b1c5353a-7aca-41b3-830f-27d5218fe0e5', externalId: 'f31b1263-ba99-435a-a679-911d24850d7c', displayName: 'Communities of Practice' };

/** 260 directory users with predictable ids. */
const PEOPLE: SandboxUser[] = Array.from({ length: 260 }, (_, i) => {
  const n = String(i).padStart(12, '0');
  return { id: `aaaaaaaa-0000-4000-8000-${n}`, displayName: `Person ${i}`, userPrincipalName: `person${i}@contoso.com`, mail: `person${i}@contoso.com` };
});

interface Harness {
  readonly sandbox: GraphSandbox;
  readonly trust: SandboxTrust;
  readonly client: Client;
  /** A Graph call outside the SDK, for what the SDK would not send (no token, a forged token). */
  raw(method: string, path: string, headers?: Record<string, string>, body?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>;
  stop(): Promise<void>;
}

/** The real Graph SDK and @azure/identity, pointed at a fresh sandbox exactly as the gateway points them at Graph. */
async function startHarness(options: GraphSandboxOptions = {}): Promise<Harness> {
  const sandbox = await startGraphSandbox({ users: [OWNER, DISABLED, ...PEOPLE], catalogApps: [APP], ...options });
  const trust = trustSandboxCertificate(sandbox.caCertificatePem);
  const credential = new ClientSecretCredential(sandbox.tenantId, sandbox.clientId, sandbox.clientSecret, {
    authorityHost: sandbox.authorityHost,
    disableInstanceDiscovery: true,
    ...trust.credentialOptions,
  });
  const authProvider = new TokenCredentialAuthenticationProvider(credential, { scopes: ['https://graph.microsoft.com/.default'] });
  const client = Client.initWithMiddleware({ middleware: trust.graphMiddleware(authProvider), baseUrl: sandbox.baseUrl, customHosts: new Set([sandbox.host]) });
  const raw: Harness['raw'] = (method, path, headers = {}, body) =>
    new Promise((resolve, reject) => {
      const request = https.request(`${sandbox.baseUrl}${path}`, { method, headers, agent: trust.agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      });
      request.on('error', reject);
      request.end(body);
    });
  return {
    sandbox,
    trust,
    client,
    raw,
    stop: async () => {
      trust.close();
      await sandbox.stop();
    },
  };
}

function teamBody(displayName: string, ownerBind = `${GRAPH}/users('${OWNER.id}')`): Record<string, unknown> {
  return {
    'template@odata.bind': `${GRAPH}/teamsTemplates('standard')`,
    displayName,
    description: `${displayName} community of practice`,
    members: [{ '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: ['owner'], 'user@odata.bind': ownerBind }],
  };
}

function member(userId: string, roles: string[] = []): Record<string, unknown> {
  return { '@odata.type': '#microsoft.graph.aadUserConversationMember', roles, 'user@odata.bind': `${GRAPH}/users('${userId}')` };
}

/** POST /teams then poll its Location until the operation settles; the raw 202 is returned for inspection. */
async function createTeam(client: Client, displayName: string): Promise<{ teamId: string; location: string; statuses: string[] }> {
  const accepted: Response = await client.api('/teams').responseType(ResponseType.RAW).post(teamBody(displayName));
  expect(accepted.status).toBe(202);
  const location = accepted.headers.get('location') ?? '';
  const teamId = /^\/teams\('([0-9a-f-]{36})'\)$/.exec(accepted.headers.get('content-location') ?? '')?.[1] ?? '';
  const statuses: string[] = [];
  for (let poll = 0; poll < 10; poll += 1) {
    const operation = await client.api(location).get();
    statuses.push(operation.status);
    if (operation.status === 'succeeded' || operation.status === 'failed') break;
  }
  return { teamId, location, statuses };
}

async function graphFailure(promise: Promise<unknown>): Promise<GraphError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error('expected the Graph call to fail');
}

/**
 * What a call that got no HTTP answer failed with. The SDK wraps a transport error in a GraphError with
 * statusCode -1, keeping the cause as a string (or, when the error comes from another realm, as jest's
 * VM makes node's errors, as the object itself).
 */
async function transportFailure(promise: Promise<unknown>): Promise<string> {
  const error = await graphFailure(promise);
  expect(error.statusCode).toBe(-1);
  const cause = error.body as unknown;
  if (typeof cause === 'string') return `${error.code ?? ''} ${cause}`;
  const { name, code, message } = cause as { name?: string; code?: string; message?: string };
  return `${name ?? ''} ${code ?? ''} ${message ?? ''}`;
}

const noRetry = (): RetryHandlerOptions[] => [new RetryHandlerOptions(0, 0)];

/** A caller that gives up as soon as the sandbox has recorded its request as held (a timeout fault). */
function abandonOnceHeld(sandbox: GraphSandbox): AbortSignal {
  const caller = new AbortController();
  sandbox.nextRequest((entry) => entry.outcome === 'fault').then(
    () => caller.abort(),
    () => undefined,
  );
  return caller.signal;
}

describe('Graph sandbox: teams through the real Graph SDK and @azure/identity', () => {
  let h: Harness;
  /** The sandbox's time: a new team's 404 window passes when the test moves it, not by waiting. */
  const clock = new ManualClock();
  beforeAll(async () => {
    h = await startHarness({ operationPolls: 2, notFoundAfterCreateMs: 300, expiredClientSecrets: ['last-years-secret'], clock });
  });
  afterAll(() => h.stop());

  it('creating a team answers 202 with relative Location headers; the operation takes polls; the team 404s for a while, then exists', async () => {
    const accepted: Response = await h.client.api('/teams').responseType(ResponseType.RAW).post(teamBody('Accessibilité'));
    expect(accepted.status).toBe(202);
    expect(await accepted.text()).toBe('');
    const location = accepted.headers.get('location') ?? '';
    const match = /^\/teams\('([0-9a-f-]{36})'\)\/operations\('([0-9a-f-]{36})'\)$/.exec(location);
    expect(match).not.toBeNull();
    const teamId = match?.[1] as string;
    expect(accepted.headers.get('content-location')).toBe(`/teams('${teamId}')`);

    const first = await h.client.api(location).get();
    expect(first).toMatchObject({ status: 'notStarted', operationType: 'createTeam', targetResourceId: teamId, attemptsCount: 1, error: null });
    expect((await graphFailure(h.client.api(`/teams/${teamId}`).get())).statusCode).toBe(404);
    expect((await h.client.api(`/teams/${teamId}/operations/${match?.[2]}`).get()).status).toBe('inProgress');
    const done = await h.client.api(location).get();
    expect(done.status).toBe('succeeded');
    expect(done.targetResourceLocation).toContain(teamId);

    const soon = await graphFailure(h.client.api(`/teams/${teamId}`).get());
    expect(soon).toMatchObject({ statusCode: 404, code: 'NotFound' });
    expect((await graphFailure(h.client.api(`/teams/${teamId}/members`).get())).statusCode).toBe(404);
    clock.advance(299);
    expect((await graphFailure(h.client.api(`/teams/${teamId}`).get())).statusCode).toBe(404);
    clock.advance(1);
    const team = await h.client.api(`/teams/${teamId}`).get();
    expect(team).toMatchObject({ id: teamId, displayName: 'Accessibilité', isArchived: false });
    const members = await h.client.api(`/teams/${teamId}/members`).get();
    expect(members.value).toEqual([expect.objectContaining({ userId: OWNER.id, roles: ['owner'], displayName: OWNER.displayName })]);
  });

  it('the new team is also a group, found by display name, and teamified once created', async () => {
    const { teamId } = await createTeam(h.client, "L'équipe O'Brien");
    const found = await h.client.api('/groups').filter("displayName eq 'L''équipe O''Brien'").get();
    expect(found.value).toHaveLength(1);
    expect(found.value[0]).toMatchObject({ id: teamId, resourceProvisioningOptions: ['Team'], groupTypes: ['Unified'] });
    expect(found.value[0].createdDateTime).toEqual(expect.any(String));
    expect((await h.client.api('/groups').filter("displayName eq 'Nobody made this'").get()).value).toEqual([]);
  });

  it('an app-only create without an owner is a 400, with an unknown owner a 404; neither creates anything', async () => {
    const before = h.sandbox.state.teams.length;
    const { members: _members, ...ownerless } = teamBody('No owner');
    const noOwner = await graphFailure(h.client.api('/teams').post(ownerless));
    expect(noOwner).toMatchObject({ statusCode: 400, code: 'BadRequest' });
    const unknown = await graphFailure(h.client.api('/teams').post(teamBody('Ghost owner', `${GRAPH}/users/99999999-0000-4000-8000-000000000000`)));
    expect(unknown).toMatchObject({ statusCode: 404, code: 'NotFound' });
    expect(h.sandbox.state.teams).toHaveLength(before);
  });

  it('installs the app found by its manifest id: 201, then 409 when already installed, 404 for an unknown app', async () => {
    const { teamId } = await createTeam(h.client, 'Apps');
    clock.advance(350);
    const catalog = await h.client.api('/appCatalogs/teamsApps').filter(`externalId eq '${APP.externalId}'`).get();
    expect(catalog.value).toEqual([expect.objectContaining({ id: APP.id, externalId: APP.externalId })]);
    const bind = { 'teamsApp@odata.bind': `${GRAPH}/appCatalogs/teamsApps/${catalog.value[0].id}` };
    const installed: Response = await h.client.api(`/teams/${teamId}/installedApps`).responseType(ResponseType.RAW).post(bind);
    expect(installed.status).toBe(201);
    expect(await graphFailure(h.client.api(`/teams/${teamId}/installedApps`).post(bind))).toMatchObject({ statusCode: 409, code: 'Conflict' });
    const unknown = await graphFailure(h.client.api(`/teams/${teamId}/installedApps`).post({ 'teamsApp@odata.bind': `${GRAPH}/appCatalogs/teamsApps('nope')` }));
    expect(unknown.statusCode).toBe(404);
    const listed = await h.client.api(`/teams/${teamId}/installedApps`).expand('teamsApp').filter(`teamsApp/externalId eq '${APP.externalId}'`).get();
    expect(listed.value).toEqual([expect.objectContaining({ teamsApp: expect.objectContaining({ id: APP.id }) })]);
    expect(h.sandbox.state.team(teamId)?.installedApps.map((a) => a.teamsAppId)).toEqual([APP.id]);
  });

  it('adds 250 people in batches of at most 200: 207 names the unknown and disabled ones; adding again is idempotent', async () => {
    const { teamId } = await createTeam(h.client, 'Bulk');
    clock.advance(350);
    const unknownIds = Array.from({ length: 8 }, (_, i) => `eeeeeeee-0000-4000-8000-00000000000${i}`);
    const wanted = [...PEOPLE.slice(0, 241).map((p) => p.id), ...unknownIds, DISABLED.id];
    expect(wanted).toHaveLength(250);

    const tooMany = await graphFailure(h.client.api(`/teams/${teamId}/members/add`).post({ values: wanted.slice(0, 201).map((id) => member(id)) }));
    expect(tooMany).toMatchObject({ statusCode: 400, code: 'BadRequest' });

    const statuses: number[] = [];
    const failed: string[] = [];
    for (const batch of [wanted.slice(0, 200), wanted.slice(200)]) {
      const response: Response = await h.client.api(`/teams/${teamId}/members/add`).responseType(ResponseType.RAW).post({ values: batch.map((id) => member(id)) });
      statuses.push(response.status);
      const body = (await response.json()) as { value: { userId: string; error: { code: string } | null }[] };
      expect(body.value).toHaveLength(batch.length);
      failed.push(...body.value.filter((r) => r.error !== null).map((r) => `${r.userId}:${r.error?.code}`));
    }
    expect(statuses).toEqual([200, 207]);
    expect(failed.sort()).toEqual([...unknownIds, DISABLED.id].map((id) => `${id}:NotFound`).sort());
    expect(h.sandbox.state.team(teamId)?.members).toHaveLength(1 + 241);

    const again: Response = await h.client.api(`/teams/${teamId}/members/add`).responseType(ResponseType.RAW).post({ values: PEOPLE.slice(0, 10).map((p) => member(p.id)) });
    expect(again.status).toBe(200);
    expect(h.sandbox.state.team(teamId)?.members).toHaveLength(1 + 241);
    expect(h.sandbox.stats().membersAlreadyPresent).toBeGreaterThanOrEqual(10);
  });

  it('adds one member (201, base64 id), refuses them twice (409), finds them by user id, and removes them (204, then 404)', async () => {
    const { teamId } = await createTeam(h.client, 'One by one');
    clock.advance(350);
    const person = PEOPLE[250] as SandboxUser;
    const added = await h.client.api(`/teams/${teamId}/members`).post(member(person.id));
    expect(added).toMatchObject({ userId: person.id, roles: [], displayName: person.displayName, '@odata.type': '#microsoft.graph.aadUserConversationMember' });
    expect(Buffer.from(added.id, 'base64').toString('utf8')).toContain(person.id);
    expect(await graphFailure(h.client.api(`/teams/${teamId}/members`).post(member(person.id)))).toMatchObject({ statusCode: 409, code: 'Conflict' });

    const found = await h.client.api(`/teams/${teamId}/members`).filter(`(microsoft.graph.aadUserConversationMember/userId eq '${person.id}')`).get();
    expect(found.value.map((m: { id: string }) => m.id)).toEqual([added.id]);

    const removed: Response = await h.client.api(`/teams/${teamId}/members/${encodeURIComponent(added.id)}`).responseType(ResponseType.RAW).delete();
    expect(removed.status).toBe(204);
    expect(h.sandbox.state.team(teamId)?.members.map((m) => m.userId)).toEqual([OWNER.id]);
    expect((await graphFailure(h.client.api(`/teams/${teamId}/members/${encodeURIComponent(added.id)}`).delete())).statusCode).toBe(404);
  });

  it('archives asynchronously (202 + Location; archived once the operation succeeds) and unarchives likewise', async () => {
    const { teamId } = await createTeam(h.client, 'Archive me');
    clock.advance(350);
    const accepted: Response = await h.client.api(`/teams/${teamId}/archive`).responseType(ResponseType.RAW).post({ shouldSetSpoSiteReadOnlyForMembers: true });
    expect(accepted.status).toBe(202);
    const location = accepted.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`^/teams\\('${teamId}'\\)/operations\\('[0-9a-f-]{36}'\\)$`));
    expect((await h.client.api(location).get()).operationType).toBe('archiveTeam');
    expect(h.sandbox.state.team(teamId)?.isArchived).toBe(false);
    await h.client.api(location).get();
    expect((await h.client.api(location).get()).status).toBe('succeeded');
    expect((await h.client.api(`/teams/${teamId}`).get()).isArchived).toBe(true);

    const unarchive: Response = await h.client.api(`/teams/${teamId}/unarchive`).responseType(ResponseType.RAW).post({});
    const unarchiveLocation = unarchive.headers.get('location') ?? '';
    for (let poll = 0; poll < 3; poll += 1) await h.client.api(unarchiveLocation).get();
    expect((await h.client.api(`/teams/${teamId}`).get()).isArchived).toBe(false);
  });

  it('invites a guest (201, PendingAcceptance), who is then a directory user found by id or by #EXT# UPN and joins as a guest', async () => {
    const invitation = await h.client.api('/invitations').post({ invitedUserEmailAddress: 'ada@fabrikam.com', inviteRedirectUrl: 'https://teams.microsoft.com', invitedUserDisplayName: 'Ada Guest' });
    expect(invitation).toMatchObject({ status: 'PendingAcceptance', invitedUserEmailAddress: 'ada@fabrikam.com', invitedUserType: 'Guest' });
    expect(invitation.inviteRedeemUrl).toMatch(/^https:\/\//);
    const guestId: string = invitation.invitedUser.id;
    const byId = await h.client.api(`/users/${guestId}`).select('id,displayName,userPrincipalName,userType').get();
    expect(byId).toMatchObject({ id: guestId, displayName: 'Ada Guest', userType: 'Guest' });
    expect(byId.userPrincipalName).toBe('ada_fabrikam.com#EXT#@sandbox.onmicrosoft.com');
    const byUpn = await h.client.api(`/users/${encodeURIComponent(byId.userPrincipalName)}`).get();
    expect(byUpn.id).toBe(guestId);
    expect((await h.client.api(`/users('${encodeURIComponent(byId.userPrincipalName)}')`).get()).id).toBe(guestId);
    const again = await h.client.api('/invitations').post({ invitedUserEmailAddress: 'ada@fabrikam.com', inviteRedirectUrl: 'https://teams.microsoft.com' });
    expect(again.invitedUser.id).toBe(guestId);

    const { teamId } = await createTeam(h.client, 'With a guest');
    clock.advance(350);
    await h.client.api(`/teams/${teamId}/members/add`).post({ values: [member(guestId, ['guest'])] });
    expect(h.sandbox.state.team(teamId)?.members.find((m) => m.userId === guestId)?.roles).toEqual(['guest']);
    expect(await graphFailure(h.client.api('/users/nobody@contoso.com').get())).toMatchObject({ statusCode: 404, code: 'Request_ResourceNotFound' });
  });

  it('refuses a wrong client secret at the token endpoint and any Graph call without a token it issued', async () => {
    const credential = new ClientSecretCredential(h.sandbox.tenantId, h.sandbox.clientId, 'not-the-secret', {
      authorityHost: h.sandbox.authorityHost,
      disableInstanceDiscovery: true,
      ...h.trust.credentialOptions,
    });
    await expect(credential.getToken('https://graph.microsoft.com/.default')).rejects.toThrow(/AADSTS7000215/);

    const anonymous = await h.raw('GET', `/v1.0/users/${OWNER.id}`);
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body).error).toMatchObject({ code: 'InvalidAuthenticationToken', innerError: { 'request-id': anonymous.headers['request-id'] } });
    const forged = await h.raw('GET', `/v1.0/users/${OWNER.id}`, { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJ0aWQiOiJ4In0.c2lnbmF0dXJl' });
    expect(forged.status).toBe(401);
    expect(h.sandbox.state.requestLog.filter((e) => e.outcome === 'unauthenticated')).toHaveLength(2);
  });

  it.each([
    ['a wrong secret', 'not-the-secret', 7000215, /^AADSTS7000215: Invalid client secret provided\./],
    ['an expired secret', 'last-years-secret', 7000222, /^AADSTS7000222: The provided client secret keys for app '[^']+' are expired\./],
  ])('answers %s as Entra ID does: 401 invalid_client with the AADSTS code', async (_what, secret, code, description) => {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: h.sandbox.clientId, client_secret: secret, scope: 'https://graph.microsoft.com/.default' });
    const answer = await h.raw('POST', `/${h.sandbox.tenantId}/oauth2/v2.0/token`, { 'content-type': 'application/x-www-form-urlencoded' }, form.toString());
    expect(answer.status).toBe(401);
    const body: unknown = JSON.parse(answer.body);
    expect(body).toMatchObject({ error: 'invalid_client', error_codes: [code], error_description: expect.stringMatching(description) });
  });

  it('without the sandbox certificate, neither the credential nor the SDK default chain gets through TLS', async () => {
    const logged = h.sandbox.state.requestLog.length;
    const untrusted = new ClientSecretCredential(h.sandbox.tenantId, h.sandbox.clientId, h.sandbox.clientSecret, {
      authorityHost: h.sandbox.authorityHost,
      disableInstanceDiscovery: true,
    });
    await expect(untrusted.getToken('https://graph.microsoft.com/.default')).rejects.toThrow(/endpoints_resolution_error/);
    const defaultChain = Client.initWithMiddleware({
      authProvider: { getAccessToken: async () => 'unused' },
      baseUrl: h.sandbox.baseUrl,
      customHosts: new Set([h.sandbox.host]),
    });
    expect(await transportFailure(defaultChain.api(`/users/${OWNER.id}`).get())).toMatch(/fetch failed/);
    expect(h.sandbox.state.requestLog).toHaveLength(logged);
  });

  it('answers anything it does not serve with a 404 Graph envelope and records it as unmatched', async () => {
    const before = h.sandbox.stats().unmatched;
    const missing = await graphFailure(h.client.api('/teams/x/channels/y/messages').get());
    expect(missing).toMatchObject({ statusCode: 404, code: 'NotFound' });
    expect(h.sandbox.stats().unmatched).toBe(before + 1);
    expect(h.sandbox.state.requestLog.at(-1)).toMatchObject({ route: null, outcome: 'unmatched', endpoint: 'unmatched', status: 404 });
  });
});

describe('Graph sandbox: operations end on their own, as Graph\'s do', () => {
  let h: Harness;
  const clock = new ManualClock();
  beforeAll(async () => {
    h = await startHarness({ operationPolls: 5, operationCompletesAfterMs: 200, clock });
  });
  afterAll(() => h.stop());

  it('a team whose creation nobody polls (its 202 was lost) still becomes reachable, and its operation reads succeeded', async () => {
    const accepted: Response = await h.client.api('/teams').responseType(ResponseType.RAW).post(teamBody('Jamais interrogée'));
    const teamId = /^\/teams\('([0-9a-f-]{36})'\)$/.exec(accepted.headers.get('content-location') ?? '')?.[1] ?? '';
    expect((await graphFailure(h.client.api(`/teams/${teamId}`).get())).statusCode).toBe(404);

    clock.advance(199);
    expect((await graphFailure(h.client.api(`/teams/${teamId}`).get())).statusCode).toBe(404);
    clock.advance(1);

    expect(await h.client.api(`/teams/${teamId}`).get()).toMatchObject({ id: teamId, displayName: 'Jamais interrogée' });
    expect((await h.client.api(accepted.headers.get('location') ?? '').get()).status).toBe('succeeded');
  });
});

describe('Graph sandbox: injected faults', () => {
  let h: Harness;
  /** Moves only timed holds here: Retry-After is waited by the SDK's RetryHandler, in real time. */
  const clock = new ManualClock();
  beforeAll(async () => {
    h = await startHarness({ operationPolls: 0, clock });
  });
  afterEach(() => h.sandbox.faults.clear());
  afterAll(() => h.stop());

  it('a 429 with Retry-After is retried by the SDK RetryHandler after the given delay', async () => {
    const fault = h.sandbox.faults.add({ match: { method: 'GET', path: /\/users\/[^/]+$/ }, times: 1, respond: { status: 429, retryAfterSeconds: 1 } });
    const started = Date.now();
    const user = await h.client.api(`/users/${OWNER.id}`).get();
    expect(user.id).toBe(OWNER.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fault.hits).toBe(1);
    const log = h.sandbox.state.requestLog.filter((e) => e.url === `/v1.0/users/${OWNER.id}`);
    expect(log.map((e) => e.status)).toEqual([429, 200]);
    expect(h.sandbox.stats().throttled).toMatchObject({ byFaults: 1, byLimits: 0 });
  });

  it('503s are retried; a 503 that lasts reaches the caller as ServiceUnavailable', async () => {
    h.sandbox.faults.add({ match: { route: 'GET /users/{userKey}' }, times: 2, respond: { status: 503, retryAfterSeconds: 0 } });
    expect((await h.client.api(`/users/${OWNER.id}`).get()).id).toBe(OWNER.id);
    h.sandbox.faults.add({ match: { endpoint: 'directory' }, times: Infinity, respond: { status: 503 } });
    const failure = await graphFailure(h.client.api(`/users/${OWNER.id}`).middlewareOptions(noRetry()).get());
    expect(failure).toMatchObject({ statusCode: 503, code: 'ServiceUnavailable' });
  });

  it('a timeout holds the socket without answering until the caller gives up', async () => {
    h.sandbox.faults.add({ match: { method: 'GET', path: /\/users\// }, respond: 'timeout' });
    const started = Date.now();
    expect(await transportFailure(h.client.api(`/users/${OWNER.id}`).option('signal', abandonOnceHeld(h.sandbox)).get())).toMatch(/abort/i);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(h.sandbox.state.requestLog.at(-1)).toMatchObject({ outcome: 'fault', status: null });
  });

  it('a timeout with a delay lets the socket go once that delay has passed on the sandbox clock', async () => {
    h.sandbox.faults.add({ match: { route: 'GET /users/{userKey}' }, respond: { kind: 'timeout', ms: 60_000 } });
    const started = Date.now();
    const held = h.sandbox.nextRequest((entry) => entry.outcome === 'fault');
    const call = transportFailure(h.client.api(`/users/${OWNER.id}`).middlewareOptions(noRetry()).get());
    await held;
    clock.advance(60_000);
    expect(await call).toMatch(/socket hang up|ECONNRESET/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a timeout after processing loses only the answer: a blind retry then creates a duplicate team, which stats reveal', async () => {
    h.sandbox.faults.add({ match: { method: 'POST', path: /\/teams$/ }, respond: { kind: 'timeout', ms: 2000, afterProcessing: true } });
    expect(await transportFailure(h.client.api('/teams').option('signal', abandonOnceHeld(h.sandbox)).post(teamBody('Twice')))).toMatch(/abort/i);
    expect(h.sandbox.state.teams.filter((t) => t.displayName === 'Twice')).toHaveLength(1);
    await h.client.api('/teams').post(teamBody('Twice'));
    expect(h.sandbox.stats().duplicateTeamNames).toEqual([{ displayName: 'Twice', count: 2 }]);
  });

  it('a reset destroys the connection', async () => {
    h.sandbox.faults.add({ match: { path: `/v1.0/users/${OWNER.id}` }, respond: 'reset' });
    expect(await transportFailure(h.client.api(`/users/${OWNER.id}`).get())).toMatch(/socket hang up|ECONNRESET/);
    expect((await h.client.api(`/users/${OWNER.id}`).get()).id).toBe(OWNER.id);
  });

  it('a denied permission makes the calls needing it 403 Authorization_RequestDenied, naming it; others still work', async () => {
    h.sandbox.faults.denyPermission('Team.Create');
    const denied = await graphFailure(h.client.api('/teams').post(teamBody('Forbidden')));
    expect(denied).toMatchObject({ statusCode: 403, code: 'Authorization_RequestDenied' });
    expect(denied.message).toContain('Team.Create');
    expect((await h.client.api(`/users/${OWNER.id}`).get()).id).toBe(OWNER.id);
    h.sandbox.faults.clear();
    const accepted: Response = await h.client.api('/teams').responseType(ResponseType.RAW).post(teamBody('Allowed'));
    expect(accepted.status).toBe(202);
  });

  it('a failed operation ends failed with its error, and its team never appears', async () => {
    h.sandbox.faults.add({ match: { method: 'POST', path: /\/teams$/ }, respond: { kind: 'failOperation', code: 'Conflict', message: 'Provisioning failed.' } });
    const { teamId, statuses, location } = await createTeam(h.client, 'Doomed');
    expect(statuses).toEqual(['failed']);
    expect((await h.client.api(location).get()).error).toEqual({ code: 'Conflict', message: 'Provisioning failed.' });
    expect(h.sandbox.state.team(teamId)?.provisioning).toBe('failed');
    expect((await graphFailure(h.client.api(`/teams/${teamId}`).get())).statusCode).toBe(404);
  });
});

describe('Graph sandbox: documented limits and statistics', () => {
  let h: Harness;
  let bearer = '';
  beforeAll(async () => {
    h = await startHarness({ operationPolls: 0, enforceLimits: true });
    const credential = new ClientSecretCredential(h.sandbox.tenantId, h.sandbox.clientId, h.sandbox.clientSecret, {
      authorityHost: h.sandbox.authorityHost,
      disableInstanceDiscovery: true,
      ...h.trust.credentialOptions,
    });
    bearer = (await credential.getToken('https://graph.microsoft.com/.default')).token;
  });
  afterAll(() => h.stop());

  it('11 team creations in one second: the 11th is throttled with Retry-After, the SDK retries it, and no second ever exceeds 10', async () => {
    const started = Date.now();
    const accepted: Response[] = await Promise.all(
      Array.from({ length: 11 }, (_, i) => h.client.api('/teams').responseType(ResponseType.RAW).post(teamBody(`Rush ${i}`))),
    );
    expect(accepted.map((r) => r.status)).toEqual(Array(11).fill(202));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const throttled = h.sandbox.state.requestLog.filter((e) => e.route === 'POST /teams' && e.status === 429);
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    const stats = h.sandbox.stats();
    expect(stats.byEndpoint.createTeam).toMatchObject({ served: 11, maxRps: 10 });
    expect(stats.byEndpoint.createTeam?.throttled).toBe(throttled.length);
    expect(stats.byEndpoint.createTeam?.maxOfferedRps).toBe(11);
    expect(stats.throttled.byLimits).toBe(throttled.length);
    expect(stats.teamsCreated).toBe(11);
    expect(stats.duplicateTeamNames).toEqual([]);
  });

  it('more than 4 requests a second on one team are throttled, per team; stats count per class, route and team', async () => {
    const { teamId } = await createTeam(h.client, 'Hot team');
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => h.raw('GET', `/v1.0/teams/${teamId}`, { authorization: `Bearer ${bearer}` }).then((r) => ({ status: r.status, retryAfter: r.headers['retry-after'] }))),
    );
    const refused = answers.filter((a) => a.status === 429);
    // createTeam's poll already used one of the team's 4 slots in this second.
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(refused.every((a) => Number(a.retryAfter) >= 1)).toBe(true);
    const stats = h.sandbox.stats();
    expect(stats.byTeam[teamId]).toMatchObject({ maxRps: 4, throttled: refused.length });
    expect(stats.byRoute['GET /teams/{teamId}']?.requests).toBe(6);
    expect(stats.byEndpoint.token?.requests).toBeGreaterThanOrEqual(2);
    expect(stats.total.requests).toBe(h.sandbox.state.requestLog.length);
  });
});
