import type { SandboxUser } from './contracts';
import { graphError, jsonResponse, type SandboxRequest, type SandboxResponse } from './http-exchange';
import { type OnlineMeetingRecord, onlineMeetingOf, type RecordingRecord } from './online-meeting-recordings';
import { PERMISSIONS } from './permissions';
import type { Route, RouteContext } from './route';

/**
 * The onlineMeetings behind calendar events and their recordings (teams-graph-facts §5.2, §6.1, §6.2):
 * find a meeting by its join URL, list and get its recordings, and an organiser's recordings by delta
 * (getAllRecordings). App-only calls need the Teams application access policy for the organiser
 * (Grant-CsApplicationAccessPolicy, §5.3): without it, 403 Forbidden, whatever the permissions.
 */
const meetingsRoute = { endpoint: 'directory', permission: PERMISSIONS.readOnlineMeetings } as const;
const recordingsRoute = { endpoint: 'directory', permission: PERMISSIONS.readRecordings } as const;
const RECORDINGS = '/v1.0/users/{userKey}/onlineMeetings/{meetingId}/recordings';
const DELTA = '/v1.0/users/{userKey}/onlineMeetings/getAllRecordings/{functionArguments}/delta';
const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 100;

export const recordingsRoutes: readonly Route[] = [
  { method: 'GET', pattern: '/v1.0/users/{userKey}/onlineMeetings', ...meetingsRoute, handle: findMeetings },
  { method: 'GET', pattern: RECORDINGS, ...recordingsRoute, handle: listRecordings },
  { method: 'GET', pattern: `${RECORDINGS}/{recordingId}`, ...recordingsRoute, handle: getRecording },
  { method: 'GET', pattern: DELTA, ...recordingsRoute, handle: recordingsDelta },
];

type Opened = { readonly ok: true; readonly user: SandboxUser } | { readonly ok: false; readonly response: SandboxResponse };

/** With `recordEndedMeetings`, each Teams meeting whose end has passed gets its one recording (created at its end). */
function recordEndedMeetings(context: RouteContext): void {
  const { store, request } = context;
  if (!store.recordEndedMeetings) return;
  for (const event of store.calendarEvents.records()) {
    const meeting = onlineMeetingOf(event);
    if (!meeting || event.isCancelled || store.meetingRecordings.hasRecorded(event.id) || event.endsAt.toJSDate() > request.receivedAt) continue;
    const ended = event.endsAt.toUTC().toISO() ?? '';
    store.meetingRecordings.add(meeting, { createdDateTime: ended, endDateTime: ended });
  }
}

/** The user the path names, if the app may act for them under the Teams access policy. */
function openOrganizer(context: RouteContext, key: string): Opened {
  const { request, store } = context;
  recordEndedMeetings(context);
  const user = store.findUser(key);
  if (!user) return { ok: false, response: graphError(request, 404, 'NotFound', `User '${key}' was not found.`) }; // [unverified] wording
  if (!store.meetingPolicy.admits(user)) {
    // learn Q&A 2238989 (a real 403 on meeting artifacts without the policy), teams-graph-facts §5.3.
    const message = `Application is not allowed to perform operations on the user '${user.id}', neither is allowed access through RSC permission evaluation.`;
    return { ok: false, response: graphError(request, 403, 'Forbidden', message) };
  }
  return { ok: true, user };
}

/** GET /users/{id}/onlineMeetings?$filter=JoinWebUrl eq '…': the only query Graph allows on this list app-only. */
function findMeetings(context: RouteContext): SandboxResponse {
  const { request, store } = context;
  const opened = openOrganizer(context, context.params.userKey ?? '');
  if (!opened.ok) return opened.response;
  const filter = /^\s*JoinWebUrl\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(request.query.get('$filter') ?? '');
  if (!filter) return graphError(request, 400, 'BadRequest', "Filter expression expected - /onlineMeetings?$filter=JoinWebUrl eq 'joinUrl'."); // [unverified] wording
  const joinUrl = (filter[1] ?? '').replace(/''/g, "'");
  const meetings = store.calendarEvents
    .records()
    .filter((event) => event.mailbox.id === opened.user.id && !event.isCancelled)
    .flatMap((event) => {
      const meeting = onlineMeetingOf(event);
      return meeting && meeting.joinWebUrl === joinUrl ? [meeting] : [];
    });
  return jsonResponse(200, {
    '@odata.context': `${context.origin}/v1.0/$metadata#users('${encodeURIComponent(context.params.userKey ?? '')}')/onlineMeetings`,
    value: meetings.map((meeting) => meetingResource(context, meeting)),
  });
}

