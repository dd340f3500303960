import type { GraphCredentialConfig } from '../config/config';
import { type GraphClock, systemGraphClock } from './graph-clock';
import { createGraphClient } from './graph-client';
import { createGraphCredential } from './graph-credential';
import { GraphTeamsGateway } from './graph-teams-gateway';
import { GraphRateLimiter, type RateLimitOverrides } from './rate-limiter';
import { RetryPolicy, type RetryPolicyOptions } from './retry-policy';
import type { RetryEvent } from './throttled-retry-middleware';

export interface GraphTeamsGatewayOptions {
  /** Origin of Graph (config.graph.baseUrl, or the sandbox's). */
  readonly baseUrl: string;
  /** Origin of Entra ID (config.graph.authorityHost, or the sandbox's). */
  readonly authorityHost: string;
  readonly tenantId: string;
  readonly credential: GraphCredentialConfig;
  /** Trust this CA (PEM) for Graph and the token endpoint instead of the public ones: the offline sandbox's certificate. */
  readonly caCertificatePem?: string | undefined;
  /** Client-side limits (default: Graph's Teams service limits); `false` sends as fast as asked. */
  readonly limits?: RateLimitOverrides | false | undefined;
  readonly retry?: Partial<RetryPolicyOptions> | undefined;
  /** Per request attempt; default 30 s. */
  readonly timeoutMs?: number | undefined;
  /** Waits of the limiter and the retries; default the system clock. */
  readonly clock?: GraphClock | undefined;
  /** Jitter source in [0, 1); default Math.random. */
  readonly random?: (() => number) | undefined;
  /** Called before each wait for a retry (for logs). */
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
}

/** The Graph-backed TeamsGraph, ReachGraph and OnlineMeetings, ready to use: credential, SDK client, limits and retry policy. */
export function createGraphTeamsGateway(options: GraphTeamsGatewayOptions): GraphTeamsGateway {
  const clock = options.clock ?? systemGraphClock;
  const credential = createGraphCredential({
    tenantId: options.tenantId,
    authorityHost: options.authorityHost,
    credential: options.credential,
    caCertificatePem: options.caCertificatePem,
  });
  const client = createGraphClient({
    baseUrl: options.baseUrl,
    credential,
    caCertificatePem: options.caCertificatePem,
    timeoutMs: options.timeoutMs ?? 30_000,
    retryPolicy: new RetryPolicy(options.retry, options.random),
    limiter: options.limits === false ? undefined : new GraphRateLimiter(options.limits ?? {}, clock),
    clock,
    onRetry: options.onRetry,
  });
  return new GraphTeamsGateway(client, options.baseUrl);
}
