import type { Logger } from 'pino';
import type { Clock } from '../domain/clock';
import type { ConversationReferences } from '../domain/conversation-references';
import { DEFAULT_LOCALE, type Locale, type UserIdentity } from '../domain/model';
import type { UserRepository } from '../domain/ports';
import type { ProgressMessages, ProvisioningRuns, Transactions } from '../domain/provisioning-ports';
import { type MessagePreferences, accepts } from '../domain/delivery/message-preferences';
import type { Outbox, UnreachableReason } from '../domain/delivery/outbox';
import type { AttemptLog, AttemptResult, DeliveryReports, OutboxMessage, OutboxStore } from '../domain/delivery/outbox-store';
import type { ReachGraph } from '../domain/delivery/reach-graph';
import type { ConnectorOutcome, DeliveryRendering, DeliveryTarget, DeliveryView, RenderedMessage, TeamsDelivery } from '../domain/delivery/teams-delivery';
import { TeamsGraphFailure } from '../domain/teams-graph';
import { ConversationWindows, type Monotonic, TokenBucket, monotonic, sleepFor } from './delivery-pacing';
import { provisioningReference } from './queues';
import { progressCardEntry } from '../domain/delivery/delivery-entries';
import type { MeetingViews } from '../domain/meetings/meeting-views';
import type { RecordingCandidateViews } from '../domain/recordings/recording-candidate-view';

/** How the sender behaves (DELIVERY_* settings). */
export interface DeliverySettings {
  /** The app's ceiling per tenant, requests per second (Teams documents 50; 30 for cautious tenants). */
  readonly tenantRatePerSecond: number;
  /** Requests in flight at once: enough to reach the ceiling when Teams answers in 250 ms. */
  readonly concurrency: number;
  /** Attempts of one message before it is given up (and dead-lettered). */
  readonly maxAttempts: number;
  /** How long one sender job runs before handing over to the next (another instance may take it). */
  readonly sliceSeconds: number;
  /** How often an organiser's card is refreshed while its report progresses. */
  readonly reportIntervalSeconds: number;
  /** The Bot Connector of the tenant when no conversation of it is known yet (Graph-installed chats). */
  readonly serviceUrl: string;
  /** Where chats opened through Graph are reached, whatever the tenant's conversations say (offline mode's own connector). */
  readonly chatServiceUrl?: string | undefined;
  /** The service mailbox e-mails go from (MAIL_SENDER); none: no e-mail fallback. */
  readonly mailSender: string | undefined;
}

export interface OutboxSenderDeps {
  readonly store: OutboxStore;
  readonly reports: DeliveryReports;
  readonly outbox: Outbox;
  readonly transactions: Transactions;
  readonly delivery: TeamsDelivery;
  readonly rendering: DeliveryRendering;
  readonly references: ConversationReferences;
  readonly preferences: MessagePreferences;
  readonly users: UserRepository;
  readonly progressMessages: ProgressMessages;
  readonly runs: Pick<ProvisioningRuns, 'find'>;
  /** Meetings as cards show them at send time. */
  readonly meetings: MeetingViews;
  /** Recordings found through Graph, as their proposals show them at send time; undefined: none are proposed. */
  readonly recordings?: RecordingCandidateViews;
  /** The General channel of a community's team, when the bot knows it. */
  readonly channels: { generalChannelOf(communityId: string): Promise<string | undefined> };
  /** Graph, to reach people the bot cannot write to yet; undefined: nobody is installed for or e-mailed. */
  readonly reach: { readonly graph: ReachGraph; catalogAppId(): Promise<string | undefined> } | undefined;
  /** When a message given up is dead-lettered (jobs: the delivery_failed queue). */
  readonly deadLetter: (message: OutboxMessage, error: string) => Promise<void>;
  readonly clock: Clock;
  readonly settings: DeliverySettings;
  readonly logger: Logger;
  readonly pacing?: Monotonic;
  readonly random?: () => number;
}

export interface SliceResult {
  readonly handled: number;
  /** Work due now was left (the slice ran out of time or is stopping): the next sender should start at once. */
  readonly more: boolean;
}

const BATCH = 200;
const TRANSIENT_BASE_MS = 2_000;
const TRANSIENT_CAP_MS = 300_000;
/** 429s in a row, across conversations, that make the whole tenant pause (the ceiling itself was hit). */
const THROTTLE_STREAK = 5;
const HOUR_MS = 3_600_000;
const WAIT_FOR_DUE_MS = 2_000;
/** An update of a card whose first send is still out waits this long for it. */
const CARD_PENDING_MS = 2_000;

