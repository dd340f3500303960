import type { DateTime } from 'luxon';
import { type EventRecord, eventResource, instantOf, isExchangeItemId, teamsJoinUrl, type ZonedTime, zoneOf } from './calendar-events';
import { openMailbox } from './exchange-mailboxes';
import { emptyResponse, graphError, jsonResponse, readJsonObject, type SandboxRequest, type SandboxResponse } from './http-exchange';
import { PERMISSIONS } from './permissions';
import type { Route, RouteContext } from './route';

/**
 * Events on a mailbox's calendar with a Teams meeting (user-post-events.md, event-update.md,
 * event-cancel.md, event-delete.md; teams-graph-facts §5.2): what the app makes for a meeting's online
 * part. Exchange calls, so Exchange's refusals (exchange-mailboxes.ts) and its error codes. Codes marked
 * [unverified] were not found in a public answer; the others were (named where they are given).
 */
const calendarRoute = { endpoint: 'calendar', permission: PERMISSIONS.calendars, refusal: 'outlook' } as const;

export const calendarRoutes: readonly Route[] = [
  { method: 'POST', pattern: '/v1.0/users/{userKey}/events', ...calendarRoute, handle: createEvent },
  { method: 'GET', pattern: '/v1.0/users/{userKey}/events/{eventId}', ...calendarRoute, handle: getEvent },
  { method: 'PATCH', pattern: '/v1.0/users/{userKey}/events/{eventId}', ...calendarRoute, handle: updateEvent },
  { method: 'DELETE', pattern: '/v1.0/users/{userKey}/events/{eventId}', ...calendarRoute, handle: deleteEvent },
  { method: 'POST', pattern: '/v1.0/users/{userKey}/events/{eventId}/cancel', ...calendarRoute, handle: cancelEvent },
];

const PROVIDERS = new Set(['teamsForBusiness', 'skypeForBusiness', 'skypeForConsumer', 'unknown']);

function createEvent(context: RouteContext): SandboxResponse {
  const { request, store } = context;
  const opened = openMailbox(context, context.params.userKey ?? '');
  if (!opened.ok) return opened.response;
  const mailbox = opened.mailbox;
  const body = readJsonObject(request);
  if (!body.ok) return body.response;
  const fields = readEventFields(request, body.value, undefined);
  if (!fields.ok) return fields.response;
  const { start, end } = fields.value;
  if (!start || !end) return graphError(request, 400, 'ErrorInvalidRequest', `The event's ${start ? 'end' : 'start'} is required.`); // [unverified]

  const transactionId = typeof body.value.transactionId === 'string' && body.value.transactionId !== '' ? body.value.transactionId : null;
  // "A custom identifier … for the server to avoid redundant POST operations in case of client retries"
  // (resources/event.md): the retry gets the event the first POST made. [unverified] that it is a 201 then.
  const replayed = transactionId === null ? undefined : store.calendarEvents.findByTransaction(mailbox.id, transactionId);
  if (replayed) return jsonResponse(201, resourceOf(context, replayed));

  const provider = body.value.onlineMeetingProvider ?? 'unknown';
  if (typeof provider !== 'string' || !PROVIDERS.has(provider)) return unreadable(request, provider, 'microsoft.graph.onlineMeetingProviderType');
  if (body.value.isOnlineMeeting !== undefined && typeof body.value.isOnlineMeeting !== 'boolean') return unreadable(request, body.value.isOnlineMeeting, 'Edm.Boolean');
  // The tenant allows Teams meetings only; a mailbox that cannot host one gets the event without it (201).
  const teamsMeeting = body.value.isOnlineMeeting === true && provider === 'teamsForBusiness' && mailbox.teamsMeetings !== false;
  const now = request.receivedAt.toISOString();
  const event = store.calendarEvents.add({
    mailbox,
    transactionId,
    subject: fields.value.subject ?? '',
    body: fields.value.body ?? { contentType: 'Text', content: '' },
    start: start.time,
    end: end.time,
    startsAt: start.instant,
    endsAt: end.instant,
    location: fields.value.location ?? '',
    attendees: attendeesOf(body.value.attendees),
    isOnlineMeeting: teamsMeeting,
    onlineMeetingProvider: teamsMeeting ? 'teamsForBusiness' : 'unknown',
    joinUrl: teamsMeeting ? teamsJoinUrl(store.tenantId, mailbox.id) : null,
    isCancelled: false,
    cancellationComment: null,
    createdDateTime: now,
    lastModifiedDateTime: now,
  });
  return jsonResponse(201, resourceOf(context, event));
}

function getEvent(context: RouteContext): SandboxResponse {
  const found = findEvent(context);
  return found.ok ? jsonResponse(200, resourceOf(context, found.event)) : found.response;
}

function updateEvent(context: RouteContext): SandboxResponse {
  const { request, store } = context;
  const found = findEvent(context);
  if (!found.ok) return found.response;
  const body = readJsonObject(request);
  if (!body.ok) return body.response;
  const event = found.event;
  const fields = readEventFields(request, body.value, event);
  if (!fields.ok) return fields.response;
  const { subject, body: content, start, end, location } = fields.value;
  if (subject !== undefined) event.subject = subject;
  if (content !== undefined) event.body = content;
  if (start) [event.start, event.startsAt] = [start.time, start.instant];
  if (end) [event.end, event.endsAt] = [end.time, end.instant];
  if (location !== undefined) event.location = location;
  event.updates += 1;
  store.calendarEvents.touch(event, request.receivedAt);
  return jsonResponse(200, resourceOf(context, event));
}

function deleteEvent(context: RouteContext): SandboxResponse {
  const found = findEvent(context);
  if (!found.ok) return found.response;
  context.store.calendarEvents.delete(found.event.id);
  return emptyResponse(204);
}

