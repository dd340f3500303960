import type { Logger } from 'pino';
import type { Request, RequestHandler, Response } from 'restify';
import type { ZodType } from 'zod';
import type { Actor } from '../domain/identity';
import type { Locale } from '../domain/model';
import { type ProblemWords, ProblemError, httpProblem, requestLocale, sendJson, sendProblem, validationProblem } from './problems';
import type { SsoTokenVerifier } from './sso-tokens';
import type { Actor as SessionActor } from '../domain/identity';

/** The development sign-in's sessions (dev-sign-in.ts), as authentication needs them. */
export interface SessionVerifier {
  verify(token: string): Promise<SessionActor | undefined>;
}

export { ProblemError } from './problems';

/** Who calls, only ever from a validated token or the development session. */
export interface Viewer {
  readonly actor: Actor;
  readonly signIn: 'sso' | 'development';
}

export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The plumbing every /api route shares: errors as problems, the request's language, authentication. */
export class ApiRoutes {
  constructor(
    readonly words: ProblemWords,
    private readonly sso: SsoTokenVerifier,
    private readonly devSessions: SessionVerifier | undefined,
    private readonly allowedTenantId: string | undefined,
    private readonly logger: Logger,
  ) {}

  /** A route whose answer (or thrown ProblemError) becomes JSON; anything else a 500 problem without internals. */
  handle(work: (req: Request, locale: Locale) => Promise<Reply>): RequestHandler {
    return async (req: Request, res: Response) => {
      const locale = requestLocale(req);
      try {
        const reply = await work(req, locale);
        for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
        if (reply.status === 204) {
          res.writeHead(204, { 'Cache-Control': 'no-store' });
          res.end();
        } else sendJson(res, reply.status, reply.body);
      } catch (error) {
        if (error instanceof ProblemError) {
          sendProblem(res, error.problem, error.headers);
          return;
        }
        this.logger.error({ err: error, method: req.method, path: req.getPath() }, 'tab API request failed');
        if (!res.headersSent) sendProblem(res, httpProblem('internal_error', locale, this.words));
      }
    };
  }

  /** A route for a signed-in person: a valid bearer token, or (local mode only) the development session. */
  authenticated(work: (req: Request, locale: Locale, viewer: Viewer) => Promise<Reply>): RequestHandler {
    return this.handle(async (req, locale) => work(req, locale, await this.viewerOf(req, locale)));
  }

  private async viewerOf(req: Request, locale: Locale): Promise<Viewer> {
    const authorization = req.headers.authorization;
    if (typeof authorization === 'string' && authorization !== '') {
      const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,8192})$/.exec(authorization.trim());
      if (!match?.[1]) throw new ProblemError(httpProblem('token_invalid', locale, this.words), WWW_AUTHENTICATE);
      const check = await this.sso.verify(match[1]);
      if (!check.ok) throw new ProblemError(httpProblem(check.code, locale, this.words), WWW_AUTHENTICATE);
      return { actor: check.actor, signIn: 'sso' };
    }
    const session = this.devSessions ? cookieOf(req, 'cop_dev_session') : undefined;
    if (this.devSessions && session) {
      const actor = await this.devSessions.verify(session);
      if (!actor) throw new ProblemError(httpProblem('session_invalid', locale, this.words));
      if (this.allowedTenantId && actor.user.tenantId !== this.allowedTenantId) throw new ProblemError(httpProblem('token_tenant', locale, this.words));
      return { actor, signIn: 'development' };
    }
    throw new ProblemError(httpProblem('token_missing', locale, this.words), WWW_AUTHENTICATE);
  }
}

const WWW_AUTHENTICATE = { 'WWW-Authenticate': 'Bearer' };

function cookieOf(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** The value zod makes of `input`, or a 400 problem naming each invalid field. */
export function parseOr400<T>(schema: ZodType<T>, input: unknown, locale: Locale, words: ProblemWords): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ProblemError(validationProblem(parsed.error, locale, words));
  return parsed.data;
}

/** The query string as a plain object (restify's mapParams is off). */
export function queryOf(req: Request): Record<string, string> {
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const query: Record<string, string> = {};
  for (const [key, value] of params) query[key] = value;
  return query;
}

export function paramOf(req: Request, name: string): string {
  const value = (req.params as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}
