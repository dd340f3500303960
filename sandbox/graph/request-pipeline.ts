import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestLogEntry } from './contracts';
import type { AsyncOperations } from './async-operations';
import type { SandboxClock } from './clock';
import type { FaultDecision, SandboxFaults } from './faults';
import { ALSO_GRANTED_BY } from './permissions';
import { JSON_CONTENT_TYPE, graphError, pathSegments, type SandboxRequest, type SandboxResponse } from './http-exchange';
import type { RateLimiter } from './rate-limits';
import type { RouteMatch, Router } from './router';
import type { SocketHolds } from './socket-holds';
import type { SandboxStore } from './store';
import type { TokenIssuer } from './token-issuer';
import type { TrafficKeys, TrafficStats } from './traffic-stats';

export interface PipelineParts {
  readonly router: Router;
  readonly store: SandboxStore;
  readonly faults: SandboxFaults;
  /** Null when limits are not enforced. */
  readonly limiter: RateLimiter | null;
  readonly stats: TrafficStats;
  readonly tokens: TokenIssuer;
  readonly operations: AsyncOperations;
  readonly holds: SocketHolds;
  readonly clock: SandboxClock;
  readonly origin: () => string;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

type Outcome = RequestLogEntry['outcome'];

/**
 * One request, in the order Graph's front door would treat it: route lookup, injected faults, bearer
 * token, application permission, rate limits, then the handler. Every request is counted and logged,
 * including those nothing serves, so gaps in the sandbox show up.
 */
export async function serveRequest(parts: PipelineParts, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  const rawBody = await readBody(incoming);
  const url = incoming.url ?? '/';
  const queryAt = url.indexOf('?');
  const path = queryAt >= 0 ? url.slice(0, queryAt) : url;
  const clientRequestId = headerValue(incoming, 'client-request-id');
  const request: SandboxRequest = {
    method: (incoming.method ?? 'GET').toUpperCase(),
    url,
    path,
    segments: pathSegments(path),
    query: new URLSearchParams(queryAt >= 0 ? url.slice(queryAt + 1) : ''),
    headers: incoming.headers,
    rawBody: rawBody ?? '',
    requestId: randomUUID(),
    clientRequestId: clientRequestId ?? null,
    receivedAt: parts.clock.now(),
  };
  const match = parts.router.match(request.method, request.segments);
  const keys: TrafficKeys = {
    endpoint: match?.route.endpoint ?? 'unmatched',
    route: match?.name ?? null,
    teamId: match?.params.teamId?.toLowerCase() ?? null,
  };
  const now = request.receivedAt.getTime();
  parts.stats.received(keys, now);

  const finish = (outcome: Outcome, response: SandboxResponse | null): void => {
    parts.store.log({
      at: parts.clock.now().toISOString(),
      method: request.method,
      url,
      route: keys.route,
      endpoint: keys.endpoint,
      teamId: keys.teamId,
      status: response?.status ?? null,
      outcome,
      requestId: request.requestId,
      clientRequestId: request.clientRequestId,
    });
    if (response) send(outgoing, request, response);
  };

  if (rawBody === undefined) {
    return finish('served', graphError(request, 413, 'RequestEntityTooLarge', `The request body is larger than ${MAX_BODY_BYTES} bytes.`));
  }

  const fault = parts.faults.take({ method: request.method, path, endpoint: keys.endpoint, route: keys.route });
  if (fault) parts.stats.faultsInjected += 1;
  if (fault?.kind === 'status') {
    if (fault.status === 429) parts.stats.throttled(keys, 'faults');
    const headers = fault.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(fault.retryAfterSeconds) };
    return finish('fault', graphError(request, fault.status, fault.code, fault.message, headers));
  }
  if ((fault?.kind === 'timeout' || fault?.kind === 'reset') && !fault.afterProcessing) {
    finish('fault', null);
    return dropAnswer(parts, outgoing, fault);
  }

  const { outcome, response } = answer(parts, request, match, keys, now, fault?.kind === 'failOperation' ? { code: fault.code, message: fault.message } : null);
  if ((fault?.kind === 'timeout' || fault?.kind === 'reset') && fault.afterProcessing) {
    finish('fault', null);
    return dropAnswer(parts, outgoing, fault);
  }
  finish(outcome, response);
}

