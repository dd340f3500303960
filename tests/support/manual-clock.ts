import type { Clock } from '../../src/domain/ports';
import type { GraphClock } from '../../src/graph/graph-clock';

/**
 * One virtual time for the app (job due dates, leases) and for the Graph gateway (retry and rate-limit
 * waits). Nothing waits on it: the test moves it forward, and the gateway's sleeps move it forward too,
 * each recorded so a test can say what was waited without waiting it.
 */
export class ManualClock implements Clock {
  /** Every wait the Graph gateway asked for, in milliseconds, in order. */
  readonly graphSleeps: number[] = [];
  private current: number;

  constructor(start: Date = new Date()) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }

  /** Moves to `moment` if it is later; time never goes back. */
  advanceTo(moment: Date): void {
    this.current = Math.max(this.current, moment.getTime());
  }

  /** The same time as the Graph gateway reads it. */
  readonly graph: GraphClock = {
    now: () => this.current,
    sleep: async (ms) => {
      this.graphSleeps.push(ms);
      this.current += Math.max(0, ms);
    },
  };
}
