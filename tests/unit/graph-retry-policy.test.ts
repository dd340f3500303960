import { parseRetryAfter, RetryPolicy } from '../../src/graph/retry-policy';

const NOW = Date.parse('2025-03-10T14:00:00Z');
const respond = (status: number, retryAfter?: string) => ({ kind: 'response' as const, status, retryAfter: retryAfter ?? null });

describe('retry policy', () => {
  const policy = new RetryPolicy({ maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 8000, maxRetryAfterMs: 60_000 }, () => 0.5);

  it('waits what Retry-After says on 429 and 503, in seconds or as an HTTP date', () => {
    expect(policy.decide(respond(429, '7'), 1, true, NOW)).toEqual({ retry: true, delayMs: 7000 });
    expect(policy.decide(respond(503, '0'), 1, true, NOW)).toEqual({ retry: true, delayMs: 0 });
    expect(policy.decide(respond(429, 'Mon, 10 Mar 2025 14:00:30 GMT'), 1, true, NOW)).toEqual({ retry: true, delayMs: 30_000 });
  });

  it('retries 429 and 503 even for a request that must not be replayed: Graph did not process it', () => {
    expect(policy.decide(respond(429, '1'), 1, false, NOW)).toEqual({ retry: true, delayMs: 1000 });
    expect(policy.decide(respond(503), 1, false, NOW)).toEqual({ retry: true, delayMs: 500 });
  });

  it('does not hold a worker for a Retry-After beyond the cap: the call ends and the job is rescheduled', () => {
    expect(policy.decide(respond(429, '600'), 1, true, NOW)).toEqual({ retry: false });
  });

  it('backs off exponentially with full jitter on other 5xx, timeouts and dropped connections', () => {
    const jitter = [0.999, 0, 0.5];
    const pinned = new RetryPolicy({ maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 8000 }, () => jitter.shift() ?? 0.5);
    expect(pinned.decide(respond(500), 1, true, NOW)).toEqual({ retry: true, delayMs: 999 });
    expect(pinned.decide({ kind: 'timeout' }, 2, true, NOW)).toEqual({ retry: true, delayMs: 0 });
    expect(pinned.decide({ kind: 'network' }, 3, true, NOW)).toEqual({ retry: true, delayMs: 2000 });
    expect(pinned.backoff(10)).toBe(4000); // capped at maxDelayMs (8000) × 0.5
  });

  it('without Retry-After, a 429 backs off like a transient error', () => {
    expect(policy.decide(respond(429), 3, true, NOW)).toEqual({ retry: true, delayMs: 2000 });
  });

  it('never replays an unclear failure of a request that must not be sent twice', () => {
    expect(policy.decide({ kind: 'timeout' }, 1, false, NOW)).toEqual({ retry: false });
    expect(policy.decide({ kind: 'network' }, 1, false, NOW)).toEqual({ retry: false });
    expect(policy.decide(respond(504), 1, false, NOW)).toEqual({ retry: false });
  });

  it.each([400, 401, 403, 404, 409, 501])('never retries %i', (status) => {
    expect(policy.decide(respond(status, '1'), 1, true, NOW)).toEqual({ retry: false });
  });

  it('stops after the configured number of attempts', () => {
    expect(policy.decide(respond(503, '1'), 4, true, NOW)).toEqual({ retry: true, delayMs: 1000 });
    expect(policy.decide(respond(503, '1'), 5, true, NOW)).toEqual({ retry: false });
    expect(new RetryPolicy({ maxAttempts: 1 }).decide(respond(429, '1'), 1, true, NOW)).toEqual({ retry: false });
  });

  it('reads Retry-After leniently: absent or unreadable means "no advice", a past date means now', () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('-3', NOW)).toBeUndefined();
    expect(parseRetryAfter(' 12 ', NOW)).toBe(12_000);
    expect(parseRetryAfter('Mon, 10 Mar 2025 13:00:00 GMT', NOW)).toBe(0);
  });
});
