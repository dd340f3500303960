import https from 'node:https';
import { ClientSecretCredential } from '@azure/identity';
import { Client, GraphError, ResponseType, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import {
  type GraphSandbox,
  type GraphSandboxOptions,
  type SandboxPersonalInstallationView,
  type SandboxTrust,
  type SandboxUser,
  startGraphSandbox,
  trustSandboxCertificate,
} from '../../sandbox/graph';
import { ManualClock } from '../support/manual-clock';

const GRAPH = 'https://graph.microsoft.com/v1.0';
const APP = { id: 'b1c5353a-7aca-41b3-830f-27d5218fe0e5', externalId: 'f31b1263-ba99-435a-a679-911d24850d7c', displayName: 'Communities of Practice' };
const OTHER_APP = { id: 'c2d6464b-0000-4000-8000-0000000000a2', externalId: '5e0f0000-0000-4000-8000-0000000000e2', displayName: 'Another app' };
const BOT_APP_ID = '28c0ffee-0000-4000-8000-0000000000b0';
const NEWCOMER: SandboxUser = { id: 'aaaaaaaa-0000-4000-8000-000000000001', displayName: 'Noor Newcomer', userPrincipalName: 'noor@contoso.com', mail: 'noor@contoso.com' };
const REGULAR: SandboxUser = { id: 'aaaaaaaa-0000-4000-8000-000000000002', displayName: 'Rémi Regular', userPrincipalName: 'remi@contoso.com', mail: 'remi@contoso.com', openedApp: true };
const LATECOMER: SandboxUser = { id: 'aaaaaaaa-0000-4000-8000-000000000003', displayName: 'Léa Latecomer', userPrincipalName: 'lea@contoso.com', mail: 'lea@contoso.com' };
const GUEST: SandboxUser = { id: 'aaaaaaaa-0000-4000-8000-000000000004', displayName: 'Ada Guest', userPrincipalName: 'ada_fabrikam.com#EXT#@contoso.com', mail: 'ada@fabrikam.com', userType: 'Guest' };
const SERVICE: SandboxUser = { id: 'aaaaaaaa-0000-4000-8000-0000000000ff', displayName: 'Communautés', userPrincipalName: 'communautes@contoso.com', mail: 'communautes@contoso.com' };
const NO_MAILBOX: SandboxUser = { id: 'aaaaaaaa-0000-4000-8000-0000000000fe', displayName: 'No Mailbox', userPrincipalName: 'nomailbox@contoso.com' };
const USERS = [NEWCOMER, REGULAR, LATECOMER, GUEST, SERVICE, NO_MAILBOX];

interface Harness {
  readonly sandbox: GraphSandbox;
  readonly client: Client;
  /** A Graph call outside the SDK, with the SDK's own token: many at once, without its retries. */
  raw(method: string, path: string): Promise<{ status: number; retryAfter: string | undefined }>;
  stop(): Promise<void>;
}

/** The real Graph SDK and @azure/identity, pointed at a fresh sandbox as graph-sandbox.test.ts points them. */
async function startHarness(options: GraphSandboxOptions = {}): Promise<Harness> {
  const sandbox = await startGraphSandbox({ users: USERS, catalogApps: [APP, OTHER_APP], botAppId: BOT_APP_ID, ...options });
  const trust: SandboxTrust = trustSandboxCertificate(sandbox.caCertificatePem);
  const credential = new ClientSecretCredential(sandbox.tenantId, sandbox.clientId, sandbox.clientSecret, {
    authorityHost: sandbox.authorityHost,
    disableInstanceDiscovery: true,
    ...trust.credentialOptions,
  });
  const authProvider = new TokenCredentialAuthenticationProvider(credential, { scopes: ['https://graph.microsoft.com/.default'] });
  const client = Client.initWithMiddleware({ middleware: trust.graphMiddleware(authProvider), baseUrl: sandbox.baseUrl, customHosts: new Set([sandbox.host]) });
  const raw: Harness['raw'] = async (method, path) => {
    const { token } = await credential.getToken('https://graph.microsoft.com/.default');
    return new Promise((resolve, reject) => {
      const request = https.request(`${sandbox.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}` }, agent: trust.agent }, (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] }));
      });
      request.on('error', reject);
      request.end();
    });
  };
  return {
    sandbox,
    client,
    raw,
    stop: async () => {
      trust.close();
      await sandbox.stop();
    },
  };
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

const bind = (appId: string): Record<string, string> => ({ 'teamsApp@odata.bind': `${GRAPH}/appCatalogs/teamsApps/${appId}` });
const installedApps = (userKey: string): string => `/users/${encodeURIComponent(userKey)}/teamwork/installedApps`;
const noRetry = (): RetryHandlerOptions[] => [new RetryHandlerOptions(0, 0)];

