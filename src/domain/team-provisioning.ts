import type { UserIdentity } from './model';
import type { Clock } from './clock';
import { type CredentialProblem, type MemberAddResult, type TeamsGraph, TeamsGraphFailure } from './teams-graph';

/**
 * Provisioning a community's Teams team, as a persisted state machine. Each step is recorded before
 * the next starts, so a crash at any point resumes at the recorded step, and every step is safe to run
 * twice: creation is preceded by a recorded intent and a resumed creation first looks for the team it
 * may already have made (reference/peers.md, lesson 8).
 *
 *   start → creation_requested → creating → created → reachable → app_installed → members_added → done
 */
export type ProvisioningStep =
  | 'start'
  | 'creation_requested'
  | 'creating'
  | 'created'
  | 'reachable'
  | 'app_installed'
  | 'members_added';

export const PROVISIONING_STEPS: readonly ProvisioningStep[] = [
  'start',
  'creation_requested',
  'creating',
  'created',
  'reachable',
  'app_installed',
  'members_added',
];

export interface ProvisioningData {
  readonly communityId: string;
  readonly displayName: string;
  readonly description: string;
  readonly owner: UserIdentity;
  /** When the creation was first requested (ISO); a resumed job adopts a team created since. */
  readonly intentAt?: string;
  readonly teamId?: string;
  readonly operation?: string;
  readonly catalogAppId?: string;
  /** The team's link in Teams, as Graph gives it. */
  readonly webUrl?: string;
  /** Consecutive polls or reachability checks in the current step, for the back-off. */
  readonly waits?: number;
  readonly added?: number;
  readonly memberFailures?: readonly MemberFailure[];
  /** How it ended: the team is the community's, or it was archived at once because the community was archived meanwhile. */
  readonly outcome?: ProvisioningOutcome;
}

export type ProvisioningOutcome = 'team_ready' | 'team_archived';

/** Someone Graph would not add to the team, named for the organiser (the users table's name, when known). */
export interface MemberFailure {
  readonly user: UserIdentity;
  readonly displayName?: string | undefined;
  /** Graph's error code (`NotFound`…), which the card turns into a reason. */
  readonly code: string;
  readonly message: string;
}

/** Someone the team should hold, with the name the app knows them by, if any. */
export interface PersonToAdd extends UserIdentity {
  readonly displayName: string | null;
}

export interface ProvisioningDeps {
  readonly graph: TeamsGraph;
  readonly clock: Clock;
  /** The Teams app's manifest id, looked up in the org catalog. */
  readonly manifestId: string;
  /** Everyone who should be in the team now: organisers, members, people who registered interest. */
  peopleToAdd(communityId: string): Promise<PersonToAdd[]>;
  /**
   * Records the team on the community and makes it active, unless it was archived meanwhile: returns the
   * community's status afterwards (undefined: no such community). Idempotent.
   */
  recordTeam(communityId: string, teamId: string): Promise<'active' | 'archived' | undefined>;
  /** Asks for the team to be archived (read-only); asking twice is harmless. */
  requestArchiving(communityId: string, teamId: string): Promise<unknown>;
}

export type StepResult =
  | { readonly kind: 'next'; readonly step: ProvisioningStep; readonly data: ProvisioningData }
  | { readonly kind: 'wait'; readonly delayMs: number; readonly data: ProvisioningData; readonly reason: string }
  | { readonly kind: 'done'; readonly data: ProvisioningData }
  | { readonly kind: 'failed'; readonly reason: ProvisioningFailure; readonly data: ProvisioningData };

export type ProvisioningFailure =
  | { readonly code: 'permission_denied'; readonly permission: string | undefined; readonly message: string }
  | { readonly code: 'credential_rejected'; readonly credential: CredentialProblem; readonly message: string }
  | { readonly code: 'team_creation_failed'; readonly message: string }
  | { readonly code: 'team_never_reachable' }
  | { readonly code: 'app_not_in_catalog'; readonly manifestId: string }
  | { readonly code: 'graph_refused'; readonly status: number | undefined; readonly message: string }
  /** The job kept failing on something unexpected until its retries ran out (it is in the dead-letter queue). */
  | { readonly code: 'unexpected_error'; readonly message: string };

/** Graph asks to wait more than 30 s between operation polls; the first polls are quicker in the sandbox. */
const POLL_DELAYS_MS = [2_000, 5_000, 10_000, 30_000];
/** A new team can 404 for up to 15 minutes (reference/peers.md, lesson 8). */
const REACHABILITY_BUDGET_WAITS = 40;
const REACHABILITY_DELAY_MS = 15_000;
const CLOCK_SKEW_MS = 5 * 60_000;

