/**
 * The public shapes of the Graph sandbox: what tests, the gateway and benchmarks may rely on.
 * Implementation files import these; nothing here has behaviour.
 */
import type { GraphRequestFamily } from '../../src/graph/teams-limits';
import type { SandboxClock } from './clock';

/** A directory user the sandbox knows (Entra object id as `id`). */
export interface SandboxUser {
  readonly id: string;
  readonly displayName: string;
  readonly userPrincipalName: string;
  readonly mail?: string;
  readonly userType?: 'Member' | 'Guest';
  /** A disabled user cannot be added to a team (Graph answers NotFound for them). Default true. */
  readonly accountEnabled?: boolean;
  /**
   * They have opened the app in Teams: every catalog app is installed for them in personal scope from the
   * start (`installedBy: 'user'`). Default false: they never opened it, and Graph finds no installation
   * until one is made (POST /users/{id}/teamwork/installedApps, or `sandbox.personalApps.install`).
   */
  readonly openedApp?: boolean;
  /**
   * Whether their mailbox can host Teams meetings (a Teams licence and a meeting policy that allows them).
   * Default true. When false, an event asked with a Teams meeting is still made (201), without one:
   * isOnlineMeeting false, onlineMeetingProvider `unknown`, no onlineMeeting, as Graph answers then
   * (microsoftgraph/microsoft-graph-docs#9741, microsoft-graph-explorer-v4#3315).
   */
  readonly teamsMeetings?: boolean;
}

/** An app in the organisation's catalog: `id` is the catalog id, `externalId` the manifest id. */
export interface CatalogApp {
  readonly id: string;
  readonly externalId: string;
  readonly displayName: string;
}

/**
 * Request classes: a family of Graph's Teams service limits (src/graph/teams-limits.ts, the same families the
 * client-side limiter counts in), `directory` for Entra ID calls outside those limits, the token
 * endpoints, or anything the sandbox does not serve (404). A class is both the unit the limits apply to
 * and the unit the statistics count.
 */
export type EndpointClass = GraphRequestFamily | 'token' | 'unmatched';

export interface RateLimits {
  /** Requests per sliding window per class; a class missing here is not limited. */
  readonly perClass: Readonly<Partial<Record<EndpointClass, number>>>;
  /** Requests per sliding window addressed to any one team (`/teams/{id}/...`). */
  readonly perTeam: number;
  readonly windowMs: number;
}

export interface GraphSandboxOptions {
  /** Default 0 (a free port); the sandbox listens on 127.0.0.1 only. */
  port?: number;
  /** The only tenant it issues tokens for. Default: a random GUID (read it back from `sandbox.tenantId`). */
  tenantId?: string;
  /** Credentials its token endpoint accepts (client_credentials). Defaults: a random GUID and `sandbox-secret`. */
  clientId?: string;
  clientSecret?: string;
  /** Secrets of the same app that have expired: the token endpoint answers them AADSTS7000222, as Entra ID does. */
  expiredClientSecrets?: readonly string[];
  /** Polls an async operation stays notStarted/inProgress before it succeeds (default 2). */
  operationPolls?: number;
  /**
   * An operation nobody polls to the end still ends this long after it started, as Graph's do (default
   * 10 000 ms): a team whose POST /teams answer was lost, then adopted, becomes reachable all the same.
   */
  operationCompletesAfterMs?: number;
  /** GET /teams/{id} (and its members/installedApps) answer 404 this long after creation succeeded (default 0). */
  notFoundAfterCreateMs?: number;
  /** Apply the documented per-tenant limits (default false). */
  enforceLimits?: boolean;
  /** Overrides of the documented limits, used only when `enforceLimits` is true. */
  limits?: Partial<RateLimits>;
  users?: SandboxUser[];
  catalogApps?: CatalogApp[];
  /**
   * The bot's app id, the second half of the 1:1 chat ids it hands out (`19:{userId}_{botAppId}@unq.gbl.spaces`).
   * Default: `clientId` (the bot and Graph share one Entra app).
   */
  botAppId?: string;
  /**
   * The mailboxes an Exchange application access policy (New-ApplicationAccessPolicy -AccessRight
   * RestrictAccess) lets the app use, for mail and calendars alike (one policy covers every Exchange API);
   * sendMail from, or events on, any other answers 403 ErrorAccessDenied [RAOP].
   * Default: no policy, any mailbox (what Mail.Send and Calendars.ReadWrite alone grant).
   */
  mailAccessPolicy?: readonly string[];
  /**
   * The users (ids or UPNs) the Teams application access policy is granted to (Grant-CsApplicationAccessPolicy
   * -Identity); their onlineMeetings and recordings answer, anyone else's 403 Forbidden "Application is not
   * allowed to perform operations on the user …". Default: granted tenant-wide (-Global).
   */
  meetingAccessPolicy?: readonly string[];
  /**
   * Each Teams meeting (an event with isOnlineMeeting) gets one recording once its end has passed on the
   * sandbox's clock, as if someone had pressed Record (the local demo). Default false: tests make them
   * with `sandbox.recordings.makeAvailable`.
   */
  recordEndedMeetings?: boolean;
  /**
   * The time the windows above, the rate limits, timed socket holds and the dates it writes run on
   * (default: the system's). Tokens and the certificate keep real time: their clients check them by it.
   */
  clock?: SandboxClock;
}

