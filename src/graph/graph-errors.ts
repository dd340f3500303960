import { GraphError } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { type CredentialProblem, TeamsGraphFailure, type TeamsGraphFailureKind } from '../domain/teams-graph';
import { GraphTransportError } from './graph-transport-error';
import { parseRetryAfter } from './retry-policy';

/**
 * Graph's answers turned into TeamsGraphFailure: the only place the Graph error envelope
 * (`{"error":{"code","message","innerError"}}`, reference/teams-graph-facts.md §0) and the SDK's error
 * classes are read.
 */

/** The Graph calls the gateway makes, each with the application permission it needs (least privileged). */
export const requiredPermissions = {
  createTeam: 'Team.Create',
  // [unverified] reading a teamsAsyncOperation and the team itself (teams-graph-facts.md §1.2).
  readTeam: 'Team.ReadBasic.All',
  installApp: 'TeamsAppInstallation.ReadWriteSelfForTeam.All',
  members: 'TeamMember.ReadWrite.All',
  archiveTeam: 'TeamSettings.ReadWrite.All',
  inviteGuest: 'User.Invite.All',
  findGroups: 'Group.Read.All',
  findCatalogApp: 'AppCatalog.Read.All',
  // Reaching people (§4.3): the app installs itself for them and reads the 1:1 chat that makes.
  installAppForUser: 'TeamsAppInstallation.ReadWriteSelfForUser.All',
  personalChat: 'TeamsAppInstallation.ReadWriteSelfForUser.All',
  findPerson: 'User.Read.All',
  sendMail: 'Mail.Send',
  // A meeting's Teams meeting, as an event on the service mailbox's calendar (teams-graph-facts §5.2).
  createEvent: 'Calendars.ReadWrite',
  updateEvent: 'Calendars.ReadWrite',
  cancelEvent: 'Calendars.ReadWrite',
  // Recordings of the app's Teams meetings (teams-graph-facts §6): also need the Teams application access policy.
  findOnlineMeeting: 'OnlineMeetings.Read.All',
  listRecordings: 'OnlineMeetingRecording.Read.All',
  recordingsDelta: 'OnlineMeetingRecording.Read.All',
} as const;

export type GraphCall = keyof typeof requiredPermissions;

