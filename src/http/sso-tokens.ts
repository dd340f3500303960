import { type JWTPayload, type JWTVerifyGetKey, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { Actor } from '../domain/identity';
import type { HttpProblemCode } from './problems';

export interface SsoSettings {
  /** The tab's Entra app id; '' accepts no token at all. */
  readonly clientId: string;
  readonly appIdUri: string;
  readonly jwksUrl: string;
  readonly authority: string;
  readonly v1IssuerBase: string;
  readonly scope: string;
  /** Tokens of any other tenant are refused (undefined: any tenant, as the bot does without TEAMS_APP_TENANT_ID). */
  readonly allowedTenantId: string | undefined;
}

export type TokenCheck = { readonly ok: true; readonly actor: Actor } | { readonly ok: false; readonly code: HttpProblemCode };

/** Clocks of Entra ID and of this server may differ a little. */
const CLOCK_TOLERANCE_S = 60;
const ENTRA_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Teams SSO tokens (authentication.getAuthToken()): RS256 signature from the JWKS, issuer v1 or v2 of the
 * token's own tenant, audience the client id or the app id URI, exp/nbf, the allowed tenant, the scope.
 * The person is `tid` + `oid`; nothing else in the request names them.
 */
export class SsoTokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(
    private readonly settings: SsoSettings,
    private readonly now: () => Date,
    keys?: JWTVerifyGetKey,
  ) {
    this.keys = keys ?? createRemoteJWKSet(new URL(settings.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 3_600_000 });
  }

  async verify(token: string): Promise<TokenCheck> {
    if (this.settings.clientId === '') return { ok: false, code: 'token_audience' };
    const audiences = [this.settings.clientId, this.settings.appIdUri];
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, { algorithms: ['RS256'], audience: audiences, clockTolerance: CLOCK_TOLERANCE_S, currentDate: this.now(), requiredClaims: ['exp', 'iss', 'tid'] }));
    } catch (error) {
      return { ok: false, code: codeOf(error) };
    }
    const tid = typeof payload.tid === 'string' && ENTRA_ID.test(payload.tid) ? payload.tid.toLowerCase() : undefined;
    if (!tid) return { ok: false, code: 'token_invalid' };
    const issuers = [`${this.settings.authority}/${tid}/v2.0`, `${this.settings.v1IssuerBase}/${tid}/`];
    const issuer = typeof payload.iss === 'string' ? payload.iss.toLowerCase() : '';
    if (!issuers.some((expected) => expected.toLowerCase() === issuer)) return { ok: false, code: 'token_issuer' };
    if (this.settings.allowedTenantId && tid !== this.settings.allowedTenantId) return { ok: false, code: 'token_tenant' };
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
    if (!scopes.includes(this.settings.scope)) return { ok: false, code: 'token_scope' };
    const oid = typeof payload.oid === 'string' && ENTRA_ID.test(payload.oid) ? payload.oid.toLowerCase() : undefined;
    if (!oid) return { ok: false, code: 'token_invalid' };
    const name = typeof payload.name === 'string' && payload.name.trim() !== '' ? payload.name.trim().slice(0, 200) : undefined;
    return { ok: true, actor: { user: { tenantId: tid, aadObjectId: oid }, displayName: name } };
  }
}

function codeOf(error: unknown): HttpProblemCode {
  if (error instanceof errors.JWTExpired) return 'token_expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'token_not_yet_valid';
    if (error.claim === 'aud') return 'token_audience';
    if (error.claim === 'iat') return 'token_not_yet_valid';
    return 'token_invalid';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JWKSNoMatchingKey) return 'token_signature';
  if (error instanceof errors.JOSENotSupported) return 'token_signature';
  return 'token_invalid';
}
