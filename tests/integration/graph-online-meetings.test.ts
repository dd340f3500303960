import type { OnlineEventRequest, OnlineMeetings } from '../../src/domain/meetings/online-meetings';
import { TeamsGraphFailure } from '../../src/domain/teams-graph';
import type { GraphTeamsGatewayOptions } from '../../src/graph/create-graph-teams-gateway';
import type { GraphClock } from '../../src/graph/graph-clock';
import type { GraphTeamsGateway } from '../../src/graph/graph-teams-gateway';
import { type GraphSandbox, type SandboxUser, startGraphSandbox } from '../../sandbox/graph';
import { startOfflineGraph } from '../../sandbox/offline-graph';
import { gatewayForSandbox } from '../../sandbox/sandbox-gateway';
import { DEMO_DIRECTORY, DEMO_TENANT_ID } from '../../src/storage/demo-data';

const SERVICE: SandboxUser = { id: 'aaaaaaaa-0000-4000-8000-0000000000ff', displayName: 'Communautés', userPrincipalName: 'communautes@contoso.com', mail: 'communautes@contoso.com' };
const OTHER: SandboxUser = { id: 'aaaaaaaa-0000-4000-8000-000000000001', displayName: 'Noor Newcomer', userPrincipalName: 'noor@contoso.com', mail: 'noor@contoso.com' };
const UNLICENSED: SandboxUser = { id: 'aaaaaaaa-0000-4000-8000-000000000002', displayName: 'Sans Teams', userPrincipalName: 'sansteams@contoso.com', mail: 'sansteams@contoso.com', teamsMeetings: false };
const UNKNOWN_EVENT = 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAiIsqMbYjsT5e=';
const CREATE = 'POST /users/{userKey}/events';
const UPDATE = 'PATCH /users/{userKey}/events/{eventId}';
const CANCEL = 'POST /users/{userKey}/events/{eventId}/cancel';

let transactions = 0;
/** A meeting on 13 March 2025, 13:00–14:30 in Montréal (EDT, UTC−4, since 9 March). */
function meeting(overrides: Partial<OnlineEventRequest> = {}): OnlineEventRequest {
  transactions += 1;
  return {
    subject: 'Rencontre de la communauté Données',
    bodyHtml: '<h2>Ordre du jour</h2><p>Bilan de l’année</p>',
    startsAt: new Date('2025-03-13T17:00:00Z'),
    endsAt: new Date('2025-03-13T18:30:00Z'),
    timeZone: 'America/Montreal',
    location: 'Salle 4.12',
    transactionId: `meeting-${transactions}`,
    ...overrides,
  };
}

