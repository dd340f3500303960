import type { RateWindow } from './contracts';

/**
 * When the operations of one key (a conversation, a tenant) were accepted, oldest first, kept only as long
 * as the longest window needs them: one log answers every window of the key (1 s, 2 s, 30 s, 1 h).
 * An entry `ms` old has left an `ms` window (the window is (now - ms, now]).
 */
export class AcceptedTimes {
  private times: number[] = [];
  private head = 0;

  constructor(private readonly keepMs: number) {}

  add(now: number): void {
    this.prune(now);
    const last = this.times[this.times.length - 1];
    // An injected clock that steps back must not unsort the log.
    this.times.push(last !== undefined && last > now ? last : now);
  }

  /** Operations accepted in (now - ms, now]. */
  count(now: number, ms: number): number {
    this.prune(now);
    return this.times.length - this.firstAfter(now - ms);
  }

  /**
   * Milliseconds until one more operation fits in every window (0 if it fits now). Counts only fall as
   * time passes (nothing is added meanwhile), so the answer is the latest of the windows' own waits.
   */
  msUntilRoom(now: number, windows: readonly RateWindow[]): number {
    this.prune(now);
    let wait = 0;
    for (const { ms, max } of windows) {
      const first = this.firstAfter(now - ms);
      const inWindow = this.times.length - first;
      if (inWindow < max) continue;
      // Once the (inWindow - max + 1) oldest have left, max - 1 remain: the last of those leaves at its time + ms.
      const leaving = this.times[first + inWindow - max] as number;
      wait = Math.max(wait, leaving + ms - now);
    }
    return wait;
  }

  private prune(now: number): void {
    this.head = this.firstAfter(now - this.keepMs);
    if (this.head >= 16 && this.head * 2 >= this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }

  /** Index of the first entry later than `cutoff` (binary search from head). */
  private firstAfter(cutoff: number): number {
    let low = this.head;
    let high = this.times.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.times[mid] as number) <= cutoff) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

export function longestWindow(windows: readonly RateWindow[]): number {
  return windows.reduce((longest, w) => Math.max(longest, w.ms), 0);
}
