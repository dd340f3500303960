import type { UserIdentity } from './model';

/**
 * Microsoft Graph as team provisioning needs it. graph/ implements it with the Graph SDK; the domain
 * only sees these plain shapes. Throttling and transient retries happen inside the implementation;
 * what reaches the domain is either a result or a TeamsGraphFailure.
 */
export interface TeamsGraph {
  /** POST /teams with the owner (app-only creation needs one). Returns the team id and the operation to poll. */
  startTeamCreation(request: TeamCreationRequest): Promise<{ readonly teamId: string; readonly operation: string }>;
  /**
   * A team this app may already have created before a crash: same display name, created at or after
   * `since`. Lets a resumed job adopt it instead of creating a second one.
   */
  findTeamCreatedSince(displayName: string, since: Date): Promise<string | undefined>;
  /** GET the teamsAsyncOperation; `running` covers notStarted and inProgress. */
  pollOperation(operation: string): Promise<OperationStatus>;
  /**
   * The team and its Teams link; undefined while Graph still answers 404 for a team that was just
   * created (eventual consistency).
   */
  reachTeam(teamId: string): Promise<{ readonly webUrl: string | undefined } | undefined>;
  /** The org-catalog id of our app, looked up from the manifest id (externalId); undefined if not published. */
  findCatalogApp(manifestId: string): Promise<string | undefined>;
  installApp(teamId: string, catalogAppId: string): Promise<'installed' | 'already_installed'>;
  /** members/add in batches of at most 200; an existing member is a success. One result per user, in order. */
  addMembers(teamId: string, users: readonly UserIdentity[]): Promise<MemberAddResult[]>;
  /** The user's membership of the team, if they have one. */
  findMembership(teamId: string, user: UserIdentity): Promise<TeamMembership | undefined>;
  /** `not_member` when the membership is gone already (removed meanwhile). */
  removeMembership(teamId: string, membershipId: string): Promise<'removed' | 'not_member'>;
  archiveTeam(teamId: string): Promise<{ readonly operation: string }>;
  /** POST /teams/{id}/unarchive: a long-running operation like archiving (202 + Location). */
  unarchiveTeam(teamId: string): Promise<{ readonly operation: string }>;
  /** B2B invitation of an external person; returns their new (guest) object id. */
  inviteGuest(request: GuestInvitation): Promise<{ readonly aadObjectId: string }>;
}

export interface TeamCreationRequest {
  readonly displayName: string;
  readonly description: string;
  readonly owner: UserIdentity;
}

export type OperationStatus =
  | { readonly status: 'running' }
  | { readonly status: 'succeeded'; readonly teamId: string }
  | { readonly status: 'failed'; readonly code: string; readonly message: string };

export type MemberAddResult =
  | { readonly user: UserIdentity; readonly ok: true }
  | { readonly user: UserIdentity; readonly ok: false; readonly code: string; readonly message: string };

export interface TeamMembership {
  /** Graph's id of the membership (not the user's id): what removing it takes. */
  readonly id: string;
  readonly owner: boolean;
}

export interface GuestInvitation {
  readonly email: string;
  readonly displayName: string;
  readonly redirectUrl: string;
}

/**
 * Why a Graph call did not succeed, in terms the provisioning can act on:
 * - `permission_denied`: an application permission is missing (stop, tell the organiser which one);
 * - `credential_rejected`: Entra ID would not give the app a token (wrong or expired secret, unknown app
 *   or tenant): no Graph call was made; stop and say which setting to fix;
 * - `bad_request`, `not_found`, `conflict`: permanent for this input (stop and report);
 * - `throttled`, `unavailable`, `timeout`: transient, retries inside the gateway ran out (try again later).
 */
export type TeamsGraphFailureKind =
  | 'permission_denied'
  | 'credential_rejected'
  | 'bad_request'
  | 'not_found'
  | 'conflict'
  | 'throttled'
  | 'unavailable'
  | 'timeout';

export class TeamsGraphFailure extends Error {
  constructor(
    readonly kind: TeamsGraphFailureKind,
    message: string,
    readonly details: {
      readonly status?: number;
      readonly code?: string;
      /** The Graph permission named in a 403, e.g. "Team.Create". */
      readonly permission?: string;
      /** Why Entra ID refused the credential, for `credential_rejected`. */
      readonly credential?: CredentialProblem;
      readonly retryAfterMs?: number;
    } = {},
  ) {
    super(message);
    this.name = 'TeamsGraphFailure';
  }

  get transient(): boolean {
    return this.kind === 'throttled' || this.kind === 'unavailable' || this.kind === 'timeout';
  }
}

/**
 * What Entra ID said about the app's credential, by AADSTS code: the secret is wrong (7000215) or
 * expired (7000222), the client id is unknown in the tenant (700016), the tenant does not exist (90002),
 * or another refusal. `aadsts` keeps the code for the organiser's card and the logs.
 */
export interface CredentialProblem {
  readonly reason: 'invalid_secret' | 'expired_secret' | 'unknown_client' | 'unknown_tenant' | 'other';
  readonly aadsts: string | undefined;
}
