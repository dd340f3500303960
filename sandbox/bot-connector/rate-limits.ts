import { AcceptedTimes, longestWindow } from './accepted-times';
import type { BotConnectorLimits, RateWindow } from './contracts';

/**
 * Teams' bot messaging limits (teams-docs bots/how-to/rate-limit.md, reference/teams-graph-facts.md §7.2):
 * per bot per thread 7 / 1 s, 8 / 2 s, 60 / 30 s, 1800 / 3600 s, for sends and for conversation creates alike;
 * per app per tenant 50 requests per second (the current doc text; older text said 30).
 */
export const BOT_CONNECTOR_LIMITS: BotConnectorLimits = {
  perConversation: [
    { ms: 1000, max: 7 },
    { ms: 2000, max: 8 },
    { ms: 30_000, max: 60 },
    { ms: 3_600_000, max: 1800 },
  ],
  createPerConversation: [
    { ms: 1000, max: 7 },
    { ms: 2000, max: 8 },
    { ms: 30_000, max: 60 },
    { ms: 3_600_000, max: 1800 },
  ],
  perTenant: [{ ms: 1000, max: 50 }],
};

export function resolveLimits(overrides: Partial<BotConnectorLimits> | undefined): BotConnectorLimits {
  return { ...BOT_CONNECTOR_LIMITS, ...overrides };
}

/** Sends, replies, updates and deletes share a thread's windows; creates have windows of their own. */
export type ThreadFamily = 'thread' | 'create';

export interface LimitCheck {
  /** Milliseconds until the thread's windows have room (0: room now). */
  readonly conversationWaitMs: number;
  readonly tenantWaitMs: number;
}

/**
 * Sliding windows over accepted operations only: a refused request (429, 403, an injected fault) takes no
 * room, so a client that waits the Retry-After it was given gets in, as the documented retry advice expects.
 */
export class ConnectorLimiter {
  private readonly threads = new Map<string, AcceptedTimes>();
  private readonly creates = new Map<string, AcceptedTimes>();
  private readonly tenants = new Map<string, AcceptedTimes>();

  constructor(readonly limits: BotConnectorLimits) {}

  check(family: ThreadFamily, threadKey: string, tenantId: string, now: number): LimitCheck {
    return {
      conversationWaitMs: this.logOf(family, threadKey)?.msUntilRoom(now, this.windowsOf(family)) ?? 0,
      tenantWaitMs: this.tenants.get(tenantId)?.msUntilRoom(now, this.limits.perTenant) ?? 0,
    };
  }

  accept(family: ThreadFamily, threadKey: string, tenantId: string, now: number): void {
    this.ensure(family === 'thread' ? this.threads : this.creates, threadKey, this.windowsOf(family)).add(now);
    this.ensure(this.tenants, tenantId, this.limits.perTenant).add(now);
  }

  /** Operations accepted on the thread within the last `ms` (for the peaks in the stats). */
  threadCount(threadKey: string, now: number, ms: number): number {
    return this.threads.get(threadKey)?.count(now, ms) ?? 0;
  }

  private windowsOf(family: ThreadFamily): readonly RateWindow[] {
    return family === 'thread' ? this.limits.perConversation : this.limits.createPerConversation;
  }

  private logOf(family: ThreadFamily, key: string): AcceptedTimes | undefined {
    return (family === 'thread' ? this.threads : this.creates).get(key);
  }

  private ensure(logs: Map<string, AcceptedTimes>, key: string, windows: readonly RateWindow[]): AcceptedTimes {
    let log = logs.get(key);
    if (!log) {
      log = new AcceptedTimes(longestWindow(windows));
      logs.set(key, log);
    }
    return log;
  }
}

/**
 * The Retry-After deadlines given out, per thread (and family) and per tenant: a request that comes before
 * its deadline did not wait what it was told, which the stand-in counts as "too soon".
 */
export class RetryDeadlines {
  private readonly threads = new Map<string, number>();
  private readonly tenants = new Map<string, number>();

  setThread(family: ThreadFamily, threadKey: string, until: number): void {
    const key = `${family}|${threadKey}`;
    this.threads.set(key, Math.max(this.threads.get(key) ?? 0, until));
  }

  setTenant(tenantId: string, until: number): void {
    this.tenants.set(tenantId, Math.max(this.tenants.get(tenantId) ?? 0, until));
  }

  /** The latest deadline not yet reached for this request, or undefined. */
  pending(family: ThreadFamily, threadKey: string, tenantId: string, now: number): number | undefined {
    const thread = live(this.threads, `${family}|${threadKey}`, now);
    const tenant = live(this.tenants, tenantId, now);
    if (thread === undefined) return tenant;
    return tenant === undefined ? thread : Math.max(thread, tenant);
  }
}

function live(deadlines: Map<string, number>, key: string, now: number): number | undefined {
  const until = deadlines.get(key);
  if (until === undefined) return undefined;
  if (until > now) return until;
  deadlines.delete(key);
  return undefined;
}
