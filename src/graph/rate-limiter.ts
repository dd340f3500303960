import type { GraphClock } from './graph-clock';

/**
 * Graph's Teams service limits, kept by the client so that it is not throttled in the first place
 * (reference/teams-graph-facts.md §7.1): POST /teams 10 rps per app per tenant, at most 4 rps on any one
 * team, 30 rps for the other Teams calls.
 */
export interface RateLimits {
  readonly teamCreationsPerSecond: number;
  readonly requestsPerSecondPerTeam: number;
  readonly otherRequestsPerSecond: number;
  /**
   * Extra spacing, as a fraction of the nominal interval. Requests reach Graph with some network jitter;
   * spacing them 10% wider keeps every one-second window Graph measures at or under the limit.
   */
  readonly headroom: number;
}

export const teamsServiceLimits: RateLimits = {
  teamCreationsPerSecond: 10,
  requestsPerSecondPerTeam: 4,
  otherRequestsPerSecond: 30,
  headroom: 0.1,
};

/**
 * Spaces requests evenly, each bucket by its own interval. Even spacing rather than bursts: a bucket that
 * let 10 through at once and refilled continuously would put up to 19 in one sliding second.
 * A request that belongs to several buckets (a call on one team also counts among the other calls) is
 * given the earliest moment free in all of them at once, so no bucket's spacing is compressed by waiting
 * in another, and a busy team does not hold up calls on other teams.
 */
export class GraphRateLimiter {
  private readonly limits: RateLimits;
  /** Reserved start times per bucket, ascending. A bucket with none left within its interval is forgotten. */
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    limits: Partial<RateLimits>,
    private readonly clock: GraphClock,
  ) {
    this.limits = { ...teamsServiceLimits, ...limits };
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
    const target = teamsTargetOf(method, url);
    if (target.kind === 'createTeam') return [this.bucket('createTeam', this.limits.teamCreationsPerSecond)];
    const other = this.bucket('other', this.limits.otherRequestsPerSecond);
    return target.kind === 'team' ? [this.bucket(`team:${target.teamId}`, this.limits.requestsPerSecondPerTeam), other] : [other];
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

type TeamsTarget = { readonly kind: 'createTeam' } | { readonly kind: 'team'; readonly teamId: string } | { readonly kind: 'other' };

/** Which limit a request falls under, from its method and URL (`/v1.0/teams/{id}/…` or `/v1.0/teams('{id}')/…`). */
export function teamsTargetOf(method: string, url: string): TeamsTarget {
  const path = decodeURIComponent(new URL(url, 'https://graph.invalid').pathname).replace(/^\/(v1\.0|beta)(?=\/)/, '');
  if (method.toUpperCase() === 'POST' && /^\/teams\/?$/.test(path)) return { kind: 'createTeam' };
  const team = /^\/teams(?:\/|\(')([^/'()]+)/.exec(path);
  return team?.[1] ? { kind: 'team', teamId: team[1].toLowerCase() } : { kind: 'other' };
}
