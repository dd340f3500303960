/**
 * Graph's Teams service limits per app per tenant (reference/teams-graph-facts.md §7.1, from
 * concepts/throttling-limits.md), and which of them a request falls under. Shared by the client-side
 * limiter and the sandbox, so that both count a request in the same family: each family has its own
 * per-tenant budget, and any request addressed to one team also counts towards that team's 4 rps.
 * Directory calls (users, groups, invitations) are not Teams calls: no Teams limit applies to them.
 * A user's installed apps (`/users/{id}/teamwork/installedApps`) are Teams installedApps calls; sending
 * mail and a mailbox's calendar events are Outlook calls, limited per mailbox rather than per tenant (see
 * CONCURRENT_REQUESTS_PER_MAILBOX).
 */
export type TeamsLimitFamily =
  | 'createTeam' // POST /teams: 10 rps
  | 'getTeam' // GET /teams/{id}, joinedTeams: 30 rps
  | 'getTeamMembers' // GET /teams/{id}/members: 60 rps
  | 'getTeamApps' // GET installedApps and appCatalogs: 30 rps
  | 'writeTeamApps' // POST/PATCH/DELETE installedApps and appCatalogs: 30 rps (DELETE documents 15; we send none)
  | 'otherTeamsGet' // other GET Teams calls (async operations): 30 rps
  | 'otherTeams'; // other Teams calls (members add/remove, archive): 30 rps

/**
 * A Teams family, `directory` (Entra ID objects, outside the Teams limits), or one of Outlook's: `mail`
 * (sendMail) and `calendar` (a mailbox's events), both limited per mailbox.
 */
export type GraphRequestFamily = TeamsLimitFamily | 'directory' | 'mail' | 'calendar';

/** The families Outlook limits per mailbox, not per tenant: no Teams budget applies to them. */
export function isOutlookFamily(family: GraphRequestFamily): family is 'mail' | 'calendar' {
  return family === 'mail' || family === 'calendar';
}

export const TEAMS_LIMITS_PER_SECOND: Readonly<Record<TeamsLimitFamily, number>> = {
  createTeam: 10,
  getTeam: 30,
  getTeamMembers: 60,
  getTeamApps: 30,
  writeTeamApps: 30,
  otherTeamsGet: 30,
  otherTeams: 30,
};

/** "Max 4 rps per app on a given team or channel" (§7.1). */
export const REQUESTS_PER_SECOND_PER_TEAM = 4;

/**
 * Outlook's service limits are per app per mailbox: 4 concurrent requests, 10 000 requests per 10 minutes
 * (learn: graph/throttling-limits, "Outlook service limits"). The client keeps the first; the second
 * (about 16 a second, sustained) is far above what one service mailbox sends, and a 429 is honoured anyway.
 */
export const CONCURRENT_REQUESTS_PER_MAILBOX = 4;

export interface GraphRequestClass {
  readonly family: GraphRequestFamily;
  /** The team the request addresses (lower case), which puts it under the per-team limit too. */
  readonly teamId: string | null;
}

/** Which limits a request falls under, from its method and URL (`/v1.0/teams/{id}/…` or `/v1.0/teams('{id}')/…`). */
export function classifyGraphRequest(method: string, url: string): GraphRequestClass {
  const verb = method.toUpperCase();
  const segments = pathSegments(new URL(url, 'https://graph.invalid').pathname);
  if (segments[0] === 'v1.0' || segments[0] === 'beta') segments.shift();
  const [root, teamKey, sub] = segments.map((s) => s.toLowerCase());
  const isGet = verb === 'GET';
  if (root === 'teams') {
    if (teamKey === undefined) return { family: verb === 'POST' ? 'createTeam' : 'otherTeamsGet', teamId: null };
    const teamId = teamKey;
    if (sub === undefined) return { family: isGet ? 'getTeam' : 'otherTeams', teamId };
    if (sub === 'members' && isGet) return { family: 'getTeamMembers', teamId };
    if (sub === 'installedapps') return { family: isGet ? 'getTeamApps' : 'writeTeamApps', teamId };
    return { family: isGet ? 'otherTeamsGet' : 'otherTeams', teamId };
  }
  if (root === 'appcatalogs') return { family: isGet ? 'getTeamApps' : 'writeTeamApps', teamId: null };
  // A person's apps (`/users/{id}/teamwork/installedApps[/{id}/chat]`) count as installedApps calls (§7.1).
  if (segments.some((s) => s.toLowerCase() === 'installedapps')) return { family: isGet ? 'getTeamApps' : 'writeTeamApps', teamId: null };
  const outlook = outlookCallOf(method, segments);
  if (outlook) return { family: outlook.family, teamId: null };
  if (segments.some((s) => s.toLowerCase() === 'joinedteams')) return { family: 'getTeam', teamId: null };
  return { family: 'directory', teamId: null };
}

/**
 * The mailbox (user id or UPN, lower case) an Outlook call addresses: `POST /users/{id}/sendMail`, or any
 * call on `/users/{id}/events[/{eventId}[/cancel]]`; undefined for any other request.
 */
export function mailboxOf(method: string, url: string): string | undefined {
  const segments = pathSegments(new URL(url, 'https://graph.invalid').pathname);
  if (segments[0] === 'v1.0' || segments[0] === 'beta') segments.shift();
  return outlookCallOf(method, segments)?.mailbox;
}

function outlookCallOf(method: string, segments: readonly string[]): { family: 'mail' | 'calendar'; mailbox: string } | undefined {
  const [root, mailbox, resource, ...rest] = segments;
  if (root?.toLowerCase() !== 'users' || mailbox === undefined || resource === undefined) return undefined;
  const kind = resource.toLowerCase();
  if (kind === 'sendmail' && method.toUpperCase() === 'POST' && rest.length === 0) return { family: 'mail', mailbox: mailbox.toLowerCase() };
  const isEventPath = rest.length === 0 || rest.length === 1 || (rest.length === 2 && rest[1]?.toLowerCase() === 'cancel');
  if (kind === 'events' && isEventPath) return { family: 'calendar', mailbox: mailbox.toLowerCase() };
  return undefined;
}

/** `/teams('a b')/operations('x')` → teams, a b, operations, x (OData keys unquoted, escapes decoded). */
function pathSegments(path: string): string[] {
  const segments: string[] = [];
  for (const raw of path.split('/')) {
    if (raw === '') continue;
    const segment = safeDecode(raw);
    const keyed = /^([^(]+)\((.*)\)$/s.exec(segment);
    if (keyed) segments.push(keyed[1] as string, (keyed[2] as string).replace(/^'(.*)'$/s, '$1').replace(/''/g, "'"));
    else segments.push(segment);
  }
  return segments;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
