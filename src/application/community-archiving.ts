import { type Actor, type AdministrationDeps, findForOrganiser } from './community-administration';
import type { CommunityPointer } from './communities';
import type { CommunityStatus, CommunityWithCounts } from '../domain/model';
import { TeamsGraphFailure } from '../domain/teams-graph';
import { type Result, ok, refuse } from '../domain/refusals';

/**
 * What archiving a community would do, for the organiser to confirm before anything happens: archiving
 * hides the community and makes its team read-only, and a forgiving name match may not be the one meant.
 */
export interface ArchivingPreview {
  readonly community: CommunityWithCounts;
  /** `team`: it has a Teams team, which will be archived; `team_in_creation`: its team is being made. */
  readonly team: 'team' | 'team_in_creation' | 'no_team';
}

export async function previewArchiving(deps: AdministrationDeps, actor: Actor, pointer: CommunityPointer): Promise<Result<ArchivingPreview>> {
  const found = await findForOrganiser(deps, actor, pointer, 'archive');
  if (!found.ok) return found;
  const community = found.value;
  if (community.status === 'archived') return refuse({ code: 'already_archived', community: community.name });
  const team = community.teamId ? 'team' : (await deps.teamJobs.isProvisioningUnderway(community.id)) ? 'team_in_creation' : 'no_team';
  return ok({ community, team });
}

export interface UnarchivedCommunity {
  readonly community: CommunityWithCounts;
  /**
   * `unarchiving`: Graph accepted to unarchive its team (it finishes within minutes); `unarchive_failed`:
   * Graph refused or could not be reached, the team stays archived (an owner can restore it in Teams);
   * `team_in_creation`: its team is still being made; `no_team`: it has none.
   */
  readonly team: 'unarchiving' | 'unarchive_failed' | 'team_in_creation' | 'no_team';
}

/**
 * Brings an archived community back. It comes back active when it was active (it has a team or members;
 * only an active community has members), in preparation otherwise. Its team, if any, is unarchived
 * through Graph at once: unarchiving is Graph's own long-running operation, which it completes without
 * being polled; the community is back whatever Graph answers.
 */
export async function unarchiveCommunity(deps: AdministrationDeps, actor: Actor, pointer: CommunityPointer): Promise<Result<UnarchivedCommunity>> {
  const found = await findForOrganiser(deps, actor, pointer, 'unarchive');
  if (!found.ok) return found;
  const community = found.value;
  if (community.status !== 'archived') return refuse({ code: 'not_archived', community: community.name });
  // The archive job would archive the team again after this unarchives it.
  if (await deps.teamJobs.isArchivingUnderway(community.id)) return refuse({ code: 'team_archiving_underway', community: community.name });
  const status: Exclude<CommunityStatus, 'archived'> = community.teamId || community.memberCount > 0 ? 'active' : 'en_preparation';
  const restored = await deps.administration.unarchive(community.id, status, deps.clock.now());
  if (restored === 'not_archived') return refuse({ code: 'not_archived', community: community.name });
  const back = { ...community, status };
  if (!restored.teamId) {
    return ok({ community: back, team: (await deps.teamJobs.isProvisioningUnderway(community.id)) ? 'team_in_creation' : 'no_team' });
  }
  try {
    await deps.teamArchives.unarchiveTeam(restored.teamId);
    return ok({ community: back, team: 'unarchiving' });
  } catch (error) {
    if (error instanceof TeamsGraphFailure) return ok({ community: back, team: 'unarchive_failed' });
    throw error;
  }
}
