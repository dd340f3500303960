import { AcceptedTimes } from './accepted-times';
import type { BotConnectorStats, ConversationOperation, RateWindow, RefusalCode } from './contracts';
import { REFUSAL_CODES } from './envelopes';
import type { InjectedFault } from './faults';

/** The counters behind `connector.stats`: always kept, whatever is recorded, and small (one entry per tenant at most). */
export class TrafficStats {
  requests = 0;
  accepted = 0;
  readonly acceptedBy: Record<ConversationOperation, number> = { createConversation: 0, send: 0, reply: 0, update: 0, delete: 0 };
  overLimit = 0;
  readonly overLimitBy = { conversation: 0, tenant: 0 };
  tooSoon = 0;
  refused = 0;
  readonly refusedBy = Object.fromEntries(REFUSAL_CODES.map((code) => [code, 0])) as Record<RefusalCode, number>;
  readonly injected: Record<InjectedFault, number> = { throttled: 0, preconditionFailed: 0, badGateway: 0, gatewayTimeout: 0 };
  activityNotFound = 0;
  badRequests = 0;
  unmatched = 0;
  teamLookups = 0;
  inFlight = 0;
  maxConcurrentRequests = 0;
  private readonly perSecondByTenant = new Map<string, { times: AcceptedTimes; max: number }>();
  private readonly conversationPeaks: number[];

  constructor(private readonly conversationWindows: readonly RateWindow[]) {
    this.conversationPeaks = conversationWindows.map(() => 0);
  }

  received(): void {
    this.requests += 1;
    this.inFlight += 1;
    this.maxConcurrentRequests = Math.max(this.maxConcurrentRequests, this.inFlight);
  }

  answered(): void {
    this.inFlight -= 1;
  }

  /** `countOnThread(ms)`: operations accepted on the thread within `ms`, this one included (from the limiter's log). */
  acceptedOne(operation: ConversationOperation, tenantId: string, now: number, countOnThread: ((ms: number) => number) | null): void {
    this.accepted += 1;
    this.acceptedBy[operation] += 1;
    let tenant = this.perSecondByTenant.get(tenantId);
    if (!tenant) {
      tenant = { times: new AcceptedTimes(1000), max: 0 };
      this.perSecondByTenant.set(tenantId, tenant);
    }
    tenant.times.add(now);
    tenant.max = Math.max(tenant.max, tenant.times.count(now, 1000));
    if (countOnThread) {
      this.conversationWindows.forEach((w, i) => {
        this.conversationPeaks[i] = Math.max(this.conversationPeaks[i] ?? 0, countOnThread(w.ms));
      });
    }
  }

  view(deliveries: number): BotConnectorStats {
    return {
      requests: this.requests,
      accepted: this.accepted,
      acceptedBy: { ...this.acceptedBy },
      deliveries,
      overLimit: this.overLimit,
      overLimitBy: { ...this.overLimitBy },
      tooSoon: this.tooSoon,
      refused: this.refused,
      refusedBy: { ...this.refusedBy },
      injected: { ...this.injected },
      activityNotFound: this.activityNotFound,
      badRequests: this.badRequests,
      unmatched: this.unmatched,
      teamLookups: this.teamLookups,
      maxAcceptedPerSecondByTenant: Object.fromEntries([...this.perSecondByTenant].map(([tenantId, t]) => [tenantId, t.max])),
      maxAcceptedPerConversation: this.conversationWindows.map((w, i) => ({ ms: w.ms, limit: w.max, max: this.conversationPeaks[i] ?? 0 })),
      maxConcurrentRequests: this.maxConcurrentRequests,
    };
  }
}
