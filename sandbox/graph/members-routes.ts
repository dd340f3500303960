import { emptyResponse, graphError, jsonResponse, readJsonObject, type SandboxResponse } from './http-exchange';
import { boundKey, parseFilter } from './odata';
import { PERMISSIONS } from './permissions';
import type { Route, RouteContext } from './route';
import type { TeamRecord } from './store';
import { isResponse, visibleTeam } from './team-lookup';
import { memberRecord, memberRepresentation, rolesFor } from './team-records';

/** conversationmembers-add.md: at most 200 per call; conversationmember-remove: at most 20. */
export const MAX_MEMBERS_PER_ADD = 200;
export const MAX_MEMBERS_PER_REMOVE = 20;

/** Team membership (§2.1–2.3). */
export const membersRoutes: readonly Route[] = [
  { method: 'POST', pattern: '/v1.0/teams/{teamId}/members/add', endpoint: 'otherTeams', permission: PERMISSIONS.writeMembers, handle: addMembers },
  { method: 'POST', pattern: '/v1.0/teams/{teamId}/members/remove', endpoint: 'otherTeams', permission: PERMISSIONS.writeMembers, handle: removeMembers },
  { method: 'POST', pattern: '/v1.0/teams/{teamId}/members', endpoint: 'otherTeams', permission: PERMISSIONS.writeMembers, handle: addMember },
  { method: 'GET', pattern: '/v1.0/teams/{teamId}/members', endpoint: 'getTeamMembers', permission: PERMISSIONS.readMembers, handle: listMembers },
  { method: 'GET', pattern: '/v1.0/teams/{teamId}/members/{membershipId}', endpoint: 'getTeamMembers', permission: PERMISSIONS.readMembers, handle: getMember },
  { method: 'DELETE', pattern: '/v1.0/teams/{teamId}/members/{membershipId}', endpoint: 'otherTeams', permission: PERMISSIONS.writeMembers, handle: deleteMember },
];

const RESULT_CONTEXT = 'https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.aadUserConversationMemberResult)';

type MemberResult = { userId: string; error: { code: string; message: string } | null };

/** 200 when every add worked, 207 with a per-user error otherwise; someone already in the team counts as added. */
function addMembers(context: RouteContext): SandboxResponse {
  const team = visibleTeam(context);
  if (isResponse(team)) return team;
  const values = readValues(context, MAX_MEMBERS_PER_ADD, 'add');
  if (!Array.isArray(values)) return values;
  const results: MemberResult[] = values.map((value) => {
    const key = userKeyOf(value) ?? '';
    const user = context.store.findUser(key);
    if (!user || user.accountEnabled === false) {
      return { userId: key, error: { code: 'NotFound', message: `User '${key}' was not found or is disabled.` } };
    }
    if (team.members.has(user.id.toLowerCase())) {
      context.store.membershipCounts.alreadyPresent += 1;
    } else {
      team.members.set(user.id.toLowerCase(), memberRecord(team, user, rolesFor(user, rolesOf(value))));
      context.store.membershipCounts.added += 1;
    }
    return { userId: user.id, error: null };
  });
  return resultsResponse(results, '#microsoft.graph.aadUserConversationMemberResult');
}

function removeMembers(context: RouteContext): SandboxResponse {
  const team = visibleTeam(context);
  if (isResponse(team)) return team;
  const values = readValues(context, MAX_MEMBERS_PER_REMOVE, 'remove');
  if (!Array.isArray(values)) return values;
  const results: MemberResult[] = values.map((value) => {
    const key = userKeyOf(value) ?? '';
    const user = context.store.findUser(key);
    const userId = (user?.id ?? key).toLowerCase();
    if (!team.members.delete(userId)) {
      return { userId: user?.id ?? key, error: { code: 'NotFound', message: `User '${key}' is not a member of the team.` } };
    }
    return { userId: user?.id ?? key, error: null };
  });
  return resultsResponse(results, '#microsoft.graph.actionResultPart');
}

