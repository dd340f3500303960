import type { FaultOptions } from './contracts';

export type InjectedFault = 'throttled' | 'preconditionFailed' | 'badGateway' | 'gatewayTimeout';

const FAULT_ORDER: readonly InjectedFault[] = ['throttled', 'preconditionFailed', 'badGateway', 'gatewayTimeout'];

/** mulberry32: a small, fast, seedable PRNG; uniform in [0, 1). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Random faults and latency, reproducible from the seed. Faults and latency draw from two streams, so
 * turning latency on does not change which requests fail. Every conversation operation that gets as far
 * as the fault stage draws once, whether or not any probability is set.
 */
export class FaultDice {
  private faultRandom: () => number;
  private latencyRandom: () => number;

  constructor(private options: FaultOptions = {}) {
    this.faultRandom = seededRandom(options.seed ?? 1);
    this.latencyRandom = seededRandom((options.seed ?? 1) ^ 0x9e3779b9);
  }

  /** Replaces the settings and restarts both streams from the (new) seed. */
  reset(options: FaultOptions): void {
    this.options = options;
    this.faultRandom = seededRandom(options.seed ?? 1);
    this.latencyRandom = seededRandom((options.seed ?? 1) ^ 0x9e3779b9);
  }

  get throttledRetryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.options.throttledRetryAfterSeconds ?? 1));
  }

  drawFault(): InjectedFault | undefined {
    const roll = this.faultRandom();
    let threshold = 0;
    for (const fault of FAULT_ORDER) {
      threshold += this.options[fault] ?? 0;
      if (roll < threshold) return fault;
    }
    return undefined;
  }

  drawLatencyMs(): number {
    const latency = this.options.latencyMs;
    if (latency === undefined) return 0;
    if (typeof latency === 'number') return Math.max(0, latency);
    const { min, max } = latency;
    return Math.max(0, Math.round(min + this.latencyRandom() * (max - min)));
  }
}
