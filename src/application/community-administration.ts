import type { Actor } from '../domain/identity';
import { type CommunityForm, nameClash, readCommunityForm, slugFor } from '../domain/community-form';
import { matchCommunity } from '../domain/community-matching';
import type { CommunityPointer } from './communities';
import type { CommunityWithCounts, UserIdentity } from '../domain/model';
import type { Administrators, Clock, CommunityAdministrationRepository, KnownPerson, TeamArchives, TeamJobOutcome, TeamJobRequest, TeamJobs } from '../domain/ports';
import { type OrganiserAction, type Result, ok, refuse } from '../domain/refusals';
import { TeamsGraphFailure } from '../domain/teams-graph';
import type { ProvisioningData } from '../domain/team-provisioning';

/**
 * Creating, launching and archiving communities: what organisers do. Who may do it:
 * - an administrator (configuration) may do everything, for every community;
 * - an organiser of a community may launch and archive *that* community;
 * - creating a community takes an administrator or someone who already organises at least one
 *   community: organising is a role the department hands out, not one people give themselves.
 * Whoever creates a community becomes one of its organisers.
 */
export interface AdministrationDeps {
  readonly administration: CommunityAdministrationRepository;
  readonly teamJobs: TeamJobs;
  /** Unarchiving brings a team back at once (archiving is a job: see TeamJobs, and archiveTeam below). */
  readonly teamArchives: TeamArchives;
  readonly administrators: Administrators;
  readonly clock: Clock;
  /** The zone new communities show their meetings in. */
  readonly defaultTimeZone: string;
}

export type { Actor } from '../domain/identity';

export interface ProvisioningRequest extends TeamJobRequest {
  readonly data: ProvisioningData;
}

export interface CreatedCommunity {
  readonly community: CommunityWithCounts;
  readonly organisers: readonly KnownPerson[];
  /** Present when the community was created active: its team is on the way. */
  readonly provisioning: ProvisioningRequest | undefined;
}

export interface LaunchedCommunity {
  /** `launched`: it was in preparation; `provisioning_resumed`: it was active without its team yet. */
  readonly outcome: 'launched' | 'provisioning_resumed';
  readonly community: CommunityWithCounts;
  /** Everyone whose registered interest just became a membership: the people to tell about the launch. */
  readonly converted: readonly UserIdentity[];
  readonly provisioning: ProvisioningRequest;
}

export interface ArchivedCommunity {
  readonly community: CommunityWithCounts;
  /**
   * `no_team` when the community never got its Teams team; `team_in_creation` when its team is being
   * made: provisioning archives it once made (recordTeam finds the community archived); `archive_failed`
   * when Graph refused to archive it (archived again after an unarchive, see archiveTeam).
   */
  readonly team: TeamJobOutcome | 'no_team' | 'team_in_creation' | 'archive_failed';
}

/** Administrators are listed by object id; with a tenant configured, only that tenant's accounts count. */
export function configuredAdministrators(aadObjectIds: readonly string[], tenantId: string | undefined): Administrators {
  const ids = new Set(aadObjectIds.map((id) => id.toLowerCase()));
  return { includes: (user) => ids.has(user.aadObjectId.toLowerCase()) && (!tenantId || user.tenantId === tenantId) };
}

/** Whether this person may create communities (and so see the organiser commands). */
export async function mayCreateCommunities(deps: AdministrationDeps, user: UserIdentity): Promise<boolean> {
  if (deps.administrators.includes(user)) return true;
  return (await deps.administration.communitiesOrganisedBy(user)).size > 0;
}

export async function createCommunity(deps: AdministrationDeps, actor: Actor, form: CommunityForm): Promise<Result<CreatedCommunity>> {
  if (!(await mayCreateCommunities(deps, actor.user))) return refuse({ code: 'not_organiser', action: 'create', community: undefined });
  const [people, existing] = await Promise.all([deps.administration.knownPeople(actor.user.tenantId), deps.administration.listAll()]);
  const read = readCommunityForm(form, people, actor.user);
  if (!read.ok) return refuse({ code: 'invalid_community_form', errors: read.errors });
  const valid = read.value;
  const clash = nameClash(valid.name, existing);
  if (clash) return refuse(clash);

  const author: KnownPerson = { user: actor.user, displayName: actor.displayName ?? knownName(people, actor.user) };
  const organisers = [author, ...valid.coOrganisers];
  const created = await deps.administration.create(
    {
      slug: slugFor(valid.name, new Set(existing.map((c) => c.slug))),
      name: valid.name,
      summary: valid.summary,
      description: valid.description,
      status: valid.status,
      timeZone: deps.defaultTimeZone,
      guestsAllowed: valid.guestsAllowed,
    },
    organisers,
    deps.clock.now(),
  );
  if (created === 'slug_taken') {
    // Someone created a community of the same name at the same moment.
    const now = nameClash(valid.name, await deps.administration.listAll());
    return refuse(now ?? { code: 'community_exists', community: valid.name, status: 'en_preparation', field: 'nameFr' });
  }
  const provisioning = created.status === 'active' ? await requestTeam(deps, created, actor) : undefined;
  return ok({ community: created, organisers, provisioning });
}

/**
 * Launching: every registered interest becomes a membership and the community becomes active, in one
 * transaction, then its team is requested. Launching again an active community that has no team yet
 * (its provisioning failed, or the process stopped before asking) asks for the team again, which is how
 * an organiser retries; it never creates a second job.
 */