/**
 * The one sender of proactive messages for a tenant. Run by one pg-boss job at a time per tenant (a
 * singleton queue), so its token bucket is the tenant's, whatever the number of instances. It takes due
 * messages, paces them (tenant ceiling, per-conversation windows), marks each `sending` just before its
 * request goes out and records how Teams answered; people Teams cannot reach are reached another way.
 */
export class OutboxSender {
  private stopping = false;
  private readonly pacing: Monotonic;
  private readonly random: () => number;

  constructor(private readonly deps: OutboxSenderDeps) {
    this.pacing = deps.pacing ?? monotonic;
    this.random = deps.random ?? Math.random;
  }

  /** Graceful shutdown: slices stop taking messages; requests in flight finish and are recorded. */
  stop(): void {
    this.stopping = true;
  }

  /** True after waiting for a message due within WAIT_FOR_DUE_MS; false when none is (the next job will). */
  private async waitForNextDue(tenantId: string, deadline: number): Promise<boolean> {
    const { store, clock } = this.deps;
    const next = await store.nextDueAt(tenantId);
    if (!next) return false;
    const before = clock.now().getTime();
    const wait = next.getTime() - before;
    if (wait > WAIT_FOR_DUE_MS || this.pacing() + wait >= deadline || this.stopping) return false;
    await sleepFor(Math.max(1, wait));
    // A clock that does not move with real time (a test's) would have us wait for nothing.
    return clock.now().getTime() > before;
  }

  async runSlice(tenantId: string, holder: string): Promise<SliceResult> {
    const { store, clock, settings, logger } = this.deps;
    const settled = await store.settleUnconfirmed(tenantId, holder, clock.now());
    if (settled > 0) logger.warn({ tenantId, settled }, 'messages whose request was out when their sender died are recorded sent (unconfirmed)');
    const slice = new Slice(this.deps, tenantId, holder, this.pacing, this.random);
    // The previous sender (a slice just ended, or an instance that died) sent up to a moment ago: its last
    // second counts, or the two together could go over the ceiling at the hand-over.
    const now = clock.now().getTime();
    slice.seedPace((await store.recentTenantAttempts(tenantId, new Date(now - 1000))).map((at) => now - at.getTime()));
    const deadline = this.pacing() + settings.sliceSeconds * 1000;
    let handled = 0;
    let more = false;
    for (;;) {
      if (this.stopping || this.pacing() >= deadline) {
        more = (await store.due(tenantId, clock.now(), 1, slice.inFlightIds())).length > 0;
        break;
      }
      const batch = await store.due(tenantId, clock.now(), BATCH, slice.inFlightIds());
      if (batch.length === 0) {
        if (await slice.waitForOne()) continue;
        // Retries due in a moment (a Retry-After of a second) are waited for here rather than by a new job.
        if (!(await this.waitForNextDue(tenantId, deadline))) break;
        continue;
      }
      await slice.seedWindows(batch);
      for (const message of batch) {
        if (this.stopping || this.pacing() >= deadline) break;
        await slice.start(message);
        handled += 1;
      }
      await slice.flushReportsIfDue();
    }
    await slice.finish();
    return { handled, more };
  }
}

/** One run of the sender: its pacing, the requests in flight, the reports it moved. */
class Slice {
  private readonly bucket: TokenBucket;
  private readonly windows: ConversationWindows;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly busyConversations = new Set<string>();
  private readonly dirtyReports = new Set<string>();
  private readonly seeded = new Set<string>();
  private lastFlush: number;
  private throttleStreak = 0;
  private pausedUntil = 0;

  constructor(
    private readonly deps: OutboxSenderDeps,
    private readonly tenantId: string,
    private readonly holder: string,
    private readonly pacing: Monotonic,
    private readonly random: () => number,
  ) {
    this.bucket = new TokenBucket(deps.settings.tenantRatePerSecond, pacing);
    this.windows = new ConversationWindows(undefined, pacing);
    this.lastFlush = pacing();
  }

  seedPace(agoMs: readonly number[]): void {
    this.bucket.seed(agoMs);
  }

  inFlightIds(): string[] {
    return [...this.inFlight.keys()];
  }

