import { graphError, type SandboxResponse } from './http-exchange';
import type { RouteContext } from './route';
import type { TeamRecord } from './store';

/**
 * The team a `/teams/{teamId}/...` request addresses, as Graph would see it: unknown, still
 * provisioning, failed, or inside the eventual-consistency window after creation all answer 404
 * (team-post.md: a new team may not be found for a while).
 */
export function visibleTeam(context: RouteContext): TeamRecord | SandboxResponse {
  const teamId = context.params.teamId ?? '';
  const team = context.store.teams.get(teamId.toLowerCase());
  if (!team || team.provisioning !== 'succeeded' || team.visibleFrom === null || context.request.receivedAt.getTime() < team.visibleFrom) {
    return graphError(context.request, 404, 'NotFound', `No team found with Group Id ${teamId}`);
  }
  return team;
}

export function isResponse(value: TeamRecord | SandboxResponse): value is SandboxResponse {
  return 'status' in value && typeof value.status === 'number';
}
