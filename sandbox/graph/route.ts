import type { EndpointClass } from './contracts';
import type { AsyncOperations } from './async-operations';
import type { SandboxRequest, SandboxResponse } from './http-exchange';
import type { SandboxStore } from './store';
import type { TokenIssuer } from './token-issuer';

/** What a route handler gets: the request, its path parameters, and the sandbox's parts. */
export interface RouteContext {
  readonly request: SandboxRequest;
  readonly params: Readonly<Record<string, string>>;
  readonly store: SandboxStore;
  readonly operations: AsyncOperations;
  readonly tokens: TokenIssuer;
  /** Set when a `failOperation` fault matched this request: the operation it starts must fail so. */
  readonly operationFailure: { readonly code: string; readonly message: string } | null;
  /** `https://127.0.0.1:PORT`, for URLs the sandbox hands out. */
  readonly origin: string;
}

/**
 * One endpoint: a method and a path pattern (`{name}` segments become params; `{teamId}` also keys the
 * per-team limit), the limit class it counts under, the application permission it needs, and its handler.
 */
export interface Route {
  readonly method: 'GET' | 'POST' | 'DELETE' | 'PATCH' | 'PUT';
  readonly pattern: string;
  readonly endpoint: EndpointClass;
  /** The least-privileged permission it needs (permissions.ts ALSO_GRANTED_BY lists broader ones that do too). */
  readonly permission?: string;
  /**
   * How a missing permission is answered: `graph` (default) as Entra-backed Graph calls do, 403
   * Authorization_RequestDenied naming it; `outlook` as Exchange does, 403 ErrorAccessDenied naming nothing.
   */
  readonly refusal?: 'graph' | 'outlook';
  /** True for the token endpoints, which take no bearer token. */
  readonly anonymous?: boolean;
  handle(context: RouteContext): SandboxResponse;
}

/** The name used in stats, logs and fault matching: `POST /teams/{teamId}/members/add`. */
export function routeName(route: Route): string {
  return `${route.method} ${route.pattern.replace(/^\/v1\.0(?=\/)/, '')}`;
}
