import type { TokenCredential } from '@azure/identity';
import { AuthenticationHandler, Client } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import type { GraphClock } from './graph-clock';
import { HttpsTransport } from './https-transport';
import type { GraphRateLimiter } from './rate-limiter';
import type { RetryPolicy } from './retry-policy';
import { type RetryEvent, ThrottledRetryMiddleware } from './throttled-retry-middleware';

export interface GraphClientOptions {
  /** Origin of Graph, without the version: https://graph.microsoft.com, or the sandbox's https://127.0.0.1:PORT. */
  readonly baseUrl: string;
  readonly credential: TokenCredential;
  readonly caCertificatePem?: string | undefined;
  readonly timeoutMs: number;
  readonly retryPolicy: RetryPolicy;
  /** Absent: no client-side limits (Graph's 429s are still honoured). */
  readonly limiter?: GraphRateLimiter | undefined;
  readonly clock: GraphClock;
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
}

export interface GraphClientHandle {
  readonly client: Client;
  /** Closes idle connections. */
  close(): void;
}

/**
 * The Graph SDK client with a middleware chain of our own (stack-notes §6):
 * ThrottledRetryMiddleware (rate limits, our retry policy) → AuthenticationHandler (token from the
 * credential) → HttpsTransport (timeout, trusted CA). The SDK's RetryHandler is left out on purpose: it
 * retries only 429/503/504, three times, and knows neither our limits nor which requests are unsafe to replay.
 */
export function createGraphClient(options: GraphClientOptions): GraphClientHandle {
  const authProvider = new TokenCredentialAuthenticationProvider(options.credential, { scopes: ['https://graph.microsoft.com/.default'] });
  const transport = new HttpsTransport({ timeoutMs: options.timeoutMs, caCertificatePem: options.caCertificatePem });
  const client = Client.initWithMiddleware({
    baseUrl: options.baseUrl,
    defaultVersion: 'v1.0',
    // The AuthenticationHandler attaches the token only to Graph's own hosts and these (https only).
    customHosts: new Set([new URL(options.baseUrl).hostname]),
    middleware: [
      new ThrottledRetryMiddleware(options.retryPolicy, options.limiter, options.clock, options.onRetry),
      new AuthenticationHandler(authProvider),
      transport,
    ],
  });
  return { client, close: () => transport.close() };
}