  /** Waits for one request in flight to end; false when none was in flight. */
  async waitForOne(): Promise<boolean> {
    if (this.inFlight.size === 0) return false;
    await Promise.race(this.inFlight.values());
    return true;
  }

  /** Requests of the last hour to the conversations of cards being updated (people's 1:1 chats get one message each). */
  async seedWindows(batch: readonly OutboxMessage[]): Promise<void> {
    const cards = batch.filter((m) => m.recipient.kind === 'progress_card').map((m) => provisioningReference(m.communityId ?? ''));
    const ids: string[] = [];
    for (const reference of new Set(cards)) {
      if (this.seeded.has(reference)) continue;
      this.seeded.add(reference);
      const card = await this.deps.progressMessages.find(reference);
      const id = card && conversationIdOf(card.conversation);
      if (id) ids.push(id);
    }
    const now = this.deps.clock.now().getTime();
    for (const attempt of await this.deps.store.recentAttempts(ids, new Date(now - HOUR_MS))) {
      this.windows.seed(attempt.conversationId, Math.max(0, now - attempt.at.getTime()));
    }
  }

  async start(message: OutboxMessage): Promise<void> {
    while (this.inFlight.size >= this.deps.settings.concurrency) await Promise.race(this.inFlight.values());
    const work = this.deliver(message)
      .catch((error: unknown) => {
        this.deps.logger.error({ err: error, messageId: message.id, key: message.key }, 'delivering a message failed unexpectedly; it stays queued');
      })
      .finally(() => this.inFlight.delete(message.id));
    this.inFlight.set(message.id, work);
  }

  async finish(): Promise<void> {
    await Promise.all(this.inFlight.values());
    await this.flushReports();
    this.windows.prune();
  }

  async flushReportsIfDue(): Promise<void> {
    if (this.pacing() - this.lastFlush >= this.deps.settings.reportIntervalSeconds * 1000) await this.flushReports();
  }

  /** Each report that moved gets its organiser's card refreshed, once per state of its counts. */
  private async flushReports(): Promise<void> {
    this.lastFlush = this.pacing();
    const ids = [...this.dirtyReports];
    this.dirtyReports.clear();
    for (const id of ids) {
      const report = await this.deps.reports.find(id);
      if (report?.card?.kind !== 'progress_card') continue;
      const state = [report.sent, report.sentAfterInstall, report.pending, report.retrying, report.muted, report.notReached.length].join('.');
      const entry = progressCardEntry(this.tenantId, report.card.communityId, `report-${id}-${state}`);
      await this.deps.transactions.run((tx) => this.deps.outbox.enqueue(tx, [entry]));
    }
  }

  private async deliver(message: OutboxMessage): Promise<void> {
    const { deps } = this;
    if (message.recipient.kind === 'person') {
      const user = message.recipient.user;
      const preferences = await deps.preferences.get(user);
      if (!accepts(preferences, message.category, message.communityId)) {
        if (!(await this.take(message))) return;
        return this.settle(message, { status: 'skipped', reason: 'muted' }, undefined);
      }
      const locale = preferences.locale ?? (await deps.users.languagesOf(user)).lastUsed ?? DEFAULT_LOCALE;
      const view = await this.viewOf(message, user);
      if (!view) return this.cannotRender(message);
      const stored = await deps.references.findPersonal(user.tenantId, user.aadObjectId);
      if (!stored) return this.reachAnotherWay(message, user, view, locale, 'never_opened');
      const target: DeliveryTarget = { conversationId: stored.conversationId, serviceUrl: stored.serviceUrl, reference: stored.reference };
      const outcome = await this.request(message, target, deps.rendering.message(view, locale));
      if (outcome === 'deferred' || outcome === 'taken') return;
      if (outcome.kind === 'unreachable') {
        // Stale: the next message to them goes another way from the start.
        await deps.references.markUninstalled(stored.conversationId, deps.clock.now());
        return this.reachAnotherWay(message, user, view, locale, outcome.reason, logOf(stored.conversationId, outcome));
      }
      return this.settleOutcome(message, target.conversationId, outcome);
    }
    if (message.recipient.kind === 'email') return this.mailExternal(message, message.recipient);
    if (message.recipient.kind === 'channel') return this.postInChannel(message, message.recipient.communityId);
    if (message.recipient.kind === 'posted_card') return this.updatePosted(message, message.recipient.cardKey, message.recipient.user);
    const card = await deps.progressMessages.find(provisioningReference(message.recipient.communityId));
    const view = await this.viewOf(message, undefined);
    if (!card || !view) {
      await this.take(message);
      return this.settle(message, { status: 'skipped', reason: 'card_gone' }, undefined);
    }
    const conversationId = conversationIdOf(card.conversation) ?? '';
    const serviceUrl = typeof card.conversation.serviceUrl === 'string' ? card.conversation.serviceUrl : deps.settings.serviceUrl;
    const target: DeliveryTarget = { conversationId, serviceUrl, reference: card.conversation };
    const outcome = await this.request(message, target, deps.rendering.message(view, card.locale), card.activityId);
    if (outcome === 'deferred' || outcome === 'taken') return;
    if (outcome.kind === 'unreachable') {
      return this.settle(message, { status: 'unreachable', reason: outcome.reason === 'never_opened' ? 'card_gone' : outcome.reason, fallback: 'none', error: outcome.code }, logOf(conversationId, outcome));
    }
    return this.settleOutcome(message, conversationId, outcome);
  }

