import type { GraphClock } from './graph-clock';
import {
  CONCURRENT_REQUESTS_PER_MAILBOX,
  REQUESTS_PER_SECOND_PER_TEAM,
  TEAMS_LIMITS_PER_SECOND,
  type TeamsLimitFamily,
  classifyGraphRequest,
  isOutlookFamily,
  mailboxOf,
} from './teams-limits';

/**
 * Graph's Teams service limits, kept by the client so that it is not throttled in the first place
 * (reference/teams-graph-facts.md §7.1): each family of Teams calls has its own per-tenant budget
 * (POST /teams 10 rps, GET members 60 rps, most others 30 rps), and on top of it at most 4 rps on any
 * one team. Directory calls (users, groups, invitations) are not Teams calls and wait for none of them.
 * Mail and calendar events are Outlook's: at most 4 requests in flight per mailbox, whatever their rate.
 */
export interface RateLimits {
  readonly perFamily: Readonly<Record<TeamsLimitFamily, number>>;
  readonly requestsPerSecondPerTeam: number;
  readonly concurrentRequestsPerMailbox: number;
  /**
   * Extra spacing, as a fraction of the nominal interval. Requests reach Graph with some network jitter;
   * spacing them 10% wider keeps every one-second window Graph measures at or under the limit.
   */
  readonly headroom: number;
}

/** What a caller may override: some families, the per-team limit, the headroom. */
export interface RateLimitOverrides {
  readonly perFamily?: Readonly<Partial<Record<TeamsLimitFamily, number>>>;
  readonly requestsPerSecondPerTeam?: number;
  readonly concurrentRequestsPerMailbox?: number;
  readonly headroom?: number;
}

export const teamsServiceLimits: RateLimits = {
  perFamily: TEAMS_LIMITS_PER_SECOND,
  requestsPerSecondPerTeam: REQUESTS_PER_SECOND_PER_TEAM,
  concurrentRequestsPerMailbox: CONCURRENT_REQUESTS_PER_MAILBOX,
  headroom: 0.1,
};

/**
 * Spaces requests evenly, each bucket by its own interval. Even spacing rather than bursts: a bucket that
 * let 10 through at once and refilled continuously would put up to 19 in one sliding second.
 * A request that belongs to several buckets (a call on one team also counts in its family's) is
 * given the earliest moment free in all of them at once, so no bucket's spacing is compressed by waiting
 * in another, and a busy team does not hold up calls on other teams.
 * A request to a mailbox first waits for one of its few places in flight; the release `acquire` returns
 * gives the place back, once the attempt has its answer (or none).
 */
export class GraphRateLimiter {
  private readonly limits: RateLimits;
  /** Reserved start times per bucket, ascending. A bucket with none left within its interval is forgotten. */
  private readonly buckets = new Map<string, Bucket>();
  /** Mailboxes with requests in flight; one without any is forgotten. */
  private readonly mailboxes = new Map<string, ConcurrencyGate>();

  constructor(
    limits: RateLimitOverrides,
    private readonly clock: GraphClock,
  ) {
    this.limits = {
      perFamily: { ...teamsServiceLimits.perFamily, ...limits.perFamily },
      requestsPerSecondPerTeam: limits.requestsPerSecondPerTeam ?? teamsServiceLimits.requestsPerSecondPerTeam,
      concurrentRequestsPerMailbox: limits.concurrentRequestsPerMailbox ?? teamsServiceLimits.concurrentRequestsPerMailbox,
      headroom: limits.headroom ?? teamsServiceLimits.headroom,
    };
  }

  /** Resolves when the request may be sent, with what to call once its attempt is over. */
  async acquire(method: string, url: string): Promise<() => void> {
    const release = await this.enterMailbox(method, url);
    const now = this.clock.now();
    this.forgetPast(now);
    const buckets = this.bucketsOf(method, url);
    const start = earliestFreeSlot(buckets, now);
    for (const bucket of buckets) {
      bucket.slots.push(start);
      bucket.slots.sort((a, b) => a - b);
    }
    if (start > now) await this.clock.sleep(start - now);
    return release;
  }

  private async enterMailbox(method: string, url: string): Promise<() => void> {
    const mailbox = mailboxOf(method, url);
    if (mailbox === undefined) return () => undefined;
    let gate = this.mailboxes.get(mailbox);
    if (!gate) {
      gate = new ConcurrencyGate(this.limits.concurrentRequestsPerMailbox, () => this.mailboxes.delete(mailbox));
      this.mailboxes.set(mailbox, gate);
    }
    return gate.enter();
  }

  private bucketsOf(method: string, url: string): Bucket[] {
    const { family, teamId } = classifyGraphRequest(method, url);
    const buckets = family === 'directory' || isOutlookFamily(family) ? [] : [this.bucket(family, this.limits.perFamily[family])];
    if (teamId !== null) buckets.push(this.bucket(`team:${teamId}`, this.limits.requestsPerSecondPerTeam));
    return buckets;
  }

  private bucket(key: string, perSecond: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { intervalMs: Math.ceil((1000 / perSecond) * (1 + this.limits.headroom)), slots: [] };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /** Slots more than one interval old no longer constrain anything; teams not called lately are dropped. */
  private forgetPast(now: number): void {
    for (const [key, bucket] of this.buckets) {
      bucket.slots = bucket.slots.filter((slot) => slot > now - bucket.intervalMs);
      if (bucket.slots.length === 0) this.buckets.delete(key);
    }
  }
}

/** At most `limit` holders at once; the others wait in arrival order. */
class ConcurrencyGate {
  private holders = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly limit: number,
    private readonly onIdle: () => void,
  ) {}

  async enter(): Promise<() => void> {
    if (this.holders < this.limit) this.holders += 1;
    // A place is handed over by the holder leaving, so `holders` stays counted for the one woken.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) return next();
      this.holders -= 1;
      if (this.holders === 0) this.onIdle();
    };
  }
}

interface Bucket {
  readonly intervalMs: number;
  slots: number[];
}

/** The earliest moment at or after `now` that is at least one interval away from every slot of every bucket. */
function earliestFreeSlot(buckets: readonly Bucket[], now: number): number {
  let candidate = now;
  // Each move goes past a reserved slot, never back, so this ends after at most one move per slot.
  for (let moved = true; moved; ) {
    moved = false;
    for (const { intervalMs, slots } of buckets) {
      for (const slot of slots) {
        if (Math.abs(slot - candidate) < intervalMs && slot + intervalMs > candidate) {
          candidate = slot + intervalMs;
          moved = true;
        }
      }
    }
  }
  return candidate;
}
