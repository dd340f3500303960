import { randomBytes, randomUUID } from 'node:crypto';
import { emptyResponse, graphError, jsonResponse, readJsonObject, type SandboxResponse } from './http-exchange';
import { boundKey } from './odata';
import { PERMISSIONS } from './permissions';
import type { Route, RouteContext } from './route';
import type { GroupRecord, TeamRecord } from './store';
import { isResponse, visibleTeam } from './team-lookup';
import { installationRecord, memberRecord, rolesFor } from './team-records';

/** Teams themselves: create (async), read, the async operations, archive and unarchive (§1). */
export const teamsRoutes: readonly Route[] = [
  { method: 'POST', pattern: '/v1.0/teams', endpoint: 'createTeam', permission: PERMISSIONS.createTeam, handle: createTeam },
  { method: 'GET', pattern: '/v1.0/teams/{teamId}', endpoint: 'getTeam', permission: PERMISSIONS.readTeam, handle: getTeam },
  { method: 'GET', pattern: '/v1.0/teams/{teamId}/operations/{operationId}', endpoint: 'otherTeamsGet', permission: PERMISSIONS.readTeam, handle: getOperation },
  { method: 'POST', pattern: '/v1.0/teams/{teamId}/archive', endpoint: 'otherTeams', permission: PERMISSIONS.archiveTeam, handle: (c) => startArchiving(c, 'archiveTeam') },
  { method: 'POST', pattern: '/v1.0/teams/{teamId}/unarchive', endpoint: 'otherTeams', permission: PERMISSIONS.archiveTeam, handle: (c) => startArchiving(c, 'unarchiveTeam') },
];

function createTeam(context: RouteContext): SandboxResponse {
  const { request, store } = context;
  const body = readJsonObject(request);
  if (!body.ok) return body.response;
  const team = body.value;
  if (team['group@odata.bind'] !== undefined) {
    return graphError(request, 400, 'BadRequest', 'The Graph sandbox does not support creating a team from an existing group (group@odata.bind).');
  }
  if (!boundKey(team['template@odata.bind'], 'teamsTemplates')) {
    return graphError(request, 400, 'BadRequest', "A template is required: set 'template@odata.bind' to https://graph.microsoft.com/v1.0/teamsTemplates('standard').");
  }
  const displayName = team.displayName;
  if (typeof displayName !== 'string' || displayName.trim() === '') {
    return graphError(request, 400, 'BadRequest', "The 'displayName' property is required.");
  }
  const members = Array.isArray(team.members) ? (team.members as unknown[]) : [];
  // App-only creation must name an owner (team-post.md Example 2); the real service refuses otherwise.
  const owners = members.filter((m) => rolesOf(m).includes('owner'));
  if (owners.length === 0) {
    return graphError(request, 400, 'BadRequest', 'A team created with application permissions must have an owner: add an aadUserConversationMember with roles ["owner"] to members.');
  }
  const resolved = [];
  for (const member of members) {
    const key = boundKey((member as Record<string, unknown>)['user@odata.bind'], 'users');
    const user = key === undefined ? undefined : store.findUser(key);
    if (!user || user.accountEnabled === false) {
      return graphError(request, 404, 'NotFound', `User '${key ?? ''}' was not found or is disabled.`);
    }
    resolved.push({ user, roles: rolesOf(member) });
  }
  const apps = [];
  for (const installation of Array.isArray(team.installedApps) ? (team.installedApps as unknown[]) : []) {
    const appId = boundKey((installation as Record<string, unknown>)['teamsApp@odata.bind'], 'teamsApps');
    const app = store.catalogApps.find((a) => a.id === appId);
    if (!app) return graphError(request, 404, 'NotFound', `Teams app '${appId ?? ''}' was not found in the app catalog.`);
    apps.push(app);
  }

  const id = randomUUID();
  const now = request.receivedAt.toISOString();
  const description = typeof team.description === 'string' ? team.description : null;
  const visibility = typeof team.visibility === 'string' ? team.visibility.toLowerCase() : 'public';
  const record: TeamRecord = {
    id,
    displayName,
    description,
    visibility,
    createdDateTime: now,
    internalId: `19:${randomBytes(16).toString('hex')}@thread.tacv2`,
    provisioning: 'provisioning',
    visibleFrom: null,
    isArchived: false,
    members: new Map(),
    installedApps: new Map(),
  };
  for (const { user, roles } of resolved) {
    record.members.set(user.id.toLowerCase(), memberRecord(record, user, rolesFor(user, roles)));
  }
  for (const app of apps) record.installedApps.set(app.id, installationRecord(record, app));
  // The group exists at once; it is "teamified" (resourceProvisioningOptions: Team) when the operation succeeds.
  const group: GroupRecord = {
    id,
    displayName,
    description,
    createdDateTime: now,
    mailNickname: mailNickname(displayName),
    visibility: visibility === 'private' ? 'Private' : 'Public',
    resourceProvisioningOptions: [],
  };
  store.teams.set(id, record);
  store.groups.set(id, group);
  const operation = context.operations.start('createTeam', id, context.operationFailure);
  return emptyResponse(202, {
    location: context.operations.location(operation),
    'content-location': `/teams('${id}')`,
  });
}