function answer(
  parts: PipelineParts,
  request: SandboxRequest,
  match: RouteMatch | undefined,
  keys: TrafficKeys,
  now: number,
  operationFailure: { code: string; message: string } | null,
): { outcome: Outcome; response: SandboxResponse } {
  if (!match) {
    return { outcome: 'unmatched', response: graphError(request, 404, 'NotFound', `The Graph sandbox does not serve ${request.method} ${request.path}.`) };
  }
  const { route, params } = match;
  if (!route.anonymous) {
    const token = parts.tokens.check(request.headers.authorization);
    if (!token.ok) {
      const challenge = { 'www-authenticate': `Bearer realm="", authorization_uri="${parts.origin()}/${parts.tokens.tenantId}/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"` };
      return { outcome: 'unauthenticated', response: graphError(request, 401, 'InvalidAuthenticationToken', token.message, challenge) };
    }
  }
  if (route.permission && !parts.faults.holdsAny([route.permission, ...(ALSO_GRANTED_BY[route.permission] ?? [])])) {
    return { outcome: 'forbidden', response: missingPermission(request, route.permission, route.refusal ?? 'graph') };
  }
  const admission = parts.limiter?.admit(keys.endpoint, keys.teamId, now);
  if (admission && !admission.admitted) {
    parts.stats.throttled(keys, 'limits');
    const scope = admission.scope === 'team' ? `team ${keys.teamId ?? ''}` : `${keys.endpoint} requests`;
    const message = `Application is over its limit of ${admission.limit} requests per second for ${scope}. Retry after ${admission.retryAfterSeconds} seconds.`;
    return { outcome: 'throttled', response: graphError(request, 429, 'TooManyRequests', message, { 'retry-after': String(admission.retryAfterSeconds) }) };
  }
  parts.stats.served(keys, now);
  parts.operations.settleOverdue();
  try {
    const response = route.handle({
      request,
      params,
      store: parts.store,
      operations: parts.operations,
      tokens: parts.tokens,
      operationFailure,
      origin: parts.origin(),
    });
    return { outcome: 'served', response };
  } catch (error) {
    // A handler bug must be visible to the test that hit it, not swallowed: its message goes in the envelope.
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { outcome: 'served', response: graphError(request, 500, 'InternalServerError', `Graph sandbox handler failed: ${message}`) };
  }
}

function missingPermission(request: SandboxRequest, permission: string, refusal: 'graph' | 'outlook'): SandboxResponse {
  // Exchange names no permission (a 403 from a mailbox call reads the same whether Mail.Send or an access policy is missing).
  if (refusal === 'outlook') return graphError(request, 403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
  const broader = ALSO_GRANTED_BY[permission] ?? [];
  const alternatives = broader.length > 0 ? ` (${broader.join(', ')} would also do)` : '';
  const message = `Insufficient privileges to complete the operation. Missing application permission: ${permission}${alternatives}.`;
  return graphError(request, 403, 'Authorization_RequestDenied', message);
}

function dropAnswer(parts: PipelineParts, outgoing: ServerResponse, fault: Extract<FaultDecision, { kind: 'timeout' | 'reset' }>): void {
  if (fault.kind === 'reset') {
    outgoing.socket?.destroy();
    return;
  }
  if (outgoing.socket) parts.holds.hold(outgoing.socket, fault.ms);
}

function send(outgoing: ServerResponse, request: SandboxRequest, response: SandboxResponse): void {
  const payload = response.body === undefined ? '' : JSON.stringify(response.body);
  const headers: Record<string, string | number> = {
    'request-id': request.requestId,
    'client-request-id': request.clientRequestId ?? request.requestId,
    'cache-control': 'no-cache',
    ...(response.body === undefined ? {} : { 'content-type': JSON_CONTENT_TYPE }),
    ...response.headers,
    'content-length': Buffer.byteLength(payload),
  };
  outgoing.writeHead(response.status, headers);
  outgoing.end(payload);
}

/** The body as text, or undefined when it is larger than the sandbox accepts. */
async function readBody(incoming: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function headerValue(incoming: IncomingMessage, name: string): string | undefined {
  const value = incoming.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
