import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
const LIFETIME_SECONDS = 3599;

export type TokenCheck = { readonly ok: true } | { readonly ok: false; readonly message: string };

/**
 * Issues and checks the sandbox's access tokens: JWTs shaped like Entra ID app-only Graph tokens
 * (aud, iss, tid, appid, roles), signed with a key that lives only in this process, so only tokens
 * this sandbox issued pass. Their lifetime runs on real time, not on the sandbox's clock: the credential
 * (msal-node) caches a token by its own clock, which no test can move, so a sandbox clock moved a day
 * ahead would otherwise refuse every cached token that msal-node rightly still holds valid.
 */
export class TokenIssuer {
  private readonly key = randomBytes(32);

  constructor(
    readonly tenantId: string,
    readonly clientId: string,
    readonly clientSecret: string,
    readonly expiredClientSecrets: readonly string[] = [],
  ) {}

  issue(roles: readonly string[]): { accessToken: string; expiresIn: number } {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      aud: GRAPH_AUDIENCE,
      iss: `https://sts.windows.net/${this.tenantId}/`,
      iat: now,
      nbf: now,
      exp: now + LIFETIME_SECONDS,
      appid: this.clientId,
      idtyp: 'app',
      oid: this.clientId,
      roles,
      tid: this.tenantId,
      uti: randomUUID(),
      ver: '1.0',
    };
    const encode = (part: object): string => Buffer.from(JSON.stringify(part)).toString('base64url');
    const signingInput = `${encode({ typ: 'JWT', alg: 'HS256' })}.${encode(claims)}`;
    return { accessToken: `${signingInput}.${this.sign(signingInput)}`, expiresIn: LIFETIME_SECONDS };
  }

  check(authorization: string | undefined): TokenCheck {
    if (!authorization) return { ok: false, message: 'Access token is empty.' };
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization);
    const parts = bearer?.[1]?.split('.');
    if (!parts || parts.length !== 3) return { ok: false, message: 'IDX14100: JWT is not well formed, there are no dots (.).' };
    const [header, payload, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { ok: false, message: 'Access token validation failure. Invalid signature.' };
    }
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp: number; tid: string };
    if (claims.exp * 1000 <= Date.now()) return { ok: false, message: 'Lifetime validation failed, the token is expired.' };
    if (claims.tid !== this.tenantId) return { ok: false, message: 'Access token validation failure. Invalid tenant.' };
    return { ok: true };
  }

  private sign(input: string): string {
    return createHmac('sha256', this.key).update(input).digest('base64url');
  }
}