  /** A new message in the community team's General channel (a meeting's summary card). */
  private async postInChannel(message: OutboxMessage, communityId: string): Promise<void> {
    const { deps } = this;
    const channelId = await deps.channels.generalChannelOf(communityId);
    const stored = channelId ? await deps.references.find(channelId) : undefined;
    const view = await this.viewOf(message, undefined);
    if (!stored || !view) {
      if (!(await this.take(message))) return;
      return this.settle(message, view ? { status: 'unreachable', reason: 'no_channel', fallback: 'none' } : { status: 'failed', error: 'nothing to render (its subject is gone)' }, undefined);
    }
    const target: DeliveryTarget = { conversationId: stored.conversationId, serviceUrl: stored.serviceUrl, reference: stored.reference };
    const outcome = await this.request(message, target, deps.rendering.message(view, DEFAULT_LOCALE));
    if (outcome === 'deferred' || outcome === 'taken') return;
    if (outcome.kind === 'unreachable') {
      return this.settle(message, { status: 'unreachable', reason: 'no_channel', fallback: 'none', error: outcome.code }, logOf(stored.conversationId, outcome));
    }
    return this.settleOutcome(message, target.conversationId, outcome);
  }

  /** An update of a card posted earlier, where it landed; it waits while that card's own send is still out. */
  private async updatePosted(message: OutboxMessage, cardKey: string, user: UserIdentity | undefined): Promise<void> {
    const { deps } = this;
    const posted = await deps.store.postedCard(cardKey);
    if (posted === 'pending') return deps.store.defer(message.id, new Date(deps.clock.now().getTime() + CARD_PENDING_MS), deps.clock.now());
    const stored = posted ? await deps.references.find(posted.conversationId) : undefined;
    const view = await this.viewOf(message, user);
    if (!posted || !stored || !view) {
      if (!(await this.take(message))) return;
      return this.settle(message, { status: 'skipped', reason: 'card_gone' }, undefined);
    }
    const locale = user ? await this.localeOf(user) : DEFAULT_LOCALE;
    const target: DeliveryTarget = { conversationId: posted.conversationId, serviceUrl: stored.serviceUrl, reference: stored.reference };
    const outcome = await this.request(message, target, deps.rendering.message(view, locale), posted.activityId);
    if (outcome === 'deferred' || outcome === 'taken') return;
    if (outcome.kind === 'unreachable') {
      return this.settle(message, { status: 'unreachable', reason: 'card_gone', fallback: 'none', error: outcome.code }, logOf(posted.conversationId, outcome));
    }
    return this.settleOutcome(message, target.conversationId, outcome);
  }

  private async localeOf(user: UserIdentity): Promise<Locale> {
    const preferences = await this.deps.preferences.get(user);
    return preferences.locale ?? (await this.deps.users.languagesOf(user)).lastUsed ?? DEFAULT_LOCALE;
  }

