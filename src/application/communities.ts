import type { Actor } from '../domain/identity';
import { matchCommunity } from '../domain/community-matching';
import type { CommunityWithCounts, Meeting, Organiser, Standing } from '../domain/model';
import type {
  Clock,
  CommunityRepository,
  InterestOutcome,
  JoinOutcome,
  LeaveOutcome,
  MembershipRepository,
  TeamSyncOutcome,
  TeamsDirectory,
} from '../domain/ports';
import { type Result, ok, refuse } from '../domain/refusals';

/** What the community use cases need; the bot and the tab API both call through here. */
export interface CommunityDeps {
  readonly communities: CommunityRepository;
  readonly memberships: MembershipRepository;
  readonly teams: TeamsDirectory;
  readonly clock: Clock;
}

/** How a person points at a community: typed words, or the slug a card button carries. */
export type CommunityPointer = { readonly query: string } | { readonly slug: string };

export const NO_STANDING: Standing = { member: false, interested: false };

export interface Catalogue {
  readonly communities: readonly CommunityWithCounts[];
  readonly standings: ReadonlyMap<string, Standing>;
}

export async function listCommunities(deps: CommunityDeps, actor: Actor): Promise<Catalogue> {
  return deps.communities.catalogueFor(actor.user);
}

export async function resolveCommunity(deps: Pick<CommunityDeps, 'communities'>, pointer: CommunityPointer): Promise<Result<CommunityWithCounts>> {
  if ('slug' in pointer) {
    const found = await deps.communities.findBySlug(pointer.slug);
    if (!found) return refuse({ code: 'community_not_found', query: pointer.slug, suggestions: [] });
    if (found.status === 'archived') return refuse({ code: 'community_archived', community: found.name });
    return ok(found);
  }
  return matchCommunity(pointer.query, await deps.communities.listVisible());
}

export interface CommunityDetails {
  readonly community: CommunityWithCounts;
  readonly organisers: readonly Organiser[];
  readonly nextMeeting: Meeting | undefined;
  readonly recordingCount: number;
  readonly standing: Standing;
}

export async function describeCommunity(
  deps: CommunityDeps,
  actor: Actor,
  pointer: CommunityPointer,
): Promise<Result<CommunityDetails>> {
  const found = await resolveCommunity(deps, pointer);
  if (!found.ok) return found;
  const community = found.value;
  const [organisers, nextMeeting, recordingCount, standings] = await Promise.all([
    deps.communities.organisersOf(community.id),
    deps.communities.nextMeetingOf(community.id, deps.clock.now()),
    deps.communities.recordingCountOf(community.id),
    deps.memberships.standingsOf(actor.user),
  ]);
  return ok({ community, organisers, nextMeeting, recordingCount, standing: standings.get(community.id) ?? NO_STANDING });
}

export interface MembershipChange<O> {
  readonly outcome: O;
  /** The community the change applied to (as read before it: re-read it for fresh counts). */
  readonly community: CommunityWithCounts;
  readonly team: TeamSyncOutcome | undefined;
}

export async function joinCommunity(
  deps: CommunityDeps,
  actor: Actor,
  pointer: CommunityPointer,
): Promise<Result<MembershipChange<JoinOutcome>>> {
  const found = await resolveCommunity(deps, pointer);
  if (!found.ok) return found;
  const community = found.value;
  if (community.status === 'en_preparation') return refuse({ code: 'community_in_preparation', community: community.name });
  const outcome = await deps.memberships.join(community.id, actor.user, deps.clock.now());
  // The membership is stored first: a Teams failure must never lose the person's choice. Joining again
  // adds to the team again (an existing team member is a success), which is how a failed add is retried.
  const team = await deps.teams.addMember(community, actor.user);
  return ok({ outcome, community, team });
}

export async function leaveCommunity(
  deps: CommunityDeps,
  actor: Actor,
  pointer: CommunityPointer,
): Promise<Result<MembershipChange<LeaveOutcome>>> {
  const found = await resolveCommunity(deps, pointer);
  if (!found.ok) return found;
  const community = found.value;
  const outcome = await deps.memberships.leave(community.id, actor.user, deps.clock.now());
  const team = outcome === 'left' ? await deps.teams.removeMember(community, actor.user) : undefined;
  return ok({ outcome, community, team });
}

export async function registerInterest(
  deps: CommunityDeps,
  actor: Actor,
  pointer: CommunityPointer,
): Promise<Result<MembershipChange<InterestOutcome>>> {
  const found = await resolveCommunity(deps, pointer);
  if (!found.ok) return found;
  const community = found.value;
  if (community.status === 'active') return refuse({ code: 'community_already_active', community: community.name });
  const outcome = await deps.memberships.registerInterest(community.id, actor.user, deps.clock.now());
  return ok({ outcome, community, team: undefined });
}

export interface MyCommunities {
  readonly memberOf: readonly CommunityWithCounts[];
  readonly interestedIn: readonly CommunityWithCounts[];
}

export async function listMyCommunities(deps: CommunityDeps, actor: Actor): Promise<MyCommunities> {
  const { communities, standings } = await listCommunities(deps, actor);
  return {
    memberOf: communities.filter((c) => standings.get(c.id)?.member),
    interestedIn: communities.filter((c) => standings.get(c.id)?.interested && !standings.get(c.id)?.member),
  };
}
