import { catalogEntry } from './apps-routes';
import type { SandboxUser } from './contracts';
import { emptyResponse, graphError, jsonResponse, readJsonObject, type SandboxResponse } from './http-exchange';
import { boundKey, parseFilter } from './odata';
import { PERMISSIONS } from './permissions';
import type { Route, RouteContext } from './route';

/**
 * The app installed for one person in personal scope, and the 1:1 chat that opens with the bot
 * (reference/teams-graph-facts.md §4.3): how a bot reaches someone who never opened it. Teams counts
 * these as installedApps calls (§7.1).
 */
export const userAppsRoutes: readonly Route[] = [
  { method: 'GET', pattern: '/v1.0/users/{userKey}/teamwork/installedApps', endpoint: 'getTeamApps', permission: PERMISSIONS.installForUser, handle: listInstalledApps },
  { method: 'POST', pattern: '/v1.0/users/{userKey}/teamwork/installedApps', endpoint: 'writeTeamApps', permission: PERMISSIONS.installForUser, handle: installApp },
  {
    method: 'GET',
    pattern: '/v1.0/users/{userKey}/teamwork/installedApps/{installationId}/chat',
    endpoint: 'getTeamApps',
    permission: PERMISSIONS.installForUser,
    handle: getChat,
  },
];

/** The person a `/users/{userKey}/teamwork/...` request addresses, or the 404 Graph answers for nobody. [unverified: the code of that 404] */
function addressedUser(context: RouteContext): SandboxUser | SandboxResponse {
  const key = context.params.userKey ?? '';
  const user = context.store.findUser(key);
  return user ?? graphError(context.request, 404, 'NotFound', `User '${key}' was not found in tenant '${context.store.tenantId}'.`);
}

function isUser(value: SandboxUser | SandboxResponse): value is SandboxUser {
  return 'userPrincipalName' in value;
}

/** `$filter=teamsApp/id eq '…'` (or externalId) tests the expanded app; `teamsApp` is returned only with `$expand=teamsApp`. */
function listInstalledApps(context: RouteContext): SandboxResponse {
  const user = addressedUser(context);
  if (!isUser(user)) return user;
  const filter = parseFilter(context.request.query.get('$filter'));
  if (!filter.ok) return graphError(context.request, 400, 'BadRequest', filter.message);
  const expand = (context.request.query.get('$expand') ?? '').split(',').map((s) => s.trim());
  const value = context.store.personalApps
    .of(user.id)
    .map((installation) => ({ id: installation.id, teamsApp: catalogEntry(installation.app) }))
    .filter((installation) => filter.matches(installation))
    .map((installation) => (expand.includes('teamsApp') ? installation : { id: installation.id }));
  return jsonResponse(200, { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/teamwork/installedApps`, value });
}

/**
 * 201 with an empty body (userteamwork-post-installedapps.md); 409 Conflict when the person has the app
 * already (what Company Communicator reads as installed, §7.4); 404 for an app missing from the catalog.
 * Guests are refused: this app is the organisation's, not theirs to get (the refusal's wording is the sandbox's).
 */
function installApp(context: RouteContext): SandboxResponse {
  const user = addressedUser(context);
  if (!isUser(user)) return user;
  const body = readJsonObject(context.request);
  if (!body.ok) return body.response;
  const appId = boundKey(body.value['teamsApp@odata.bind'], 'teamsApps');
  if (appId === undefined) {
    return graphError(context.request, 400, 'BadRequest', "Bind the app with 'teamsApp@odata.bind': https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{id}.");
  }
  const app = context.store.catalogApps.find((a) => a.id === appId);
  if (!app) return graphError(context.request, 404, 'NotFound', `Teams app '${appId}' was not found in the app catalog.`);
  if (user.userType === 'Guest') {
    return graphError(context.request, 403, 'Forbidden', `Apps of this organisation cannot be installed for guest user '${user.id}'.`);
  }
  if (context.store.personalApps.find(user.id, app.id)) {
    return graphError(context.request, 409, 'Conflict', `App '${app.id}' is already installed for user '${user.id}'.`);
  }
  context.store.personalApps.install(user, app, context.request.receivedAt, 'graph');
  context.store.personalInstallsByGraph += 1;
  return emptyResponse(201);
}

/** The 1:1 chat between the person and the bot the installation made (userscopeteamsappinstallation-get-chat.md). */
function getChat(context: RouteContext): SandboxResponse {
  const user = addressedUser(context);
  if (!isUser(user)) return user;
  const installationId = context.params.installationId ?? '';
  const installation = context.store.personalApps.of(user.id).find((i) => i.id === installationId);
  if (!installation) return graphError(context.request, 404, 'NotFound', `Installation '${installationId}' was not found for user '${user.id}'.`);
  const tenantId = context.store.tenantId;
  return jsonResponse(200, {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#chats/$entity',
    id: installation.chatId,
    topic: null,
    createdDateTime: installation.installedAt,
    lastUpdatedDateTime: installation.installedAt,
    chatType: 'oneOnOne',
    webUrl: `https://teams.microsoft.com/l/chat/${encodeURIComponent(installation.chatId)}/0?tenantId=${tenantId}`,
    tenantId,
    onlineMeetingInfo: null,
    viewpoint: null,
  });
}
