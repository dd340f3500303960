import type { Community, UserIdentity } from '../domain/model';
import type { TeamSyncOutcome, TeamsDirectory } from '../domain/ports';

/**
 * The TeamsDirectory used until Graph team provisioning is configured: communities have no Teams team
 * yet, so there is nobody to add. A community that somehow has a team id is reported as a failure
 * (never silently "added"), so the member is told and the membership stays saved.
 */
export class UnprovisionedTeamsDirectory implements TeamsDirectory {
  async addMember(community: Community, _user: UserIdentity): Promise<TeamSyncOutcome> {
    return community.teamId ? { status: 'failed', reason: 'graph_not_configured' } : { status: 'no_team' };
  }

  async removeMember(community: Community, _user: UserIdentity): Promise<TeamSyncOutcome> {
    return community.teamId ? { status: 'failed', reason: 'graph_not_configured' } : { status: 'no_team' };
  }
}