function listRecordings(context: RouteContext): SandboxResponse {
  const found = findMeeting(context);
  if (!found.ok) return found.response;
  const recordings = context.store.meetingRecordings.ofMeeting(found.meeting.id);
  return jsonResponse(200, {
    '@odata.context': `${context.origin}/v1.0/$metadata#users('${encodeURIComponent(context.params.userKey ?? '')}')/onlineMeetings('${found.meeting.id}')/recordings`,
    '@odata.count': recordings.length,
    value: recordings.map((recording) => recordingResource(context, recording)),
  });
}

function getRecording(context: RouteContext): SandboxResponse {
  const found = findMeeting(context);
  if (!found.ok) return found.response;
  const recording = context.store.meetingRecordings.find(found.meeting.id, context.params.recordingId ?? '');
  if (!recording) return graphError(context.request, 404, 'NotFound', 'The recording was not found.'); // [unverified] wording
  return jsonResponse(200, {
    '@odata.context': `${context.origin}/v1.0/$metadata#users('${encodeURIComponent(context.params.userKey ?? '')}')/onlineMeetings('${found.meeting.id}')/recordings/$entity`,
    ...recordingResource(context, recording),
  });
}

interface DeltaPosition {
  /** Recordings after this sequence, up to `upTo` (the newest when the round began), from `offset` on. */
  readonly after: number;
  readonly upTo: number;
  readonly offset: number;
}

/**
 * GET …/getAllRecordings(meetingOrganizerUserId='…',startDateTime=…)/delta: pages joined by
 * @odata.nextLink ($skiptoken), the last one carrying @odata.deltaLink ($deltatoken); the delta link
 * later returns only what arrived since (callrecording-delta.md). Page size: `$top`, or Prefer odata.maxpagesize.
 */
function recordingsDelta(context: RouteContext): SandboxResponse {
  const { request, store } = context;
  const opened = openOrganizer(context, context.params.userKey ?? '');
  if (!opened.ok) return opened.response;
  const args = functionArguments(context.params.functionArguments ?? '');
  const organizerId = args.meetingOrganizerUserId;
  // onlinemeeting-getallrecordings.md: "the request fails if meetingOrganizerUserId is missing".
  if (!organizerId) return graphError(request, 400, 'BadRequest', 'meetingOrganizerUserId is required.'); // [unverified] wording
  const organizerOpened = openOrganizer(context, organizerId);
  if (!organizerOpened.ok) return organizerOpened.response;
  const organizer = organizerOpened.user;
  const since = args.startDateTime ? new Date(args.startDateTime) : new Date(0);
  if (Number.isNaN(since.getTime())) return graphError(request, 400, 'BadRequest', `Invalid startDateTime '${args.startDateTime ?? ''}'.`);

  const position = positionOf(request, store.meetingRecordings.latestSequence);
  if (!position) return graphError(request, 400, 'BadRequest', 'The skip or delta token is not valid.'); // [unverified] wording
  const pageSize = pageSizeOf(request);
  const all = store.meetingRecordings.ofOrganizer(organizer.id, since, position.after, position.upTo);
  const page = all.slice(position.offset, position.offset + pageSize);
  const link = (name: '$skiptoken' | '$deltatoken', token: DeltaPosition): string => {
    const url = new URL(`${context.origin}${request.path}`);
    url.searchParams.set(name, Buffer.from(JSON.stringify(token)).toString('base64url'));
    if (request.query.has('$top')) url.searchParams.set('$top', request.query.get('$top') ?? '');
    return url.toString();
  };
  const more = position.offset + pageSize < all.length;
  return jsonResponse(200, {
    '@odata.context': `${context.origin}/v1.0/$metadata#Collection(callRecording)`,
    value: page.map((recording) => recordingResource(context, recording)),
    ...(more
      ? { '@odata.nextLink': link('$skiptoken', { ...position, offset: position.offset + pageSize }) }
      : { '@odata.deltaLink': link('$deltatoken', { after: position.upTo, upTo: position.upTo, offset: 0 }) }),
  });
}

