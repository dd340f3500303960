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
  /** Never removes an owner. */
  removeMember(teamId: string, user: UserIdentity): Promise<'removed' | 'not_member' | 'owner_kept'>;
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

export interface GuestInvitation {
  readonly email: string;
  readonly displayName: string;
  readonly redirectUrl: string;
}

/**
 * Why a Graph call did not succeed, in terms the provisioning can act on:
 * - `permission_denied`: an application permission is missing (stop, tell the organiser which one);
 * - `bad_request`, `not_found`, `conflict`: permanent for this input (stop and report);
 * - `throttled`, `unavailable`, `timeout`: transient, retries inside the gateway ran out (try again later).
 */
export type TeamsGraphFailureKind =
  | 'permission_denied'
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
