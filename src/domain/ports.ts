import type { Community, CommunityWithCounts, Locale, Meeting, Organiser, Standing, UserIdentity } from './model';

/** What the domain needs from the outside world. storage/, graph/ and bot/ implement these. */

export interface CommunityRepository {
  /** Every community that is not archived, with live member and interest counts, ordered by name. */
  listVisible(): Promise<CommunityWithCounts[]>;
  findBySlug(slug: string): Promise<CommunityWithCounts | undefined>;
  organisersOf(communityId: string): Promise<Organiser[]>;
  nextMeetingOf(communityId: string, after: Date): Promise<Meeting | undefined>;
  recordingCountOf(communityId: string): Promise<number>;
}

export type JoinOutcome = 'joined' | 'rejoined' | 'already_member';
export type LeaveOutcome = 'left' | 'not_member';
export type InterestOutcome = 'registered' | 'already_interested';

export interface MembershipRepository {
  join(communityId: string, user: UserIdentity, at: Date): Promise<JoinOutcome>;
  leave(communityId: string, user: UserIdentity, at: Date): Promise<LeaveOutcome>;
  registerInterest(communityId: string, user: UserIdentity, at: Date): Promise<InterestOutcome>;
  /** The user's standing in every community where they are a member or interested, keyed by community id. */
  standingsOf(user: UserIdentity): Promise<Map<string, Standing>>;
}

export interface UserRepository {
  /** The language the person last chose by typing a French or English command word. */
  preferredLocale(user: UserIdentity): Promise<Locale | undefined>;
}

/**
 * The community's Teams team. Joining and leaving call it after the membership is stored.
 * The Graph-backed implementation comes with team provisioning; until a community has a team
 * the answer is `no_team`.
 */
export type TeamSyncOutcome =
  | { readonly status: 'added' | 'removed' | 'already_in_team' | 'not_in_team' }
  | { readonly status: 'no_team' }
  | { readonly status: 'failed'; readonly reason: string };

export interface TeamsDirectory {
  addMember(community: Community, user: UserIdentity): Promise<TeamSyncOutcome>;
  removeMember(community: Community, user: UserIdentity): Promise<TeamSyncOutcome>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