/** Whatever a Graph call threw (a GraphError from the SDK, a transport failure, a credential error) as a failure. */
export function teamsGraphFailureOf(error: unknown, call: GraphCall): TeamsGraphFailure {
  if (error instanceof TeamsGraphFailure) return error;
  if (error instanceof GraphTransportError) return transportFailure(error, call);
  if (error instanceof GraphError && error.statusCode > 0) {
    return failureFromStatus(call, error.statusCode, {
      code: error.code ?? undefined,
      message: error.message,
      retryAfter: error.headers?.get('retry-after') ?? null,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  throw new Error(`Graph ${call}: unexpected error: ${message}`, { cause: error });
}

/** A non-2xx raw response (`.responseType('raw')` calls, which the SDK does not turn into errors). */
export async function teamsGraphFailureOfResponse(response: Response, call: GraphCall): Promise<TeamsGraphFailure> {
  const text = await response.text().catch(() => '');
  const envelope = graphErrorEnvelopeOf(text);
  return failureFromStatus(call, response.status, {
    code: envelope?.code,
    message: envelope?.message ?? (text || response.statusText),
    retryAfter: response.headers.get('retry-after'),
  });
}

function failureFromStatus(
  call: GraphCall,
  status: number,
  answer: { code?: string | undefined; message: string; retryAfter: string | null },
): TeamsGraphFailure {
  const kind = kindOfStatus(status);
  const base = { status, ...(answer.code ? { code: answer.code } : {}) };
  const text = `Graph ${call} answered ${status}${answer.code ? ` ${answer.code}` : ''}: ${answer.message}`;
  if (kind === 'permission_denied') {
    const permission =
      status === 403 && !isAccessPolicyRefusal(answer.message)
        ? (permissionNamedIn(answer.message) ?? (meansMissingPermission(answer.code) ? requiredPermissions[call] : undefined))
        : undefined;
    return new TeamsGraphFailure(kind, text, { ...base, ...(permission ? { permission } : {}) });
  }
  const retryAfterMs = parseRetryAfter(answer.retryAfter, Date.now());
  return new TeamsGraphFailure(kind, text, { ...base, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
}

function kindOfStatus(status: number): TeamsGraphFailureKind {
  if (status === 401 || status === 403) return 'permission_denied';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'throttled';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'unavailable';
  return 'bad_request';
}

function transportFailure(error: GraphTransportError, call: GraphCall): TeamsGraphFailure {
  switch (error.reason) {
    case 'timeout':
      return new TeamsGraphFailure('timeout', `Graph ${call}: no answer in time after ${error.attempts} attempt(s)`);
    case 'network':
      return new TeamsGraphFailure('unavailable', `Graph ${call}: connection failed after ${error.attempts} attempt(s): ${error.message}`);
    case 'credential':
      // Entra ID refusing the app (wrong or expired secret, unknown client or tenant) is permanent; anything else is not.
      return isRefusedCredential(error)
        ? new TeamsGraphFailure('credential_rejected', `Graph ${call}: Entra ID refused the app's credential: ${error.message}`, {
            credential: credentialProblemOf(error.message),
          })
        : new TeamsGraphFailure('unavailable', `Graph ${call}: no token could be obtained: ${error.message}`);
  }
}

/** Entra ID's AADSTS codes for a credential that cannot work as configured (learn: Microsoft Entra authentication and authorization error codes). */
const CREDENTIAL_PROBLEMS: Readonly<Record<string, CredentialProblem['reason']>> = {
  AADSTS7000215: 'invalid_secret',
  AADSTS7000222: 'expired_secret',
  AADSTS700016: 'unknown_client',
  AADSTS90002: 'unknown_tenant',
};

/** The first AADSTS code in @azure/identity's message ("invalid_client: Error(s): 7000215 - … AADSTS7000215: …"). */
export function credentialProblemOf(message: string): CredentialProblem {
  const aadsts = /\bAADSTS\d+/.exec(message)?.[0];
  return { reason: (aadsts && CREDENTIAL_PROBLEMS[aadsts]) || 'other', aadsts };
}

/**
 * 403 codes that mean the app lacks a permission even when the message names none: Entra-backed Graph's
 * and Exchange's (whose ErrorAccessDenied also covers a mailbox outside the app's access policy). A plain
 * `Forbidden` naming nothing is another refusal (a guest, a policy of the service): no permission is guessed.
 */
const MISSING_PERMISSION_CODES = new Set(['authorization_requestdenied', 'erroraccessdenied', 'accessdenied']);

function meansMissingPermission(code: string | undefined): boolean {
  return code === undefined || MISSING_PERMISSION_CODES.has(code.toLowerCase());
}

/**
 * Exchange's refusal of a mailbox outside the app's application access policy: "Access to OData is
 * disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings." The permission is held;
 * granting it again would not help, so none is named (the policy's group must hold the mailbox).
 */
export function isAccessPolicyRefusal(message: string): boolean {
  return /\[RAOP\]|AppOnly AccessPolicy/i.test(message) || isMeetingAccessPolicyRefusal(message);
}

/**
 * The Teams application access policy's refusals (teams-graph-facts §5.3): "Application is not allowed to
 * perform operations on the user '…', neither is allowed access through RSC permission evaluation." and
 * "App <id> is not authorized to … on behalf of user <id>". Grant-CsApplicationAccessPolicy fixes them.
 */
export function isMeetingAccessPolicyRefusal(message: string): boolean {
  return /not allowed to perform operations on the user|is not authorized to .* on behalf of user/i.test(message);
}

/**
 * The permission a 403 names, e.g. "Missing role permissions on the request. API requires one of
 * 'Team.Create, Group.ReadWrite.All'." Names look like Resource.Action[.Scope] with Read, Write, Create…
 */
export function permissionNamedIn(message: string): string | undefined {
  const match = /\b([A-Z][A-Za-z]*\.(?:Read|ReadWrite|Write|Create|Invite|Send|Manage|Migrate)[A-Za-z]*(?:\.[A-Z][A-Za-z]*)*)/.exec(message);
  return match?.[1];
}

/** Graph's error envelope; a field of another type is as good as absent (the status alone decides then). */
const envelopeSchema = z.object({
  error: z.object({ code: z.string().optional().catch(undefined), message: z.string().optional().catch(undefined) }),
});

function graphErrorEnvelopeOf(text: string): { code?: string | undefined; message?: string | undefined } | undefined {
  try {
    return envelopeSchema.safeParse(JSON.parse(text)).data?.error;
  } catch {
    return undefined; // not JSON: the status alone decides
  }
}

/**
 * @azure/identity 4 wraps the token endpoint's answer in AuthenticationRequiredError, without a status
 * but with the OAuth error code and the AADSTS number in its message ("invalid_client: … AADSTS7000215 …").
 */
function isRefusedCredential(error: GraphTransportError): boolean {
  const status = isRecord(error.cause) && typeof error.cause.statusCode === 'number' ? error.cause.statusCode : undefined;
  if (status !== undefined) return status === 400 || status === 401 || status === 403;
  return /\b(invalid_client|unauthorized_client|invalid_grant|invalid_request|invalid_scope)\b|AADSTS\d+/.test(error.message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
