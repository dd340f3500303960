import { appsRoutes } from './apps-routes';
import { calendarRoutes } from './calendar-routes';
import { directoryRoutes } from './directory-routes';
import { groupsRoutes } from './groups-routes';
import { pathSegments } from './http-exchange';
import { mailRoutes } from './mail-routes';
import { membersRoutes } from './members-routes';
import { recordingsRoutes } from './recordings-routes';
import { type Route, routeName } from './route';
import { teamsRoutes } from './teams-routes';
import { tokenRoutes } from './token-endpoint';
import { userAppsRoutes } from './user-apps-routes';

export interface RouteMatch {
  readonly route: Route;
  readonly name: string;
  readonly params: Readonly<Record<string, string>>;
}

interface CompiledRoute {
  readonly route: Route;
  readonly name: string;
  readonly segments: readonly string[];
  readonly literals: number;
}

/** Every endpoint the sandbox serves; anything else is a 404 recorded in the request log. */
export const SANDBOX_ROUTES: readonly Route[] = [
  ...tokenRoutes,
  ...teamsRoutes,
  ...membersRoutes,
  ...appsRoutes,
  ...userAppsRoutes,
  ...directoryRoutes,
  ...groupsRoutes,
  ...mailRoutes,
  ...calendarRoutes,
  ...recordingsRoutes,
];

/**
 * Finds the route for a method and path. Literal segments compare without case (Graph's paths are
 * case-insensitive); when two patterns fit, the one with more literal segments wins, so
 * `/teams/{teamId}/members/add` beats `/teams/{teamId}/members/{membershipId}`.
 */
export class Router {
  private readonly compiled: readonly CompiledRoute[];

  constructor(routes: readonly Route[] = SANDBOX_ROUTES) {
    this.compiled = routes.map((route) => {
      const segments = pathSegments(route.pattern);
      return { route, name: routeName(route), segments, literals: segments.filter((s) => !isParam(s)).length };
    });
  }

  match(method: string, segments: readonly string[]): RouteMatch | undefined {
    let best: { compiled: CompiledRoute; params: Record<string, string> } | undefined;
    for (const compiled of this.compiled) {
      if (compiled.route.method !== method || compiled.segments.length !== segments.length) continue;
      const params = bind(compiled.segments, segments);
      if (params && (!best || compiled.literals > best.compiled.literals)) best = { compiled, params };
    }
    return best && { route: best.compiled.route, name: best.compiled.name, params: best.params };
  }
}

function isParam(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

function bind(pattern: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i += 1) {
    const expected = pattern[i] as string;
    const actual = segments[i] as string;
    if (isParam(expected)) params[expected.slice(1, -1)] = actual;
    else if (expected.toLowerCase() !== actual.toLowerCase()) return undefined;
  }
  return params;
}
