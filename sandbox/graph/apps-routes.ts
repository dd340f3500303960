import type { CatalogApp } from './contracts';
import { emptyResponse, graphError, jsonResponse, readJsonObject, type SandboxResponse } from './http-exchange';
import { boundKey, parseFilter } from './odata';
import { PERMISSIONS } from './permissions';
import type { Route, RouteContext } from './route';
import { isResponse, visibleTeam } from './team-lookup';
import { installationRecord } from './team-records';

/** The org app catalog and app installation in a team (§4.1, §4.2); a person's apps are in user-apps-routes.ts. */
export const appsRoutes: readonly Route[] = [
  { method: 'GET', pattern: '/v1.0/appCatalogs/teamsApps', endpoint: 'getTeamApps', permission: PERMISSIONS.readCatalog, handle: listCatalog },
  { method: 'GET', pattern: '/v1.0/teams/{teamId}/installedApps', endpoint: 'getTeamApps', permission: PERMISSIONS.installApps, handle: listInstalledApps },
  { method: 'POST', pattern: '/v1.0/teams/{teamId}/installedApps', endpoint: 'writeTeamApps', permission: PERMISSIONS.installApps, handle: installApp },
  { method: 'DELETE', pattern: '/v1.0/teams/{teamId}/installedApps/{installationId}', endpoint: 'writeTeamApps', permission: PERMISSIONS.installApps, handle: uninstallApp },
];

export function catalogEntry(app: CatalogApp): Record<string, unknown> {
  return { id: app.id, externalId: app.externalId, displayName: app.displayName, distributionMethod: 'organization' };
}

function listCatalog(context: RouteContext): SandboxResponse {
  const filter = parseFilter(context.request.query.get('$filter'));
  if (!filter.ok) return graphError(context.request, 400, 'BadRequest', filter.message);
  return jsonResponse(200, {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#appCatalogs/teamsApps',
    value: context.store.catalogApps.map(catalogEntry).filter((app) => filter.matches(app)),
  });
}

/** `$filter` may test the expanded app (`teamsApp/externalId eq '…'`); `teamsApp` is returned only with `$expand=teamsApp`. */
function listInstalledApps(context: RouteContext): SandboxResponse {
  const team = visibleTeam(context);
  if (isResponse(team)) return team;
  const filter = parseFilter(context.request.query.get('$filter'));
  if (!filter.ok) return graphError(context.request, 400, 'BadRequest', filter.message);
  const expand = (context.request.query.get('$expand') ?? '').split(',').map((s) => s.trim());
  const value = [...team.installedApps.values()]
    .map((installation) => ({ id: installation.id, teamsApp: catalogEntry(installation.app) }))
    .filter((installation) => filter.matches(installation))
    .map((installation) => (expand.includes('teamsApp') ? installation : { id: installation.id }));
  return jsonResponse(200, { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#teams('${team.id}')/installedApps`, value });
}

/**
 * 201 with an empty body (the docs say 200 for teams, 201 for users; callers should accept any 2xx);
 * an app already installed is a 409 Conflict (what Company Communicator relies on, §7.4).
 */
function installApp(context: RouteContext): SandboxResponse {
  const team = visibleTeam(context);
  if (isResponse(team)) return team;
  const body = readJsonObject(context.request);
  if (!body.ok) return body.response;
  const appId = boundKey(body.value['teamsApp@odata.bind'], 'teamsApps');
  if (appId === undefined) {
    return graphError(context.request, 400, 'BadRequest', "Bind the app with 'teamsApp@odata.bind': https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{id}.");
  }
  const app = context.store.catalogApps.find((a) => a.id === appId);
  if (!app) return graphError(context.request, 404, 'NotFound', `Teams app '${appId}' was not found in the app catalog.`);
  if (team.installedApps.has(app.id)) {
    return graphError(context.request, 409, 'Conflict', `App '${app.id}' is already installed in team '${team.id}'.`);
  }
  team.installedApps.set(app.id, installationRecord(team, app));
  return emptyResponse(201);
}

function uninstallApp(context: RouteContext): SandboxResponse {
  const team = visibleTeam(context);
  if (isResponse(team)) return team;
  const installation = [...team.installedApps.values()].find((i) => i.id === context.params.installationId);
  if (!installation) return graphError(context.request, 404, 'NotFound', `Installation '${context.params.installationId ?? ''}' was not found.`);
  team.installedApps.delete(installation.app.id);
  return emptyResponse(204);
}