export type OperationStatus = 'notStarted' | 'inProgress' | 'succeeded' | 'failed';
export type OperationType = 'createTeam' | 'archiveTeam' | 'unarchiveTeam';

export interface SandboxMemberView {
  /** The conversationMember id (base64), what DELETE /teams/{id}/members/{id} takes. */
  readonly id: string;
  readonly userId: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly roles: readonly string[];
}

export interface SandboxInstalledAppView {
  readonly id: string;
  readonly teamsAppId: string;
  readonly externalId: string;
  readonly displayName: string;
}

export interface SandboxTeamView {
  readonly id: string;
  readonly displayName: string;
  readonly description: string | null;
  readonly visibility: string;
  readonly createdDateTime: string;
  /** `provisioning` until its createTeam operation succeeds; `failed` when a fault failed it. */
  readonly provisioning: 'provisioning' | 'succeeded' | 'failed';
  readonly isArchived: boolean;
  readonly members: readonly SandboxMemberView[];
  readonly installedApps: readonly SandboxInstalledAppView[];
}

export interface SandboxGroupView {
  readonly id: string;
  readonly displayName: string;
  readonly description: string | null;
  readonly createdDateTime: string;
  readonly resourceProvisioningOptions: readonly string[];
}

export interface SandboxOperationView {
  readonly id: string;
  readonly operationType: OperationType;
  readonly teamId: string;
  readonly status: OperationStatus;
  readonly polls: number;
  readonly error: { readonly code: string; readonly message: string } | null;
}

/** An app installed for one person in personal scope, and the 1:1 chat between them and the bot it made. */
export interface SandboxPersonalInstallationView {
  /** The teamsAppInstallation id (base64, not the catalog id): what GET …/installedApps/{id}/chat takes. */
  readonly id: string;
  readonly userId: string;
  readonly teamsAppId: string;
  /** The manifest id. */
  readonly externalId: string;
  readonly displayName: string;
  /** `19:{userId}_{botAppId}@unq.gbl.spaces`: the conversation the bot may now write to. */
  readonly chatId: string;
  readonly tenantId: string;
  /** On the sandbox's clock. */
  readonly installedAt: string;
  /** `graph`: installed by a POST /users/{id}/teamwork/installedApps; `user`: they had opened the app (preset). */
  readonly installedBy: 'graph' | 'user';
}

/** A file attachment of a sent mail (a #microsoft.graph.fileAttachment), as the mail carried it. */
export interface SandboxMailAttachment {
  readonly name: string;
  readonly contentType: string;
  readonly contentBase64: string;
  /** Bytes, decoded. */
  readonly size: number;
}

