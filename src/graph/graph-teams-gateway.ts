import { type Client, ResponseType } from '@microsoft/microsoft-graph-client';
import type { UserIdentity } from '../domain/model';
import {
  type GuestInvitation,
  type MemberAddResult,
  type OperationStatus,
  type TeamCreationRequest,
  type TeamsGraph,
  TeamsGraphFailure,
} from '../domain/teams-graph';
import type { GraphClientHandle } from './graph-client';
import { type GraphCall, graphErrorOfItem, teamsGraphFailureOf, teamsGraphFailureOfResponse } from './graph-errors';
import { ReplaySafety } from './throttled-retry-middleware';

/** members/add takes at most 200 members per request (reference/teams-graph-facts.md §2.2). */
export const MEMBERS_ADD_BATCH_SIZE = 200;

/**
 * TeamsGraph over the Graph SDK client: the only place Graph's request and response shapes appear
 * (reference/teams-graph-facts.md §1, §2, §4). Throttling and transient retries happen in the client's
 * middleware; what leaves this class is a result or a TeamsGraphFailure.
 */
export class GraphTeamsGateway implements TeamsGraph {
  private readonly client: Client;
  /** Absolute `@odata.bind` URLs point at the same Graph as the client (graph.microsoft.com, or the sandbox). */
  private readonly bindBase: string;

  constructor(
    private readonly graph: GraphClientHandle,
    baseUrl: string,
  ) {
    this.client = graph.client;
    this.bindBase = `${baseUrl.replace(/\/+$/, '')}/v1.0`;
  }

  /** Closes idle connections to Graph. */
  close(): void {
    this.graph.close();
  }

  async startTeamCreation(request: TeamCreationRequest): Promise<{ teamId: string; operation: string }> {
    const response = await this.call('createTeam', () =>
      this.client
        .api('/teams')
        // A POST /teams that timed out may have created the team: never replay it, let the job adopt it instead.
        .middlewareOptions([new ReplaySafety(false)])
        .responseType(ResponseType.RAW)
        .post(this.teamCreationBody(request)),
    );
    const accepted = await this.expectOk(response, 'createTeam');
    const operation = accepted.headers.get('location');
    const teamId = teamIdInPath(operation) ?? teamIdInPath(accepted.headers.get('content-location'));
    if (!operation || !teamId) throw new Error(`Graph createTeam answered ${accepted.status} without a usable Location header`);
    return { teamId, operation };
  }

  async findTeamCreatedSince(displayName: string, since: Date): Promise<string | undefined> {
    const filter = `displayName eq '${displayName.replace(/'/g, "''")}'`;
    const groups: GroupItem[] = [];
    let page: Page<GroupItem> = await this.call('findGroups', () =>
      this.client.api('/groups').filter(encodeURIComponent(filter)).select('id,displayName,createdDateTime').get(),
    );
    groups.push(...page.value);
    while (page['@odata.nextLink']) {
      const next = page['@odata.nextLink'];
      page = await this.call('findGroups', () => this.client.api(next).get());
      groups.push(...page.value);
    }
    const adoptable = groups
      // Graph's eq on displayName ignores case; a resumed job wants its own team, named exactly.
      .filter((group) => group.displayName === displayName && Date.parse(group.createdDateTime) >= since.getTime())
      .sort((a, b) => Date.parse(a.createdDateTime) - Date.parse(b.createdDateTime));
    return adoptable[0]?.id;
  }

  async pollOperation(operation: string): Promise<OperationStatus> {
    let body: TeamsAsyncOperation;
    try {
      body = await this.call('readTeam', () => this.client.api(operation).get());
    } catch (error) {
      // [unverified] Like the team itself, an operation can be unknown for a moment right after the 202 (§1.1).
      if (isNotFound(error)) return { status: 'running' };
      throw error;
    }
    switch (body.status) {
      case 'succeeded': {
        const teamId = body.targetResourceId ?? teamIdInPath(operation);
        if (!teamId) throw new Error(`Graph operation ${operation} succeeded without a targetResourceId`);
        return { status: 'succeeded', teamId };
      }
      case 'failed':
        return { status: 'failed', code: body.error?.code ?? 'Unknown', message: body.error?.message ?? '' };
      default:
        return { status: 'running' };
    }
  }

