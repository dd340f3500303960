import { ClientSecretCredential } from '@azure/identity';
import { Client, GraphError, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import type { CallRecording, OnlineMeeting } from '@microsoft/microsoft-graph-types';
import { type GraphSandbox, type GraphSandboxOptions, type SandboxTrust, type SandboxUser, startGraphSandbox, trustSandboxCertificate } from '../../sandbox/graph';
import { ManualClock } from '../support/manual-clock';

const SERVICE: SandboxUser = { id: 'aaaaaaaa-0000-4000-8000-0000000000ff', displayName: 'Communautés', userPrincipalName: 'communautes@contoso.com', mail: 'communautes@contoso.com' };
const OTHER: SandboxUser = { id: 'aaaaaaaa-0000-4000-8000-000000000001', displayName: 'Noor Newcomer', userPrincipalName: 'noor@contoso.com', mail: 'noor@contoso.com' };

interface Harness {
  readonly sandbox: GraphSandbox;
  readonly client: Client;
  stop(): Promise<void>;
}

async function startHarness(options: GraphSandboxOptions = {}): Promise<Harness> {
  const sandbox = await startGraphSandbox({ users: [SERVICE, OTHER], ...options });
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

interface Page<T> {
  readonly value: T[];
  readonly '@odata.count'?: number;
  readonly '@odata.nextLink'?: string;
  readonly '@odata.deltaLink'?: string;
}

async function teamsMeeting(h: Harness, mailbox: SandboxUser, day: string): Promise<{ id: string; joinUrl: string }> {
  const created = (await h.client.api(`/users/${mailbox.id}/events`).post({
    subject: `Rencontre du ${day}`,
    start: { dateTime: `${day}T13:00:00`, timeZone: 'America/Toronto' },
    end: { dateTime: `${day}T14:00:00`, timeZone: 'America/Toronto' },
    isOnlineMeeting: true,
    onlineMeetingProvider: 'teamsForBusiness',
  })) as { id: string; onlineMeeting: { joinUrl: string } };
  return { id: created.id, joinUrl: created.onlineMeeting.joinUrl };
}

async function meetingOf(h: Harness, mailbox: SandboxUser, joinUrl: string): Promise<OnlineMeeting> {
  // The docs' example encodes the join URL inside the filter (…meetup-join%2F19%253ameeting_…): the query is decoded once.
  const found = (await h.client
    .api(`/users/${mailbox.id}/onlineMeetings`)
    .filter(`JoinWebUrl eq '${encodeURIComponent(joinUrl)}'`)
    .get()) as Page<OnlineMeeting>;
  expect(found.value).toHaveLength(1);
  return found.value[0] as OnlineMeeting;
}

const deltaPath = (organizer: string, since: string): string =>
  `/users/${organizer}/onlineMeetings/getAllRecordings(meetingOrganizerUserId='${organizer}',startDateTime=${since})/delta`;

/** Follows @odata.nextLink to the end: the recordings in order and the final deltaLink. */
async function readDelta(h: Harness, first: string): Promise<{ recordings: CallRecording[]; pages: number; deltaLink: string }> {
  const recordings: CallRecording[] = [];
  let next: string | undefined = first;
  let pages = 0;
  for (;;) {
    const page = (await h.client.api(next).get()) as Page<CallRecording>;
    pages += 1;
    recordings.push(...page.value);
    if (page['@odata.deltaLink']) return { recordings, pages, deltaLink: page['@odata.deltaLink'] };
    next = page['@odata.nextLink'];
    if (!next) throw new Error('a delta page with neither nextLink nor deltaLink');
  }
}

describe('Graph sandbox: the recordings of Teams meetings behind calendar events, through the real Graph SDK', () => {
  let h: Harness;
  const clock = new ManualClock(new Date('2025-03-10T14:00:00Z'));
  beforeAll(async () => {
    h = await startHarness({ clock });
  });
  afterEach(() => h.sandbox.faults.clear());
  afterAll(() => h.stop());

  it('finds the onlineMeeting of an event by its join URL, lists (with @odata.count) and gets its recordings', async () => {
    const event = await teamsMeeting(h, SERVICE, '2025-03-13');
    const meeting = await meetingOf(h, SERVICE, event.joinUrl);
    expect(meeting).toMatchObject({ joinWebUrl: event.joinUrl, subject: 'Rencontre du 2025-03-13', startDateTime: '2025-03-13T17:00:00.000Z' });
    expect(meeting.id).toMatch(/^MSo/);
    expect(meeting.participants?.organizer?.identity?.user?.id).toBe(SERVICE.id);

    const none = (await h.client.api(`/users/${SERVICE.id}/onlineMeetings/${meeting.id ?? ''}/recordings`).get()) as Page<CallRecording>;
    expect(none).toMatchObject({ '@odata.count': 0, value: [] });

    const made = h.sandbox.recordings.makeAvailable(event.joinUrl);
    const listed = (await h.client.api(`/users/${SERVICE.id}/onlineMeetings/${meeting.id ?? ''}/recordings`).get()) as Page<CallRecording>;
    expect(listed['@odata.count']).toBe(1);
    expect(listed.value[0]).toMatchObject({
      id: made.id,
      meetingId: meeting.id,
      createdDateTime: '2025-03-13T17:00:00.000Z',
      endDateTime: '2025-03-13T18:00:00.000Z',
      meetingOrganizer: { user: { id: SERVICE.id, userIdentityType: 'aadUser', tenantId: h.sandbox.tenantId } },
    });
    expect(listed.value[0]?.recordingContentUrl).toContain(`/recordings/${made.id}/content`);

    const one = (await h.client.api(`/users/${SERVICE.id}/onlineMeetings/${meeting.id ?? ''}/recordings/${made.id}`).get()) as CallRecording;
    expect(one.id).toBe(made.id);
    const missing = await graphFailure(h.client.api(`/users/${SERVICE.id}/onlineMeetings/${meeting.id ?? ''}/recordings/nope`).middlewareOptions(noRetry()).get());
    expect(missing.statusCode).toBe(404);
    // Another organiser's path does not reach this meeting.
    const elsewhere = await graphFailure(h.client.api(`/users/${OTHER.id}/onlineMeetings/${meeting.id ?? ''}/recordings`).middlewareOptions(noRetry()).get());
    expect(elsewhere.statusCode).toBe(404);
  });

  it('getAllRecordings delta: pages joined by nextLink, a final deltaLink, and the deltaLink later returns only what is new', async () => {
    const local = await startHarness({ clock });
    try {
      const events = [await teamsMeeting(local, SERVICE, '2025-04-01'), await teamsMeeting(local, SERVICE, '2025-04-02'), await teamsMeeting(local, SERVICE, '2025-04-03')];
      const otherEvent = await teamsMeeting(local, OTHER, '2025-04-02');
      const made = events.map((event) => local.sandbox.recordings.makeAvailable(event.id));
      local.sandbox.recordings.makeAvailable(otherEvent.id);

      const first = await readDelta(local, `${deltaPath(SERVICE.id, '2025-01-01T00:00:00Z')}?$top=2`);
      expect(first.pages).toBe(2);
      expect(first.recordings.map((r) => r.id)).toEqual(made.map((r) => r.id));

      const quiet = await readDelta(local, first.deltaLink);
      expect(quiet.recordings).toEqual([]);

      const later = await teamsMeeting(local, SERVICE, '2025-04-10');
      const fresh = local.sandbox.recordings.makeAvailable(later.joinUrl);
      const next = await readDelta(local, quiet.deltaLink);
      expect(next.recordings.map((r) => r.id)).toEqual([fresh.id]);

      // startDateTime leaves out what was created before it.
      const recent = await readDelta(local, deltaPath(SERVICE.id, '2025-04-02T23:00:00Z'));
      expect(recent.recordings.map((r) => r.id)).toEqual([made[2]?.id, fresh.id]);

      const noOrganizer = await graphFailure(
        local.client.api(`/users/${SERVICE.id}/onlineMeetings/getAllRecordings(startDateTime=2025-01-01T00:00:00Z)/delta`).middlewareOptions(noRetry()).get(),
      );
      expect(noOrganizer.statusCode).toBe(400);
    } finally {
      await local.stop();
    }
  });

  it('without the Teams application access policy for the organiser: 403 Forbidden on meetings, recordings and delta; events still work', async () => {
    const event = await teamsMeeting(h, SERVICE, '2025-03-20');
    const meeting = await meetingOf(h, SERVICE, event.joinUrl);
    h.sandbox.faults.denyMeetingAccess(SERVICE.userPrincipalName);
    const calls = [
      h.client.api(`/users/${SERVICE.id}/onlineMeetings`).filter(`JoinWebUrl eq '${encodeURIComponent(event.joinUrl)}'`),
      h.client.api(`/users/${SERVICE.id}/onlineMeetings/${meeting.id ?? ''}/recordings`),
      h.client.api(deltaPath(SERVICE.id, '2025-01-01T00:00:00Z')),
    ];
    for (const call of calls) {
      const refused = await graphFailure(call.middlewareOptions(noRetry()).get());
      expect(refused.statusCode).toBe(403);
      expect(refused.code).toBe('Forbidden');
      expect(refused.message).toContain(`Application is not allowed to perform operations on the user '${SERVICE.id}'`);
    }
    // The calendar is Exchange's policy, not Teams': the meeting keeps working.
    await expect(h.client.api(`/users/${SERVICE.id}/events/${encodeURIComponent(event.id)}`).get()).resolves.toMatchObject({ id: event.id });
    h.sandbox.faults.clear();
    await expect(meetingOf(h, SERVICE, event.joinUrl)).resolves.toMatchObject({ id: meeting.id });
  });

  it('without OnlineMeetingRecording.Read.All: 403 Authorization_RequestDenied naming it', async () => {
    h.sandbox.faults.denyPermission('OnlineMeetingRecording.Read.All');
    const refused = await graphFailure(h.client.api(deltaPath(SERVICE.id, '2025-01-01T00:00:00Z')).middlewareOptions(noRetry()).get());
    expect(refused.statusCode).toBe(403);
    expect(refused.code).toBe('Authorization_RequestDenied');
    expect(refused.message).toContain('OnlineMeetingRecording.Read.All');
  });

  it('recordEndedMeetings: a Teams meeting gets its recording once its end has passed on the sandbox clock, once', async () => {
    const demoClock = new ManualClock(new Date('2025-05-01T12:00:00Z'));
    const demo = await startHarness({ clock: demoClock, recordEndedMeetings: true });
    try {
      const event = await teamsMeeting(demo, SERVICE, '2025-05-01'); // 17:00–18:00 UTC
      const before = await readDelta(demo, deltaPath(SERVICE.id, '2025-01-01T00:00:00Z'));
      expect(before.recordings).toEqual([]);
      demoClock.advanceTo(new Date('2025-05-01T18:00:01Z'));
      const after = await readDelta(demo, before.deltaLink);
      expect(after.recordings).toHaveLength(1);
      expect(after.recordings[0]).toMatchObject({ endDateTime: '2025-05-01T18:00:00.000Z' });
      expect(demo.sandbox.state.recordings).toEqual([expect.objectContaining({ eventId: event.id })]);
      const again = await readDelta(demo, after.deltaLink);
      expect(again.recordings).toEqual([]);
    } finally {
      await demo.stop();
    }
  });
});