  /**
   * The app installed for them through Graph, then their new 1:1 chat; or an e-mail from the service
   * mailbox; or nothing possible. `alreadyTaken`: the message is held since a Teams request failed.
   */
  private async reachAnotherWay(message: OutboxMessage, user: UserIdentity, view: DeliveryView, locale: Locale, reason: UnreachableReason, refused?: AttemptLog): Promise<void> {
    const { deps } = this;
    if (!refused && !(await this.take(message))) return;
    const reach = deps.reach;
    if (!reach) return this.settle(message, { status: 'unreachable', reason, fallback: 'none' }, refused);
    try {
      const person = await reach.graph.findPerson(user.aadObjectId);
      // Unknown to the directory: nothing can be installed nor e-mailed. A refusal Teams named (blocked) stays the reason.
      if (!person) return this.settle(message, { status: 'unreachable', reason: reason === 'never_opened' ? 'not_in_directory' : reason, fallback: 'none' }, refused);
      await deps.store.nameRecipient(message.id, person.displayName);
      const external = person.userType === 'Guest';
      if (reason === 'never_opened' && !external) {
        const installed = await this.installAndSend(message, user, view, locale);
        if (installed !== 'not_possible') return;
      }
      const finalReason: UnreachableReason = external ? 'external' : reason;
      const mail = person.mail && deps.settings.mailSender ? deps.rendering.mail(view, locale, { address: person.mail, name: person.displayName }, deps.settings.mailSender) : undefined;
      if (!mail) return this.settle(message, { status: 'unreachable', reason: finalReason, fallback: 'none' }, refused);
      await reach.graph.sendMail(mail);
      return this.settle(message, { status: 'unreachable', reason: finalReason, fallback: 'email_sent' }, refused);
    } catch (error) {
      if (error instanceof TeamsGraphFailure && error.transient) {
        return this.settle(message, this.retry(message, error.details.retryAfterMs, `graph ${error.kind}: ${error.message}`), undefined);
      }
      deps.logger.warn({ err: error, messageId: message.id }, 'could not reach someone through Graph');
      const detail = error instanceof Error ? error.message : String(error);
      return this.settle(message, { status: 'unreachable', reason, fallback: 'none', error: detail }, undefined);
    }
  }

  /** Someone outside the tenant: the service mailbox writes to them, in both languages (French first). */
  private async mailExternal(message: OutboxMessage, to: { readonly address: string; readonly name: string }): Promise<void> {
    const { deps } = this;
    if (!(await this.take(message))) return;
    const view = await this.viewOf(message, undefined);
    const mailSender = deps.settings.mailSender;
    const mail = view && mailSender ? deps.rendering.mail(view, DEFAULT_LOCALE, to, mailSender) : undefined;
    if (!mail || !deps.reach) return this.settle(message, { status: 'unreachable', reason: 'external', fallback: 'none' }, undefined);
    try {
      await deps.reach.graph.sendMail(mail);
      return this.settle(message, { status: 'unreachable', reason: 'external', fallback: 'email_sent' }, undefined);
    } catch (error) {
      if (error instanceof TeamsGraphFailure && error.transient) return this.settle(message, this.retry(message, error.details.retryAfterMs, `graph ${error.kind}`), undefined);
      deps.logger.warn({ err: error, messageId: message.id }, 'could not e-mail someone outside the tenant');
      return this.settle(message, { status: 'unreachable', reason: 'external', fallback: 'none', error: error instanceof Error ? error.message : String(error) }, undefined);
    }
  }

  /** 'not_possible' when the tenant does not let the app install itself or find the chat; otherwise the message is settled. */
  private async installAndSend(message: OutboxMessage, user: UserIdentity, view: DeliveryView, locale: Locale): Promise<'settled' | 'not_possible'> {
    const { deps } = this;
    const reach = deps.reach;
    // The launch's own lookup when it made one; else the catalog is asked (once per instance).
    const known = message.content.kind === 'launch_notice' ? message.content.catalogAppId : undefined;
    const catalogAppId = reach && (known ?? (await reach.catalogAppId()));
    if (!reach || !catalogAppId) return 'not_possible';
    try {
      await reach.graph.installAppForUser(user.aadObjectId, catalogAppId);
      const chatId = await reach.graph.personalChatId(user.aadObjectId, catalogAppId);
      if (!chatId) return 'not_possible';
      const serviceUrl = deps.settings.chatServiceUrl ?? (await deps.references.serviceUrlOf(user.tenantId)) ?? deps.settings.serviceUrl;
      const stored = deps.delivery.personalReference(user, chatId, serviceUrl);
      const target: DeliveryTarget = { conversationId: chatId, serviceUrl, reference: stored.reference };
      const outcome = await this.paced(target.conversationId, () => deps.delivery.send(target, deps.rendering.message(view, locale)));
      if (outcome.kind === 'delivered') {
        await deps.references.save(stored, undefined, deps.clock.now());
        await this.settle(message, { status: 'sent', activityId: outcome.activityId ?? null, conversationId: chatId, fallback: 'installed' }, logOf(chatId, outcome));
        return 'settled';
      }
      if (outcome.kind === 'unreachable') return 'not_possible';
      await this.settleOutcome(message, chatId, outcome);
      return 'settled';
    } catch (error) {
      if (error instanceof TeamsGraphFailure && !error.transient) {
        deps.logger.info({ messageId: message.id, kind: error.kind, permission: error.details.permission }, 'the app could not be installed for someone; trying e-mail');
        return 'not_possible';
      }
      throw error;
    }
  }

