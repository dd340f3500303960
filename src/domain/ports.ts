import type { Community, CommunityStatus, CommunityWithCounts, Localized, Locale, Meeting, Organiser, Standing, UserIdentity } from './model';
import type { Transaction } from './provisioning-ports';

/** What the domain needs from the outside world. storage/, graph/ and bot/ implement these. */

export interface CommunityRepository {
  /** Every community that is not archived, with live member and interest counts, ordered by name. */
  listVisible(): Promise<CommunityWithCounts[]>;
  /**
   * The same, with the person's standing in each (only where they are a member or interested), read
   * together so the catalogue costs one round trip and both halves come from the same moment.
   */
  catalogueFor(user: UserIdentity): Promise<{ communities: CommunityWithCounts[]; standings: Map<string, Standing> }>;
  /**
   * One page of the catalogue (the order of listVisible) with, for each community, what the tab shows:
   * the person's standing, its organisers, its next meeting after `after`, its recording count.
   */
  cataloguePage(user: UserIdentity, after: Date, offset: number, limit: number): Promise<CataloguePage>;
  findBySlug(slug: string): Promise<CommunityWithCounts | undefined>;
  organisersOf(communityId: string): Promise<Organiser[]>;
  nextMeetingOf(communityId: string, after: Date): Promise<Meeting | undefined>;
  recordingCountOf(communityId: string): Promise<number>;
  /** The community whose Teams team has this Graph group id, if any. */
  findByTeamId(teamId: string): Promise<CommunityWithCounts | undefined>;
  /** Remembers the team's General channel (where community-wide cards go). */
  recordGeneralChannel(communityId: string, channelId: string): Promise<void>;
}

export interface CatalogueEntry {
  readonly community: CommunityWithCounts;
  readonly standing: Standing;
  readonly organisers: readonly Organiser[];
  readonly nextMeeting: Meeting | undefined;
  readonly recordingCount: number;
  /** Its team's General channel, once known (the tab's deep link). */
  readonly generalChannelId?: string | undefined;
}

export interface CataloguePage {
  readonly entries: readonly CatalogueEntry[];
  /** Every community not archived. */
  readonly total: number;
}

export type JoinOutcome = 'joined' | 'rejoined' | 'already_member';
export type LeaveOutcome = 'left' | 'not_member';
export type InterestOutcome = 'registered' | 'already_interested';

export interface MembershipRepository {
  /** `tx`: joined in that transaction (with the newcomer's invitations), committed with it or not at all. */
  join(communityId: string, user: UserIdentity, at: Date, tx?: Transaction): Promise<JoinOutcome>;
  leave(communityId: string, user: UserIdentity, at: Date): Promise<LeaveOutcome>;
  registerInterest(communityId: string, user: UserIdentity, at: Date): Promise<InterestOutcome>;
  /** The user's standing in every community where they are a member or interested, keyed by community id. */
  standingsOf(user: UserIdentity): Promise<Map<string, Standing>>;
}

/** The two languages known of a person: the one they chose with `préférences`, the one they last used. */
export interface PersonLanguages {
  /** Chosen explicitly (`préférences langue en`); undefined: follow the language used. */
  readonly chosen: Locale | undefined;
  /** The language of the French or English command word they last typed. */
  readonly lastUsed: Locale | undefined;
}

export interface UserRepository {
  languagesOf(user: UserIdentity): Promise<PersonLanguages>;
}

/**
 * The community's Teams team. Joining and leaving call it after the membership is stored.
 * The Graph-backed implementation comes with team provisioning; until a community has a team
 * the answer is `no_team`.
 */
export type TeamSyncOutcome =
  | { readonly status: 'added' | 'removed' | 'already_in_team' | 'not_in_team' }
  /** Leaving does not remove an owner from the team: they still run it until they hand it over. */
  | { readonly status: 'still_owner' }
  | { readonly status: 'no_team' }
  | { readonly status: 'failed'; readonly reason: string };

export interface TeamsDirectory {
  addMember(community: Community, user: UserIdentity): Promise<TeamSyncOutcome>;
  removeMember(community: Community, user: UserIdentity): Promise<TeamSyncOutcome>;
}

