import type { OutgoingMail } from '../../src/domain/delivery/reach-graph';
import { TeamsGraphFailure } from '../../src/domain/teams-graph';
import type { GraphTeamsGatewayOptions } from '../../src/graph/create-graph-teams-gateway';
import type { GraphClock } from '../../src/graph/graph-clock';
import type { GraphTeamsGateway } from '../../src/graph/graph-teams-gateway';
import { type GraphSandbox, type GraphSandboxOptions, type SandboxUser, startGraphSandbox } from '../../sandbox/graph';
import { gatewayForSandbox } from '../../sandbox/sandbox-gateway';
import { startOfflineGraph } from '../../sandbox/offline-graph';
import type { ReachGraph } from '../../src/domain/delivery/reach-graph';
import { DEMO_DIRECTORY, DEMO_TENANT_ID } from '../../src/storage/demo-data';

const APP = { id: 'b1c5353a-7aca-41b3-830f-27d5218fe0e5', externalId: 'f31b1263-ba99-435a-a679-911d24850d7c', displayName: 'Communities of Practice' };
const NEWCOMER: SandboxUser = { id: 'aaaaaaaa-0000-4000-8000-000000000001', displayName: 'Noor Newcomer', userPrincipalName: 'noor@contoso.com', mail: 'noor@contoso.com' };
const REGULAR: SandboxUser = { id: 'aaaaaaaa-0000-4000-8000-000000000002', displayName: 'Rémi Regular', userPrincipalName: 'remi@contoso.com', mail: 'remi@contoso.com', openedApp: true };
const NO_MAIL: SandboxUser = { id: 'aaaaaaaa-0000-4000-8000-000000000003', displayName: 'Sam Sansmail', userPrincipalName: 'sam@contoso.com' };
const GUEST: SandboxUser = { id: 'aaaaaaaa-0000-4000-8000-000000000004', displayName: 'Ada Guest', userPrincipalName: 'ada_fabrikam.com#EXT#@contoso.com', mail: 'ada@fabrikam.com', userType: 'Guest' };
const SERVICE: SandboxUser = { id: 'aaaaaaaa-0000-4000-8000-0000000000ff', displayName: 'Communautés', userPrincipalName: 'communautes@contoso.com', mail: 'communautes@contoso.com' };
/** People with predictable ids, for the rate tests. */
const PEOPLE: SandboxUser[] = Array.from({ length: 40 }, (_, i) => ({
  id: `bbbbbbbb-0000-4000-8000-${String(i).padStart(12, '0')}`,
  displayName: `Person ${i}`,
  userPrincipalName: `person${i}@contoso.com`,
  mail: `person${i}@contoso.com`,
}));
const UNKNOWN_ID = '99999999-0000-4000-8000-000000000000';

async function startSandbox(options: GraphSandboxOptions = {}): Promise<GraphSandbox> {
  return startGraphSandbox({ users: [NEWCOMER, REGULAR, NO_MAIL, GUEST, SERVICE, ...PEOPLE], catalogApps: [APP], ...options });
}

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

const INSTALL = 'POST /users/{userKey}/teamwork/installedApps';
const LIST = 'GET /users/{userKey}/teamwork/installedApps';
const CHAT = 'GET /users/{userKey}/teamwork/installedApps/{installationId}/chat';
const SEND = 'POST /users/{userKey}/sendMail';

function mailTo(to: { address: string; name: string }, subject = 'Rencontre jeudi'): OutgoingMail {
  return {
    from: SERVICE.userPrincipalName,
    to,
    subject,
    html: '<!doctype html><html lang="fr-CA"><body><h1>Rencontre jeudi</h1><p><a href="https://teams.microsoft.com/l/meetup-join/x">Se joindre</a></p></body></html>',
  };
}

