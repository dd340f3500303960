/**
 * Pacing of Bot Connector requests (teams-graph-facts §7.2): a token bucket for the app's ceiling per
 * tenant, and sliding windows per conversation (7 per 1 s, 8 per 2 s, 60 per 30 s, 1,800 per hour). Both
 * run on a monotonic clock in milliseconds: they pace real requests to a real service, whatever clock
 * the app's business rules run on.
 */
export type Monotonic = () => number;
export const monotonic: Monotonic = () => performance.now();

/**
 * At most `ratePerSecond` requests per second, with no burst: each request is scheduled one interval
 * after the previous one, or now if that is later (GCRA, the virtual-scheduling form of a token bucket
 * holding one token). Any window of L seconds sees at most 1 + rate × L requests; starting with no
 * credit, one sender handing over to the next (another slice, another instance) keeps that bound.
 * Late timers do not lose the pace: the schedule, not the wake-up time, decides the next slot.
 */
export class TokenBucket {
  private readonly intervalMs: number;
  private readonly perSecond: number;
  private readonly recent: number[] = [];
  private next: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    ratePerSecond: number,
    private readonly now: Monotonic = monotonic,
    private readonly sleep: (ms: number) => Promise<void> = sleepFor,
  ) {
    this.intervalMs = 1000 / ratePerSecond;
    this.perSecond = Math.max(1, Math.floor(ratePerSecond));
    this.next = now();
  }

  /**
   * Requests another sender made `agoMs` milliseconds ago (the previous slice, maybe on another instance):
   * they count in this sender's sliding second, and its first request keeps the spacing after the last.
   */
  seed(agoMs: readonly number[]): void {
    const now = this.now();
    for (const ago of agoMs) if (ago >= 0 && ago < 1000) this.recent.push(now - ago);
    this.recent.sort((a, b) => a - b);
    const last = this.recent[this.recent.length - 1];
    if (last !== undefined) this.next = Math.max(this.next, last + this.intervalMs);
  }

  /** Resolves when a request may go; callers are served in order. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot());
    this.queue = turn;
    return turn;
  }

  private async waitForSlot(): Promise<void> {
    const slot = Math.max(this.now(), this.next);
    this.next = slot + this.intervalMs;
    for (let wait = slot - this.now(); wait > 0; wait = slot - this.now()) await this.sleep(Math.ceil(wait));
  }

  /**
   * The last check before a request leaves: no sliding second holds more than the rate, whatever the
   * slots said (a slot reached late, behind a slow database round trip or a busy event loop, must not
   * let requests reach Teams bunched).
   */
  async gate(): Promise<void> {
    for (;;) {
      const windowStart = this.now() - 1000;
      while (this.recent.length > 0 && (this.recent[0] ?? 0) <= windowStart) this.recent.shift();
      if (this.recent.length < this.perSecond) break;
      await this.sleep(Math.max(1, Math.ceil((this.recent[0] ?? 0) + 1000 - this.now()) + 1));
    }
    this.recent.push(this.now());
  }
}

export interface WindowLimit {
  readonly windowMs: number;
  readonly max: number;
}

/** Teams' per-thread limits for sending, with a margin on each window for clocks and networks that drift. */
export const CONVERSATION_LIMITS: readonly WindowLimit[] = [
  { windowMs: 1_000, max: 7 },
  { windowMs: 2_000, max: 8 },
  { windowMs: 30_000, max: 60 },
  { windowMs: 3_600_000, max: 1_800 },
];
const WINDOW_MARGIN = 1.1;

/** Sliding windows per conversation over the requests made to it (including, after a restart, the stored ones). */
export class ConversationWindows {
  private readonly sent = new Map<string, number[]>();
  private readonly longest: number;

  constructor(
    private readonly limits: readonly WindowLimit[] = CONVERSATION_LIMITS,
    private readonly now: Monotonic = monotonic,
  ) {
    this.longest = Math.max(...limits.map((l) => l.windowMs * WINDOW_MARGIN));
  }

  /** Requests made before this sender started, `agoMs` milliseconds ago. */
  seed(conversationId: string, agoMs: number): void {
    const list = this.list(conversationId);
    list.push(this.now() - agoMs);
    list.sort((a, b) => a - b);
  }

  /** 0 and counts the request when it may go now; otherwise how many milliseconds until it may. */
  reserve(conversationId: string): number {
    const now = this.now();
    const list = this.list(conversationId);
    while (list.length > 0 && (list[0] ?? now) <= now - this.longest) list.shift();
    let wait = 0;
    for (const limit of this.limits) {
      const span = limit.windowMs * WINDOW_MARGIN;
      const inWindow = list.filter((t) => t > now - span);
      if (inWindow.length >= limit.max) {
        const oldest = inWindow[inWindow.length - limit.max] ?? now;
        wait = Math.max(wait, Math.ceil(oldest + span - now) + 1);
      }
    }
    if (wait === 0) list.push(now);
    return wait;
  }

  /** Forgets conversations with nothing in their longest window (a 5,000-person launch touches 5,000 of them once). */
  prune(): void {
    const horizon = this.now() - this.longest;
    for (const [id, list] of this.sent) if ((list[list.length - 1] ?? 0) <= horizon) this.sent.delete(id);
  }

  private list(conversationId: string): number[] {
    let list = this.sent.get(conversationId);
    if (!list) {
      list = [];
      this.sent.set(conversationId, list);
    }
    return list;
  }
}

export function sleepFor(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
