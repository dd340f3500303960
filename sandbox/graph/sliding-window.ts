/** Timestamps of events within the last `windowMs`: how many happened, and when the oldest leaves. */
export class SlidingWindow {
  private readonly times: number[] = [];
  private head = 0;

  constructor(private readonly windowMs: number) {}

  count(now: number): number {
    this.prune(now);
    return this.times.length - this.head;
  }

  add(now: number): number {
    this.prune(now);
    this.times.push(now);
    return this.times.length - this.head;
  }

  /** Milliseconds until the oldest event in the window leaves it (0 if empty). */
  msUntilSlotFrees(now: number): number {
    this.prune(now);
    const oldest = this.times[this.head];
    return oldest === undefined ? 0 : Math.max(0, oldest + this.windowMs - now);
  }

  private prune(now: number): void {
    const cutoff = now - this.windowMs;
    while (this.head < this.times.length && (this.times[this.head] as number) <= cutoff) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
  }
}
