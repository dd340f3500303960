import type { EndpointClass, TrafficCounters } from './contracts';
import { SlidingWindow } from './sliding-window';

/** Who a request counts for: its class, its route, and the team it addresses. */
export interface TrafficKeys {
  readonly endpoint: EndpointClass;
  readonly route: string | null;
  readonly teamId: string | null;
}

class Counter {
  requests = 0;
  served = 0;
  throttled = 0;
  maxRps = 0;
  maxOfferedRps = 0;
  firstAt: number | null = null;
  lastAt: number | null = null;
  private readonly offered: SlidingWindow;
  private readonly achieved: SlidingWindow;

  constructor(windowMs: number) {
    this.offered = new SlidingWindow(windowMs);
    this.achieved = new SlidingWindow(windowMs);
  }

  receive(now: number): void {
    this.requests += 1;
    this.firstAt ??= now;
    this.lastAt = now;
    this.maxOfferedRps = Math.max(this.maxOfferedRps, this.offered.add(now));
  }

  serve(now: number): void {
    this.served += 1;
    this.maxRps = Math.max(this.maxRps, this.achieved.add(now));
  }

  view(): TrafficCounters {
    const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
    return {
      requests: this.requests,
      served: this.served,
      throttled: this.throttled,
      maxRps: this.maxRps,
      maxOfferedRps: this.maxOfferedRps,
      firstAt: iso(this.firstAt),
      lastAt: iso(this.lastAt),
    };
  }
}

/**
 * Counts what the sandbox received and served, in total, per class, per route and per team, with the
 * highest rate seen in any sliding window, so a benchmark can compare the achieved rate with the limit.
 */
export class TrafficStats {
  private readonly total: Counter;
  private readonly byEndpoint = new Map<EndpointClass, Counter>();
  private readonly byRoute = new Map<string, Counter>();
  private readonly byTeam = new Map<string, Counter>();
  throttledByLimits = 0;
  throttledByFaults = 0;
  faultsInjected = 0;
  unmatched = 0;

  constructor(private readonly windowMs: number) {
    this.total = new Counter(windowMs);
  }

  /** `now`: epoch milliseconds on the sandbox's clock. */
  received(keys: TrafficKeys, now: number): void {
    for (const counter of this.countersOf(keys)) counter.receive(now);
    if (keys.route === null) this.unmatched += 1;
  }

  served(keys: TrafficKeys, now: number): void {
    for (const counter of this.countersOf(keys)) counter.serve(now);
  }

  throttled(keys: TrafficKeys, by: 'limits' | 'faults'): void {
    for (const counter of this.countersOf(keys)) counter.throttled += 1;
    if (by === 'limits') this.throttledByLimits += 1;
    else this.throttledByFaults += 1;
  }

  views(): {
    total: TrafficCounters;
    byEndpoint: Partial<Record<EndpointClass, TrafficCounters>>;
    byRoute: Record<string, TrafficCounters>;
    byTeam: Record<string, TrafficCounters>;
  } {
    const viewsOf = <K extends string>(counters: Map<K, Counter>): Record<K, TrafficCounters> => {
      const out = {} as Record<K, TrafficCounters>;
      for (const [key, counter] of counters) out[key] = counter.view();
      return out;
    };
    return {
      total: this.total.view(),
      byEndpoint: viewsOf(this.byEndpoint),
      byRoute: viewsOf(this.byRoute),
      byTeam: viewsOf(this.byTeam),
    };
  }

  private countersOf(keys: TrafficKeys): Counter[] {
    const counters = [this.total, this.counterIn(this.byEndpoint, keys.endpoint)];
    if (keys.route !== null) counters.push(this.counterIn(this.byRoute, keys.route));
    if (keys.teamId !== null) counters.push(this.counterIn(this.byTeam, keys.teamId));
    return counters;
  }

  private counterIn<K>(counters: Map<K, Counter>, key: K): Counter {
    let counter = counters.get(key);
    if (!counter) {
      counter = new Counter(this.windowMs);
      counters.set(key, counter);
    }
    return counter;
  }
}
