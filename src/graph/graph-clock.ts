/**
 * Time as the gateway's waits see it: the rate limiter and the retry policy read `now()` and `sleep()`
 * through this, so tests can inject a clock whose sleeps are recorded and return at once.
 */
export interface GraphClock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemGraphClock: GraphClock = {
  now: () => Date.now(),
  sleep: (ms) => (ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms))),
};