function mail(to: { address: string; name?: string }, subject = 'Rencontre jeudi'): Record<string, unknown> {
  return {
    message: {
      subject,
      body: { contentType: 'HTML', content: '<html lang="fr-CA"><body><h1>Rencontre</h1><p>Jeudi à 13 h.</p></body></html>' },
      toRecipients: [{ emailAddress: to }],
    },
    saveToSentItems: false,
  };
}

describe('Graph sandbox: installing the app for people who never opened it, through the real Graph SDK', () => {
  let h: Harness;
  const clock = new ManualClock(new Date('2025-03-10T14:00:00Z'));
  const heard: SandboxPersonalInstallationView[] = [];
  beforeAll(async () => {
    h = await startHarness({ clock });
    h.sandbox.personalApps.onInstalled((installation) => heard.push(installation));
  });
  afterEach(() => h.sandbox.faults.clear());
  afterAll(() => h.stop());

  it('someone who never opened the app has none; installing answers 201 with no body, and their 1:1 chat with the bot exists at once', async () => {
    expect((await h.client.api(installedApps(NEWCOMER.id)).expand('teamsApp').filter(`teamsApp/id eq '${APP.id}'`).get()).value).toEqual([]);

    const installed: Response = await h.client.api(installedApps(NEWCOMER.id)).responseType(ResponseType.RAW).post(bind(APP.id));
    expect(installed.status).toBe(201);
    expect(await installed.text()).toBe('');

    const expectedChat = `19:${NEWCOMER.id}_${BOT_APP_ID}@unq.gbl.spaces`;
    // The listener heard of it before the 201 reached the caller: a Bot Connector stand-in knows the chat by now.
    expect(heard).toEqual([
      expect.objectContaining({ userId: NEWCOMER.id, teamsAppId: APP.id, externalId: APP.externalId, chatId: expectedChat, installedBy: 'graph', installedAt: '2025-03-10T14:00:00.000Z', tenantId: h.sandbox.tenantId }),
    ]);

    const found = await h.client.api(installedApps(NEWCOMER.id)).expand('teamsApp').filter(`teamsApp/id eq '${APP.id}'`).get();
    expect(found.value).toEqual([{ id: heard[0]?.id, teamsApp: expect.objectContaining({ id: APP.id, externalId: APP.externalId, displayName: APP.displayName }) }]);
    expect(found.value[0].id).not.toBe(APP.id);
    expect((await h.client.api(installedApps(NEWCOMER.id)).get()).value).toEqual([{ id: heard[0]?.id }]);
    expect((await h.client.api(installedApps(NEWCOMER.id)).expand('teamsApp').filter(`teamsApp/id eq '${OTHER_APP.id}'`).get()).value).toEqual([]);

    const chat = await h.client.api(`${installedApps(NEWCOMER.id)}/${encodeURIComponent(found.value[0].id)}/chat`).get();
    expect(chat).toMatchObject({ id: expectedChat, chatType: 'oneOnOne', tenantId: h.sandbox.tenantId });

    expect(h.sandbox.state.personalInstallations.filter((i) => i.userId === NEWCOMER.id)).toEqual([heard[0]]);
    expect(h.sandbox.stats()).toMatchObject({ personalInstalls: 1 });
    expect(h.sandbox.stats().byRoute['POST /users/{userKey}/teamwork/installedApps']).toMatchObject({ requests: 1, served: 1 });
  });

  it('installing again is a 409 Conflict and tells nobody; by UPN it is the same person', async () => {
    const before = heard.length;
    const again = await graphFailure(h.client.api(installedApps(NEWCOMER.userPrincipalName)).post(bind(APP.id)));
    expect(again).toMatchObject({ statusCode: 409, code: 'Conflict' });
    expect(heard).toHaveLength(before);
  });

  it('refuses an unknown person and an app missing from the catalog (404), a guest (403), and a body without the bind (400)', async () => {
    const nobody = await graphFailure(h.client.api(installedApps('99999999-0000-4000-8000-000000000000')).post(bind(APP.id)));
    expect(nobody).toMatchObject({ statusCode: 404, code: 'NotFound' });
    const noApp = await graphFailure(h.client.api(installedApps(LATECOMER.id)).post(bind('00000000-0000-4000-8000-00000000dead')));
    expect(noApp).toMatchObject({ statusCode: 404, code: 'NotFound' });
    const guest = await graphFailure(h.client.api(installedApps(GUEST.id)).post(bind(APP.id)));
    expect(guest).toMatchObject({ statusCode: 403, code: 'Forbidden' });
    expect(guest.message).not.toMatch(/TeamsAppInstallation/);
    const unbound = await graphFailure(h.client.api(installedApps(LATECOMER.id)).post({ teamsApp: { id: APP.id } }));
    expect(unbound).toMatchObject({ statusCode: 400, code: 'BadRequest' });
    expect(h.sandbox.state.personalInstallations.filter((i) => [LATECOMER.id, GUEST.id].includes(i.userId))).toEqual([]);
  });

  it('the chat of an installation that is not theirs, or does not exist, is a 404', async () => {
    const theirs = h.sandbox.state.personalInstallations.find((i) => i.userId === NEWCOMER.id)?.id ?? '';
    expect(await graphFailure(h.client.api(`${installedApps(LATECOMER.id)}/${encodeURIComponent(theirs)}/chat`).get())).toMatchObject({ statusCode: 404 });
    expect(await graphFailure(h.client.api(`${installedApps(NEWCOMER.id)}/bm90LWFuLWluc3RhbGxhdGlvbg%3D%3D/chat`).get())).toMatchObject({ statusCode: 404 });
  });

  it('without TeamsAppInstallation.ReadWriteSelfForUser.All all three calls are 403 naming it; the broader ReadWriteForUser.All also grants them', async () => {
    h.sandbox.faults.denyPermission('TeamsAppInstallation.ReadWriteSelfForUser.All');
    const installationId = h.sandbox.state.personalInstallations.find((i) => i.userId === NEWCOMER.id)?.id ?? '';
    const denied = await Promise.all([
      graphFailure(h.client.api(installedApps(LATECOMER.id)).post(bind(APP.id))),
      graphFailure(h.client.api(installedApps(NEWCOMER.id)).get()),
      graphFailure(h.client.api(`${installedApps(NEWCOMER.id)}/${encodeURIComponent(installationId)}/chat`).get()),
    ]);
    for (const failure of denied) {
      expect(failure).toMatchObject({ statusCode: 403, code: 'Authorization_RequestDenied' });
      expect(failure.message).toContain('Missing application permission: TeamsAppInstallation.ReadWriteSelfForUser.All');
    }
    expect(h.sandbox.state.requestLog.slice(-3).map((e) => e.outcome)).toEqual(['forbidden', 'forbidden', 'forbidden']);

    h.sandbox.faults.allowPermission('TeamsAppInstallation.ReadWriteForUser.All');
    expect((await h.client.api(installedApps(NEWCOMER.id)).get()).value).toHaveLength(1);
  });

  it('someone who opened the app has it from the start (installedBy user); the helpers install and uninstall as the person would', async () => {
    const preset = h.sandbox.state.personalInstallations.filter((i) => i.userId === REGULAR.id);
    // openedApp installs every catalog app for them.
    expect(preset.map((i) => [i.teamsAppId, i.installedBy])).toEqual([
      [APP.id, 'user'],
      [OTHER_APP.id, 'user'],
    ]);
    expect(await graphFailure(h.client.api(installedApps(REGULAR.id)).post(bind(APP.id)))).toMatchObject({ statusCode: 409 });

    const before = heard.length;
    const opened = h.sandbox.personalApps.install(LATECOMER.userPrincipalName);
    expect(opened).toMatchObject({ userId: LATECOMER.id, teamsAppId: APP.id, installedBy: 'user', chatId: `19:${LATECOMER.id}_${BOT_APP_ID}@unq.gbl.spaces` });
    expect(h.sandbox.personalApps.install(LATECOMER.id, APP.id)).toEqual(opened);
    expect(heard.slice(before)).toEqual([opened]);
    expect((await h.client.api(installedApps(LATECOMER.id)).get()).value).toEqual([{ id: opened.id }]);

    expect(h.sandbox.personalApps.uninstall(LATECOMER.id)).toBe(true);
    expect(h.sandbox.personalApps.uninstall(LATECOMER.id)).toBe(false);
    expect((await h.client.api(installedApps(LATECOMER.id)).get()).value).toEqual([]);
    expect(() => h.sandbox.personalApps.install('nobody@contoso.com')).toThrow(/no user 'nobody@contoso.com'/);
  });

  it('a person added later with openedApp has the app at once', async () => {
    const id = 'aaaaaaaa-0000-4000-8000-000000000010';
    h.sandbox.addUser({ id, displayName: 'Late Regular', userPrincipalName: 'late.regular@contoso.com', openedApp: true });
    expect((await h.client.api(installedApps(id)).expand('teamsApp').filter(`teamsApp/id eq '${APP.id}'`).get()).value).toHaveLength(1);
  });

  it('injected faults reach these routes like any other: a 429 with Retry-After, a 503 on the chat', async () => {
    h.sandbox.faults.add({ match: { route: 'POST /users/{userKey}/teamwork/installedApps' }, respond: { status: 429, retryAfterSeconds: 3 } });
    const throttled = await graphFailure(h.client.api(installedApps(LATECOMER.id)).middlewareOptions(noRetry()).post(bind(APP.id)));
    expect(throttled).toMatchObject({ statusCode: 429, code: 'TooManyRequests' });
    expect(throttled.headers?.get('retry-after')).toBe('3');
    h.sandbox.faults.add({ match: { route: 'GET /users/{userKey}/teamwork/installedApps/{installationId}/chat' }, respond: { status: 503 } });
    const installationId = h.sandbox.state.personalInstallations.find((i) => i.userId === NEWCOMER.id)?.id ?? '';
    const unavailable = await graphFailure(h.client.api(`${installedApps(NEWCOMER.id)}/${encodeURIComponent(installationId)}/chat`).middlewareOptions(noRetry()).get());
    expect(unavailable).toMatchObject({ statusCode: 503, code: 'ServiceUnavailable' });
    expect(h.sandbox.state.personalInstallations.filter((i) => i.userId === LATECOMER.id)).toEqual([]);
    const stats = h.sandbox.stats();
    expect(stats.byEndpoint.writeTeamApps?.throttled).toBeGreaterThanOrEqual(1);
    expect(stats.throttled.byFaults).toBeGreaterThanOrEqual(1);
  });
});