  async reachTeam(teamId: string): Promise<{ readonly webUrl: string | undefined } | undefined> {
    try {
      const team: { webUrl?: unknown } = await this.call('readTeam', () => this.client.api(`/teams/${segment(teamId)}`).select('id,webUrl').get());
      return { webUrl: typeof team.webUrl === 'string' && team.webUrl.startsWith('https://') ? team.webUrl : undefined };
    } catch (error) {
      // A team answers 404 for a while after its creation succeeded (eventual consistency, §1.2).
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async isTeamReachable(teamId: string): Promise<boolean> {
    return (await this.reachTeam(teamId)) !== undefined;
  }

  async findCatalogApp(manifestId: string): Promise<string | undefined> {
    const filter = `externalId eq '${manifestId.replace(/'/g, "''")}'`;
    const page: Page<CatalogAppItem> = await this.call('findCatalogApp', () =>
      this.client.api('/appCatalogs/teamsApps').filter(encodeURIComponent(filter)).get(),
    );
    return page.value[0]?.id;
  }

  async installApp(teamId: string, catalogAppId: string): Promise<'installed' | 'already_installed'> {
    try {
      await this.call('installApp', () =>
        this.client
          .api(`/teams/${segment(teamId)}/installedApps`)
          .post({ 'teamsApp@odata.bind': `${this.bindBase}/appCatalogs/teamsApps/${segment(catalogAppId)}` }),
      );
      return 'installed';
    } catch (error) {
      // Graph answers 409 Conflict for an app the team already has (§4.2, as Company Communicator reads it).
      if (error instanceof TeamsGraphFailure && error.kind === 'conflict') return 'already_installed';
      throw error;
    }
  }

  async addMembers(teamId: string, users: readonly UserIdentity[]): Promise<MemberAddResult[]> {
    const results: MemberAddResult[] = [];
    for (let start = 0; start < users.length; start += MEMBERS_ADD_BATCH_SIZE) {
      const batch = users.slice(start, start + MEMBERS_ADD_BATCH_SIZE);
      // 200 when all were added, 207 with one result per member when some were not (§2.2).
      const answer: Page<MemberAddResultItem> = await this.call('members', () =>
        this.client.api(`/teams/${segment(teamId)}/members/add`).post({ values: batch.map((user) => this.memberBody(user, [])) }),
      );
      results.push(...batch.map((user) => memberAddResultOf(user, answer.value)));
    }
    return results;
  }

  async removeMember(teamId: string, user: UserIdentity): Promise<'removed' | 'not_member' | 'owner_kept'> {
    const filter = `(microsoft.graph.aadUserConversationMember/userId eq '${user.aadObjectId.replace(/'/g, "''")}')`;
    const page: Page<ConversationMemberItem> = await this.call('members', () =>
      this.client.api(`/teams/${segment(teamId)}/members`).filter(encodeURIComponent(filter)).get(),
    );
    const membership = page.value.find((member) => sameId(member.userId, user.aadObjectId));
    if (!membership) return 'not_member';
    if (membership.roles?.some((role) => role.toLowerCase() === 'owner')) return 'owner_kept';
    try {
      await this.call('members', () => this.client.api(`/teams/${segment(teamId)}/members/${segment(membership.id)}`).delete());
      return 'removed';
    } catch (error) {
      if (isNotFound(error)) return 'not_member'; // removed meanwhile, by someone else or an earlier attempt
      throw error;
    }
  }

  async archiveTeam(teamId: string): Promise<{ operation: string }> {
    const response = await this.call('archiveTeam', () =>
      this.client.api(`/teams/${segment(teamId)}/archive`).responseType(ResponseType.RAW).post({}),
    );
    const accepted = await this.expectOk(response, 'archiveTeam');
    const operation = accepted.headers.get('location');
    if (!operation) throw new Error(`Graph archiveTeam answered ${accepted.status} without a Location header`);
    return { operation };
  }

  async unarchiveTeam(teamId: string): Promise<{ operation: string }> {
    const response = await this.call('archiveTeam', () =>
      this.client.api(`/teams/${segment(teamId)}/unarchive`).responseType(ResponseType.RAW).post({}),
    );
    const accepted = await this.expectOk(response, 'archiveTeam');
    const operation = accepted.headers.get('location');
    if (!operation) throw new Error(`Graph unarchiveTeam answered ${accepted.status} without a Location header`);
    return { operation };
  }

  async inviteGuest(request: GuestInvitation): Promise<{ aadObjectId: string }> {
    const invitation: InvitationItem = await this.call('inviteGuest', () =>
      this.client.api('/invitations').post({
        invitedUserEmailAddress: request.email,
        invitedUserDisplayName: request.displayName,
        inviteRedirectUrl: request.redirectUrl,
        sendInvitationMessage: true,
      }),
    );
    const aadObjectId = invitation.invitedUser?.id;
    if (!aadObjectId) throw new Error('Graph inviteGuest answered without invitedUser.id');
    return { aadObjectId };
  }

  private teamCreationBody(request: TeamCreationRequest): object {
    return {
      'template@odata.bind': `${this.bindBase}/teamsTemplates('standard')`,
      displayName: request.displayName,
      description: request.description,
      // App-only creation must name an owner (§1.1).
      members: [this.memberBody(request.owner, ['owner'])],
    };
  }

  private memberBody(user: UserIdentity, roles: string[]): object {
    return {
      '@odata.type': '#microsoft.graph.aadUserConversationMember',
      roles,
      'user@odata.bind': `${this.bindBase}/users('${segment(user.aadObjectId)}')`,
    };
  }

  /** Runs one SDK call, turning whatever it throws into a TeamsGraphFailure. */
  private async call<T>(call: GraphCall, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw teamsGraphFailureOf(error, call);
    }
  }

  /** Raw responses are not checked by the SDK. */
  private async expectOk(response: Response, call: GraphCall): Promise<Response> {
    if (!response.ok) throw await teamsGraphFailureOfResponse(response, call);
    return response;
  }
}

interface Page<T> {
  readonly value: readonly T[];
  readonly '@odata.nextLink'?: string;
}
interface GroupItem {
  readonly id: string;
  readonly displayName: string;
  readonly createdDateTime: string;
}
interface CatalogAppItem {
  readonly id: string;
  readonly externalId?: string;
}
interface TeamsAsyncOperation {
  readonly status: 'invalid' | 'notStarted' | 'inProgress' | 'succeeded' | 'failed';
  readonly targetResourceId?: string | null;
  readonly error?: { readonly code?: string; readonly message?: string } | null;
}
interface MemberAddResultItem {
  readonly userId?: string;
  readonly error?: unknown;
}
interface ConversationMemberItem {
  readonly id: string;
  readonly userId?: string;
  readonly roles?: readonly string[];
}
interface InvitationItem {
  readonly invitedUser?: { readonly id?: string };
}

function memberAddResultOf(user: UserIdentity, answers: readonly MemberAddResultItem[]): MemberAddResult {
  const answer = answers.find((item) => sameId(item.userId, user.aadObjectId));
  if (!answer) return { user, ok: false, code: 'NoResult', message: 'Graph returned no result for this member' };
  const error = graphErrorOfItem(answer);
  return error ? { user, ok: false, code: error.code, message: error.message } : { user, ok: true };
}

/** The team id in `/teams('id')/operations('op')` or `/teams('id')` (Location and Content-Location of a 202). */
function teamIdInPath(path: string | null): string | undefined {
  if (!path) return undefined;
  return /\/teams(?:\('([^')]+)'\)|\/([^/?]+))/.exec(path)?.slice(1).find((id) => id !== undefined);
}

function segment(id: string): string {
  return encodeURIComponent(id);
}

function sameId(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

function isNotFound(error: unknown): boolean {
  return error instanceof TeamsGraphFailure && error.kind === 'not_found';
}