describe('Graph gateway as ReachGraph: reaching people the bot cannot write to yet, through the real Graph SDK', () => {
  let sandbox: GraphSandbox;
  let gateway: GraphTeamsGateway;
  beforeAll(async () => {
    sandbox = await startSandbox();
    gateway = gatewayForSandbox(sandbox);
  });
  afterEach(() => sandbox.faults.clear());
  afterAll(async () => {
    gateway.close();
    await sandbox.stop();
  });

  it('someone who never opened the app has no chat; installing it (201) opens one, and installing again is already_installed (409)', async () => {
    expect(await gateway.personalChatId(NEWCOMER.id, APP.id)).toBeUndefined();
    const logBefore = sandbox.state.requestLog.length;

    expect(await gateway.installAppForUser(NEWCOMER.id, APP.id)).toBe('installed');
    expect(await gateway.installAppForUser(NEWCOMER.id, APP.id)).toBe('already_installed');
    expect(statusesOf(sandbox, INSTALL, logBefore)).toEqual([201, 409]);

    const chatId = await gateway.personalChatId(NEWCOMER.id, APP.id);
    expect(chatId).toBe(sandbox.state.personalInstallations.find((i) => i.userId === NEWCOMER.id)?.chatId);
    expect(chatId).toMatch(new RegExp(`^19:${NEWCOMER.id}_[0-9a-f-]+@unq\\.gbl\\.spaces$`));
    expect(statusesOf(sandbox, LIST, logBefore)).toEqual([200]);
    expect(statusesOf(sandbox, CHAT, logBefore)).toEqual([200]);
  });

  it('someone who opened the app has a chat already; uninstalled, they have none again', async () => {
    expect(await gateway.personalChatId(REGULAR.id, APP.id)).toBe(`19:${REGULAR.id}_${sandbox.clientId}@unq.gbl.spaces`);
    sandbox.personalApps.uninstall(REGULAR.id);
    expect(await gateway.personalChatId(REGULAR.id, APP.id)).toBeUndefined();
    expect(await gateway.installAppForUser(REGULAR.id, APP.id)).toBe('installed');
  });

  it('an installation gone between the two calls reads as no chat', async () => {
    const person = PEOPLE[0] as SandboxUser;
    sandbox.personalApps.install(person.id);
    const uninstallOnList = sandbox.nextRequest((entry) => entry.route === LIST);
    const found = gateway.personalChatId(person.id, APP.id);
    await uninstallOnList;
    sandbox.personalApps.uninstall(person.id);
    expect(await found).toBeUndefined();
    expect(statusesOf(sandbox, CHAT).at(-1)).toBe(404);
  });

  it('a guest is refused (403) without a permission being blamed; an unknown person or app is not_found', async () => {
    const guest = await failureOf(gateway.installAppForUser(GUEST.id, APP.id));
    expect(guest).toMatchObject({ kind: 'permission_denied', details: { status: 403, code: 'Forbidden' } });
    expect(guest.details.permission).toBeUndefined();
    expect(await failureOf(gateway.installAppForUser(UNKNOWN_ID, APP.id))).toMatchObject({ kind: 'not_found', details: { status: 404 } });
    expect(await failureOf(gateway.installAppForUser(NEWCOMER.id, '00000000-0000-4000-8000-00000000dead'))).toMatchObject({ kind: 'not_found' });
    expect(await failureOf(gateway.personalChatId(UNKNOWN_ID, APP.id))).toMatchObject({ kind: 'not_found' });
  });

  it('without TeamsAppInstallation.ReadWriteSelfForUser.All: permission_denied naming it, at once, for the install and the chat lookup', async () => {
    sandbox.faults.denyPermission('TeamsAppInstallation.ReadWriteSelfForUser.All');
    const logBefore = sandbox.state.requestLog.length;
    const install = await failureOf(gateway.installAppForUser((PEOPLE[1] as SandboxUser).id, APP.id));
    expect(install).toMatchObject({ kind: 'permission_denied', transient: false, details: { status: 403, permission: 'TeamsAppInstallation.ReadWriteSelfForUser.All' } });
    const chat = await failureOf(gateway.personalChatId(NEWCOMER.id, APP.id));
    expect(chat).toMatchObject({ kind: 'permission_denied', details: { permission: 'TeamsAppInstallation.ReadWriteSelfForUser.All' } });
    expect(statusesOf(sandbox, INSTALL, logBefore)).toEqual([403]);
    expect(statusesOf(sandbox, LIST, logBefore)).toEqual([403]);
  });

  it('finds a person: name, mail and whether they are a guest; someone the directory does not know is undefined', async () => {
    expect(await gateway.findPerson(NEWCOMER.id)).toEqual({ displayName: NEWCOMER.displayName, mail: NEWCOMER.mail, userType: 'Member' });
    expect(await gateway.findPerson(GUEST.id)).toEqual({ displayName: GUEST.displayName, mail: 'ada@fabrikam.com', userType: 'Guest' });
    expect(await gateway.findPerson(NO_MAIL.id)).toEqual({ displayName: NO_MAIL.displayName, mail: undefined, userType: 'Member' });
    expect(await gateway.findPerson(UNKNOWN_ID)).toBeUndefined();
    expect(sandbox.state.requestLog.at(-1)).toMatchObject({ route: 'GET /users/{userKey}', status: 404 });
    sandbox.faults.denyPermission('User.Read.All');
    expect(await failureOf(gateway.findPerson(NEWCOMER.id))).toMatchObject({ kind: 'permission_denied', details: { permission: 'User.Read.All' } });
  });

  it('sends a mail from the service mailbox: it lands in the sandbox with its sender, recipient, subject and HTML', async () => {
    const mail = mailTo({ address: 'ada@fabrikam.com', name: 'Ada Guest' });
    await gateway.sendMail(mail);
    expect(sandbox.state.sentMails.at(-1)).toMatchObject({
      sender: SERVICE.mail,
      senderId: SERVICE.id,
      to: [{ address: 'ada@fabrikam.com', name: 'Ada Guest' }],
      subject: 'Rencontre jeudi',
      contentType: 'HTML',
      html: mail.html,
      saveToSentItems: true,
    });
    expect(statusesOf(sandbox, SEND).at(-1)).toBe(202);
  });

  it('sendMail refusals: Mail.Send missing is permission_denied (Mail.Send), an unknown sender not_found, an unresolvable address bad_request; nothing is sent', async () => {
    const sent = sandbox.state.sentMails.length;
    sandbox.faults.denyPermission('Mail.Send');
    const denied = await failureOf(gateway.sendMail(mailTo({ address: 'noor@contoso.com', name: 'Noor' })));
    expect(denied).toMatchObject({ kind: 'permission_denied', details: { status: 403, code: 'ErrorAccessDenied', permission: 'Mail.Send' } });
    sandbox.faults.clear();
    const unknownSender = await failureOf(gateway.sendMail({ ...mailTo({ address: 'noor@contoso.com', name: 'Noor' }), from: 'nobody@contoso.com' }));
    expect(unknownSender).toMatchObject({ kind: 'not_found', details: { status: 404, code: 'ErrorInvalidUser' } });
    const malformed = await failureOf(gateway.sendMail(mailTo({ address: 'noor at contoso', name: 'Noor' })));
    expect(malformed).toMatchObject({ kind: 'bad_request', details: { status: 400, code: 'ErrorInvalidRecipients' } });
    expect(sandbox.state.sentMails).toHaveLength(sent);
  });
});