describe('Graph sandbox: mail from the service mailbox, through the real Graph SDK', () => {
  let h: Harness;
  const clock = new ManualClock(new Date('2025-03-10T15:30:00Z'));
  beforeAll(async () => {
    h = await startHarness({ clock });
  });
  afterEach(() => h.sandbox.faults.clear());
  afterAll(() => h.stop());

  it('accepts a mail with 202 and no body, and keeps it for tests to read: sender, recipient, subject, HTML, time', async () => {
    const accepted: Response = await h.client
      .api(`/users/${encodeURIComponent(SERVICE.userPrincipalName)}/sendMail`)
      .responseType(ResponseType.RAW)
      .post(mail({ address: 'ada@fabrikam.com', name: 'Ada Guest' }));
    expect(accepted.status).toBe(202);
    expect(await accepted.text()).toBe('');
    expect(h.sandbox.state.sentMails).toEqual([
      {
        id: expect.any(String),
        sender: SERVICE.mail,
        senderId: SERVICE.id,
        to: [{ address: 'ada@fabrikam.com', name: 'Ada Guest' }],
        subject: 'Rencontre jeudi',
        contentType: 'HTML',
        html: '<html lang="fr-CA"><body><h1>Rencontre</h1><p>Jeudi à 13 h.</p></body></html>',
        attachments: [],
        saveToSentItems: false,
        sentAt: '2025-03-10T15:30:00.000Z',
      },
    ]);
    // Exchange finds the mailbox by object id and by address too.
    await h.client.api(`/users/${SERVICE.id}/sendMail`).post(mail({ address: 'noor@contoso.com' }, 'Par id'));
    await h.client.api(`/users/${encodeURIComponent(SERVICE.mail ?? '')}/sendMail`).post(mail({ address: 'noor@contoso.com' }, 'Par adresse'));
    expect(h.sandbox.state.sentMails.map((m) => [m.subject, m.to[0]?.name])).toEqual([
      ['Rencontre jeudi', 'Ada Guest'],
      ['Par id', null],
      ['Par adresse', null],
    ]);
    expect(h.sandbox.stats()).toMatchObject({ mailsSent: 3 });
    expect(h.sandbox.stats().byEndpoint.mail).toMatchObject({ requests: 3, served: 3 });
  });

  it('refuses, as Exchange does, a sender not in the directory (404 ErrorInvalidUser), one without a mailbox, and an address it cannot resolve (400)', async () => {
    const before = h.sandbox.state.sentMails.length;
    const unknown = await graphFailure(h.client.api('/users/nobody%40contoso.com/sendMail').post(mail({ address: 'noor@contoso.com' })));
    expect(unknown).toMatchObject({ statusCode: 404, code: 'ErrorInvalidUser' });
    const mailboxless = await graphFailure(h.client.api(`/users/${NO_MAILBOX.id}/sendMail`).post(mail({ address: 'noor@contoso.com' })));
    expect(mailboxless).toMatchObject({ statusCode: 404, code: 'MailboxNotEnabledForRESTAPI' });
    for (const address of ['not-an-address', 'two@@contoso.com', '']) {
      const malformed = await graphFailure(h.client.api(`/users/${SERVICE.id}/sendMail`).post(mail({ address })));
      expect(malformed).toMatchObject({ statusCode: 400, code: 'ErrorInvalidRecipients' });
    }
    const noRecipients = await graphFailure(h.client.api(`/users/${SERVICE.id}/sendMail`).post({ message: { subject: 'x', toRecipients: [] } }));
    expect(noRecipients).toMatchObject({ statusCode: 400, code: 'ErrorInvalidRecipients' });
    expect(h.sandbox.state.sentMails).toHaveLength(before);
  });

  it('without Mail.Send it is 403 ErrorAccessDenied, and nothing is sent', async () => {
    const before = h.sandbox.state.sentMails.length;
    h.sandbox.faults.denyPermission('Mail.Send');
    const denied = await graphFailure(h.client.api(`/users/${SERVICE.id}/sendMail`).post(mail({ address: 'noor@contoso.com' })));
    expect(denied).toMatchObject({ statusCode: 403, code: 'ErrorAccessDenied' });
    expect(h.sandbox.state.requestLog.at(-1)).toMatchObject({ route: 'POST /users/{userKey}/sendMail', endpoint: 'mail', outcome: 'forbidden' });
    expect(h.sandbox.state.sentMails).toHaveLength(before);
  });

  it('a 429 on sendMail carries Retry-After; a reset after processing loses only the answer, the mail is sent', async () => {
    h.sandbox.faults.add({ match: { route: 'POST /users/{userKey}/sendMail' }, respond: { status: 429, retryAfterSeconds: 2 } });
    const throttled = await graphFailure(h.client.api(`/users/${SERVICE.id}/sendMail`).middlewareOptions(noRetry()).post(mail({ address: 'noor@contoso.com' })));
    expect(throttled).toMatchObject({ statusCode: 429 });
    expect(throttled.headers?.get('retry-after')).toBe('2');

    const before = h.sandbox.state.sentMails.length;
    h.sandbox.faults.add({ match: { endpoint: 'mail' }, respond: { kind: 'reset', afterProcessing: true } });
    const lost = await graphFailure(h.client.api(`/users/${SERVICE.id}/sendMail`).middlewareOptions(noRetry()).post(mail({ address: 'noor@contoso.com' }, 'Perdue')));
    expect(lost.statusCode).toBe(-1);
    expect(h.sandbox.state.sentMails.slice(before).map((m) => m.subject)).toEqual(['Perdue']);
  });
});

