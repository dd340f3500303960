import { z } from 'zod';
import { type Actor, type AdministrationDeps, findForOrganiser } from './community-administration';
import type { CommunityPointer } from './communities';
import type { CommunityWithCounts } from '../domain/model';
import type { ExternalMember, ExternalMemberRepository, ExternalMemberStatus } from '../domain/ports';
import { type Result, ok, refuse } from '../domain/refusals';
import { type TeamsGraph, TeamsGraphFailure, type TeamsGraphFailureKind } from '../domain/teams-graph';

/**
 * Externals and partners who are not in the tenant (reference/peers.md lesson 7). Each community decides
 * whether they may join its Teams team as B2B guests; when they may not, or Graph will not invite them,
 * the organiser gets a message to forward so the person can follow the community anyway. Only the
 * community's organisers (or an administrator) do either.
 */
export interface ExternalMemberDeps extends AdministrationDeps {
  readonly externalMembers: ExternalMemberRepository;
  readonly graph: TeamsGraph;
}

/** Where a guest lands after redeeming the invitation Microsoft e-mails them. */
export const GUEST_REDIRECT_URL = 'https://teams.microsoft.com';

const emailSchema = z.email().max(254);
const DISPLAY_NAME_MAX = 120;

export interface GuestPolicy {
  readonly community: CommunityWithCounts;
  readonly allowed: boolean;
  /** False when the setting was already so, or when it was only read. */
  readonly changed: boolean;
}

/** Allows or forbids guests in a community's team; with `allowed` undefined, only says where it stands. */
export async function setGuestsAllowed(
  deps: ExternalMemberDeps,
  actor: Actor,
  pointer: CommunityPointer,
  allowed: boolean | undefined,
): Promise<Result<GuestPolicy>> {
  const found = await findForOrganiser(deps, actor, pointer, 'guests');
  if (!found.ok) return found;
  const community = found.value;
  if (community.status === 'archived') return refuse({ code: 'community_archived', community: community.name });
  if (allowed === undefined) return ok({ community, allowed: await deps.externalMembers.guestsAllowed(community.id), changed: false });
  const changed = await deps.externalMembers.setGuestsAllowed(community.id, allowed, deps.clock.now());
  return ok({ community, allowed, changed: changed === 'changed' });
}

export interface ExternalPerson {
  readonly email: string;
  /** Optional: the e-mail's local part stands in for it. */
  readonly displayName: string;
}

/** What came of bringing someone in. */
export type ExternalInvitationOutcome =
  | { readonly status: 'added' }
  /** Invited (Microsoft e-mails them) but the team did not take them yet. */
  | { readonly status: 'invited'; readonly problem: string }
  | { readonly status: 'not_allowed'; readonly reason: 'guests_not_allowed' | 'no_team' }
  | { readonly status: 'failed'; readonly failure: TeamsGraphFailureKind; readonly permission: string | undefined };

export interface ExternalInvitation {
  readonly community: CommunityWithCounts;
  readonly email: string;
  readonly displayName: string;
  readonly outcome: ExternalInvitationOutcome;
  /** The status recorded by an earlier request for the same person, if any. */
  readonly previously: ExternalMemberStatus | undefined;
}

/**
 * Invites an external person as a guest and adds them to the community's team when the community allows
 * guests and has its team; otherwise records why not. Asking again for someone already added changes
 * nothing; asking again after a refusal tries again (Graph returns the same guest account).
 */
export async function inviteExternalMember(
  deps: ExternalMemberDeps,
  actor: Actor,
  pointer: CommunityPointer,
  person: ExternalPerson,
): Promise<Result<ExternalInvitation>> {
  const found = await findForOrganiser(deps, actor, pointer, 'invite');
  if (!found.ok) return found;
  const community = found.value;
  if (community.status === 'archived') return refuse({ code: 'community_archived', community: community.name });
  const email = emailSchema.safeParse(person.email.trim());
  if (!email.success) return refuse({ code: 'invalid_email', email: person.email.trim().slice(0, 80) });

  const previous = await deps.externalMembers.find(community.id, email.data);
  const displayName = nameOf(person.displayName, previous?.displayName ?? email.data);
  const invitation = { community, email: email.data, displayName, previously: previous?.status };
  if (previous?.status === 'added') return ok({ ...invitation, outcome: { status: 'added' } });

  const record = (status: ExternalMemberStatus, reason: string | null, guestAadObjectId: string | null) =>
    deps.externalMembers.record({
      communityId: community.id,
      email: email.data,
      displayName,
      guestAadObjectId: guestAadObjectId ?? previous?.guestAadObjectId ?? null,
      status,
      reason,
      invitedAt: deps.clock.now(),
    } satisfies ExternalMember);

  const guestsAllowed = await deps.externalMembers.guestsAllowed(community.id);
  if (!guestsAllowed || !community.teamId) {
    const reason = guestsAllowed ? 'no_team' : 'guests_not_allowed';
    await record('not_allowed', reason, null);
    return ok({ ...invitation, outcome: { status: 'not_allowed', reason } });
  }

  let guestId: string;
  try {
    guestId = (await deps.graph.inviteGuest({ email: email.data, displayName, redirectUrl: GUEST_REDIRECT_URL })).aadObjectId;
  } catch (error) {
    if (!(error instanceof TeamsGraphFailure)) throw error;
    const permission = error.details.permission;
    await record('failed', permission ? `${error.kind}: ${permission}` : `${error.kind}: ${error.message}`.slice(0, 300), null);
    return ok({ ...invitation, outcome: { status: 'failed', failure: error.kind, permission } });
  }

  // The guest account lives in our tenant: that is the identity the team adds.
  const problem = await addToTeam(deps.graph, community.teamId, { tenantId: actor.user.tenantId, aadObjectId: guestId });
  await record(problem ? 'invited' : 'added', problem ?? null, guestId);
  return ok({ ...invitation, outcome: problem ? { status: 'invited', problem } : { status: 'added' } });
}

/** Undefined when added; otherwise what Graph said. */
async function addToTeam(graph: TeamsGraph, teamId: string, guest: { tenantId: string; aadObjectId: string }): Promise<string | undefined> {
  try {
    const [result] = await graph.addMembers(teamId, [guest]);
    if (!result) return 'no_result';
    return result.ok ? undefined : result.code;
  } catch (error) {
    if (error instanceof TeamsGraphFailure) return error.kind;
    throw error;
  }
}

function nameOf(typed: string, fallback: string): string {
  const name = typed.replace(/\s+/g, ' ').trim();
  const chosen = name === '' ? fallback.split('@')[0] || fallback : name;
  return chosen.slice(0, DISPLAY_NAME_MAX);
}