export async function launchCommunity(deps: AdministrationDeps, actor: Actor, pointer: CommunityPointer): Promise<Result<LaunchedCommunity>> {
  const found = await findForOrganiser(deps, actor, pointer, 'launch');
  if (!found.ok) return found;
  const community = found.value;
  if (community.status === 'archived') return refuse({ code: 'community_archived', community: community.name });
  if (community.status === 'active' && community.teamId) return refuse({ code: 'community_not_in_preparation', community: community.name });

  let outcome: LaunchedCommunity['outcome'] = 'provisioning_resumed';
  let converted: readonly UserIdentity[] = [];
  if (community.status === 'en_preparation') {
    const launched = await deps.administration.launch(community.id, deps.clock.now());
    if (launched !== 'not_in_preparation') {
      outcome = 'launched';
      converted = launched.converted;
    }
  }
  const fresh = (await deps.administration.listAll()).find((c) => c.id === community.id) ?? community;
  if (fresh.status === 'archived') return refuse({ code: 'community_archived', community: fresh.name });
  if (outcome === 'provisioning_resumed' && fresh.teamId) return refuse({ code: 'community_not_in_preparation', community: fresh.name });
  return ok({ outcome, community: fresh, converted, provisioning: await requestTeam(deps, fresh, actor) });
}

/** Archived communities disappear from the lists; their team, if they have one, is archived (read-only) by a job. */
export async function archiveCommunity(deps: AdministrationDeps, actor: Actor, pointer: CommunityPointer): Promise<Result<ArchivedCommunity>> {
  const found = await findForOrganiser(deps, actor, pointer, 'archive');
  if (!found.ok) return found;
  const community = found.value;
  if (community.status === 'archived') return refuse({ code: 'already_archived', community: community.name });
  const archived = await deps.administration.archive(community.id, deps.clock.now());
  if (archived === 'already_archived') return refuse({ code: 'already_archived', community: community.name });
  const team = archived.teamId
    ? await archiveTeam(deps, community.id, archived.teamId)
    : (await deps.teamJobs.isProvisioningUnderway(community.id))
      ? 'team_in_creation'
      : 'no_team';
  return ok({ community: { ...community, status: 'archived' }, team });
}

async function archiveTeam(deps: AdministrationDeps, communityId: string, teamId: string): Promise<ArchivedCommunity['team']> {
  const { outcome } = await deps.teamJobs.requestArchiving(communityId, teamId);
  if (outcome !== 'already_queued' || (await deps.teamJobs.isArchivingUnderway(communityId))) return outcome;
  // The community's archive job already ran, for an archiving since undone (unarchive). The queue keeps
  // one job per community, so this time Graph is asked directly; it completes the operation on its own.
  try {
    await deps.teamArchives.archiveTeam(teamId);
    return 'queued';
  } catch (error) {
    if (error instanceof TeamsGraphFailure) return 'archive_failed';
    throw error;
  }
}

async function requestTeam(deps: AdministrationDeps, community: CommunityWithCounts, actor: Actor): Promise<ProvisioningRequest> {
  // The acting organiser owns the new team: creating a team with application permissions needs an owner.
  const data: ProvisioningData = { communityId: community.id, displayName: community.name.fr, description: community.summary.fr, owner: actor.user };
  return { ...(await deps.teamJobs.requestProvisioning(data)), data };
}

/**
 * The community an organiser points at, archived ones included (so "archive" can say it already is),
 * once they are allowed to act on it. A name matches live communities first, except for "unarchive",
 * which looks among the archived ones first.
 */
export async function findForOrganiser(
  deps: AdministrationDeps,
  actor: Actor,
  pointer: CommunityPointer,
  action: OrganiserAction,
): Promise<Result<CommunityWithCounts>> {
  const all = await deps.administration.listAll();
  const found = 'slug' in pointer ? findBySlug(all, pointer.slug) : matchInOrder(pointer.query, all, action === 'unarchive' ? 'archived' : 'live');
  if (!found.ok) return found;
  if (deps.administrators.includes(actor.user)) return found;
  const organised = await deps.administration.communitiesOrganisedBy(actor.user);
  if (!organised.has(found.value.id)) return refuse({ code: 'not_organiser', action, community: found.value.name });
  return found;
}

function findBySlug(all: readonly CommunityWithCounts[], slug: string): Result<CommunityWithCounts> {
  const community = all.find((c) => c.slug === slug);
  return community ? ok(community) : refuse({ code: 'community_not_found', query: slug, suggestions: [] });
}

/** A name matches the communities looked at first (live or archived); the others only when none of those matches. */
function matchInOrder(query: string, all: readonly CommunityWithCounts[], first: 'live' | 'archived'): Result<CommunityWithCounts> {
  const isFirst = (c: CommunityWithCounts) => (c.status === 'archived') === (first === 'archived');
  const preferred = matchCommunity(query, all.filter(isFirst));
  if (preferred.ok || preferred.refusal.code !== 'community_not_found') return preferred;
  const others = matchCommunity(query, all.filter((c) => !isFirst(c)));
  return others.ok ? others : preferred;
}

function knownName(people: readonly KnownPerson[], user: UserIdentity): string {
  return people.find((p) => p.user.tenantId === user.tenantId && p.user.aadObjectId === user.aadObjectId)?.displayName ?? user.aadObjectId;
}