describe('Graph sandbox: an Exchange application access policy restricts the mailboxes the app may send from', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ mailAccessPolicy: [SERVICE.userPrincipalName] });
  });
  afterAll(() => h.stop());

  it('the service mailbox sends; any other mailbox is 403 ErrorAccessDenied', async () => {
    await h.client.api(`/users/${SERVICE.id}/sendMail`).post(mail({ address: 'noor@contoso.com' }));
    const outside = await graphFailure(h.client.api(`/users/${NEWCOMER.id}/sendMail`).post(mail({ address: 'remi@contoso.com' })));
    expect(outside).toMatchObject({ statusCode: 403, code: 'ErrorAccessDenied' });
    expect(outside.message).toMatch(/AccessPolicy/);
    expect(h.sandbox.state.sentMails.map((m) => m.sender)).toEqual([SERVICE.mail]);
  });
});

describe('Graph sandbox: the documented limits cover a person\'s installedApps calls', () => {
  let h: Harness;
  /** Standing still: all the requests fall in one window of the sandbox's limiter, however slowly they arrive. */
  const clock = new ManualClock();
  beforeAll(async () => {
    h = await startHarness({ enforceLimits: true, clock });
  });
  afterAll(() => h.stop());

  it('32 reads of installed apps in one second: 30 are served, 2 throttled with Retry-After, as GET installedApps is 30 rps', async () => {
    await h.raw('GET', `/v1.0/users/${NEWCOMER.id}`); // the token, fetched before the measured second (a directory call, not limited)
    const answers = await Promise.all(Array.from({ length: 32 }, () => h.raw('GET', `/v1.0${installedApps(NEWCOMER.id)}`)));
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(2);
    expect(refused.every((a) => Number(a.retryAfter) >= 1)).toBe(true);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(30);
    const stats = h.sandbox.stats();
    expect(stats.byEndpoint.getTeamApps?.maxRps).toBe(30);
    expect(stats.byRoute['GET /users/{userKey}/teamwork/installedApps']?.throttled).toBe(refused.length);
  });
});