  /** Paces, marks the message sending and makes its one request; 'deferred' when its conversation is at its limit. */
  private async request(message: OutboxMessage, target: DeliveryTarget, rendered: RenderedMessage, activityId?: string): Promise<ConnectorOutcome | 'deferred' | 'taken'> {
    const { deps } = this;
    if (this.busyConversations.has(target.conversationId)) {
      await deps.store.defer(message.id, new Date(deps.clock.now().getTime() + 1_000), deps.clock.now());
      return 'deferred';
    }
    const wait = this.windows.reserve(target.conversationId);
    if (wait > 0) {
      await deps.store.defer(message.id, new Date(deps.clock.now().getTime() + wait), deps.clock.now());
      return 'deferred';
    }
    await this.pace();
    // The gate comes before the row is marked: once marked, the request leaves at once (a crash in
    // between would record it sent, unconfirmed, without it having left).
    await this.bucket.gate();
    if (!(await this.take(message))) return 'taken';
    this.busyConversations.add(target.conversationId);
    try {
      switch (message.operation) {
        case 'send':
          return this.observe(await deps.delivery.send(target, rendered));
        case 'update':
          return this.observe(await deps.delivery.update(target, activityId ?? message.activityId ?? '', rendered));
        case 'delete':
          return this.observe(await deps.delivery.delete(target, activityId ?? message.activityId ?? ''));
      }
    } finally {
      this.busyConversations.delete(target.conversationId);
    }
  }

  /** A request to a conversation found on the way (a chat opened through Graph), paced like the others. */
  private async paced(conversationId: string, call: () => Promise<ConnectorOutcome>): Promise<ConnectorOutcome> {
    for (let wait = this.windows.reserve(conversationId); wait > 0; wait = this.windows.reserve(conversationId)) await sleepFor(wait);
    await this.pace();
    await this.bucket.gate();
    return this.observe(await call());
  }

  private async pace(): Promise<void> {
    const paused = this.pausedUntil - this.pacing();
    if (paused > 0) await sleepFor(paused);
    await this.bucket.take();
  }

  /** A streak of 429s means the tenant's ceiling itself was hit: everyone waits, not just that conversation. */
  private observe(outcome: ConnectorOutcome): ConnectorOutcome {
    if (outcome.kind !== 'throttled') {
      this.throttleStreak = 0;
      return outcome;
    }
    this.throttleStreak += 1;
    if (this.throttleStreak >= THROTTLE_STREAK) {
      this.pausedUntil = Math.max(this.pausedUntil, this.pacing() + (outcome.retryAfterMs ?? TRANSIENT_BASE_MS));
      this.throttleStreak = 0;
      this.deps.logger.warn({ tenantId: this.tenantId, pauseMs: outcome.retryAfterMs }, 'Teams throttles the tenant: sending pauses');
    }
    return outcome;
  }

  private async take(message: OutboxMessage): Promise<boolean> {
    return this.deps.store.markSending(message.id, this.holder, this.deps.clock.now());
  }

  private async settleOutcome(message: OutboxMessage, conversationId: string, outcome: ConnectorOutcome): Promise<void> {
    const log = logOf(conversationId, outcome);
    switch (outcome.kind) {
      case 'delivered':
        return this.settle(message, { status: 'sent', activityId: outcome.activityId ?? null, conversationId }, log);
      case 'throttled':
        return this.settle(message, this.retry(message, outcome.retryAfterMs, `429 Throttled`), log);
      case 'transient':
        return this.settle(message, this.retry(message, undefined, `${outcome.status ?? 'network'} ${outcome.code}`), log);
      case 'unreachable':
        return this.settle(message, { status: 'unreachable', reason: outcome.reason, fallback: 'none', error: outcome.code }, log);
      case 'rejected':
        return this.settle(message, { status: 'failed', error: `${outcome.status ?? ''} ${outcome.code}`.trim() }, log);
    }
  }