function positionOf(request: SandboxRequest, latest: number): DeltaPosition | undefined {
  const skip = request.query.get('$skiptoken');
  const delta = request.query.get('$deltatoken');
  if (skip === null && delta === null) return { after: 0, upTo: latest, offset: 0 };
  const token = readToken(skip ?? delta ?? '');
  if (!token) return undefined;
  // A delta token starts a new round: what arrived since it was handed out, up to the newest now.
  return skip === null ? { after: token.after, upTo: latest, offset: 0 } : token;
}

function readToken(text: string): DeltaPosition | undefined {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<DeltaPosition>;
    const numbers = [value.after, value.upTo, value.offset];
    return numbers.every((n) => Number.isInteger(n) && (n as number) >= 0) ? (value as DeltaPosition) : undefined;
  } catch {
    return undefined;
  }
}

function pageSizeOf(request: SandboxRequest): number {
  const prefer = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(String(request.headers.prefer ?? ''))?.[1];
  const asked = Number(request.query.get('$top') ?? prefer ?? DEFAULT_PAGE_SIZE);
  return Number.isInteger(asked) && asked > 0 ? Math.min(asked, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
}

/** `meetingOrganizerUserId='x',startDateTime=2025-01-01T00:00:00Z` → their values, quotes removed. */
function functionArguments(text: string): Record<string, string | undefined> {
  const args: Record<string, string> = {};
  for (const part of text.split(',')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    args[part.slice(0, at).trim()] = part.slice(at + 1).trim().replace(/^'(.*)'$/s, '$1').replace(/''/g, "'");
  }
  return args;
}

type FoundMeeting = { readonly ok: true; readonly meeting: OnlineMeetingRecord } | { readonly ok: false; readonly response: SandboxResponse };

function findMeeting(context: RouteContext): FoundMeeting {
  const opened = openOrganizer(context, context.params.userKey ?? '');
  if (!opened.ok) return opened;
  const meetingId = context.params.meetingId ?? '';
  const meeting = context.store.calendarEvents
    .records()
    .map(onlineMeetingOf)
    .find((candidate) => candidate?.id === meetingId && candidate.organizerId === opened.user.id);
  if (!meeting) return { ok: false, response: graphError(context.request, 404, 'NotFound', 'The online meeting was not found.') }; // [unverified] wording
  return { ok: true, meeting };
}

function meetingResource(context: RouteContext, meeting: OnlineMeetingRecord): Record<string, unknown> {
  const { event } = meeting;
  return {
    id: meeting.id,
    creationDateTime: event.createdDateTime,
    startDateTime: event.startsAt.toUTC().toISO(),
    endDateTime: event.endsAt.toUTC().toISO(),
    joinWebUrl: meeting.joinWebUrl,
    subject: event.subject,
    isEntryExitAnnounced: true,
    allowedPresenters: 'everyone',
    recordAutomatically: false,
    chatInfo: { threadId: meeting.threadId, messageId: '0', replyChainMessageId: null },
    joinMeetingIdSettings: { isPasscodeRequired: false, joinMeetingId: joinMeetingIdOf(meeting.id), passcode: null },
    participants: {
      organizer: { upn: event.mailbox.userPrincipalName, role: 'presenter', identity: { user: { id: meeting.organizerId, displayName: null, tenantId: context.store.tenantId, identityProvider: 'AAD' } } },
      attendees: [],
    },
  };
}

function recordingResource(context: RouteContext, recording: RecordingRecord): Record<string, unknown> {
  const userKey = encodeURIComponent(context.params.userKey ?? recording.organizerId);
  return {
    id: recording.id,
    meetingId: recording.meetingId,
    callId: null,
    contentCorrelationId: recording.contentCorrelationId,
    createdDateTime: recording.createdDateTime,
    endDateTime: recording.endDateTime,
    recordingContentUrl: `${context.origin}/v1.0/users/${userKey}/onlineMeetings/${recording.meetingId}/recordings/${recording.id}/content`,
    meetingOrganizer: {
      application: null,
      device: null,
      user: { '@odata.type': '#Microsoft.Teams.GraphSvc.teamworkUserIdentity', id: recording.organizerId, displayName: null, userIdentityType: 'aadUser', tenantId: context.store.tenantId },
    },
  };
}

function joinMeetingIdOf(meetingId: string): string {
  let hash = 0;
  for (const char of meetingId) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_000_000_000;
  return String(hash).padStart(12, '3');
}
