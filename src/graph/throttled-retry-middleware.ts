import type { Context, Middleware, MiddlewareOptions } from '@microsoft/microsoft-graph-client';
import type { GraphClock } from './graph-clock';
import { GraphTransportError } from './graph-transport-error';
import type { GraphRateLimiter } from './rate-limiter';
import type { AttemptOutcome, RetryPolicy } from './retry-policy';

/** Set on a request (`.middlewareOptions([new ReplaySafety(false)])`) that must not be sent twice after an unclear failure. */
export class ReplaySafety implements MiddlewareOptions {
  constructor(readonly replayable: boolean) {}
}

export interface RetryEvent {
  readonly method: string;
  readonly url: string;
  readonly attempt: number;
  readonly outcome: AttemptOutcome;
  readonly delayMs: number;
}

/**
 * The first link of the Graph middleware chain, in place of the SDK's RetryHandler so that retries follow
 * retry-policy.ts: every attempt first waits its turn in the rate limiter, then goes through authentication
 * (a fresh token if the cached one expired during a long Retry-After) and the transport.
 */
export class ThrottledRetryMiddleware implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly limiter: GraphRateLimiter | undefined,
    private readonly clock: GraphClock,
    private readonly onRetry: ((event: RetryEvent) => void) | undefined,
  ) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    if (!this.next) throw new Error('ThrottledRetryMiddleware needs a next middleware');
    // Context.request is typed RequestInfo, a DOM type this project's libs (ES2022 + Node) leave unresolved; the SDK passes a URL or a fetch Request.
    const request = context.request as string | Request;
    const url = typeof request === 'string' ? request : request.url;
    const method = (context.options?.method ?? 'GET').toUpperCase();
    const safety = context.middlewareControl?.getMiddlewareOptions(ReplaySafety);
    const replayable = safety instanceof ReplaySafety ? safety.replayable : true;
    for (let attempt = 1; ; attempt++) {
      const release = await this.limiter?.acquire(method, url);
      // Each attempt gets its own copy: AuthenticationHandler appends to the headers it is given.
      const attemptContext: Context = { ...context, options: { ...context.options, headers: { ...headersObject(context.options?.headers) } } };
      let outcome: AttemptOutcome;
      let transportError: GraphTransportError | undefined;
      try {
        await this.next.execute(attemptContext);
        const response = attemptContext.response;
        if (!response) throw new Error('the Graph transport gave no response');
        outcome = { kind: 'response', status: response.status, retryAfter: response.headers.get('retry-after') };
      } catch (error) {
        if (!(error instanceof GraphTransportError)) throw credentialFailureOr(error, attempt);
        transportError = error;
        outcome = { kind: error.reason === 'timeout' ? 'timeout' : 'network' };
      } finally {
        // The attempt is over (answered or not): its place in flight is free, also while it waits to retry.
        release?.();
      }
      const decision = this.policy.decide(outcome, attempt, replayable, this.clock.now());
      if (!decision.retry) {
        if (transportError) throw new GraphTransportError(transportError.reason, transportError.message, attempt, transportError.cause);
        context.response = attemptContext.response;
        return;
      }
      this.onRetry?.({ method, url, attempt, outcome, delayMs: decision.delayMs });
      await this.clock.sleep(decision.delayMs);
    }
  }
}

function headersObject(headers: unknown): Record<string, string> {
  if (headers === undefined || headers === null) return {};
  const result: Record<string, string> = {};
  new Headers(headers).forEach((value, name) => {
    result[name] = value;
  });
  return result;
}

/** @azure/identity's errors (AuthenticationError, CredentialUnavailableError…) come from the AuthenticationHandler. */
function credentialFailureOr(error: unknown, attempt: number): unknown {
  if (!(error instanceof Error) || !/Authentication|Credential/.test(error.name)) return error;
  return new GraphTransportError('credential', error.message, attempt, error);
}
