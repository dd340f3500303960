import { ResponseType } from '@microsoft/microsoft-graph-client';
import type { Group, Team, TeamsAsyncOperation, TeamsAsyncOperationStatus } from '@microsoft/microsoft-graph-types';
import { z } from 'zod';
import type { OperationStatus, TeamCreationRequest, TeamsGraph } from '../domain/teams-graph';
import { type GraphCalls, type MemberBinding, isNotFound, odataString, pageOf, segment } from './graph-calls';
import { ReplaySafety } from './throttled-retry-middleware';

/** POST /teams as app-only creation takes it (reference/teams-graph-facts.md §1.1). */
type TeamCreationBody = Team & { readonly 'template@odata.bind': string; readonly members: MemberBinding[] };

const STATUSES = ['invalid', 'notStarted', 'inProgress', 'succeeded', 'failed', 'unknownFutureValue'] as const satisfies readonly TeamsAsyncOperationStatus[];

/** GET of a teamsAsyncOperation (§1.2); a status Graph adds later reads as Graph's own `unknownFutureValue`. */
const operationSchema = z.object({
  status: z.enum(STATUSES).catch('unknownFutureValue'),
  targetResourceId: z.string().nullish(),
  error: z.object({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
}) satisfies z.ZodType<TeamsAsyncOperation>;

/** The link goes on the organiser's card: anything but a string is no link. */
const teamSchema = z.object({ webUrl: z.string().nullish().catch(null) }) satisfies z.ZodType<Team>;

const groupPageSchema = pageOf(
  z.object({ id: z.string(), displayName: z.string().nullish(), createdDateTime: z.string().nullish() }) satisfies z.ZodType<Group>,
);

/** Teams and their long-running operations (create, archive), and the groups behind them (§1). */
export class TeamsAdapter implements Pick<TeamsGraph, 'startTeamCreation' | 'findTeamCreatedSince' | 'pollOperation' | 'reachTeam' | 'archiveTeam' | 'unarchiveTeam'> {
  constructor(private readonly calls: GraphCalls) {}

  async startTeamCreation(request: TeamCreationRequest): Promise<{ teamId: string; operation: string }> {
    const body: TeamCreationBody = {
      'template@odata.bind': `${this.calls.bindBase}/teamsTemplates('standard')`,
      displayName: request.displayName,
      description: request.description,
      // App-only creation must name an owner (§1.1).
      members: [this.calls.memberBinding(request.owner, ['owner'])],
    };
    const accepted = await this.calls.accepted('createTeam', () =>
      this.calls.client
        .api('/teams')
        // A POST /teams that timed out may have created the team: never replay it, let the job adopt it instead.
        .middlewareOptions([new ReplaySafety(false)])
        .responseType(ResponseType.RAW)
        .post(body),
    );
    const operation = accepted.headers.get('location');
    const teamId = teamIdInPath(operation) ?? teamIdInPath(accepted.headers.get('content-location'));
    if (!operation || !teamId) throw new Error(`Graph createTeam answered ${accepted.status} without a usable Location header`);
    return { teamId, operation };
  }

  async findTeamCreatedSince(displayName: string, since: Date): Promise<string | undefined> {
    const filter = `displayName eq ${odataString(displayName)}`;
    let page = await this.calls.read('findGroups', groupPageSchema, () =>
      this.calls.client.api('/groups').filter(encodeURIComponent(filter)).select('id,displayName,createdDateTime').get(),
    );
    const groups = [...page.value];
    for (let next = page['@odata.nextLink']; next; next = page['@odata.nextLink']) {
      const link = next;
      page = await this.calls.read('findGroups', groupPageSchema, () => this.calls.client.api(link).get());
      groups.push(...page.value);
    }
    const createdAt = (group: { createdDateTime?: string | null | undefined }) => Date.parse(group.createdDateTime ?? '');
    const adoptable = groups
      // Graph's eq on displayName ignores case; a resumed job wants its own team, named exactly.
      .filter((group) => group.displayName === displayName && createdAt(group) >= since.getTime())
      .sort((a, b) => createdAt(a) - createdAt(b));
    return adoptable[0]?.id;
  }

  async pollOperation(operation: string): Promise<OperationStatus> {
    let body: z.infer<typeof operationSchema>;
    try {
      body = await this.calls.read('readTeam', operationSchema, () => this.calls.client.api(operation).get());
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
      const team = await this.calls.read('readTeam', teamSchema, () => this.calls.client.api(`/teams/${segment(teamId)}`).select('id,webUrl').get());
      return { webUrl: team.webUrl?.startsWith('https://') ? team.webUrl : undefined };
    } catch (error) {
      // A team answers 404 for a while after its creation succeeded (eventual consistency, §1.2).
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  archiveTeam(teamId: string): Promise<{ operation: string }> {
    return this.startTeamOperation(teamId, 'archive');
  }

  unarchiveTeam(teamId: string): Promise<{ operation: string }> {
    return this.startTeamOperation(teamId, 'unarchive');
  }

  /** archive and unarchive answer 202 with the operation to follow in Location (§1.4). */
  private async startTeamOperation(teamId: string, action: 'archive' | 'unarchive'): Promise<{ operation: string }> {
    const accepted = await this.calls.accepted('archiveTeam', () =>
      this.calls.client.api(`/teams/${segment(teamId)}/${action}`).responseType(ResponseType.RAW).post({}),
    );
    const operation = accepted.headers.get('location');
    if (!operation) throw new Error(`Graph ${action}Team answered ${accepted.status} without a Location header`);
    return { operation };
  }
}

/** The team id in `/teams('id')/operations('op')` or `/teams('id')` (Location and Content-Location of a 202). */
function teamIdInPath(path: string | null): string | undefined {
  if (!path) return undefined;
  return /\/teams(?:\('([^')]+)'\)|\/([^/?]+))/.exec(path)?.slice(1).find((id) => id !== undefined);
}
