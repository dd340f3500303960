import type { SandboxClock } from '../../sandbox/graph';
import type { Clock } from '../../src/domain/ports';
import type { GraphClock } from '../../src/graph/graph-clock';

interface Timer {
  readonly at: number;
  readonly fire: () => void;
}

/**
 * One virtual time for the app (job due dates, leases), for the Graph gateway (retry and rate-limit
 * waits) and for the Graph sandbox (a new team's 404 window, operations ending on their own, timed
 * socket holds). Nothing waits on it: the test moves it forward, and the gateway's sleeps move it
 * forward too, each recorded so a test can say what was waited without waiting it. Whatever the
 * sandbox scheduled fires as soon as the time it was due is reached.
 */
export class ManualClock implements Clock, SandboxClock {
  /** Every wait the Graph gateway asked for, in milliseconds, in order. */
  readonly graphSleeps: number[] = [];
  private current: number;
  private timers: Timer[] = [];

  constructor(start: Date = new Date()) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.moveTo(this.current + ms);
  }

  /** Moves to `moment` if it is later; time never goes back. */
  advanceTo(moment: Date): void {
    this.moveTo(moment.getTime());
  }

  schedule(ms: number, fire: () => void): () => void {
    const timer: Timer = { at: this.current + Math.max(0, ms), fire };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((other) => other !== timer);
    };
  }

  /** The same time as the Graph gateway reads it. */
  readonly graph: GraphClock = {
    now: () => this.current,
    sleep: async (ms) => {
      this.graphSleeps.push(ms);
      this.moveTo(this.current + Math.max(0, ms));
    },
  };

  private moveTo(moment: number): void {
    this.current = Math.max(this.current, moment);
    const due = this.timers.filter((timer) => timer.at <= this.current).sort((a, b) => a.at - b.at);
    this.timers = this.timers.filter((timer) => timer.at > this.current);
    for (const timer of due) timer.fire();
  }
}
