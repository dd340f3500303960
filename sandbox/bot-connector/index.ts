import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ActivityStore } from './activity-store';
import type {
  AcceptedOperation,
  BotConnectorLimits,
  BotConnectorOptions,
  BotConnectorStats,
  ConnectorActivity,
  ConnectorCall,
  Delivery,
  FaultOptions,
  RefusalCode,
} from './contracts';
import { type ConnectorParts, type Decision, decide } from './decide';
import { FaultDice } from './faults';
import { ConnectorLimiter, RetryDeadlines, resolveLimits } from './rate-limits';
import { type ConversationRegistration, Roster } from './roster';
import { TrafficStats } from './traffic-stats';

export type * from './contracts';
export type { ConversationRegistration } from './roster';
export { BOT_CONNECTOR_LIMITS } from './rate-limits';

const LOOPBACK = '127.0.0.1';

// Monotonic (the process's time origin plus elapsed time), so a wall-clock step cannot open or shut a window.
const monotonicClock = (): number => performance.timeOrigin + performance.now();

interface CallWaiter {
  readonly predicate: (call: ConnectorCall) => boolean;
  readonly resolve: (call: ConnectorCall) => void;
  readonly reject: (reason: Error) => void;
}

interface StatsWaiter {
  readonly condition: (stats: BotConnectorStats) => boolean;
  readonly resolve: (stats: BotConnectorStats) => void;
  readonly reject: (reason: Error) => void;
}

/**
 * An offline Teams Bot Connector at `serviceUrl` (plain HTTP on loopback; botbuilder allows insecure
 * connections to http: service URLs) that enforces Teams' bot messaging limits, answers the real error
 * envelopes, injects seeded faults and counts everything a test or a benchmark asks about. Several app
 * processes may share one: all its state lives here, and each request is decided whole on arrival.
 * ```ts
 * const connector = await startBotConnector({ faults: { seed: 7, throttled: 0.05, latencyMs: { min: 15, max: 45 } } });
 * // activities carry serviceUrl: connector.serviceUrl …
 * await connector.waitUntil((s) => s.deliveries >= 5000, 300_000);
 * expect(connector.stats.tooSoon).toBe(0);
 * ```
 * Windows and Retry-After deadlines run on `options.clock` (epoch ms); latency is real time.
 */