/** Sleeps are recorded and advance virtual time at once: waits are measured, never waited. */
function virtualClock(): GraphClock & { readonly sleeps: number[] } {
  let now = Date.parse('2025-03-10T14:00:00Z');
  const sleeps: number[] = [];
  return { sleeps, now: () => now, sleep: async (ms) => void (sleeps.push(ms), (now += ms)) };
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

function statusesOf(sandbox: GraphSandbox, route: string, from: number): (number | null)[] {
  return sandbox.state.requestLog.slice(from).filter((entry) => entry.route === route).map((entry) => entry.status);
}

describe('Graph gateway as OnlineMeetings: a meeting\'s Teams meeting on the service mailbox\'s calendar, through the real Graph SDK', () => {
  let sandbox: GraphSandbox;
  let gateway: GraphTeamsGateway;
  let meetings: OnlineMeetings;
  beforeAll(async () => {
    sandbox = await startGraphSandbox({ users: [SERVICE, OTHER, UNLICENSED] });
    gateway = gatewayForSandbox(sandbox);
    meetings = gateway;
  });
  afterEach(() => sandbox.faults.clear());
  afterAll(async () => {
    gateway.close();
    await sandbox.stop();
  });

  it('creates the event with its Teams meeting: local times in the meeting\'s zone, no attendees, the join link and ids handed back', async () => {
    const request = meeting();
    const created = await meetings.createEvent(SERVICE.userPrincipalName, request);
    const stored = sandbox.state.event(created.eventId);
    expect(stored).toMatchObject({
      mailboxId: SERVICE.id,
      subject: request.subject,
      bodyContentType: 'HTML',
      bodyContent: request.bodyHtml,
      start: { dateTime: '2025-03-13T13:00:00', timeZone: 'America/Montreal' },
      end: { dateTime: '2025-03-13T14:30:00', timeZone: 'America/Montreal' },
      startsAt: '2025-03-13T17:00:00.000Z',
      location: 'Salle 4.12',
      attendees: [],
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      transactionId: request.transactionId,
    });
    expect(created).toEqual({ eventId: stored?.id, iCalUId: stored?.iCalUId, joinUrl: stored?.joinUrl, webLink: stored?.webLink });
    expect(created.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
  });

  it('creating again with the same transactionId gives back the same event, not a second one', async () => {
    const request = meeting();
    const first = await meetings.createEvent(SERVICE.id, request);
    const before = sandbox.stats().eventsCreated;
    const again = await meetings.createEvent(SERVICE.id, { ...request, subject: 'Renvoyée' });
    expect(again).toEqual(first);
    expect(sandbox.stats().eventsCreated).toBe(before);
  });

  it('a create whose answer is lost is sent again, and the transactionId keeps it to one event', async () => {
    const measured = gatewayForSandbox(sandbox, { timeoutMs: 150, retry: { baseDelayMs: 10 }, limits: false });
    const request = meeting();
    const logBefore = sandbox.state.requestLog.length;
    sandbox.faults.add({ match: { route: CREATE }, respond: { kind: 'timeout', ms: 1000, afterProcessing: true } });
    const created = await measured.createEvent(SERVICE.id, request);
    measured.close();
    expect(statusesOf(sandbox, CREATE, logBefore)).toEqual([null, 201]);
    expect(sandbox.state.events.filter((e) => e.transactionId === request.transactionId).map((e) => e.id)).toEqual([created.eventId]);
  });

  it('updates the times, title, body and venue (a venue removed is cleared); the Teams meeting stays', async () => {
    const created = await meetings.createEvent(SERVICE.id, meeting());
    await meetings.updateEvent(SERVICE.id, created.eventId, meeting({
      subject: 'Rencontre déplacée',
      bodyHtml: '<p>Nouvel ordre du jour</p>',
      startsAt: new Date('2025-11-06T19:00:00Z'), // after the switch back to EST: 14:00 in Montréal
      endsAt: new Date('2025-11-06T20:00:00Z'),
      location: null,
    }));
    expect(sandbox.state.event(created.eventId)).toMatchObject({
      subject: 'Rencontre déplacée',
      bodyContent: '<p>Nouvel ordre du jour</p>',
      start: { dateTime: '2025-11-06T14:00:00', timeZone: 'America/Montreal' },
      endsAt: '2025-11-06T20:00:00.000Z',
      location: '',
      joinUrl: created.joinUrl,
      updates: 1,
    });
  });

  it('cancels with a comment (202): the event stays, cancelled; cancelling one that is gone counts as done; updating it is not_found', async () => {
    const created = await meetings.createEvent(SERVICE.id, meeting());
    await meetings.cancelEvent(SERVICE.id, created.eventId, 'Annulée faute de quorum');
    expect(sandbox.state.event(created.eventId)).toMatchObject({ isCancelled: true, cancellationComment: 'Annulée faute de quorum' });
    const logBefore = sandbox.state.requestLog.length;
    await meetings.cancelEvent(SERVICE.id, UNKNOWN_EVENT, 'x');
    expect(statusesOf(sandbox, CANCEL, logBefore)).toEqual([404]);
    expect(await failureOf(meetings.updateEvent(SERVICE.id, UNKNOWN_EVENT, meeting()))).toMatchObject({ kind: 'not_found', details: { status: 404, code: 'ErrorItemNotFound' } });
  });

  it('a mailbox outside the Exchange access policy is permission_denied (403 [RAOP]) naming no permission; without Calendars.ReadWrite it names that one', async () => {
    sandbox.faults.denyMailboxAccess(SERVICE.id);
    const outside = await failureOf(meetings.createEvent(SERVICE.id, meeting()));
    expect(outside).toMatchObject({ kind: 'permission_denied', transient: false, details: { status: 403, code: 'ErrorAccessDenied' } });
    expect(outside.message).toContain('[RAOP]');
    expect(outside.details.permission).toBeUndefined();
    expect(await failureOf(meetings.cancelEvent(SERVICE.id, UNKNOWN_EVENT, 'x'))).toMatchObject({ kind: 'permission_denied' });
    sandbox.faults.clear();

    sandbox.faults.denyPermission('Calendars.ReadWrite');
    const denied = await failureOf(meetings.createEvent(SERVICE.id, meeting()));
    expect(denied).toMatchObject({ kind: 'permission_denied', details: { status: 403, code: 'ErrorAccessDenied', permission: 'Calendars.ReadWrite' } });
    expect(await failureOf(meetings.updateEvent(SERVICE.id, UNKNOWN_EVENT, meeting()))).toMatchObject({ details: { permission: 'Calendars.ReadWrite' } });
  });

  it('an unknown mailbox is not_found (404 ErrorInvalidUser); a zone that is not IANA is bad_request before any call', async () => {
    expect(await failureOf(meetings.createEvent('nobody@contoso.com', meeting()))).toMatchObject({ kind: 'not_found', details: { status: 404, code: 'ErrorInvalidUser' } });
    const logBefore = sandbox.state.requestLog.length;
    expect(await failureOf(meetings.createEvent(SERVICE.id, meeting({ timeZone: 'Heure du Québec' })))).toMatchObject({ kind: 'bad_request' });
    expect(sandbox.state.requestLog.length).toBe(logBefore);
  });

  it('a mailbox that cannot host Teams meetings: the meetingless event is removed and the failure says so', async () => {
    const request = meeting();
    const failure = await failureOf(meetings.createEvent(UNLICENSED.id, request));
    expect(failure).toMatchObject({ kind: 'permission_denied', details: { code: 'NoTeamsMeeting' } });
    expect(failure.message).toContain(UNLICENSED.id);
    expect(sandbox.state.events.filter((e) => e.transactionId === request.transactionId)).toEqual([]);
  });
});

describe('Graph gateway as OnlineMeetings: throttling', () => {
  let sandbox: GraphSandbox;
  beforeAll(async () => {
    sandbox = await startGraphSandbox({ users: [SERVICE] });
  });
  afterEach(() => sandbox.faults.clear());
  afterAll(() => sandbox.stop());

  function measuredGateway(options: Partial<GraphTeamsGatewayOptions> = {}) {
    const clock = virtualClock();
    return { clock, gateway: gatewayForSandbox(sandbox, { clock, limits: false, random: () => 0.5, ...options }) };
  }

  it.each([
    ['creating', CREATE, 201, async (g: OnlineMeetings) => void (await g.createEvent(SERVICE.id, meeting()))],
    ['updating', UPDATE, 200, async (g: OnlineMeetings, id: string) => g.updateEvent(SERVICE.id, id, meeting())],
    ['cancelling', CANCEL, 202, async (g: OnlineMeetings, id: string) => g.cancelEvent(SERVICE.id, id, 'x')],
  ] as const)('%s: each 429 waits its Retry-After, then succeeds', async (_what, route, okStatus, call) => {
    const setup = gatewayForSandbox(sandbox, { limits: false });
    const { eventId } = await setup.createEvent(SERVICE.id, meeting());
    setup.close();
    const { clock, gateway } = measuredGateway();
    const logBefore = sandbox.state.requestLog.length;
    sandbox.faults.add({ match: { route }, times: 2, respond: { status: 429, retryAfterSeconds: 3 } });
    await call(gateway, eventId);
    expect(clock.sleeps).toEqual([3000, 3000]);
    expect(statusesOf(sandbox, route, logBefore)).toEqual([429, 429, okStatus]);
    gateway.close();
  });

  it('a Retry-After beyond the cap ends as throttled with the wait; 503s that outlast the retries end as unavailable', async () => {
    const { gateway } = measuredGateway({ retry: { maxRetryAfterMs: 60_000, maxAttempts: 3 } });
    sandbox.faults.add({ match: { route: CREATE }, respond: { status: 429, retryAfterSeconds: 600 } });
    expect(await failureOf(gateway.createEvent(SERVICE.id, meeting()))).toMatchObject({ kind: 'throttled', transient: true, details: { retryAfterMs: 600_000 } });
    sandbox.faults.add({ match: { route: CREATE }, times: 3, respond: { status: 503 } });
    expect(await failureOf(gateway.createEvent(SERVICE.id, meeting()))).toMatchObject({ kind: 'unavailable', transient: true, details: { status: 503 } });
    gateway.close();
  });
});

describe('Graph gateway: a mail with an .ics attachment', () => {
  it('arrives with its attachment, as a fileAttachment the sandbox reads back', async () => {
    const sandbox = await startGraphSandbox({ users: [SERVICE] });
    const gateway = gatewayForSandbox(sandbox);
    try {
      const ics = Buffer.from('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//cop//fr-CA\r\nEND:VCALENDAR\r\n').toString('base64');
      await gateway.sendMail({
        from: SERVICE.userPrincipalName,
        to: { address: 'ada@fabrikam.com', name: 'Ada' },
        subject: 'Invitation : rencontre',
        html: '<html lang="fr-CA"><body><p>Ajoutez la rencontre à votre calendrier.</p></body></html>',
        attachments: [{ name: 'rencontre.ics', contentType: 'text/calendar; method=PUBLISH; charset=UTF-8', contentBase64: ics }],
      });
      expect(sandbox.state.sentMails.at(-1)?.attachments).toEqual([
        { name: 'rencontre.ics', contentType: 'text/calendar; method=PUBLISH; charset=UTF-8', contentBase64: ics, size: Buffer.from(ics, 'base64').length },
      ]);
      await gateway.sendMail({ from: SERVICE.userPrincipalName, to: { address: 'ada@fabrikam.com', name: 'Ada' }, subject: 'Sans pièce jointe', html: '<p>x</p>' });
      expect(sandbox.state.sentMails.at(-1)?.attachments).toEqual([]);
    } finally {
      gateway.close();
      await sandbox.stop();
    }
  });
});

describe('Offline mode: meetings get their Teams meeting on the offline service mailbox', () => {
  it('the offline gateway is OnlineMeetings, and its meeting mailbox hosts Teams meetings', async () => {
    const offline = await startOfflineGraph({ tenantId: DEMO_TENANT_ID, manifestId: undefined, directory: DEMO_DIRECTORY });
    try {
      const meetings: OnlineMeetings = offline.gateway;
      expect(offline.meetingMailbox).toBe(offline.mailSender);
      const created = await meetings.createEvent(offline.meetingMailbox, meeting());
      expect(created.joinUrl).toContain(encodeURIComponent(`"Tid":"${DEMO_TENANT_ID.toLowerCase()}"`));
      await meetings.updateEvent(offline.meetingMailbox, created.eventId, meeting({ subject: 'Déplacée' }));
      await meetings.cancelEvent(offline.meetingMailbox, created.eventId, 'Annulée');
      expect(offline.sandbox.state.events).toEqual([expect.objectContaining({ mailbox: offline.meetingMailbox, subject: 'Déplacée', isCancelled: true })]);
    } finally {
      await offline.stop();
    }
  });

  it('a separate meeting mailbox is added to the offline directory', async () => {
    const offline = await startOfflineGraph({ tenantId: DEMO_TENANT_ID, manifestId: undefined, directory: DEMO_DIRECTORY, meetingMailbox: 'rencontres@cop-demo.example' });
    try {
      expect(offline.meetingMailbox).toBe('rencontres@cop-demo.example');
      expect(offline.sandbox.state.users.map((u) => u.mail)).toEqual(expect.arrayContaining([offline.mailSender, 'rencontres@cop-demo.example']));
      await offline.gateway.createEvent(offline.meetingMailbox, meeting());
      expect(offline.sandbox.state.events.map((e) => e.mailbox)).toEqual(['rencontres@cop-demo.example']);
    } finally {
      await offline.stop();
    }
  });
});
