import type { Transaction } from '../provisioning-ports';
import type { MessageCategory } from './message-preferences';
import type {
  DeliveryContent,
  DeliveryFallback,
  DeliveryOperation,
  DeliveryRecipient,
  DeliveryStatus,
  NewDeliveryReport,
  OutboxEntry,
  UnreachableReason,
} from './outbox';

/** An outbox row as the sender sees it. */
export interface OutboxMessage {
  readonly id: string;
  readonly key: string;
  readonly tenantId: string;
  readonly reportId: string | null;
  readonly communityId: string | null;
  readonly category: MessageCategory;
  readonly operation: DeliveryOperation;
  readonly recipient: DeliveryRecipient;
  readonly content: DeliveryContent;
  readonly attempts: number;
  readonly activityId: string | null;
}

/** How one attempt ended, as it is recorded on the row. */
export type AttemptResult =
  | { readonly status: 'sent'; readonly activityId: string | null; readonly conversationId: string; readonly fallback?: DeliveryFallback }
  | { readonly status: 'retrying'; readonly nextAttemptAt: Date; readonly error: string }
  | { readonly status: 'unreachable'; readonly reason: UnreachableReason; readonly fallback: DeliveryFallback; readonly error?: string }
  | { readonly status: 'failed'; readonly error: string }
  | { readonly status: 'skipped'; readonly reason: UnreachableReason };

/** One request to Teams, for the per-conversation windows and the operators. */
export interface AttemptLog {
  readonly conversationId: string | undefined;
  readonly httpStatus: number | undefined;
  readonly code: string | undefined;
}

/** What storage/ keeps of the outbox, for the sender (jobs/) and the reports. */
export interface OutboxStore {
  /** Inserts the entries (ON CONFLICT (key) DO NOTHING), supersedes what they replace; returns how many were new. */
  insert(tx: Transaction, entries: readonly OutboxEntry[], report: NewDeliveryReport | undefined, at: Date): Promise<number>;
  /** Tenants with messages queued or waiting for a retry (at start, each gets its sender again). */
  tenantsWithWork(): Promise<string[]>;
  /** Messages due at `now`, urgent first then oldest, skipping `exclude` (those in flight). */
  due(tenantId: string, now: Date, limit: number, exclude: readonly string[]): Promise<OutboxMessage[]>;
  /** When the next queued or retrying message of the tenant becomes due. */
  nextDueAt(tenantId: string): Promise<Date | undefined>;
  /**
   * Messages left `sending` by an earlier holder that died with its request out. Teams most likely has
   * them: they are recorded sent, unconfirmed, rather than sent again (README, "Delivery").
   */
  settleUnconfirmed(tenantId: string, holder: string, at: Date): Promise<number>;
  /** Puts a message back in the queue for later without counting an attempt (its conversation is at its limit). */
  defer(id: string, until: Date, at: Date): Promise<void>;
  /** Takes a queued or retrying message for `holder` just before its request goes out; false if it was not available. */
  markSending(id: string, holder: string, at: Date): Promise<boolean>;
  /** Records how an attempt ended, if `holder` still holds the message. */
  record(id: string, holder: string, result: AttemptResult, log: AttemptLog | undefined, at: Date): Promise<boolean>;
  /** Requests made to these conversations since `since`, oldest first (to seed the per-conversation windows). */
  recentAttempts(conversationIds: readonly string[], since: Date): Promise<{ readonly conversationId: string; readonly at: Date }[]>;
  /** When the tenant's requests of the last moments were answered (a new sender counts them in its pace). */
  recentTenantAttempts(tenantId: string, since: Date): Promise<Date[]>;
  /**
   * Where a card sent with this key landed; 'pending' while its send is still queued or out (an update
   * then waits for it), undefined when it was never posted (not reached, or never sent).
   */
  postedCard(cardKey: string): Promise<PostedCard | 'pending' | undefined>;
  /** The keys of the cards posted (or being sent now) under a prefix, e.g. every card of one meeting. */
  cardsUnder(prefix: string, tx?: Transaction): Promise<string[]>;
  /** Remembers a person's name for the report (from the directory). */
  nameRecipient(id: string, name: string): Promise<void>;
  /**
   * Deletes up to `limit` settled messages (sent, skipped, superseded, unreachable, failed) last changed
   * before `before`, with their attempts; a batch that comes back short (the last) also deletes the reports
   * older than that left without messages. Messages
   * still queued, retrying or sending are never touched. Returns how many messages went.
   */
  purgeSettled(before: Date, limit: number): Promise<number>;
}

export interface PostedCard {
  readonly conversationId: string;
  readonly activityId: string;
}

/** A report as the organiser sees it. */
export interface DeliveryReportView {
  readonly id: string;
  readonly communityId: string;
  readonly kind: NewDeliveryReport['kind'];
  readonly createdAt: Date;
  readonly card: DeliveryRecipient | null;
  readonly total: number;
  readonly sent: number;
  /** Of those sent, how many only after the app was installed for them through Graph. */
  readonly sentAfterInstall: number;
  readonly pending: number;
  readonly retrying: number;
  readonly muted: number;
  readonly notReached: readonly NotReached[];
}

export interface NotReached {
  readonly aadObjectId: string | null;
  readonly name: string | null;
  readonly status: Extract<DeliveryStatus, 'unreachable' | 'failed'>;
  readonly reason: UnreachableReason;
  readonly fallback: DeliveryFallback;
}

export interface DeliveryReports {
  find(reportId: string): Promise<DeliveryReportView | undefined>;
  /** The community's most recent reports, newest first. */
  latest(communityId: string, limit: number): Promise<DeliveryReportView[]>;
}
