/**
 * When a Graph request is tried again, and after how long (reference/teams-graph-facts.md §0, §7.1):
 * - 429 and 503 say "not now": wait what Retry-After says (seconds or an HTTP date), or back off without it;
 * - other 5xx, timeouts and dropped connections back off exponentially with full jitter, but only for requests
 *   that are safe to send twice (a POST /teams that timed out may have created the team: the job adopts it
 *   with findTeamCreatedSince instead);
 * - 4xx other than 429 are answers, never retried.
 */

export interface RetryPolicyOptions {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** The first back-off ceiling; it doubles with each attempt. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /**
   * The longest Retry-After waited in-process. A longer one ends the call as `throttled` with its retryAfterMs,
   * so the job can be rescheduled instead of holding a worker.
   */
  readonly maxRetryAfterMs: number;
}

export const defaultRetryPolicyOptions: RetryPolicyOptions = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/** How one attempt ended. */
export type AttemptOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly retryAfter?: string | null }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'network' };

export type RetryDecision = { readonly retry: true; readonly delayMs: number } | { readonly retry: false };

/** Statuses that mean the request was not processed, whatever the method. */
const THROTTLING_STATUSES = new Set([429, 503]);

export class RetryPolicy {
  readonly options: RetryPolicyOptions;

  constructor(
    options: Partial<RetryPolicyOptions> = {},
    /** In [0, 1); injectable so tests can pin the jitter. */
    private readonly random: () => number = Math.random,
  ) {
    this.options = { ...defaultRetryPolicyOptions, ...options };
    if (!(this.options.maxAttempts >= 1)) throw new RangeError('maxAttempts must be at least 1');
  }

  /**
   * @param attempt the attempt that just ended, starting at 1
   * @param replayable false when sending the request twice could do the work twice (POST /teams)
   */
  decide(outcome: AttemptOutcome, attempt: number, replayable: boolean, nowMs: number): RetryDecision {
    if (attempt >= this.options.maxAttempts) return { retry: false };
    if (outcome.kind === 'response') {
      if (THROTTLING_STATUSES.has(outcome.status)) {
        const retryAfterMs = parseRetryAfter(outcome.retryAfter, nowMs);
        if (retryAfterMs === undefined) return { retry: true, delayMs: this.backoff(attempt) };
        return retryAfterMs <= this.options.maxRetryAfterMs ? { retry: true, delayMs: retryAfterMs } : { retry: false };
      }
      if (outcome.status >= 500 && outcome.status !== 501 && replayable) return { retry: true, delayMs: this.backoff(attempt) };
      return { retry: false };
    }
    return replayable ? { retry: true, delayMs: this.backoff(attempt) } : { retry: false };
  }

  /** "Full jitter": uniform in [0, min(max, base·2^(attempt-1))). */
  backoff(attempt: number): number {
    const ceiling = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(this.random() * ceiling);
  }
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined if absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, date - nowMs);
}
