/** The public shapes of the Bot Connector stand-in: its options, what it records, what it counts. */

/** What a request asks the connector to do (routes.ts). */
export type ConnectorOperation = 'createConversation' | 'send' | 'reply' | 'update' | 'delete' | 'getTeam';

/** The operations on a conversation: the ones limits, faults, refusals and `accepted` apply to. */
export type ConversationOperation = Exclude<ConnectorOperation, 'getTeam'>;

/** Refusals a test can script, each answered with the envelope Teams uses (reference/teams-graph-facts.md §7.3). */
export type RefusalCode = 'BotNotInConversationRoster' | 'ConversationBlockedByUser' | 'BotDisabledByAdmin' | 'ConversationNotFound';

/** At most `max` accepted operations in any `ms` milliseconds (a sliding window). */
export interface RateWindow {
  readonly ms: number;
  readonly max: number;
}

/** The limits the stand-in enforces (reference/teams-graph-facts.md §7.2); each list is checked window by window. */
export interface BotConnectorLimits {
  /** Sends, replies, updates and deletes on one thread (a 1:1 chat, a group chat, a channel). */
  readonly perConversation: readonly RateWindow[];
  /** Create-conversation calls that resolve to one thread. */
  readonly createPerConversation: readonly RateWindow[];
  /** Every conversation operation of the bot in one tenant. */
  readonly perTenant: readonly RateWindow[];
}

/** Random faults, drawn from a PRNG seeded with `seed`, so the same requests in the same order meet the same faults. */
export interface FaultOptions {
  readonly seed?: number;
  /** Probability (0..1) that a conversation operation is answered an injected 429 Throttled. */
  readonly throttled?: number;
  /** The Retry-After of an injected 429, in whole seconds (default 1). */
  readonly throttledRetryAfterSeconds?: number;
  /** Probability of 412 PreconditionFailed (Teams: concurrent operations on the conversation). */
  readonly preconditionFailed?: number;
  readonly badGateway?: number;
  readonly gatewayTimeout?: number;
  /** Delay before every answer, in real milliseconds: fixed, or drawn uniformly in [min, max]. */
  readonly latencyMs?: number | { readonly min: number; readonly max: number };
}

export interface BotConnectorOptions {
  /** Loopback port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Epoch milliseconds the windows and Retry-After deadlines run on; a monotonic system clock by default. */
  readonly clock?: () => number;
  /** Overrides of BOT_CONNECTOR_LIMITS, list by list. */
  readonly limits?: Partial<BotConnectorLimits>;
  /** false: count the windows (stats) but never answer 429 for them. Default true. */
  readonly enforceLimits?: boolean;
  readonly faults?: FaultOptions;
  /** Only conversations registered (allowConversation, or created for a registered user) are reachable; others 403 BotNotInConversationRoster. */
  readonly strictRoster?: boolean;
  /** The tenant of a conversation whose tenant nothing tells (default `default-tenant`). */
  readonly defaultTenantId?: string;
  /** Keep every HTTP call in `calls` (default true). Off for large benchmarks: the counters are always kept. */
  readonly recordCalls?: boolean;
  /** Keep the text and attachments of each delivery (default true); ids, times and counts are always kept. */
  readonly recordContent?: boolean;
}

export type CardJson = Record<string, unknown> & { body?: unknown[]; actions?: unknown[] };

export interface ConnectorAttachment {
  readonly contentType: string;
  readonly content: CardJson;
}

/** The body of a request, as botbuilder sends it (an activity, or conversation parameters for a create). */
export interface ConnectorActivity {
  readonly type?: string;
  readonly text?: string;
  readonly replyToId?: string;
  readonly locale?: string;
  readonly attachments?: ConnectorAttachment[];
  readonly [key: string]: unknown;
}

/** How the stand-in answered a request. */
export type CallOutcome = 'accepted' | 'overLimit' | 'tooSoon' | 'refused' | 'injected' | 'activityNotFound' | 'badRequest' | 'unmatched' | 'teamLookup';

/** One HTTP call, as received and answered. */
export interface ConnectorCall {
  readonly method: string;
  /** The path with each segment decoded, e.g. /v3/conversations/a:1xyz/activities/1000000000001 */
  readonly path: string;
  readonly operation: ConnectorOperation | null;
  /** The conversation addressed (for a create, the one it resolves to). */
  readonly conversationId: string | undefined;
  readonly activityId: string | undefined;
  readonly tenantId: string | undefined;
  readonly authorization: string | undefined;
  readonly body: ConnectorActivity;
  readonly status: number;
  readonly outcome: CallOutcome;
  /** The error code of a non-2xx answer (Throttled, ConversationBlockedByUser…). */
  readonly errorCode: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  /** When it was decided, on the stand-in's clock (epoch ms). */
  readonly at: number;
}

/** A message the connector accepted and would show in Teams: a send, a reply, or a create's first activity. */
export interface Delivery {
  readonly conversationId: string;
  readonly activityId: string;
  readonly operation: 'send' | 'reply' | 'createConversation';
  readonly tenantId: string;
  readonly replyToId: string | undefined;
  readonly at: number;
  /** As last updated; undefined when `recordContent` is off. */
  readonly text: string | undefined;
  readonly attachments: readonly ConnectorAttachment[];
  readonly updates: number;
  readonly deleted: boolean;
}

/** Passed to `onAccepted` listeners as soon as an operation is accepted (before its answer is written). */
export interface AcceptedOperation {
  readonly operation: ConversationOperation;
  readonly conversationId: string;
  readonly activityId: string | undefined;
  readonly tenantId: string;
  readonly at: number;
  /** 1 for the first accepted operation, and so on. */
  readonly acceptedCount: number;
  /** Deliveries (sends, replies, creates with an activity) so far, this one included. */
  readonly deliveryCount: number;
}

export interface WindowPeak {
  readonly ms: number;
  readonly limit: number;
  /** The most operations accepted on one conversation within any `ms` window. */
  readonly max: number;
}

export interface BotConnectorStats {
  /** Every HTTP request received. */
  readonly requests: number;
  /** Conversation operations carried out. */
  readonly accepted: number;
  readonly acceptedBy: Readonly<Record<ConversationOperation, number>>;
  /** Messages delivered: accepted sends, replies, and creates carrying an activity. */
  readonly deliveries: number;
  /** 429s because a window was full (a request over both limits counts once here, once in each of overLimitBy). */
  readonly overLimit: number;
  readonly overLimitBy: { readonly conversation: number; readonly tenant: number };
  /** Requests that came before the Retry-After given to their conversation (or tenant) had elapsed; answered 429 again. */
  readonly tooSoon: number;
  /** Scripted or roster refusals (403s and 404 ConversationNotFound). */
  readonly refused: number;
  readonly refusedBy: Readonly<Record<RefusalCode, number>>;
  readonly injected: { readonly throttled: number; readonly preconditionFailed: number; readonly badGateway: number; readonly gatewayTimeout: number };
  /** Updates and deletes of an activity the connector does not have (404). */
  readonly activityNotFound: number;
  readonly badRequests: number;
  /** Requests to no endpoint of the connector (404, so gaps show up). */
  readonly unmatched: number;
  readonly teamLookups: number;
  /** Per tenant, the most conversation operations accepted within any 1 s (sliding). */
  readonly maxAcceptedPerSecondByTenant: Readonly<Record<string, number>>;
  /** Per conversation window of `limits.perConversation`, the most accepted on one conversation in it. */
  readonly maxAcceptedPerConversation: readonly WindowPeak[];
  /** The most requests being handled (received, not yet answered) at once. */
  readonly maxConcurrentRequests: number;
}