/** A person the app has met (they wrote to the bot, or organise a community), by the name Teams shows. */
export interface KnownPerson {
  readonly user: UserIdentity;
  readonly displayName: string;
}

export interface NewCommunity {
  readonly slug: string;
  readonly name: Localized;
  readonly summary: Localized;
  readonly description: Localized;
  readonly status: Exclude<CommunityStatus, 'archived'>;
  readonly timeZone: string;
  /** Whether external people may join its team as guests; absent, they may not (the column's default). */
  readonly guestsAllowed?: boolean;
}

/** What creating, launching and archiving communities read and write. */
export interface CommunityAdministrationRepository {
  /** Every community, archived ones included, with counts. */
  listAll(): Promise<CommunityWithCounts[]>;
  /** Ids of the communities this person organises. */
  communitiesOrganisedBy(user: UserIdentity): Promise<Set<string>>;
  /** People of this tenant the app knows by name: co-organisers are chosen among them. */
  knownPeople(tenantId: string): Promise<KnownPerson[]>;
  /**
   * Stores the community and its organisers in one transaction; an active community also gets its
   * organisers as members. `slug_taken` when another community took the slug meanwhile.
   */
  create(community: NewCommunity, organisers: readonly KnownPerson[], at: Date): Promise<CommunityWithCounts | 'slug_taken'>;
  /**
   * In one transaction: en_preparation → active, every interest becomes a membership (organisers become
   * members too). Returns the people whose interest was converted, or `not_in_preparation` when the
   * community was not (any more) in preparation, e.g. launched at the same moment by someone else.
   */
  launch(communityId: string, at: Date): Promise<{ readonly converted: UserIdentity[] } | 'not_in_preparation'>;
  /** Sets the status to archived; `already_archived` if it was. Returns the team to archive, if any. */
  archive(communityId: string, at: Date): Promise<{ readonly teamId: string | null } | 'already_archived'>;
  /** Sets an archived community's status back to `status`; `not_archived` if it was not archived (any more). */
  unarchive(communityId: string, status: Exclude<CommunityStatus, 'archived'>, at: Date): Promise<{ readonly teamId: string | null } | 'not_archived'>;
}

export type ExternalMemberStatus = 'invited' | 'added' | 'not_allowed' | 'failed';

/** Someone outside the tenant an organiser brought to a community, with what came of it. */
export interface ExternalMember {
  readonly communityId: string;
  readonly email: string;
  readonly displayName: string;
  /** The guest account Graph made, once invited. */
  readonly guestAadObjectId: string | null;
  readonly status: ExternalMemberStatus;
  /** Why it is not `added`: `guests_not_allowed`, `no_team`, a Graph failure kind or code. */
  readonly reason: string | null;
  readonly invitedAt: Date;
}

/** The per-community guest setting and the externals brought in. */
export interface ExternalMemberRepository {
  guestsAllowed(communityId: string): Promise<boolean>;
  /** `changed` when the setting was different before. */
  setGuestsAllowed(communityId: string, allowed: boolean, at: Date): Promise<'changed' | 'unchanged'>;
  /** By e-mail, case aside. */
  find(communityId: string, email: string): Promise<ExternalMember | undefined>;
  /** Inserts, or replaces the row of the same community and e-mail (case aside). */
  record(member: ExternalMember): Promise<void>;
}

/**
 * Archives or unarchives a Teams team straight away: Graph accepts the request and finishes the
 * long-running operation in the background. graph/ implements it.
 */
export interface TeamArchives {
  archiveTeam(teamId: string): Promise<{ readonly operation: string }>;
  unarchiveTeam(teamId: string): Promise<{ readonly operation: string }>;
}

/** Who administers the app (from configuration): they may do everything an organiser does, anywhere. */
export interface Administrators {
  includes(user: UserIdentity): boolean;
}

export { type Clock, systemClock } from './clock';
export type { TeamJobOutcome, TeamJobRequest, TeamJobs } from './provisioning-ports';