/** The organiser cancels: attendees would be sent the comment; the event stays, cancelled (202, no body). */
function cancelEvent(context: RouteContext): SandboxResponse {
  const { request, store } = context;
  const found = findEvent(context);
  if (!found.ok) return found.response;
  const body = readJsonObject(request.rawBody === '' ? { ...request, rawBody: '{}' } : request);
  if (!body.ok) return body.response;
  const comment = body.value.comment;
  if (comment !== undefined && typeof comment !== 'string') return unreadable(request, comment, 'Edm.String');
  found.event.isCancelled = true;
  found.event.cancellationComment = comment ?? null;
  store.calendarEvents.touch(found.event, request.receivedAt);
  return emptyResponse(202);
}

type Found = { readonly ok: true; readonly event: EventRecord } | { readonly ok: false; readonly response: SandboxResponse };

function findEvent(context: RouteContext): Found {
  const { request } = context;
  const opened = openMailbox(context, context.params.userKey ?? '');
  if (!opened.ok) return opened;
  const eventId = context.params.eventId ?? '';
  // [unverified] the exact message; the code is Exchange's for an id it cannot parse.
  if (!isExchangeItemId(eventId)) return { ok: false, response: graphError(request, 400, 'ErrorInvalidIdMalformed', 'Id is malformed.') };
  const event = context.store.calendarEvents.find(opened.mailbox.id, eventId);
  if (!event) return { ok: false, response: graphError(request, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.') };
  return { ok: true, event };
}

interface EventFields {
  readonly subject?: string;
  readonly body?: { contentType: 'HTML' | 'Text'; content: string };
  readonly start?: { time: ZonedTime; instant: DateTime };
  readonly end?: { time: ZonedTime; instant: DateTime };
  readonly location?: string;
}

type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly response: SandboxResponse };

/** The fields a create or update may carry, checked as Exchange checks them; `current` is the event an update changes. */
function readEventFields(request: SandboxRequest, body: Record<string, unknown>, current: EventRecord | undefined): Read<EventFields> {
  const fields: { -readonly [K in keyof EventFields]: EventFields[K] } = {};
  if (body.subject !== undefined && body.subject !== null) {
    if (typeof body.subject !== 'string') return { ok: false, response: unreadable(request, body.subject, 'Edm.String') };
    fields.subject = body.subject;
  }
  if (isRecord(body.body)) {
    const type = typeof body.body.contentType === 'string' ? body.body.contentType.toLowerCase() : 'text';
    if (type !== 'html' && type !== 'text') return { ok: false, response: unreadable(request, body.body.contentType, 'microsoft.graph.bodyType') };
    fields.body = { contentType: type === 'html' ? 'HTML' : 'Text', content: typeof body.body.content === 'string' ? body.body.content : '' };
  }
  for (const edge of ['start', 'end'] as const) {
    const raw = body[edge];
    if (raw === undefined) continue;
    const time = isRecord(raw) ? raw : {};
    const timeZone = typeof time.timeZone === 'string' ? time.timeZone : '';
    // microsoftgraph/microsoft-graph-docs#4758: an unknown zone (and, per msgraph-sample-javascriptspa#39, a missing one).
    if (!zoneOf(timeZone)) {
      const message = `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${timeZone}'.`;
      return { ok: false, response: graphError(request, 400, 'TimeZoneNotSupportedException', message) };
    }
    const zoned = { dateTime: typeof time.dateTime === 'string' ? time.dateTime : '', timeZone };
    const instant = instantOf(zoned);
    if (!instant) return { ok: false, response: graphError(request, 400, 'ErrorInvalidRequest', `Cannot read the ${edge} dateTime '${zoned.dateTime}'.`) }; // [unverified]
    fields[edge] = { time: zoned, instant };
  }
  const startsAt = fields.start?.instant ?? current?.startsAt;
  const endsAt = fields.end?.instant ?? current?.endsAt;
  // microsoftgraph/microsoft-graph-docs#7919: an end before the start fails Exchange's validation so.
  if (startsAt && endsAt && endsAt < startsAt) {
    return { ok: false, response: graphError(request, 400, 'ErrorPropertyValidationFailure', 'At least one property failed validation.') };
  }
  if (body.location !== undefined) {
    const location = isRecord(body.location) ? body.location.displayName : body.location === null ? '' : undefined;
    if (location !== undefined && location !== null && typeof location !== 'string') return { ok: false, response: unreadable(request, location, 'Edm.String') };
    fields.location = typeof location === 'string' ? location : '';
  }
  return { ok: true, value: fields };
}

function attendeesOf(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  return (raw as unknown[]).flatMap((attendee) => {
    const email = isRecord(attendee) && isRecord(attendee.emailAddress) ? attendee.emailAddress : {};
    return typeof email.address === 'string' ? [email.address] : [];
  });
}

function resourceOf(context: RouteContext, event: EventRecord): Record<string, unknown> {
  return eventResource(event, { origin: context.origin, userKey: context.params.userKey ?? '', preferredZone: preferredZoneOf(context.request) });
}

/** `Prefer: outlook.timezone="Eastern Standard Time"` (several preferences may share the header). */
function preferredZoneOf(request: SandboxRequest): string | undefined {
  const header = request.headers.prefer;
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  return /outlook\.timezone\s*=\s*"([^"]+)"/i.exec(text)?.[1];
}

/** OData's answer for a value of the wrong type (the shape mail-routes.ts uses for bodyType). */
function unreadable(request: SandboxRequest, value: unknown, type: string): SandboxResponse {
  return graphError(request, 400, 'RequestBodyRead', `Cannot convert the literal '${String(value)}' to the expected type '${type}'.`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