describe('Graph gateway as ReachGraph: throttling and lost answers', () => {
  let sandbox: GraphSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.faults.clear());
  afterAll(() => sandbox.stop());

  /** A gateway whose waits are virtual, without client-side limits so that only retries wait. */
  function measuredGateway(options: Partial<GraphTeamsGatewayOptions> = {}) {
    const clock = virtualClock();
    return { clock, gateway: gatewayForSandbox(sandbox, { clock, limits: false, random: () => 0.5, ...options }) };
  }

  it.each([
    ['installing the app for someone', INSTALL, (g: GraphTeamsGateway) => g.installAppForUser((PEOPLE[10] as SandboxUser).id, APP.id), 201],
    ['finding their chat', LIST, (g: GraphTeamsGateway) => g.personalChatId((PEOPLE[10] as SandboxUser).id, APP.id), 200],
    ['looking them up', 'GET /users/{userKey}', (g: GraphTeamsGateway) => g.findPerson((PEOPLE[10] as SandboxUser).id), 200],
    ['sending a mail', SEND, (g: GraphTeamsGateway) => g.sendMail(mailTo({ address: 'person10@contoso.com', name: 'Person 10' })), 202],
  ] as const)('%s: each 429 waits its Retry-After before the next attempt, then succeeds', async (_what, route, call, okStatus) => {
    const { clock, gateway } = measuredGateway();
    const logBefore = sandbox.state.requestLog.length;
    sandbox.faults.add({ match: { route }, times: 2, respond: { status: 429, retryAfterSeconds: 4 } });
    await call(gateway);
    expect(clock.sleeps).toEqual([4000, 4000]);
    expect(statusesOf(sandbox, route, logBefore)).toEqual([429, 429, okStatus]);
    gateway.close();
  });

  it('a Retry-After longer than the cap ends a sendMail as throttled, with the wait for the job', async () => {
    const { clock, gateway } = measuredGateway({ retry: { maxRetryAfterMs: 60_000 } });
    sandbox.faults.add({ match: { route: SEND }, respond: { status: 429, retryAfterSeconds: 300 } });
    const failure = await failureOf(gateway.sendMail(mailTo({ address: 'person11@contoso.com', name: 'Person 11' })));
    expect(failure).toMatchObject({ kind: 'throttled', transient: true, details: { status: 429, retryAfterMs: 300_000 } });
    expect(clock.sleeps).toEqual([]);
    gateway.close();
  });

  it('a sendMail whose answer is lost is never sent again (the mail went): one mail, one request, a timeout', async () => {
    const { gateway } = measuredGateway({ timeoutMs: 150 });
    const sent = sandbox.state.sentMails.length;
    const logBefore = sandbox.state.requestLog.length;
    sandbox.faults.add({ match: { route: SEND }, respond: { kind: 'timeout', ms: 1000, afterProcessing: true } });
    const failure = await failureOf(gateway.sendMail(mailTo({ address: 'person12@contoso.com', name: 'Person 12' }, 'Une seule fois')));
    expect(failure).toMatchObject({ kind: 'timeout' });
    expect(statusesOf(sandbox, SEND, logBefore)).toEqual([null]);
    expect(sandbox.state.sentMails.slice(sent).map((m) => m.subject)).toEqual(['Une seule fois']);
    gateway.close();
  });

  it('an install whose answer is lost is sent again, and the 409 that follows reads as already_installed', async () => {
    const { gateway } = measuredGateway({ timeoutMs: 150, retry: { baseDelayMs: 10 } });
    const person = PEOPLE[13] as SandboxUser;
    const logBefore = sandbox.state.requestLog.length;
    sandbox.faults.add({ match: { route: INSTALL }, respond: { kind: 'timeout', ms: 1000, afterProcessing: true } });
    expect(await gateway.installAppForUser(person.id, APP.id)).toBe('already_installed');
    expect(statusesOf(sandbox, INSTALL, logBefore)).toEqual([null, 409]);
    expect(sandbox.state.personalInstallations.filter((i) => i.userId === person.id)).toHaveLength(1);
    gateway.close();
  });
});

