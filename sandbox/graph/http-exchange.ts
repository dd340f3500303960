import type { IncomingHttpHeaders } from 'node:http';

/** One request as the sandbox's handlers see it. */
export interface SandboxRequest {
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  /** Path as received, without the query. */
  readonly path: string;
  /** Decoded path segments, with OData key syntax flattened: `teams('x')` → `teams`, `x`. */
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
  readonly requestId: string;
  readonly clientRequestId: string | null;
  /** When it arrived, on the sandbox's clock. */
  readonly receivedAt: Date;
}

export interface SandboxResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Serialised as JSON; undefined sends an empty body. */
  readonly body?: unknown;
}

export const JSON_CONTENT_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export function jsonResponse(status: number, body: unknown, headers?: Record<string, string>): SandboxResponse {
  return { status, body, headers };
}

export function emptyResponse(status: number, headers?: Record<string, string>): SandboxResponse {
  return { status, headers };
}

/** Graph's error envelope (reference/teams-graph-facts.md §0). */
export function graphError(
  request: Pick<SandboxRequest, 'requestId' | 'clientRequestId' | 'receivedAt'>,
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): SandboxResponse {
  return {
    status,
    headers,
    body: {
      error: {
        code,
        message,
        innerError: {
          date: request.receivedAt.toISOString().replace(/\.\d{3}Z$/, ''),
          'request-id': request.requestId,
          'client-request-id': request.clientRequestId ?? request.requestId,
        },
      },
    },
  };
}

export type JsonBody = { readonly ok: true; readonly value: Record<string, unknown> } | { readonly ok: false; readonly response: SandboxResponse };

/** The request body as a JSON object, or the 400 Graph sends for an unreadable payload. */
export function readJsonObject(request: SandboxRequest): JsonBody {
  try {
    const value: unknown = JSON.parse(request.rawBody || 'null');
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return { ok: true, value: value as Record<string, unknown> };
    }
  } catch {
    // falls through to the 400 below: a malformed body is the client's error, reported as Graph does
  }
  return { ok: false, response: graphError(request, 400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.') };
}

/**
 * Path segments with OData key syntax flattened, so `/v1.0/teams('a')/operations('b')`,
 * `/v1.0/teams(a)/operations(b)` and `/v1.0/teams/a/operations/b` route alike. Segments are
 * percent-decoded, which turns a guest UPN's `%23EXT%23` back into `#EXT#`.
 */
export function pathSegments(path: string): string[] {
  const segments: string[] = [];
  for (const raw of path.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      segment = raw;
    }
    const keyed = /^([^(]+)\((.*)\)$/s.exec(segment);
    if (keyed) {
      segments.push(keyed[1] as string, unquoteKey(keyed[2] as string));
    } else {
      segments.push(segment);
    }
  }
  return segments;
}

function unquoteKey(key: string): string {
  const quoted = /^'(.*)'$/s.exec(key);
  return quoted ? (quoted[1] as string).replace(/''/g, "'") : key;
}
