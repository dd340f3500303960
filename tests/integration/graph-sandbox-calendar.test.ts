import { ClientSecretCredential } from '@azure/identity';
import { Client, GraphError, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { type GraphSandbox, type GraphSandboxOptions, type SandboxTrust, type SandboxUser, startGraphSandbox, trustSandboxCertificate } from '../../sandbox/graph';
import { ManualClock } from '../support/manual-clock';

const SERVICE: SandboxUser = { id: 'aaaaaaaa-0000-4000-8000-0000000000ff', displayName: 'Communautés', userPrincipalName: 'communautes@contoso.com', mail: 'communautes@contoso.com' };
const OTHER: SandboxUser = { id: 'aaaaaaaa-0000-4000-8000-000000000001', displayName: 'Noor Newcomer', userPrincipalName: 'noor@contoso.com', mail: 'noor@contoso.com' };
const UNLICENSED: SandboxUser = { id: 'aaaaaaaa-0000-4000-8000-000000000002', displayName: 'Sans Teams', userPrincipalName: 'sansteams@contoso.com', mail: 'sansteams@contoso.com', teamsMeetings: false };
const NO_MAILBOX: SandboxUser = { id: 'aaaaaaaa-0000-4000-8000-0000000000fe', displayName: 'No Mailbox', userPrincipalName: 'nomailbox@contoso.com' };
const UNKNOWN_EVENT = 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAiIsqMbYjsT5e=';

interface Harness {
  readonly sandbox: GraphSandbox;
  readonly client: Client;
  stop(): Promise<void>;
}

/** The real Graph SDK and @azure/identity, pointed at a fresh sandbox as graph-sandbox-reach.test.ts points them. */
async function startHarness(options: GraphSandboxOptions = {}): Promise<Harness> {
  const sandbox = await startGraphSandbox({ users: [SERVICE, OTHER, UNLICENSED, NO_MAILBOX], ...options });
  const trust: SandboxTrust = trustSandboxCertificate(sandbox.caCertificatePem);
  const credential = new ClientSecretCredential(sandbox.tenantId, sandbox.clientId, sandbox.clientSecret, {
    authorityHost: sandbox.authorityHost,
    disableInstanceDiscovery: true,
    ...trust.credentialOptions,
  });
  const authProvider = new TokenCredentialAuthenticationProvider(credential, { scopes: ['https://graph.microsoft.com/.default'] });
  const client = Client.initWithMiddleware({ middleware: trust.graphMiddleware(authProvider), baseUrl: sandbox.baseUrl, customHosts: new Set([sandbox.host]) });
  return {
    sandbox,
    client,
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

const noRetry = (): RetryHandlerOptions[] => [new RetryHandlerOptions(0, 0)];
const events = (mailbox: string): string => `/users/${encodeURIComponent(mailbox)}/events`;
const event = (mailbox: string, id: string): string => `${events(mailbox)}/${encodeURIComponent(id)}`;

function teamsEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    subject: 'Rencontre de la communauté',
    body: { contentType: 'html', content: '<p>Ordre du jour : <b>bilan</b></p>' },
    start: { dateTime: '2025-03-13T13:00:00', timeZone: 'America/Toronto' },
    end: { dateTime: '2025-03-13T14:30:00', timeZone: 'America/Toronto' },
    location: { displayName: 'Salle 4.12' },
    isOnlineMeeting: true,
    onlineMeetingProvider: 'teamsForBusiness',
    ...overrides,
  };
}

interface EventBody {
  id: string;
  iCalUId: string;
  webLink: string;
  subject: string;
  isCancelled: boolean;
  isOnlineMeeting: boolean;
  onlineMeetingProvider: string;
  onlineMeeting: { joinUrl: string } | null;
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  location: { displayName: string };
  transactionId: string | null;
}

describe('Graph sandbox: calendar events with a Teams meeting on a mailbox, through the real Graph SDK', () => {
  let h: Harness;
  const clock = new ManualClock(new Date('2025-03-10T14:00:00Z'));
  beforeAll(async () => {
    h = await startHarness({ clock });
  });
  afterEach(() => h.sandbox.faults.clear());
  afterAll(() => h.stop());

  it('makes the event with its Teams meeting (201, the documented shape, times in UTC) and keeps it for tests to read', async () => {
    const created = (await h.client.api(events(SERVICE.userPrincipalName)).post(teamsEvent({ transactionId: 'tx-1' }))) as EventBody;
    expect(created).toMatchObject({
      subject: 'Rencontre de la communauté',
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      isCancelled: false,
      transactionId: 'tx-1',
      location: { displayName: 'Salle 4.12' },
      // 13:00 in Toronto on 13 March 2025 is EDT (UTC−4): Exchange answers in UTC by default.
      start: { dateTime: '2025-03-13T17:00:00.0000000', timeZone: 'UTC' },
      end: { dateTime: '2025-03-13T18:30:00.0000000', timeZone: 'UTC' },
      organizer: { emailAddress: { address: SERVICE.mail } },
      createdDateTime: '2025-03-10T14:00:00.000Z',
    });
    expect(created.id).toMatch(/^AAMkA/);
    expect(created.iCalUId).toMatch(/^040000008200E00074C5B7101A82E008/);
    expect(created.webLink).toContain(encodeURIComponent(created.id));
    expect(created.onlineMeeting?.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\/19%3Ameeting_/);
    expect(decodeURIComponent(created.onlineMeeting?.joinUrl ?? '')).toContain(`"Tid":"${h.sandbox.tenantId}","Oid":"${SERVICE.id}"`);

    expect(h.sandbox.state.event(created.id)).toMatchObject({
      mailboxId: SERVICE.id,
      mailbox: SERVICE.mail,
      joinUrl: created.onlineMeeting?.joinUrl,
      start: { dateTime: '2025-03-13T13:00:00', timeZone: 'America/Toronto' },
      startsAt: '2025-03-13T17:00:00.000Z',
      bodyContentType: 'HTML',
      attendees: [],
    });
    expect(h.sandbox.stats()).toMatchObject({ eventsCreated: 1 });
    expect(h.sandbox.stats().byEndpoint.calendar).toMatchObject({ served: 1 });
  });

  it('a second POST with the same transactionId returns the first event; another mailbox or transaction makes a new one', async () => {
    const before = h.sandbox.stats().eventsCreated;
    const first = (await h.client.api(events(SERVICE.id)).post(teamsEvent({ transactionId: 'tx-dedupe' }))) as EventBody;
    const again = (await h.client.api(events(SERVICE.mail ?? '')).post(teamsEvent({ transactionId: 'tx-dedupe', subject: 'Renvoyée' }))) as EventBody;
    expect(again.id).toBe(first.id);
    expect(again.subject).toBe('Rencontre de la communauté');
    const elsewhere = (await h.client.api(events(OTHER.id)).post(teamsEvent({ transactionId: 'tx-dedupe' }))) as EventBody;
    const other = (await h.client.api(events(SERVICE.id)).post(teamsEvent({ transactionId: 'tx-other' }))) as EventBody;
    expect(new Set([first.id, elsewhere.id, other.id]).size).toBe(3);
    expect(h.sandbox.stats().eventsCreated - before).toBe(3);
  });

  it('reads, patches (times, subject, body, venue), cancels (202, kept as cancelled) and deletes (204) an event; Prefer outlook.timezone is honoured', async () => {
    const { id } = (await h.client.api(events(SERVICE.id)).post(teamsEvent())) as EventBody;
    const patched = (await h.client.api(event(SERVICE.id, id)).patch({
      subject: 'Rencontre déplacée',
      body: { contentType: 'html', content: '<p>Nouvel ordre du jour</p>' },
      start: { dateTime: '2025-03-14T09:00:00', timeZone: 'America/Toronto' },
      end: { dateTime: '2025-03-14T10:00:00', timeZone: 'America/Toronto' },
      location: { displayName: '' },
    })) as EventBody;
    expect(patched).toMatchObject({ subject: 'Rencontre déplacée', start: { dateTime: '2025-03-14T13:00:00.0000000' }, location: { displayName: '' } });
    const read = (await h.client.api(event(SERVICE.id, id)).header('Prefer', 'outlook.timezone="America/Toronto"').get()) as EventBody;
    expect(read.start).toEqual({ dateTime: '2025-03-14T09:00:00.0000000', timeZone: 'America/Toronto' });
    expect(read.onlineMeeting?.joinUrl).toBe(h.sandbox.state.event(id)?.joinUrl);
    expect(h.sandbox.state.event(id)).toMatchObject({ updates: 1, bodyContent: '<p>Nouvel ordre du jour</p>', location: '' });

    await h.client.api(`${event(SERVICE.id, id)}/cancel`).post({ comment: 'Annulée faute de quorum' });
    expect(h.sandbox.state.requestLog.at(-1)).toMatchObject({ route: 'POST /users/{userKey}/events/{eventId}/cancel', status: 202 });
    expect(h.sandbox.state.event(id)).toMatchObject({ isCancelled: true, cancellationComment: 'Annulée faute de quorum' });
    expect(((await h.client.api(event(SERVICE.id, id)).get()) as EventBody).isCancelled).toBe(true);

    await h.client.api(event(SERVICE.id, id)).delete();
    expect(h.sandbox.state.requestLog.at(-1)).toMatchObject({ status: 204 });
    expect(h.sandbox.state.event(id)).toBeUndefined();
    const gone = await graphFailure(h.client.api(event(SERVICE.id, id)).get());
    expect(gone).toMatchObject({ statusCode: 404, code: 'ErrorItemNotFound' });
  });

  it('unknown events are 404 ErrorItemNotFound on every verb, another mailbox\'s event too; a malformed id is 400', async () => {
    const { id } = (await h.client.api(events(OTHER.id)).post(teamsEvent())) as EventBody;
    for (const call of [
      () => h.client.api(event(SERVICE.id, UNKNOWN_EVENT)).get(),
      () => h.client.api(event(SERVICE.id, UNKNOWN_EVENT)).patch({ subject: 'x' }),
      () => h.client.api(event(SERVICE.id, UNKNOWN_EVENT)).delete(),
      () => h.client.api(`${event(SERVICE.id, UNKNOWN_EVENT)}/cancel`).post({ comment: 'x' }),
      () => h.client.api(event(SERVICE.id, id)).get(),
    ]) {
      expect(await graphFailure(call())).toMatchObject({ statusCode: 404, code: 'ErrorItemNotFound' });
    }
    expect(await graphFailure(h.client.api(event(SERVICE.id, 'not-an-id')).get())).toMatchObject({ statusCode: 400, code: 'ErrorInvalidIdMalformed' });
  });

  it('validates the body as Exchange does: a missing start, an unknown zone, an end before the start, a wrong provider', async () => {
    const before = h.sandbox.state.events.length;
    const cases: [Record<string, unknown>, string][] = [
      [teamsEvent({ start: undefined }), 'ErrorInvalidRequest'],
      [teamsEvent({ end: { dateTime: '2025-03-13T14:30:00', timeZone: 'Quebec Time' } }), 'TimeZoneNotSupportedException'],
      [teamsEvent({ end: { dateTime: '2025-03-13T14:30:00' } }), 'TimeZoneNotSupportedException'],
      [teamsEvent({ end: { dateTime: '2025-03-13T12:00:00', timeZone: 'America/Toronto' } }), 'ErrorPropertyValidationFailure'],
      [teamsEvent({ start: { dateTime: 'jeudi', timeZone: 'America/Toronto' } }), 'ErrorInvalidRequest'],
      [teamsEvent({ onlineMeetingProvider: 'zoom' }), 'RequestBodyRead'],
      [teamsEvent({ body: { contentType: 'markdown', content: 'x' } }), 'RequestBodyRead'],
    ];
    for (const [body, code] of cases) {
      expect(await graphFailure(h.client.api(events(SERVICE.id)).post(body))).toMatchObject({ statusCode: 400, code });
    }
    const { id } = (await h.client.api(events(SERVICE.id)).post(teamsEvent({ start: { dateTime: '2025-03-13T13:00:00', timeZone: 'Eastern Standard Time' } }))) as EventBody;
    expect(await graphFailure(h.client.api(event(SERVICE.id, id)).patch({ end: { dateTime: '2025-03-13T10:00:00', timeZone: 'America/Toronto' } }))).toMatchObject({
      statusCode: 400,
      code: 'ErrorPropertyValidationFailure',
    });
    expect(h.sandbox.state.events.length).toBe(before + 1);
  });

  it('a mailbox that cannot host Teams meetings gets the event without one (201, isOnlineMeeting false, provider unknown)', async () => {
    const created = (await h.client.api(events(UNLICENSED.id)).post(teamsEvent())) as EventBody;
    expect(created).toMatchObject({ isOnlineMeeting: false, onlineMeetingProvider: 'unknown', onlineMeeting: null });
    expect(h.sandbox.state.event(created.id)?.joinUrl).toBeNull();
  });

  it('refuses as Exchange does: unknown user 404 ErrorInvalidUser, no mailbox 404 MailboxNotEnabledForRESTAPI, no Calendars.ReadWrite 403, a mailbox outside the policy 403 [RAOP]', async () => {
    const before = h.sandbox.state.events.length;
    expect(await graphFailure(h.client.api(events('nobody@contoso.com')).post(teamsEvent()))).toMatchObject({ statusCode: 404, code: 'ErrorInvalidUser' });
    expect(await graphFailure(h.client.api(events(NO_MAILBOX.id)).post(teamsEvent()))).toMatchObject({ statusCode: 404, code: 'MailboxNotEnabledForRESTAPI' });

    h.sandbox.faults.denyPermission('Calendars.ReadWrite');
    const denied = await graphFailure(h.client.api(events(SERVICE.id)).post(teamsEvent()));
    expect(denied).toMatchObject({ statusCode: 403, code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' });
    h.sandbox.faults.clear();

    h.sandbox.faults.denyMailboxAccess(SERVICE.userPrincipalName);
    const outside = await graphFailure(h.client.api(events(SERVICE.id)).post(teamsEvent()));
    expect(outside).toMatchObject({ statusCode: 403, code: 'ErrorAccessDenied', message: 'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.' });
    expect(await graphFailure(h.client.api(`/users/${SERVICE.id}/sendMail`).post({ message: { subject: 'x', toRecipients: [{ emailAddress: { address: 'noor@contoso.com' } }] } }))).toMatchObject({ statusCode: 403, code: 'ErrorAccessDenied' });
    await h.client.api(events(OTHER.id)).post(teamsEvent()); // only the service mailbox was left out
    h.sandbox.faults.denyMailboxAccess();
    expect(await graphFailure(h.client.api(events(OTHER.id)).post(teamsEvent()))).toMatchObject({ statusCode: 403, code: 'ErrorAccessDenied' });
    h.sandbox.faults.clear();
    await h.client.api(events(SERVICE.id)).post(teamsEvent());
    expect(h.sandbox.state.events.length).toBe(before + 2);
  });

  it('injected faults reach the calendar routes: 429 with Retry-After, 503', async () => {
    h.sandbox.faults.add({ match: { endpoint: 'calendar' }, respond: { status: 429, retryAfterSeconds: 7 } });
    const throttled = await graphFailure(h.client.api(events(SERVICE.id)).middlewareOptions(noRetry()).post(teamsEvent()));
    expect(throttled).toMatchObject({ statusCode: 429, code: 'TooManyRequests' });
    expect(throttled.headers?.get('retry-after')).toBe('7');
    h.sandbox.faults.add({ match: { route: 'PATCH /users/{userKey}/events/{eventId}' }, respond: { status: 503 } });
    expect(await graphFailure(h.client.api(event(SERVICE.id, UNKNOWN_EVENT)).middlewareOptions(noRetry()).patch({ subject: 'x' }))).toMatchObject({ statusCode: 503 });
  });
});

describe('Graph sandbox: mail attachments and the access policy over calendars', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ mailAccessPolicy: [SERVICE.userPrincipalName] });
  });
  afterAll(() => h.stop());

  it('a mail keeps its file attachments; an attachment without its @odata.type or with bad bytes is refused', async () => {
    const ics = Buffer.from('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n').toString('base64');
    const message = (attachments: unknown[]) => ({
      message: { subject: 'Invitation', body: { contentType: 'HTML', content: '<p>Bonjour</p>' }, toRecipients: [{ emailAddress: { address: 'noor@contoso.com' } }], attachments },
    });
    await h.client.api(`/users/${SERVICE.id}/sendMail`).post(message([{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'rencontre.ics', contentType: 'text/calendar', contentBytes: ics }]));
    expect(h.sandbox.state.sentMails.at(-1)?.attachments).toEqual([{ name: 'rencontre.ics', contentType: 'text/calendar', contentBase64: ics, size: 45 }]);
    expect(await graphFailure(h.client.api(`/users/${SERVICE.id}/sendMail`).post(message([{ name: 'a.ics', contentBytes: ics }])))).toMatchObject({ statusCode: 400 });
    const bad = [{ '@odata.type': '#microsoft.graph.fileAttachment', name: 'a.ics', contentBytes: 'not base64!' }];
    expect(await graphFailure(h.client.api(`/users/${SERVICE.id}/sendMail`).post(message(bad)))).toMatchObject({ statusCode: 400 });
    expect(h.sandbox.state.sentMails).toHaveLength(1);
  });

  it('the one Exchange policy scopes calendars like mail: events on the service mailbox, any other is 403 [RAOP]', async () => {
    await h.client.api(events(SERVICE.id)).post(teamsEvent());
    const outside = await graphFailure(h.client.api(events(OTHER.id)).post(teamsEvent()));
    expect(outside).toMatchObject({ statusCode: 403, code: 'ErrorAccessDenied' });
    expect(outside.message).toMatch(/\[RAOP\]/);
    expect(h.sandbox.state.events.map((e) => e.mailbox)).toEqual([SERVICE.mail]);
  });
});
