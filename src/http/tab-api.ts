import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import { type DevSessions, addDevSignInRoutes } from './dev-sign-in';
import { type HttpProblemCode, httpProblem, requestLocale, sendProblem } from './problems';
import type { SsoTokenVerifier } from './sso-tokens';
import { addCommunityRoutes } from './tab-communities-routes';
import type { TabApiDeps } from './tab-api-deps';
import { ApiRoutes } from './tab-api-support';
import { addMeetingRoutes } from './tab-meetings-routes';
import { type PublicRateLimit, addRecordingRoutes } from './tab-recordings-routes';

export interface TabApiSettings {
  readonly sso: SsoTokenVerifier;
  /** Only in local mode with the development sign-in on; otherwise /api/dev/… answers 404. */
  readonly devSessions: DevSessions | undefined;
  readonly allowedTenantId: string | undefined;
  readonly publicRateLimit: PublicRateLimit;
  readonly logger: Logger;
}

/** The personal tab's JSON API under /api/… (README, "Tab API"); /api/messages and the meeting files stay as they are. */
export function addTabApi(server: Server, deps: TabApiDeps, settings: TabApiSettings): void {
  const api = new ApiRoutes(deps.words, settings.sso, settings.devSessions, settings.allowedTenantId, settings.logger);
  if (settings.devSessions) addDevSignInRoutes(server, api, settings.devSessions);
  addCommunityRoutes(server, api, deps);
  addMeetingRoutes(server, api, deps);
  addRecordingRoutes(server, api, deps, settings.publicRateLimit);

  // Unknown /api routes and wrong methods answer problems too (anything else keeps restify's answers).
  const fallback = (code: HttpProblemCode) => (req: Request, res: Response, _err: Error, callback: () => void) => {
    if (!(req.getPath?.() ?? req.url ?? '').startsWith('/api/')) return callback();
    const problem = httpProblem(code, requestLocale(req), deps.words);
    // Written here rather than through restify's send (which would call it a binary body); restify's own answer is not sent.
    sendProblem(res, problem);
    return undefined;
  };
  server.on('NotFound', fallback('not_found'));
  server.on('MethodNotAllowed', fallback('method_not_allowed'));
}