export class BotConnectorStandIn {
  /** Every HTTP call, when `recordCalls` (the default). */
  readonly calls: ConnectorCall[] = [];
  readonly limits: BotConnectorLimits;
  private readonly parts: ConnectorParts;
  private readonly clock: () => number;
  private readonly recordCalls: boolean;
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private readonly acceptedListeners = new Set<(operation: AcceptedOperation) => void>();
  private readonly callWaiters = new Set<CallWaiter>();
  private readonly statsWaiters = new Set<StatsWaiter>();
  private readonly delayedAnswers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: BotConnectorOptions = {}) {
    this.limits = resolveLimits(options.limits);
    this.clock = options.clock ?? monotonicClock;
    this.recordCalls = options.recordCalls ?? true;
    const defaultTenantId = options.defaultTenantId ?? 'default-tenant';
    this.parts = {
      roster: new Roster(defaultTenantId),
      activities: new ActivityStore(options.recordContent ?? true),
      limiter: new ConnectorLimiter(this.limits),
      deadlines: new RetryDeadlines(),
      dice: new FaultDice(options.faults),
      stats: new TrafficStats(this.limits.perConversation),
      enforceLimits: options.enforceLimits ?? true,
      strictRoster: options.strictRoster ?? false,
      defaultTenantId,
    };
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, LOOPBACK, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return this;
  }

  /** `http://127.0.0.1:<port>/`, the serviceUrl to put in activities and conversation references. */
  get serviceUrl(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://${LOOPBACK}:${port}/`;
  }

  async stop(): Promise<void> {
    for (const timer of this.delayedAnswers) clearTimeout(timer);
    this.delayedAnswers.clear();
    const stopped = new Error('the Bot Connector stand-in stopped');
    for (const waiter of [...this.callWaiters]) waiter.reject(stopped);
    for (const waiter of [...this.statsWaiters]) waiter.reject(stopped);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A snapshot of the counters. */
  get stats(): BotConnectorStats {
    return this.parts.stats.view(this.parts.activities.count);
  }

  /** Accepted messages per conversation id, oldest first (updates applied, deletes flagged). */
  deliveries(): Map<string, Delivery[]> {
    return this.parts.activities.deliveries();
  }

  deliveriesTo(conversationId: string): Delivery[] {
    return this.deliveries().get(conversationId) ?? [];
  }

  /**
   * Makes a conversation known: its tenant (used for the tenant limit), and for a 1:1 chat its user, so a
   * create-conversation for that user returns this id. Under `strictRoster`, only known conversations are reachable.
   */
  allowConversation(conversationId: string, who: ConversationRegistration = {}): void {
    this.parts.roster.register(conversationId, who);
  }

  /** GET /v3/teams/{teamThreadId} answers this team (404 for teams not registered). */
  registerTeam(teamThreadId: string, team: { readonly aadGroupId: string; readonly name?: string }): void {
    this.parts.roster.teams.set(teamThreadId, { aadGroupId: team.aadGroupId, name: team.name ?? 'Team' });
  }

  /** Every operation on the conversation gets this refusal (`ConversationNotFound`: "this conversation is unknown"); the function returned lifts it. */
  refuse(conversationId: string, code: RefusalCode): () => void {
    return this.parts.roster.refuseConversation(conversationId, code);
  }

  /** Refuses the user's conversations and creates naming them (by Entra object id or 29: id). */
  refuseUser(user: string, code: RefusalCode): () => void {
    return this.parts.roster.refuseUser(user, code);
  }

  refuseTenant(tenantId: string, code: RefusalCode): () => void {
    return this.parts.roster.refuseTenant(tenantId, code);
  }

  clearRefusals(): void {
    this.parts.roster.clearRefusals();
  }

  /** A message that exists in Teams without this connector having sent it (a card a test's user acts on), so updates and deletes find it. */
  seedActivity(conversationId: string, activityId: string, activity: ConnectorActivity = {}): void {
    const tenantId = this.parts.roster.tenantOf(conversationId) ?? this.parts.defaultTenantId;
    this.parts.activities.seed(conversationId, activityId, activity, tenantId, this.clock());
  }

  /** Replaces the fault settings and restarts the PRNG from their seed. */
  setFaults(faults: FaultOptions): void {
    this.parts.dice.reset(faults);
  }

  /** Called as each operation is accepted, before its answer is written; returns the unsubscribe. */
  onAccepted(listener: (operation: AcceptedOperation) => void): () => void {
    this.acceptedListeners.add(listener);
    return () => this.acceptedListeners.delete(listener);
  }

  /** The first call (recorded already, when recording, or coming) that matches; it is decided but maybe not yet answered. */
  waitFor(predicate: (call: ConnectorCall) => boolean, timeoutMs = 5000): Promise<ConnectorCall> {
    const existing = this.calls.find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const waiter: CallWaiter = {
        predicate,
        resolve: (call) => settle(() => resolve(call)),
        reject: (reason) => settle(() => reject(reason)),
      };
      const timer = setTimeout(() => {
        const seen = this.recordCalls ? `; got ${JSON.stringify(this.calls.map((c) => `${c.method} ${c.path} ${c.status}`))}` : '';
        waiter.reject(new Error(`No matching Bot Connector call within ${timeoutMs} ms${seen}`));
      }, timeoutMs);
      const settle = (done: () => void): void => {
        clearTimeout(timer);
        this.callWaiters.delete(waiter);
        done();
      };
      this.callWaiters.add(waiter);
    });
  }

  /** Resolves with the stats once `condition` holds (checked now and after every request). */
  waitUntil(condition: (stats: BotConnectorStats) => boolean, timeoutMs = 5000): Promise<BotConnectorStats> {
    const now = this.stats;
    if (condition(now)) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const waiter: StatsWaiter = {
        condition,
        resolve: (stats) => settle(() => resolve(stats)),
        reject: (reason) => settle(() => reject(reason)),
      };
      const timer = setTimeout(() => {
        waiter.reject(new Error(`Bot Connector stats did not reach the condition within ${timeoutMs} ms: ${JSON.stringify(this.stats)}`));
      }, timeoutMs);
      const settle = (done: () => void): void => {
        clearTimeout(timer);
        this.statsWaiters.delete(waiter);
        done();
      };
      this.statsWaiters.add(waiter);
    });
  }

  clearCalls(): void {
    this.calls.length = 0;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.parts.stats.received();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => this.parts.stats.answered());
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const at = this.clock();
      const decision = decide(this.parts, method, req.url ?? '/', Buffer.concat(chunks).toString('utf8'), at);
      this.announce(decision, { method, authorization: req.headers.authorization, at });
      const latency = this.parts.dice.drawLatencyMs();
      if (latency <= 0) {
        this.write(res, decision);
        return;
      }
      const timer = setTimeout(() => {
        this.delayedAnswers.delete(timer);
        this.write(res, decision);
      }, latency);
      this.delayedAnswers.add(timer);
    });
  }

  private announce(decision: Decision, request: { method: string; authorization: string | undefined; at: number }): void {
    const call: ConnectorCall = {
      method: request.method,
      path: decision.path,
      operation: decision.operation,
      conversationId: decision.conversationId,
      activityId: decision.activityId,
      tenantId: decision.tenantId,
      authorization: request.authorization,
      body: decision.body,
      status: decision.answer.status,
      outcome: decision.outcome,
      errorCode: errorCodeOf(decision.answer.body),
      retryAfterSeconds: decision.answer.retryAfterSeconds,
      at: request.at,
    };
    if (this.recordCalls) this.calls.push(call);
    for (const waiter of [...this.callWaiters]) if (waiter.predicate(call)) waiter.resolve(call);
    if (decision.accepted) {
      for (const listener of [...this.acceptedListeners]) {
        try {
          listener(decision.accepted);
        } catch (error) {
          // A test's listener failing must not change what the connector answers; it still shows.
          process.emitWarning(error instanceof Error ? error : new Error(String(error)), 'BotConnectorStandIn');
        }
      }
    }
    if (this.statsWaiters.size > 0) {
      const stats = this.stats;
      for (const waiter of [...this.statsWaiters]) if (waiter.condition(stats)) waiter.resolve(stats);
    }
  }

  private write(res: http.ServerResponse, decision: Decision): void {
    this.parts.stats.answered();
    if (res.destroyed) return;
    const { status, body, retryAfterSeconds } = decision.answer;
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json; charset=utf-8' };
    if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
    res.writeHead(status, headers);
    res.end(JSON.stringify(body));
  }
}

/** Starts a stand-in on a free loopback port (or `options.port`). */
export function startBotConnector(options: BotConnectorOptions = {}): Promise<BotConnectorStandIn> {
  return new BotConnectorStandIn(options).start();
}

function errorCodeOf(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || !('error' in body)) return undefined;
  const error = body.error;
  if (error === null || typeof error !== 'object' || !('code' in error)) return undefined;
  const code = error.code;
  return typeof code === 'string' ? code : undefined;
}