/** A mail POST /users/{sender}/sendMail accepted (202). */
export interface SandboxMailView {
  readonly id: string;
  /** The sending mailbox's address (its `mail`), and its object id. */
  readonly sender: string;
  readonly senderId: string;
  readonly to: readonly { readonly address: string; readonly name: string | null }[];
  readonly subject: string;
  readonly contentType: 'HTML' | 'Text';
  /** The body's content, as sent (HTML when contentType is HTML). */
  readonly html: string;
  /** Its file attachments, in order (none: empty). */
  readonly attachments: readonly SandboxMailAttachment[];
  readonly saveToSentItems: boolean;
  /** On the sandbox's clock. */
  readonly sentAt: string;
}

/** A calendar event on a mailbox's calendar (POST /users/{mailbox}/events), as it stands now. */
export interface SandboxEventView {
  /** The Exchange item id (`AAMkA…`), what GET/PATCH/DELETE …/events/{id} take. */
  readonly id: string;
  readonly iCalUId: string;
  /** The organiser's mailbox: its object id and address. */
  readonly mailboxId: string;
  readonly mailbox: string;
  readonly transactionId: string | null;
  readonly subject: string;
  readonly bodyContentType: 'HTML' | 'Text';
  readonly bodyContent: string;
  /** As last sent: local wall time and the zone it was given in (an IANA or Windows name). */
  readonly start: { readonly dateTime: string; readonly timeZone: string };
  readonly end: { readonly dateTime: string; readonly timeZone: string };
  /** The same instants in UTC (ISO 8601). */
  readonly startsAt: string;
  readonly endsAt: string;
  readonly location: string;
  /** Addresses of the attendees the event was given (the app gives none). */
  readonly attendees: readonly string[];
  readonly isOnlineMeeting: boolean;
  readonly onlineMeetingProvider: string;
  /** onlineMeeting.joinUrl; null when the event has no Teams meeting. */
  readonly joinUrl: string | null;
  readonly webLink: string;
  readonly isCancelled: boolean;
  /** The comment of POST …/cancel. */
  readonly cancellationComment: string | null;
  readonly createdDateTime: string;
  readonly lastModifiedDateTime: string;
  /** PATCHes applied since it was made. */
  readonly updates: number;
}

/** A recording of the Teams meeting behind an event (a callRecording). */
export interface SandboxRecordingView {
  readonly id: string;
  /** The onlineMeeting id (`MSo…`). */
  readonly meetingId: string;
  readonly organizerId: string;
  /** The calendar event whose Teams meeting it recorded. */
  readonly eventId: string;
  readonly createdDateTime: string;
  readonly endDateTime: string;
}

/** Recordings becoming available, as Teams makes them once a recorded meeting ends. */
export interface SandboxRecordings {
  /**
   * A recording of the Teams meeting of this event (its id or its join URL) is now available. Times
   * default to the event's start (created) and end; throws when the event has no Teams meeting.
   */
  makeAvailable(eventIdOrJoinUrl: string, times?: { readonly createdDateTime?: string; readonly endDateTime?: string }): SandboxRecordingView;
}

/**
 * People's personal-scope app installations: preset them, take them away, and hear of each one made.
 * `catalogAppId` defaults to the first app of the catalog.
 */
export interface SandboxPersonalApps {
  /**
   * As if the person had opened the app in Teams: installs it for them (`installedBy: 'user'`) and tells
   * the listeners. An existing installation is returned as it is, without telling anyone again.
   */
  install(userIdOrUpn: string, catalogAppId?: string): SandboxPersonalInstallationView;
  /** As if they had never opened it: the installation is gone (true when there was one). */
  uninstall(userIdOrUpn: string, catalogAppId?: string): boolean;
  /**
   * Calls `listener` for every installation made from now on, by Graph or by `install`, before the
   * request that made it is answered (what a Bot Connector stand-in needs to know the new chat when the
   * install call returns). The function returned stops it. Presets of `openedApp` happened before any
   * listener could exist: read them from `sandbox.state.personalInstallations`.
   */
  onInstalled(listener: (installation: SandboxPersonalInstallationView) => void): () => void;
}

