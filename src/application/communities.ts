import type { Outbox } from '../domain/delivery/outbox';
import type { Actor } from '../domain/identity';
import { personalInvitationEntries } from '../domain/meetings/meeting-entries';
import type { MeetingFigures, MeetingStore } from '../domain/meetings/meeting-ports';
import type { Transactions } from '../domain/provisioning-ports';
import { matchCommunity } from '../domain/community-matching';
import type { CommunityWithCounts, Meeting, Organiser, Standing } from '../domain/model';
import type {
  Administrators,
  CataloguePage,
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
import { yearlyReminderDue } from './meeting-routines';

/** What the community use cases need; the bot and the tab API both call through here. */
export interface CommunityDeps {
  readonly communities: CommunityRepository;
  readonly memberships: MembershipRepository;
  readonly teams: TeamsDirectory;
  readonly clock: Clock;
  /** Meetings as a community's card and a newcomer see them; without it, the card has no figures and joiners get no invitations. */
  readonly meetings?: CommunityMeetingDeps;
}

export interface CommunityMeetingDeps {
  readonly meetings: Pick<MeetingStore, 'inPersonAround' | 'figuresOf' | 'upcoming'>;
  /** Administrators see the yearly rule's hint on every community, as its organisers do. */
  readonly administrators: Administrators;
  readonly outbox: Outbox;
  readonly transactions: Transactions;
}

const YEAR_MS = 365 * 86_400_000;

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

/** One page of the catalogue as the tab shows it (every community, with the viewer's standing, organisers, next meeting, recordings). */
export async function catalogueEntries(deps: CommunityDeps, actor: Actor, offset: number, limit: number): Promise<CataloguePage> {
  return deps.communities.cataloguePage(actor.user, deps.clock.now(), offset, limit);
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
  /** Meetings held in the past 12 months and their attendance (undefined without meeting deps). */
  readonly meetingFigures: MeetingFigures | undefined;
  /** For its organisers and administrators only: the community lacks its yearly in-person meeting. */
  readonly yearlyRuleDue: boolean;
}

export async function describeCommunity(
  deps: CommunityDeps,
  actor: Actor,
  pointer: CommunityPointer,
): Promise<Result<CommunityDetails>> {
  const found = await resolveCommunity(deps, pointer);
  if (!found.ok) return found;
  const community = found.value;
  const now = deps.clock.now();
  const [organisers, nextMeeting, recordingCount, standings, meetingFigures] = await Promise.all([
    deps.communities.organisersOf(community.id),
    deps.communities.nextMeetingOf(community.id, now),
    deps.communities.recordingCountOf(community.id),
    deps.memberships.standingsOf(actor.user),
    deps.meetings?.meetings.figuresOf(community.id, new Date(now.getTime() - YEAR_MS), now),
  ]);
  const organises = organisers.some((o) => o.tenantId === actor.user.tenantId && o.aadObjectId === actor.user.aadObjectId) || deps.meetings?.administrators.includes(actor.user) === true;
  // The same rule as the organisers' monthly reminder (meeting-routines), asked only of those who can act on it.
  const yearlyRuleDue = organises && deps.meetings !== undefined && (await yearlyReminderDue(deps.meetings, community, now));
  return ok({ community, organisers, nextMeeting, recordingCount, standing: standings.get(community.id) ?? NO_STANDING, meetingFigures, yearlyRuleDue });
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
  const outcome = await joinWithInvitations(deps, actor, community.id, deps.clock.now());
  // The membership is stored first: a Teams failure must never lose the person's choice. Joining again
  // adds to the team again (an existing team member is a success), which is how a failed add is retried.
  const team = await deps.teams.addMember(community, actor.user);
  return ok({ outcome, community, team });
}

/**
 * The membership, and for a newcomer the RSVP card of every meeting ahead that was scheduled before they
 * joined (1:1, as the members invited then got it; the channel already has its summary), in one
 * transaction: a crash between the two would leave a member who is never invited, since joining again
 * finds them a member. The invitation's key (meeting, person) makes a rejoin after leaving send nothing twice.
 */
async function joinWithInvitations(deps: CommunityDeps, actor: Actor, communityId: string, now: Date): Promise<JoinOutcome> {
  const meetings = deps.meetings;
  // Read before the transaction: on the embedded database a read outside it would wait for it.
  const ahead = meetings ? (await meetings.meetings.upcoming([communityId], now, 100)).filter((o) => o.meeting.startsAt.getTime() > now.getTime()) : [];
  if (!meetings || ahead.length === 0) return deps.memberships.join(communityId, actor.user, now);
  return meetings.transactions.run(async (tx) => {
    const outcome = await deps.memberships.join(communityId, actor.user, now, tx);
    if (outcome !== 'already_member') for (const { meeting } of ahead) await meetings.outbox.enqueue(tx, personalInvitationEntries(meeting, [actor.user]));
    return outcome;
  });
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