describe('Graph gateway as ReachGraph: client-side limits', () => {
  let sandbox: GraphSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ enforceLimits: true });
  });
  afterAll(() => sandbox.stop());

  it('40 installs asked at once reach Graph at no more than 30 a second (the installedApps budget), and Graph never throttles them', async () => {
    const gateway = gatewayForSandbox(sandbox);
    const outcomes = await Promise.all(PEOPLE.map((person) => gateway.installAppForUser(person.id, APP.id)));
    gateway.close();

    expect(outcomes).toEqual(PEOPLE.map(() => 'installed'));
    const stats = sandbox.stats();
    expect(stats.byEndpoint.writeTeamApps).toMatchObject({ served: 40, throttled: 0 });
    expect(stats.byEndpoint.writeTeamApps?.maxOfferedRps).toBeLessThanOrEqual(30);
    expect(stats.personalInstalls).toBe(40);
  });
});

describe('Offline mode: the demo directory reached through the same gateway', () => {
  it('demo people have mail; those who chatted with the bot have a chat, Emily (never opened it) gets one once installed; mail goes from the offline service mailbox', async () => {
    const offline = await startOfflineGraph({ tenantId: DEMO_TENANT_ID, manifestId: undefined, directory: DEMO_DIRECTORY });
    try {
      const reach: ReachGraph = offline.gateway;
      const catalogAppId = (await offline.gateway.findCatalogApp(offline.manifestId)) ?? '';
      const [camille, emily] = [DEMO_DIRECTORY[0], DEMO_DIRECTORY[5]];
      expect(await reach.findPerson(camille.aadObjectId)).toEqual({ displayName: 'Camille Tremblay', mail: camille.mail, userType: 'Member' });
      expect(await reach.personalChatId(camille.aadObjectId, catalogAppId)).toMatch(/^19:.+@unq\.gbl\.spaces$/);

      expect(await reach.personalChatId(emily.aadObjectId, catalogAppId)).toBeUndefined();
      expect(await reach.installAppForUser(emily.aadObjectId, catalogAppId)).toBe('installed');
      expect(await reach.personalChatId(emily.aadObjectId, catalogAppId)).toBe(offline.sandbox.state.personalInstallations.at(-1)?.chatId);

      await reach.sendMail({ from: offline.mailSender, to: { address: emily.mail, name: emily.name }, subject: 'Bienvenue', html: '<html lang="fr-CA"><body><p>Bonjour</p></body></html>' });
      expect(offline.sandbox.state.sentMails).toEqual([expect.objectContaining({ sender: offline.mailSender, to: [{ address: emily.mail, name: emily.name }], subject: 'Bienvenue' })]);
    } finally {
      await offline.stop();
    }
  });
});
