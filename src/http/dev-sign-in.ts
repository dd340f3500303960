import { SignJWT, jwtVerify } from 'jose';
import type { Server } from 'restify';
import { z } from 'zod';
import type { Actor } from '../domain/identity';
import { httpProblem } from './problems';
import { type ApiRoutes, ProblemError, parseOr400 } from './tab-api-support';

/** A demo person one may sign in as (DEMO_DIRECTORY, handed in by app.ts). */
export interface DemoPerson {
  readonly aadObjectId: string;
  readonly name: string;
}

export const DEV_SESSION_COOKIE = 'cop_dev_session';
const ISSUER = 'communities-of-practice/dev-sign-in';
const LIFETIME_S = 12 * 3600;

/**
 * The development sign-in's session: a cookie holding an HS256 token (jose) that names a demo person.
 * It exists only in local mode (config refuses it elsewhere), and app.ts registers it only then.
 */
export class DevSessions {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly tenantId: string,
    private readonly people: readonly DemoPerson[],
    private readonly now: () => Date,
  ) {
    this.key = new TextEncoder().encode(`dev-sign-in:${secret}`);
  }

  list(): readonly DemoPerson[] {
    return this.people;
  }

  find(aadObjectId: string): DemoPerson | undefined {
    return this.people.find((p) => p.aadObjectId.toLowerCase() === aadObjectId.toLowerCase());
  }

  async sign(person: DemoPerson): Promise<string> {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    return new SignJWT({ tid: this.tenantId, name: person.name })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(person.aadObjectId.toLowerCase())
      .setIssuer(ISSUER)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + LIFETIME_S)
      .sign(this.key);
  }

  /** The person of a valid session; undefined for anything else (forged, expired, no longer a demo person). */
  async verify(token: string): Promise<Actor | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'], currentDate: this.now() });
      if (typeof payload.sub !== 'string' || payload.tid !== this.tenantId) return undefined;
      const person = this.find(payload.sub);
      return person ? { user: { tenantId: this.tenantId, aadObjectId: person.aadObjectId.toLowerCase() }, displayName: person.name } : undefined;
    } catch {
      return undefined;
    }
  }
}

const signInBody = z.object({ aadObjectId: z.string().min(1).max(64) }).strict();

function cookie(value: string, maxAge: number): string {
  return `${DEV_SESSION_COOKIE}=${value}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAge}`;
}

/** GET /api/dev/people, POST /api/dev/sign-in {aadObjectId}, POST /api/dev/sign-out. */
export function addDevSignInRoutes(server: Server, api: ApiRoutes, sessions: DevSessions): void {
  server.get('/api/dev/people', api.handle(() => Promise.resolve({ status: 200, body: { items: sessions.list().map((p) => ({ aadObjectId: p.aadObjectId, displayName: p.name })) } })));
  server.post(
    '/api/dev/sign-in',
    api.handle(async (req, locale) => {
      const body = parseOr400(signInBody, req.body ?? {}, locale, api.words);
      const person = sessions.find(body.aadObjectId);
      if (!person) throw new ProblemError(httpProblem('unknown_person', locale, api.words));
      return { status: 200, body: { aadObjectId: person.aadObjectId, displayName: person.name }, headers: { 'Set-Cookie': cookie(await sessions.sign(person), LIFETIME_S) } };
    }),
  );
  server.post('/api/dev/sign-out', api.handle(() => Promise.resolve({ status: 204, body: undefined, headers: { 'Set-Cookie': cookie('', 0) } })));
}