function getTeam(context: RouteContext): SandboxResponse {
  const team = visibleTeam(context);
  if (isResponse(team)) return team;
  return jsonResponse(200, {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#teams/$entity',
    id: team.id,
    createdDateTime: team.createdDateTime,
    displayName: team.displayName,
    description: team.description,
    internalId: team.internalId,
    classification: null,
    specialization: 'none',
    visibility: team.visibility,
    webUrl: `https://teams.microsoft.com/l/team/${encodeURIComponent(team.internalId)}/conversations?groupId=${team.id}&tenantId=${context.store.tenantId}`,
    isArchived: team.isArchived,
    tenantId: context.store.tenantId,
    isMembershipLimitedToOwners: false,
    memberSettings: { allowCreateUpdateChannels: true, allowCreatePrivateChannels: true, allowDeleteChannels: true, allowAddRemoveApps: true, allowCreateUpdateRemoveTabs: true, allowCreateUpdateRemoveConnectors: true },
    guestSettings: { allowCreateUpdateChannels: false, allowDeleteChannels: false },
    messagingSettings: { allowUserEditMessages: true, allowUserDeleteMessages: true, allowOwnerDeleteMessages: true, allowTeamMentions: true, allowChannelMentions: true },
    funSettings: { allowGiphy: true, giphyContentRating: 'moderate', allowStickersAndMemes: true, allowCustomMemes: true },
    discoverySettings: { showInTeamsSearchAndSuggestions: true },
    summary: null,
  });
}

function getOperation(context: RouteContext): SandboxResponse {
  const operation = context.store.operations.get((context.params.operationId ?? '').toLowerCase());
  if (!operation || operation.teamId !== (context.params.teamId ?? '').toLowerCase()) {
    return graphError(context.request, 404, 'NotFound', `Operation '${context.params.operationId ?? ''}' was not found for team '${context.params.teamId ?? ''}'.`);
  }
  context.operations.poll(operation);
  return jsonResponse(200, context.operations.representation(operation));
}

/** Archiving is asynchronous too: 202 + Location, the team is archived when the operation succeeds (team-archive.md). */
function startArchiving(context: RouteContext, type: 'archiveTeam' | 'unarchiveTeam'): SandboxResponse {
  const team = visibleTeam(context);
  if (isResponse(team)) return team;
  if (type === 'archiveTeam' && context.request.rawBody.trim() !== '') {
    const body = readJsonObject(context.request);
    if (!body.ok) return body.response;
  }
  const operation = context.operations.start(type, team.id, context.operationFailure);
  return emptyResponse(202, { location: context.operations.location(operation) });
}

function rolesOf(member: unknown): string[] {
  const roles = (member as Record<string, unknown> | null)?.roles;
  return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string').map((r) => r.toLowerCase()) : [];
}

function mailNickname(displayName: string): string {
  const letters = displayName.normalize('NFKD').replace(/[^A-Za-z0-9]/g, '');
  return `${letters || 'team'}${randomBytes(2).toString('hex')}`;
}
