import { GraphError } from '@microsoft/microsoft-graph-client';
import { TeamsGraphFailure } from '../../src/domain/teams-graph';
import { permissionNamedIn, teamsGraphFailureOf, teamsGraphFailureOfResponse } from '../../src/graph/graph-errors';
import { GraphTransportError } from '../../src/graph/graph-transport-error';

/** What the SDK throws for a Graph error answer (GraphErrorHandler.constructErrorFromResponse). */
function sdkError(status: number, code: string, message: string, headers: Record<string, string> = {}): GraphError {
  const error = new GraphError(status, message);
  error.code = code;
  error.headers = new Headers(headers);
  return error;
}

function graphAnswer(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  const body = JSON.stringify({ error: { code, message, innerError: { date: '2025-03-10T14:00:00', 'request-id': 'r1' } } });
  return new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } });
}

describe('Graph errors as TeamsGraphFailure', () => {
  it('a 403 names the permission Graph says is missing', () => {
    const failure = teamsGraphFailureOf(
      sdkError(403, 'Forbidden', "Missing role permissions on the request. API requires one of 'TeamMember.ReadWrite.All'. Roles on the request ''."),
      'members',
    );
    expect(failure).toBeInstanceOf(TeamsGraphFailure);
    expect(failure).toMatchObject({ kind: 'permission_denied', transient: false, details: { status: 403, code: 'Forbidden', permission: 'TeamMember.ReadWrite.All' } });
  });

  it.each([
    ['createTeam', 'Team.Create'],
    ['installApp', 'TeamsAppInstallation.ReadWriteSelfForTeam.All'],
    ['members', 'TeamMember.ReadWrite.All'],
    ['archiveTeam', 'TeamSettings.ReadWrite.All'],
    ['inviteGuest', 'User.Invite.All'],
    ['findGroups', 'Group.Read.All'],
    ['findCatalogApp', 'AppCatalog.Read.All'],
    ['installAppForUser', 'TeamsAppInstallation.ReadWriteSelfForUser.All'],
    ['personalChat', 'TeamsAppInstallation.ReadWriteSelfForUser.All'],
    ['findPerson', 'User.Read.All'],
  ] as const)('a 403 on %s that names no permission reports the one the call needs (%s)', (call, permission) => {
    const failure = teamsGraphFailureOf(sdkError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'), call);
    expect(failure.details.permission).toBe(permission);
  });

  it("Exchange's ErrorAccessDenied on sendMail names no permission: it is Mail.Send (or the mailbox's access policy)", () => {
    const failure = teamsGraphFailureOf(sdkError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.'), 'sendMail');
    expect(failure).toMatchObject({ kind: 'permission_denied', details: { status: 403, code: 'ErrorAccessDenied', permission: 'Mail.Send' } });
  });

  it.each(['sendMail', 'createEvent', 'cancelEvent'] as const)('a mailbox outside the Exchange access policy (403 [RAOP]) on %s names no permission: the permission is held', (call) => {
    const message = 'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.';
    const failure = teamsGraphFailureOf(sdkError(403, 'ErrorAccessDenied', message), call);
    expect(failure).toMatchObject({ kind: 'permission_denied', details: { status: 403, code: 'ErrorAccessDenied' } });
    expect(failure.details.permission).toBeUndefined();
  });

  it('ErrorAccessDenied on a calendar call names Calendars.ReadWrite', () => {
    const failure = teamsGraphFailureOf(sdkError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.'), 'updateEvent');
    expect(failure.details.permission).toBe('Calendars.ReadWrite');
  });

  it('a plain Forbidden that names no permission is a refusal, not a guessed missing permission', () => {
    const failure = teamsGraphFailureOf(sdkError(403, 'Forbidden', 'An unknown error has occurred.'), 'installAppForUser');
    expect(failure).toMatchObject({ kind: 'permission_denied', details: { status: 403, code: 'Forbidden' } });
    expect(failure.details.permission).toBeUndefined();
  });

  it.each([
    [400, 'BadRequest', 'bad_request'],
    [401, 'InvalidAuthenticationToken', 'permission_denied'],
    [404, 'NotFound', 'not_found'],
    [409, 'Conflict', 'conflict'],
    [429, 'TooManyRequests', 'throttled'],
    [500, 'InternalServerError', 'unavailable'],
    [503, 'ServiceUnavailable', 'unavailable'],
    [504, 'GatewayTimeout', 'unavailable'],
  ] as const)('status %i (%s) is %s', (status, code, kind) => {
    expect(teamsGraphFailureOf(sdkError(status, code, 'x'), 'readTeam')).toMatchObject({ kind, details: { status, code } });
  });

  it('a 429 that outlasted the retries keeps Retry-After so the job can be rescheduled', () => {
    const failure = teamsGraphFailureOf(sdkError(429, 'TooManyRequests', 'slow down', { 'Retry-After': '300' }), 'createTeam');
    expect(failure).toMatchObject({ kind: 'throttled', transient: true, details: { retryAfterMs: 300_000 } });
  });

  it('reads a raw answer (the 202 calls) the same way', async () => {
    const failure = await teamsGraphFailureOfResponse(
      graphAnswer(403, 'Authorization_RequestDenied', "Insufficient privileges: requires 'Team.Create'."),
      'createTeam',
    );
    expect(failure).toMatchObject({ kind: 'permission_denied', details: { status: 403, code: 'Authorization_RequestDenied', permission: 'Team.Create' } });
    expect(failure.message).toContain('Insufficient privileges');
  });

  it('a raw answer without a Graph envelope is judged by its status alone', async () => {
    const failure = await teamsGraphFailureOfResponse(new Response('upstream gone', { status: 502 }), 'archiveTeam');
    expect(failure).toMatchObject({ kind: 'unavailable', details: { status: 502 } });
    expect(failure.details.code).toBeUndefined();
  });

  it('no answer at all: a timeout is `timeout`, a dropped connection `unavailable`', () => {
    expect(teamsGraphFailureOf(new GraphTransportError('timeout', 'no answer within 100 ms', 3), 'members')).toMatchObject({ kind: 'timeout', transient: true });
    expect(teamsGraphFailureOf(new GraphTransportError('network', 'socket hang up', 6), 'members')).toMatchObject({ kind: 'unavailable' });
  });

  const credentialFailure = (message: string, extra: object = {}, name = 'AuthenticationRequiredError') =>
    new GraphTransportError('credential', message, 1, Object.assign(new Error(message), { name, ...extra }));

  it('Entra ID refusing the app is permanent; the token service being down is not', () => {
    // What @azure/identity 4.13 throws for a wrong secret: no status, the OAuth code and AADSTS number in the message.
    expect(teamsGraphFailureOf(credentialFailure('invalid_client: Error(s): 7000215 - Description: AADSTS7000215: Invalid client secret provided.'), 'createTeam'))
      .toMatchObject({ kind: 'credential_rejected', transient: false });
    expect(teamsGraphFailureOf(credentialFailure('Unauthorized', { statusCode: 401 }, 'AuthenticationError'), 'createTeam')).toMatchObject({
      kind: 'credential_rejected',
      details: { credential: { reason: 'other', aadsts: undefined } },
    });
    expect(teamsGraphFailureOf(credentialFailure('Service Unavailable', { statusCode: 503 }), 'createTeam')).toMatchObject({ kind: 'unavailable' });
    expect(teamsGraphFailureOf(credentialFailure('network_error: connect ECONNREFUSED 127.0.0.1:1'), 'createTeam')).toMatchObject({ kind: 'unavailable', transient: true });
  });

  it.each([
    ['invalid_client: Error(s): 7000215 - Description: AADSTS7000215: Invalid client secret provided.', 'invalid_secret', 'AADSTS7000215'],
    [
      "invalid_client: Error(s): 7000222 - Description: AADSTS7000222: The provided client secret keys for app 'x' are expired. Visit the Azure portal to create new keys for your app.",
      'expired_secret',
      'AADSTS7000222',
    ],
    ["unauthorized_client: Error(s): 700016 - Description: AADSTS700016: Application with identifier 'x' was not found in the directory 'y'.", 'unknown_client', 'AADSTS700016'],
    ["invalid_tenant: Error(s): 90002 - Description: AADSTS90002: Tenant 'y' not found.", 'unknown_tenant', 'AADSTS90002'],
    ['invalid_client: Error(s): 7000112 - Description: AADSTS7000112: Application is disabled.', 'other', 'AADSTS7000112'],
  ] as const)('Entra ID\'s %j is a rejected credential: %s', (message, reason, aadsts) => {
    expect(teamsGraphFailureOf(credentialFailure(message, {}, 'CredentialUnavailableError'), 'findCatalogApp')).toMatchObject({
      kind: 'credential_rejected',
      transient: false,
      details: { credential: { reason, aadsts } },
    });
  });

  it('anything else is unexpected and stays an exception', () => {
    expect(() => teamsGraphFailureOf(new TypeError('x is undefined'), 'readTeam')).toThrow(/Graph readTeam: unexpected error: x is undefined/);
  });

  it.each([
    ["Missing role permissions on the request. API requires one of 'Team.Create, Group.ReadWrite.All'.", 'Team.Create'],
    ["Application permission 'TeamsAppInstallation.ReadWriteSelfForTeam.All' is required.", 'TeamsAppInstallation.ReadWriteSelfForTeam.All'],
    ['Caller needs User.Invite.All to invite guests.', 'User.Invite.All'],
    ['Insufficient privileges to complete the operation.', undefined],
    ['Resource microsoft.graph.aadUserConversationMember not found in Microsoft.Graph.', undefined],
  ])('finds the permission in %j', (message, permission) => {
    expect(permissionNamedIn(message)).toBe(permission);
  });
});
