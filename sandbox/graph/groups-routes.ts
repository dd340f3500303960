import { graphError, jsonResponse, type SandboxResponse } from './http-exchange';
import { parseFilter } from './odata';
import { PERMISSIONS } from './permissions';
import type { Route, RouteContext } from './route';
import type { GroupRecord } from './store';

/**
 * The Microsoft 365 groups behind teams, so that a provisioning resumed after a crash can look for a
 * team it may already have created (`$filter=displayName eq '…'`).
 */
export const groupsRoutes: readonly Route[] = [
  { method: 'GET', pattern: '/v1.0/groups', endpoint: 'directory', permission: PERMISSIONS.readGroups, handle: listGroups },
  { method: 'GET', pattern: '/v1.0/groups/{groupId}', endpoint: 'directory', permission: PERMISSIONS.readGroups, handle: getGroup },
];

function representation(group: GroupRecord): Record<string, unknown> {
  return {
    id: group.id,
    createdDateTime: group.createdDateTime,
    description: group.description,
    displayName: group.displayName,
    groupTypes: ['Unified'],
    mailEnabled: true,
    mailNickname: group.mailNickname,
    securityEnabled: false,
    visibility: group.visibility,
    resourceProvisioningOptions: [...group.resourceProvisioningOptions],
  };
}

function listGroups(context: RouteContext): SandboxResponse {
  const filter = parseFilter(context.request.query.get('$filter'));
  if (!filter.ok) return graphError(context.request, 400, 'Request_UnsupportedQuery', filter.message);
  const value = [...context.store.groups.values()].map(representation).filter((g) => filter.matches(g));
  return jsonResponse(200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#groups', value: select(value, context) });
}

function getGroup(context: RouteContext): SandboxResponse {
  const group = context.store.groups.get((context.params.groupId ?? '').toLowerCase());
  if (!group) {
    return graphError(context.request, 404, 'Request_ResourceNotFound', `Resource '${context.params.groupId ?? ''}' does not exist or one of its queried reference-property objects are not present.`);
  }
  const [body] = select([representation(group)], context);
  return jsonResponse(200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#groups/$entity', ...body });
}

function select(groups: Record<string, unknown>[], context: RouteContext): Record<string, unknown>[] {
  const selected = context.request.query.get('$select');
  if (!selected) return groups;
  const properties = selected.split(',').map((p) => p.trim());
  return groups.map((g) => Object.fromEntries(Object.entries(g).filter(([key]) => key === 'id' || properties.includes(key))));
}
