import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, type JWTPayload, SignJWT, exportJWK, generateKeyPair } from 'jose';

/**
 * A stand-in for Entra ID's signing keys: an RSA key pair made for the test, its public half served as a
 * JWKS over real HTTP (the app fetches it as it fetches Microsoft's), and tokens signed with it in the
 * shapes Teams SSO gives (v1 and v2).
 */
export class SsoTokenIssuer {
  private server: Server | undefined;
  private key: CryptoKey | undefined;
  readonly kid = 'test-key-1';
  jwksUrl = '';

  async start(): Promise<this> {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    this.key = privateKey;
    const jwk = { ...(await exportJWK(publicKey)), kid: this.kid, use: 'sig', alg: 'RS256' };
    this.server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.jwksUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/keys`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A token signed with the test key; `claims` replace the defaults (a claim set to undefined is left out). */
  async sign(claims: JWTPayload, options: { expiresInSeconds?: number; notBeforeSeconds?: number } = {}): Promise<string> {
    if (!this.key) throw new Error('start() first');
    const now = Math.floor(Date.now() / 1000);
    const payload = Object.fromEntries(Object.entries({ iat: now, nbf: now + (options.notBeforeSeconds ?? 0), exp: now + (options.expiresInSeconds ?? 3600), ...claims }).filter(([, v]) => v !== undefined));
    return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' }).sign(this.key);
  }
}

/** The claims of a Teams SSO token, v2 form (iss login.microsoftonline.com/{tid}/v2.0, aud the client id). */
export function v2Claims(tenantId: string, clientId: string, oid: string, name = 'Camille Tremblay'): JWTPayload {
  return { iss: `https://login.microsoftonline.com/${tenantId}/v2.0`, aud: clientId, tid: tenantId, oid, name, scp: 'access_as_user', ver: '2.0' };
}

/** The v1 form (iss sts.windows.net/{tid}/, aud the app id URI). */
export function v1Claims(tenantId: string, appIdUri: string, oid: string, name = 'Camille Tremblay'): JWTPayload {
  return { iss: `https://sts.windows.net/${tenantId}/`, aud: appIdUri, tid: tenantId, oid, name, scp: 'access_as_user', ver: '1.0' };
}

/** An unsigned token (`alg: none`), as an attacker would forge one. */
export function unsignedToken(claims: JWTPayload): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ iat: now, exp: now + 3600, ...claims })}.`;
}