export async function advanceProvisioning(step: ProvisioningStep, data: ProvisioningData, deps: ProvisioningDeps): Promise<StepResult> {
  try {
    return await runStep(step, data, deps);
  } catch (error) {
    if (!(error instanceof TeamsGraphFailure)) throw error;
    if (error.transient) {
      return { kind: 'wait', delayMs: error.details.retryAfterMs ?? 30_000, data, reason: `${error.kind}: ${error.message}` };
    }
    if (error.kind === 'credential_rejected') {
      const credential = error.details.credential ?? { reason: 'other', aadsts: undefined };
      return { kind: 'failed', data, reason: { code: 'credential_rejected', credential, message: error.message } };
    }
    if (error.kind === 'permission_denied') {
      return { kind: 'failed', data, reason: { code: 'permission_denied', permission: error.details.permission, message: error.message } };
    }
    return { kind: 'failed', data, reason: { code: 'graph_refused', status: error.details.status, message: error.message } };
  }
}

async function runStep(step: ProvisioningStep, data: ProvisioningData, deps: ProvisioningDeps): Promise<StepResult> {
  switch (step) {
    case 'start':
      return next('creation_requested', { ...data, intentAt: deps.clock.now().toISOString() });

    case 'creation_requested': {
      // Graph stamps createdDateTime with its own clock: look a little before our intent, in case ours runs ahead.
      const since = new Date(new Date(data.intentAt ?? deps.clock.now().toISOString()).getTime() - CLOCK_SKEW_MS);
      const existing = await deps.graph.findTeamCreatedSince(data.displayName, since);
      if (existing) return next('created', { ...data, teamId: existing, operation: undefined, waits: 0 });
      const started = await deps.graph.startTeamCreation({ displayName: data.displayName, description: data.description, owner: data.owner });
      return next('creating', { ...data, teamId: started.teamId, operation: started.operation, waits: 0 });
    }

    case 'creating': {
      if (!data.operation) return next('created', { ...data, waits: 0 });
      const status = await deps.graph.pollOperation(data.operation);
      if (status.status === 'running') return wait(data, POLL_DELAYS_MS, 'team creation in progress');
      if (status.status === 'failed') {
        return { kind: 'failed', data, reason: { code: 'team_creation_failed', message: `${status.code}: ${status.message}` } };
      }
      return next('created', { ...data, teamId: status.teamId, waits: 0 });
    }

    case 'created': {
      const teamId = required(data.teamId, 'teamId');
      const team = await deps.graph.reachTeam(teamId);
      if (team) return next('reachable', { ...data, webUrl: team.webUrl, waits: 0 });
      if ((data.waits ?? 0) >= REACHABILITY_BUDGET_WAITS) return { kind: 'failed', data, reason: { code: 'team_never_reachable' } };
      return wait(data, [REACHABILITY_DELAY_MS], 'the new team is not visible in Graph yet');
    }

    case 'reachable': {
      const teamId = required(data.teamId, 'teamId');
      const catalogAppId = data.catalogAppId ?? (await deps.graph.findCatalogApp(deps.manifestId));
      if (!catalogAppId) return { kind: 'failed', data, reason: { code: 'app_not_in_catalog', manifestId: deps.manifestId } };
      await deps.graph.installApp(teamId, catalogAppId);
      return next('app_installed', { ...data, catalogAppId, waits: 0 });
    }

    case 'app_installed': {
      const teamId = required(data.teamId, 'teamId');
      const people = (await deps.peopleToAdd(data.communityId)).filter((p) => !sameUser(p, data.owner));
      const identities = people.map(({ tenantId, aadObjectId }) => ({ tenantId, aadObjectId }));
      const results: MemberAddResult[] = identities.length > 0 ? await deps.graph.addMembers(teamId, identities) : [];
      const nameOf = (user: UserIdentity) => people.find((p) => sameUser(p, user))?.displayName ?? undefined;
      const memberFailures = results.flatMap((r): MemberFailure[] =>
        r.ok ? [] : [{ user: r.user, displayName: nameOf(r.user), code: r.code, message: r.message }],
      );
      return next('members_added', { ...data, added: results.length - memberFailures.length, memberFailures, waits: 0 });
    }

    case 'members_added': {
      const teamId = required(data.teamId, 'teamId');
      // Archived while its team was being made: the new team is archived too, so nobody works in a team of a closed community.
      if ((await deps.recordTeam(data.communityId, teamId)) !== 'archived') return { kind: 'done', data: { ...data, outcome: 'team_ready' } };
      await deps.requestArchiving(data.communityId, teamId);
      return { kind: 'done', data: { ...data, outcome: 'team_archived' } };
    }
  }
}

function next(step: ProvisioningStep, data: ProvisioningData): StepResult {
  return { kind: 'next', step, data };
}

function wait(data: ProvisioningData, delays: readonly number[], reason: string): StepResult {
  const waits = data.waits ?? 0;
  const delayMs = delays[Math.min(waits, delays.length - 1)] ?? 30_000;
  return { kind: 'wait', delayMs, data: { ...data, waits: waits + 1 }, reason };
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`Provisioning data lacks ${name}`);
  return value;
}

const sameUser = (a: UserIdentity, b: UserIdentity): boolean => a.tenantId === b.tenantId && a.aadObjectId === b.aadObjectId;
