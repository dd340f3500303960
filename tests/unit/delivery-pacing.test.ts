import { ConversationWindows, TokenBucket } from '../../src/jobs/delivery-pacing';

/** A monotonic clock the test moves; sleeping moves it (no wall-clock wait). */
function virtualTime() {
  let now = 0;
  return {
    now: () => now,
    sleep: (ms: number) => {
      now += ms;
      return Promise.resolve();
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('the tenant token bucket', () => {
  it('lets at most 1 + rate × L requests through in any window of L seconds, bursts included', async () => {
    const time = virtualTime();
    const bucket = new TokenBucket(47.5, time.now, time.sleep);
    time.advance(10_000); // idle for 10 s: no burst may follow
    const at: number[] = [];
    for (let i = 0; i < 500; i += 1) {
      await bucket.take();
      await bucket.gate();
      at.push(time.now());
    }
    let worst = 0;
    for (let i = 0; i < at.length; i += 1) {
      const start = at[i] ?? 0;
      worst = Math.max(worst, at.filter((t) => t >= start && t < start + 1000).length);
    }
    expect(worst).toBeLessThanOrEqual(49);
    expect(worst).toBeGreaterThanOrEqual(47);
    // And it keeps the pace: 500 requests take about 500 / 47.5 s.
    expect(((at.at(-1) ?? 0) - (at[0] ?? 0)) / 1000).toBeCloseTo(499 / 47.5, 0);
  });

  it('serves concurrent callers in order, one token each', async () => {
    const time = virtualTime();
    const bucket = new TokenBucket(10, time.now, time.sleep);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => bucket.take().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
    // The first goes at once, each next one an interval later.
    expect(time.now()).toBe(300);
  });
});

describe('the per-conversation windows (7 per second, 8 per 2 s, 60 per 30 s, 1,800 per hour)', () => {
  it('refuses the 8th request within a second and says how long to wait', () => {
    const time = virtualTime();
    const windows = new ConversationWindows(undefined, time.now);
    for (let i = 0; i < 7; i += 1) expect(windows.reserve('a:1')).toBe(0);
    const wait = windows.reserve('a:1');
    expect(wait).toBeGreaterThan(1000);
    // Another conversation is not affected.
    expect(windows.reserve('a:2')).toBe(0);
    time.advance(wait);
    expect(windows.reserve('a:1')).toBe(0);
    // Now 8 in about 2 s: the 9th waits for the 2-second window.
    expect(windows.reserve('a:1')).toBeGreaterThan(0);
  });

  it('counts requests made before a restart (seeded from the attempts log)', () => {
    const time = virtualTime();
    time.advance(100_000);
    const windows = new ConversationWindows(undefined, time.now);
    for (let i = 0; i < 60; i += 1) windows.seed('a:card', 20_000 - i * 100);
    expect(windows.reserve('a:card')).toBeGreaterThan(10_000);
  });

  it('forgets conversations whose windows are empty', () => {
    const time = virtualTime();
    const windows = new ConversationWindows([{ windowMs: 1000, max: 1 }], time.now);
    expect(windows.reserve('a:1')).toBe(0);
    expect(windows.reserve('a:1')).toBeGreaterThan(0);
    time.advance(2000);
    windows.prune();
    expect(windows.reserve('a:1')).toBe(0);
  });
});

describe('the gate when requests leave', () => {
  it('holds a burst that arrives late from its slots to the rate in any sliding second', async () => {
    const time = virtualTime();
    const bucket = new TokenBucket(48, time.now, time.sleep);
    const at: number[] = [];
    // 100 requests whose slots passed while the database was slow: they all want to leave at once.
    for (let i = 0; i < 100; i += 1) {
      await bucket.gate();
      at.push(time.now());
    }
    let worst = 0;
    for (const start of at) worst = Math.max(worst, at.filter((t) => t >= start && t < start + 1000).length);
    expect(worst).toBe(48);
  });
});

describe('a sender taking over from another', () => {
  it("counts the other's last second: the two together never exceed the rate in any sliding second", async () => {
    const time = virtualTime();
    const first = new TokenBucket(48, time.now, time.sleep);
    const at: number[] = [];
    for (let i = 0; i < 100; i += 1) {
      await first.take();
      await first.gate();
      at.push(time.now());
    }
    const second = new TokenBucket(48, time.now, time.sleep);
    second.seed(at.map((t) => time.now() - t));
    for (let i = 0; i < 100; i += 1) {
      await second.take();
      await second.gate();
      at.push(time.now());
    }
    let worst = 0;
    for (const start of at) worst = Math.max(worst, at.filter((t) => t >= start && t < start + 1000).length);
    expect(worst).toBeLessThanOrEqual(48);
  });
});