/** One member: 201 + the conversationMember; someone already in the team is a 409 Conflict. */
function addMember(context: RouteContext): SandboxResponse {
  const team = visibleTeam(context);
  if (isResponse(team)) return team;
  const body = readJsonObject(context.request);
  if (!body.ok) return body.response;
  const key = userKeyOf(body.value);
  if (key === undefined) {
    return graphError(context.request, 400, 'BadRequest', "Bind the user with 'user@odata.bind': https://graph.microsoft.com/v1.0/users('{id}').");
  }
  const user = context.store.findUser(key);
  if (!user || user.accountEnabled === false) {
    return graphError(context.request, 404, 'NotFound', `User '${key}' was not found or is disabled.`);
  }
  if (team.members.has(user.id.toLowerCase())) {
    return graphError(context.request, 409, 'Conflict', `User '${user.id}' is already a member of the team.`);
  }
  const member = memberRecord(team, user, rolesFor(user, rolesOf(body.value)));
  team.members.set(user.id.toLowerCase(), member);
  context.store.membershipCounts.added += 1;
  return jsonResponse(201, {
    '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#teams('${team.id}')/members/$entity`,
    ...memberRepresentation(member, context.store.tenantId),
  });
}

function listMembers(context: RouteContext): SandboxResponse {
  const team = visibleTeam(context);
  if (isResponse(team)) return team;
  const filter = parseFilter(context.request.query.get('$filter'));
  if (!filter.ok) return graphError(context.request, 400, 'BadRequest', filter.message);
  const value = [...team.members.values()].map((m) => memberRepresentation(m, context.store.tenantId)).filter((m) => filter.matches(m));
  return jsonResponse(200, { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#teams('${team.id}')/members`, '@odata.count': value.length, value });
}

function getMember(context: RouteContext): SandboxResponse {
  const team = visibleTeam(context);
  if (isResponse(team)) return team;
  const member = findMembership(team, context.params.membershipId ?? '');
  if (!member) return membershipNotFound(context);
  return jsonResponse(200, memberRepresentation(member, context.store.tenantId));
}

function deleteMember(context: RouteContext): SandboxResponse {
  const team = visibleTeam(context);
  if (isResponse(team)) return team;
  const member = findMembership(team, context.params.membershipId ?? '');
  if (!member) return membershipNotFound(context);
  const owners = [...team.members.values()].filter((m) => m.roles.includes('owner'));
  if (member.roles.includes('owner') && owners.length === 1) {
    return graphError(context.request, 400, 'BadRequest', 'The last owner of a team cannot be removed.');
  }
  team.members.delete(member.userId.toLowerCase());
  return emptyResponse(204);
}

function findMembership(team: TeamRecord, membershipId: string) {
  return [...team.members.values()].find((m) => m.id === membershipId);
}

function membershipNotFound(context: RouteContext): SandboxResponse {
  return graphError(context.request, 404, 'NotFound', `Membership '${context.params.membershipId ?? ''}' was not found in team '${context.params.teamId ?? ''}'.`);
}

function readValues(context: RouteContext, max: number, action: string): unknown[] | SandboxResponse {
  const body = readJsonObject(context.request);
  if (!body.ok) return body.response;
  const values = body.value.values;
  if (!Array.isArray(values) || values.length === 0) {
    return graphError(context.request, 400, 'BadRequest', "The 'values' collection is required and must not be empty.");
  }
  if (values.length > max) {
    return graphError(context.request, 400, 'BadRequest', `Too many members to ${action}: ${values.length} were sent, the maximum is ${max} per request.`);
  }
  return values as unknown[];
}

function resultsResponse(results: MemberResult[], odataType: string): SandboxResponse {
  const status = results.every((r) => r.error === null) ? 200 : 207;
  return jsonResponse(status, {
    '@odata.context': RESULT_CONTEXT,
    value: results.map((r) => ({ '@odata.type': odataType, userId: r.userId, error: r.error })),
  });
}

function userKeyOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  return boundKey(record['user@odata.bind'], 'users') ?? (typeof record.userId === 'string' ? record.userId : undefined);
}

function rolesOf(value: unknown): string[] {
  const roles = (value as Record<string, unknown> | null)?.roles;
  return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : [];
}
