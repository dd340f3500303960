import type { OnlineEventRequest } from '../../src/domain/meetings/online-meetings';
import { TeamsGraphFailure } from '../../src/domain/teams-graph';
import type { GraphTeamsGateway } from '../../src/graph/graph-teams-gateway';
import { type GraphSandbox, type SandboxUser, startGraphSandbox } from '../../sandbox/graph';
import { gatewayForSandbox } from '../../sandbox/sandbox-gateway';

const SERVICE: SandboxUser = { id: 'aaaaaaaa-0000-4000-8000-0000000000ff', displayName: 'Communautés', userPrincipalName: 'communautes@contoso.com', mail: 'communautes@contoso.com' };

let transactions = 0;
function meeting(day: string): OnlineEventRequest {
  transactions += 1;
  return {
    subject: `Rencontre du ${day}`,
    bodyHtml: '<p>Ordre du jour</p>',
    startsAt: new Date(`${day}T17:00:00Z`),
    endsAt: new Date(`${day}T18:00:00Z`),
    timeZone: 'America/Montreal',
    location: null,
    transactionId: `recording-meeting-${transactions}`,
  };
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

describe('Graph gateway as RecordingSource: recordings of the app\'s Teams meetings, through the real Graph SDK and the sandbox', () => {
  let sandbox: GraphSandbox;
  let gateway: GraphTeamsGateway;
  beforeAll(async () => {
    sandbox = await startGraphSandbox({ users: [SERVICE] });
    gateway = gatewayForSandbox(sandbox);
  });
  afterEach(() => sandbox.faults.clear());
  afterAll(async () => {
    gateway.close();
    await sandbox.stop();
  });

  it('finds a meeting\'s onlineMeeting by its join link and its recordings; none before one is available', async () => {
    const created = await gateway.createEvent(SERVICE.userPrincipalName, meeting('2025-03-13'));
    const pointer = { mailbox: SERVICE.userPrincipalName, joinUrl: created.joinUrl };
    await expect(gateway.onlineMeetingIdOf(pointer)).resolves.toMatch(/^MSo/);
    await expect(gateway.recordingsOf(pointer)).resolves.toEqual([]);
    const made = sandbox.recordings.makeAvailable(created.eventId);
    const found = await gateway.recordingsOf(pointer);
    expect(found).toEqual([
      {
        graphRecordingId: made.id,
        onlineMeetingId: made.meetingId,
        contentUrl: expect.stringContaining(`/recordings/${made.id}/content`) as unknown,
        createdAt: new Date('2025-03-13T17:00:00Z'),
        endedAt: new Date('2025-03-13T18:00:00Z'),
      },
    ]);
    await expect(gateway.recordingsOf({ mailbox: SERVICE.id, joinUrl: 'https://teams.microsoft.com/l/meetup-join/unknown/0' })).resolves.toEqual([]);
  });

  it('follows the delta to its deltaLink (every page), and the deltaLink then returns only the new recordings', async () => {
    const since = new Date('2025-01-01T00:00:00Z');
    const first = await gateway.recordingsSince(SERVICE.id, undefined, since);
    const known = new Set(first.recordings.map((r) => r.graphRecordingId));
    const made = [];
    for (let day = 10; day < 23; day += 1) {
      const created = await gateway.createEvent(SERVICE.id, meeting(`2025-04-${day}`));
      made.push(sandbox.recordings.makeAvailable(created.joinUrl).id);
    }
    const second = await gateway.recordingsSince(SERVICE.id, first.deltaLink, since);
    // 13 new ones: more than the sandbox's page of 10, so two pages were read.
    expect(second.recordings.map((r) => r.graphRecordingId)).toEqual(made);
    expect(made.some((id) => known.has(id))).toBe(false);
    expect(sandbox.state.requestLog.filter((e) => e.route?.includes('getAllRecordings')).length).toBeGreaterThanOrEqual(3);
    const third = await gateway.recordingsSince(SERVICE.id, second.deltaLink, since);
    expect(third.recordings).toEqual([]);
  });

  it('given the mailbox by address, asks the delta with the organiser\'s object id (what meetingOrganizerUserId takes)', async () => {
    const from = sandbox.state.requestLog.length;
    await gateway.recordingsSince(SERVICE.userPrincipalName, undefined, new Date('2025-01-01T00:00:00Z'));
    const delta = sandbox.state.requestLog.slice(from).find((e) => e.route?.includes('getAllRecordings'));
    expect(decodeURIComponent(delta?.url ?? '')).toContain(`meetingOrganizerUserId='${SERVICE.id}'`);
  });

  it('a missing Teams access policy is permission_denied naming no permission; a missing permission names it', async () => {
    sandbox.faults.denyMeetingAccess();
    const policy = await failureOf(gateway.recordingsSince(SERVICE.id, undefined, new Date('2025-01-01T00:00:00Z')));
    expect(policy.kind).toBe('permission_denied');
    expect(policy.details).toMatchObject({ status: 403, code: 'Forbidden' });
    expect(policy.details.permission).toBeUndefined();
    sandbox.faults.clear();
    sandbox.faults.denyPermission('OnlineMeetingRecording.Read.All');
    const permission = await failureOf(gateway.recordingsSince(SERVICE.id, undefined, new Date('2025-01-01T00:00:00Z')));
    expect(permission.kind).toBe('permission_denied');
    expect(permission.details.permission).toBe('OnlineMeetingRecording.Read.All');
  });
});