export interface SandboxInvitationView {
  readonly id: string;
  readonly invitedUserEmailAddress: string;
  readonly invitedUserId: string;
  readonly status: string;
}

export interface RequestLogEntry {
  readonly at: string;
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  /** The route that served it (`POST /teams`), or null when nothing matched. */
  readonly route: string | null;
  readonly endpoint: EndpointClass;
  readonly teamId: string | null;
  /** The status sent, or null when a fault held or reset the socket. */
  readonly status: number | null;
  /** Why the sandbox answered as it did. */
  readonly outcome: 'served' | 'fault' | 'throttled' | 'unauthenticated' | 'forbidden' | 'unmatched';
  readonly requestId: string;
  readonly clientRequestId: string | null;
}

/** Read-only snapshots (each read copies the current state). */
export interface SandboxState {
  readonly teams: readonly SandboxTeamView[];
  readonly groups: readonly SandboxGroupView[];
  readonly operations: readonly SandboxOperationView[];
  readonly invitations: readonly SandboxInvitationView[];
  readonly users: readonly SandboxUser[];
  /** Every personal-scope installation, in the order they were made. */
  readonly personalInstallations: readonly SandboxPersonalInstallationView[];
  /** Every mail sendMail accepted, oldest first. */
  readonly sentMails: readonly SandboxMailView[];
  /** Every event on a mailbox's calendar (cancelled ones included, deleted ones gone), oldest first. */
  readonly events: readonly SandboxEventView[];
  /** Every recording made available, oldest first. */
  readonly recordings: readonly SandboxRecordingView[];
  readonly requestLog: readonly RequestLogEntry[];
  team(id: string): SandboxTeamView | undefined;
  /** One event by id (undefined once deleted). */
  event(id: string): SandboxEventView | undefined;
}

/** A Graph error answer. Without `code`, the code Graph uses for the status (TooManyRequests, ServiceUnavailable…). */
export interface FaultStatusResponse {
  readonly status: number;
  readonly code?: string;
  readonly message?: string;
  readonly retryAfterSeconds?: number;
}

export type FaultResponse =
  | FaultStatusResponse
  /** Hold the socket without answering for `ms` (then destroy it), or until the client gives up or the sandbox stops. */
  | 'timeout'
  | { readonly kind: 'timeout'; readonly ms?: number; readonly afterProcessing?: boolean }
  /** Destroy the socket. `afterProcessing`: the request takes effect first, only the answer is lost. */
  | 'reset'
  | { readonly kind: 'reset'; readonly afterProcessing?: boolean }
  /** Serve the request normally, but the async operation it starts ends `failed` with this error. */
  | { readonly kind: 'failOperation'; readonly code?: string; readonly message?: string };

export interface FaultMatch {
  readonly method?: string;
  /** Tested against the path as received, without the query (e.g. `/v1.0/teams`). A string must be equal. */
  readonly path?: RegExp | string;
  readonly endpoint?: EndpointClass;
  /** A route name, e.g. `POST /teams/{id}/members/add`. */
  readonly route?: string;
}

export interface FaultRule {
  readonly match: FaultMatch;
  /** How many matching requests it answers (default 1; `Infinity` until cleared). */
  readonly times?: number;
  readonly respond: FaultResponse;
}

export interface FaultHandle {
  /** Matching requests it has answered so far. */
  readonly hits: number;
  readonly remaining: number;
  remove(): void;
}

