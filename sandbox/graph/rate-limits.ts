import type { EndpointClass, RateLimits } from './contracts';
import { SlidingWindow } from './sliding-window';
import { REQUESTS_PER_SECOND_PER_TEAM, TEAMS_LIMITS_PER_SECOND } from '../../src/graph/teams-limits';

/** Graph's Teams service limits per app per tenant, the ones the client-side limiter keeps too (src/graph/teams-limits.ts). */
export const GRAPH_TEAMS_LIMITS: RateLimits = {
  perClass: TEAMS_LIMITS_PER_SECOND,
  perTeam: REQUESTS_PER_SECOND_PER_TEAM,
  windowMs: 1000,
};

export type Admission =
  | { readonly admitted: true }
  | { readonly admitted: false; readonly retryAfterSeconds: number; readonly scope: 'endpoint' | 'team'; readonly limit: number };

/**
 * Sliding-window limiter: a request is admitted when fewer than the limit were admitted in the last
 * window, for its class and (when it addresses a team) for that team. Refused requests do not use up
 * the window, so a client that waits Retry-After gets in.
 */
export class RateLimiter {
  private readonly byClass = new Map<EndpointClass, SlidingWindow>();
  private readonly byTeam = new Map<string, SlidingWindow>();

  constructor(readonly limits: RateLimits) {}

  admit(endpoint: EndpointClass, teamId: string | null, now: number): Admission {
    const classLimit = this.limits.perClass[endpoint];
    const classWindow = classLimit === undefined ? undefined : this.windowOf(this.byClass, endpoint);
    const teamWindow = teamId === null ? undefined : this.windowOf(this.byTeam, teamId);
    if (classWindow && classLimit !== undefined && classWindow.count(now) >= classLimit) {
      return this.refusal(classWindow, now, 'endpoint', classLimit);
    }
    if (teamWindow && teamWindow.count(now) >= this.limits.perTeam) {
      return this.refusal(teamWindow, now, 'team', this.limits.perTeam);
    }
    classWindow?.add(now);
    teamWindow?.add(now);
    return { admitted: true };
  }

  private refusal(window: SlidingWindow, now: number, scope: 'endpoint' | 'team', limit: number): Admission {
    // Retry-After is whole seconds (RFC 9110); never 0, or a client would retry into the same window.
    const retryAfterSeconds = Math.max(1, Math.ceil(window.msUntilSlotFrees(now) / 1000));
    return { admitted: false, retryAfterSeconds, scope, limit };
  }

  private windowOf<K>(windows: Map<K, SlidingWindow>, key: K): SlidingWindow {
    let window = windows.get(key);
    if (!window) {
      window = new SlidingWindow(this.limits.windowMs);
      windows.set(key, window);
    }
    return window;
  }
}

export function resolveLimits(overrides: Partial<RateLimits> | undefined): RateLimits {
  return {
    perClass: { ...GRAPH_TEAMS_LIMITS.perClass, ...overrides?.perClass },
    perTeam: overrides?.perTeam ?? GRAPH_TEAMS_LIMITS.perTeam,
    windowMs: overrides?.windowMs ?? GRAPH_TEAMS_LIMITS.windowMs,
  };
}
