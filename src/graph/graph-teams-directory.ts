import type { Community, UserIdentity } from '../domain/model';
import type { TeamSyncOutcome, TeamsDirectory } from '../domain/ports';
import { type TeamsGraph, TeamsGraphFailure } from '../domain/teams-graph';

/**
 * Joining and leaving reflected in the community's Teams team through Graph. The membership is
 * already stored when this runs; a Graph failure is reported, never thrown, so the person keeps
 * their choice and is told the Teams side did not follow.
 */
export class GraphTeamsDirectory implements TeamsDirectory {
  constructor(private readonly graph: TeamsGraph) {}

  async addMember(community: Community, user: UserIdentity): Promise<TeamSyncOutcome> {
    if (!community.teamId) return { status: 'no_team' };
    try {
      const [result] = await this.graph.addMembers(community.teamId, [user]);
      if (!result) return { status: 'failed', reason: 'no_result' };
      return result.ok ? { status: 'added' } : { status: 'failed', reason: result.code };
    } catch (error) {
      return failure(error);
    }
  }

  async removeMember(community: Community, user: UserIdentity): Promise<TeamSyncOutcome> {
    if (!community.teamId) return { status: 'no_team' };
    try {
      const outcome = await this.graph.removeMember(community.teamId, user);
      // Owners are never removed by leaving: they stay in the team they run, and are told so.
      if (outcome === 'owner_kept') return { status: 'still_owner' };
      return { status: outcome === 'removed' ? 'removed' : 'not_in_team' };
    } catch (error) {
      return failure(error);
    }
  }
}

function failure(error: unknown): TeamSyncOutcome {
  if (error instanceof TeamsGraphFailure) return { status: 'failed', reason: error.kind };
  throw error;
}
