import type { GraphClock } from './graph-clock';
import { REQUESTS_PER_SECOND_PER_TEAM, TEAMS_LIMITS_PER_SECOND, type TeamsLimitFamily, classifyGraphRequest } from './teams-limits';

/**
 * Graph's Teams service limits, kept by the client so that it is not throttled in the first place
 * (reference/teams-graph-facts.md §7.1): each family of Teams calls has its own per-tenant budget
 * (POST /teams 10 rps, GET members 60 rps, most others 30 rps), and on top of it at most 4 rps on any
 * one team. Directory calls (users, groups, invitations) are not Teams calls and wait for none of them.
 */
export interface RateLimits {
  readonly perFamily: Readonly<Record<TeamsLimitFamily, number>>;
  readonly requestsPerSecondPerTeam: number;
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
  readonly headroom?: number;
}

export const teamsServiceLimits: RateLimits = {
  perFamily: TEAMS_LIMITS_PER_SECOND,
  requestsPerSecondPerTeam: REQUESTS_PER_SECOND_PER_TEAM,
  headroom: 0.1,
};

/**
 * Spaces requests evenly, each bucket by its own interval. Even spacing rather than bursts: a bucket that
 * let 10 through at once and refilled continuously would put up to 19 in one sliding second.
 * A request that belongs to several buckets (a call on one team also counts in its family's) is
 * given the earliest moment free in all of them at once, so no bucket's spacing is compressed by waiting
 * in another, and a busy team does not hold up calls on other teams.
 */
export class GraphRateLimiter {
  private readonly limits: RateLimits;
  /** Reserved start times per bucket, ascending. A bucket with none left within its interval is forgotten. */
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    limits: RateLimitOverrides,
    private readonly clock: GraphClock,
  ) {
    this.limits = {
      perFamily: { ...teamsServiceLimits.perFamily, ...limits.perFamily },
      requestsPerSecondPerTeam: limits.requestsPerSecondPerTeam ?? teamsServiceLimits.requestsPerSecondPerTeam,
      headroom: limits.headroom ?? teamsServiceLimits.headroom,
    };
  }

  /** Resolves when the request may be sent. */
  async acquire(method: string, url: string): Promise<void> {
    const now = this.clock.now();
    this.forgetPast(now);
    const buckets = this.bucketsOf(method, url);
    const start = earliestFreeSlot(buckets, now);
    for (const bucket of buckets) {
      bucket.slots.push(start);
      bucket.slots.sort((a, b) => a - b);
    }
    if (start > now) await this.clock.sleep(start - now);
  }

  private bucketsOf(method: string, url: string): Bucket[] {
    const { family, teamId } = classifyGraphRequest(method, url);
    const buckets = family === 'directory' ? [] : [this.bucket(family, this.limits.perFamily[family])];
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