  /** Retry-After when Teams gave one (plus up to 20 % so retries do not land together), else exponential back-off with jitter. */
  private retry(message: OutboxMessage, retryAfterMs: number | undefined, error: string): AttemptResult {
    if (message.attempts + 1 >= this.deps.settings.maxAttempts) return { status: 'failed', error: `${error} (after ${message.attempts + 1} attempts)` };
    const backoff = Math.min(TRANSIENT_CAP_MS, TRANSIENT_BASE_MS * 2 ** message.attempts);
    const delay = retryAfterMs !== undefined ? Math.ceil(retryAfterMs * (1 + 0.2 * this.random())) : Math.ceil(backoff / 2 + (backoff / 2) * this.random());
    return { status: 'retrying', nextAttemptAt: new Date(this.deps.clock.now().getTime() + delay), error };
  }

  private async settle(message: OutboxMessage, result: AttemptResult, log: AttemptLog | undefined): Promise<void> {
    const recorded = await this.deps.store.record(message.id, this.holder, result, log, this.deps.clock.now());
    if (!recorded) return;
    if (message.reportId) this.dirtyReports.add(message.reportId);
    if (result.status === 'failed') await this.deps.deadLetter(message, result.error);
  }

  private async cannotRender(message: OutboxMessage): Promise<void> {
    if (!(await this.take(message))) return;
    return this.settle(message, { status: 'failed', error: 'nothing to render (its subject is gone)' }, undefined);
  }

  /** What the message shows now; `user` is whose personal view it is (their own answer on a meeting card). */
  private async viewOf(message: OutboxMessage, user: UserIdentity | undefined): Promise<DeliveryView | undefined> {
    const content = message.content;
    const meetings = this.deps.meetings;
    switch (content.kind) {
      case 'meeting_invitation':
      case 'meeting_notice': {
        // Someone e-mailed (a speaker from outside) sees the meeting without an answer of their own.
        const overview = user ? undefined : await meetings.overview(content.meetingId);
        const view = user ? await meetings.personal(content.meetingId, user) : overview && { overview, registration: undefined, calendarUrl: undefined };
        if (!view) return undefined;
        return content.kind === 'meeting_invitation' ? { kind: 'meeting_card', view } : { kind: 'meeting_notice', notice: content.notice, offset: content.offset, view };
      }
      case 'meeting_summary': {
        const overview = await meetings.overview(content.meetingId);
        return overview && { kind: 'meeting_summary', overview };
      }
      case 'yearly_rule': {
        const view = await meetings.yearlyRule(content.communityId);
        return view && { kind: 'yearly_rule', view };
      }
      case 'recording_candidate': {
        const view = await this.deps.recordings?.candidateView(content.graphRecordingId);
        return view && { kind: 'recording_candidate', view };
      }
      case 'launch_notice':
        return { kind: 'launch_notice', communityName: content.communityName, teamUrl: content.teamUrl };
      case 'provisioning_progress': {
        const run = await this.deps.runs.find(content.communityId);
        if (!run) return undefined;
        const [report] = await this.deps.reports.latest(content.communityId, 1);
        return {
          kind: 'provisioning_progress',
          data: run.data,
          step: run.status === 'succeeded' ? 'done' : run.step,
          failure: run.failure ?? undefined,
          report,
        };
      }
    }
  }
}

function logOf(conversationId: string, outcome: ConnectorOutcome): AttemptLog {
  switch (outcome.kind) {
    case 'delivered':
      return { conversationId, httpStatus: 200, code: undefined };
    case 'throttled':
      return { conversationId, httpStatus: outcome.status, code: 'Throttled' };
    default:
      return { conversationId, httpStatus: outcome.status, code: outcome.code };
  }
}

function conversationIdOf(reference: Record<string, unknown>): string | undefined {
  const conversation = reference.conversation as { id?: unknown } | undefined;
  return typeof conversation?.id === 'string' ? conversation.id : undefined;
}
