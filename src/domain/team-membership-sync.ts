import type { Community, UserIdentity } from './model';
import type { TeamSyncOutcome, TeamsDirectory } from './ports';
import { type TeamsGraph, TeamsGraphFailure } from './teams-graph';

/**
 * Joining and leaving reflected in the community's Teams team. The membership is already stored when
 * this runs; a Graph failure is reported, never thrown, so the person keeps their choice and is told the
 * Teams side did not follow.
 */
export class TeamMembershipSync implements TeamsDirectory {
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
      const membership = await this.graph.findMembership(community.teamId, user);
      if (!membership) return { status: 'not_in_team' };
      if (membership.owner) return ownerWhoLeft();
      const removed = await this.graph.removeMembership(community.teamId, membership.id);
      return { status: removed === 'removed' ? 'removed' : 'not_in_team' };
    } catch (error) {
      return failure(error);
    }
  }
}

/** Owners are never removed by leaving: they stay in the team they run, and are told so. */
function ownerWhoLeft(): TeamSyncOutcome {
  return { status: 'still_owner' };
}

function failure(error: unknown): TeamSyncOutcome {
  if (error instanceof TeamsGraphFailure) return { status: 'failed', reason: error.kind };
  throw error;
}