export interface FaultInjector {
  add(rule: FaultRule): FaultHandle;
  /**
   * Takes an application permission away: calls needing it (and granted by no other permission the app
   * holds) answer 403 — Authorization_RequestDenied naming it for Graph's calls, ErrorAccessDenied for Outlook's.
   */
  denyPermission(permission: string): void;
  /**
   * Gives a denied permission back, or grants one the sandbox does not grant by default (a broader one a
   * call also accepts, e.g. TeamsAppInstallation.ReadWriteForUser.All).
   */
  allowPermission(permission: string): void;
  /**
   * Narrows the app's Exchange application access policy: this mailbox (id, UPN or address), or every
   * mailbox when none is given, is left out of it, so its mail and calendar calls answer 403
   * ErrorAccessDenied "Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly
   * AccessPolicy settings." `clear` lets them back in (to the scope `mailAccessPolicy` set).
   */
  denyMailboxAccess(mailbox?: string): void;
  /**
   * Takes this user (id or UPN), or everyone when none is given, out of the Teams application access
   * policy: their onlineMeetings and recordings answer 403 Forbidden. `clear` grants it back.
   */
  denyMeetingAccess(user?: string): void;
  /** Removes every rule, every permission denied or granted and every mailbox denied: back to the defaults. */
  clear(): void;
}

export interface TrafficCounters {
  /** Requests received. */
  readonly requests: number;
  /** Requests that got past faults, the token check, permissions and limits to a handler (any status). */
  readonly served: number;
  /** 429s sent (by limits or by faults). */
  readonly throttled: number;
  /** Most requests served within any sliding window (the achieved rate). */
  readonly maxRps: number;
  /** Most requests received within any sliding window (the offered rate). */
  readonly maxOfferedRps: number;
  readonly firstAt: string | null;
  readonly lastAt: string | null;
}

export interface SandboxStats {
  readonly windowMs: number;
  readonly enforceLimits: boolean;
  readonly limits: RateLimits;
  readonly total: TrafficCounters;
  readonly byEndpoint: Readonly<Partial<Record<EndpointClass, TrafficCounters>>>;
  /** Keyed by route name, e.g. `POST /teams/{id}/members/add`. */
  readonly byRoute: Readonly<Record<string, TrafficCounters>>;
  readonly byTeam: Readonly<Record<string, TrafficCounters>>;
  readonly throttled: { readonly total: number; readonly byLimits: number; readonly byFaults: number };
  readonly faultsInjected: number;
  readonly unmatched: number;
  readonly teamsCreated: number;
  /** Display names used by more than one team (a retried create that was not idempotent). */
  readonly duplicateTeamNames: readonly { readonly displayName: string; readonly count: number }[];
  readonly membersAdded: number;
  /** Adds of people already in the team (answered as success, not duplicated). */
  readonly membersAlreadyPresent: number;
  /** Personal-scope installations made through Graph (POST /users/{id}/teamwork/installedApps answered 201). */
  readonly personalInstalls: number;
  /** Mails sendMail accepted. */
  readonly mailsSent: number;
  /** Events POST /users/{id}/events made (a replay deduped on its transactionId is not counted). */
  readonly eventsCreated: number;
}

export interface GraphSandbox {
  /** e.g. https://127.0.0.1:PORT (Graph paths under /v1.0). */
  readonly baseUrl: string;
  /** e.g. https://127.0.0.1:PORT (token endpoints under /{tenant}/...). */
  readonly authorityHost: string;
  /** The hostname to put in the Graph client's `customHosts`. */
  readonly host: string;
  readonly caCertificatePem: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly state: SandboxState;
  readonly faults: FaultInjector;
  stats(): SandboxStats;
  /** Adds (or replaces) a directory user; with `openedApp`, the catalog apps are installed for them at once. */
  addUser(user: SandboxUser): void;
  readonly personalApps: SandboxPersonalApps;
  readonly recordings: SandboxRecordings;
  /**
   * The next request recorded from now on (served, refused, faulted or held) that `matches`: what a test
   * waits on instead of a pause. Rejects if the sandbox stops first.
   */
  nextRequest(matches?: (entry: RequestLogEntry) => boolean): Promise<RequestLogEntry>;
  stop(): Promise<void>;
}
