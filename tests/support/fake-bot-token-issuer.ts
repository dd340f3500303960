import { type KeyObject, createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceClientCredentialsFactory } from 'botframework-connector';

/**
 * A local stand-in for the Bot Framework token service's public side: an OpenID metadata document and
 * a key set (with Teams endorsements), plus a way to mint channel tokens signed by its key — or by a key
 * it does not publish, to forge one.
 */
export class FakeBotTokenIssuer {
  static readonly ISSUER = 'https://api.botframework.com';
  private readonly kid = `test-key-${randomUUID()}`;
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly forgerKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly server = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/openid') {
      res.end(JSON.stringify({ issuer: FakeBotTokenIssuer.ISSUER, jwks_uri: `${this.baseUrl}/keys` }));
    } else if (req.url === '/keys') {
      const jwk = this.keys.publicKey.export({ format: 'jwk' });
      res.end(JSON.stringify({ keys: [{ ...jwk, kid: this.kid, use: 'sig', alg: 'RS256', endorsements: ['msteams'] }] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** botbuilder settings that make it validate inbound tokens against this issuer. */
  botSettings(): Record<string, string | boolean> {
    return {
      ToBotFromChannelOpenIdMetadataUrl: `${this.baseUrl}/openid`,
      ToBotFromEmulatorOpenIdMetadataUrl: `${this.baseUrl}/openid`,
      ToBotFromChannelTokenIssuer: FakeBotTokenIssuer.ISSUER,
      OAuthUrl: `${this.baseUrl}/oauth`,
      CallerId: 'urn:botframework:azure',
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      ValidateAuthority: false,
    };
  }

  /** A channel → bot token, as the Bot Connector sends in the Authorization header. */
  token(claims: { aud: string; serviceUrl: string; expiresInSeconds?: number; issuer?: string; forged?: boolean }): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: this.kid };
    const payload = {
      iss: claims.issuer ?? FakeBotTokenIssuer.ISSUER,
      aud: claims.aud,
      serviceurl: claims.serviceUrl,
      nbf: now - 60,
      iat: now - 60,
      exp: now + (claims.expiresInSeconds ?? 3600),
    };
    const encode = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const signingInput = `${encode(header)}.${encode(payload)}`;
    const key: KeyObject = claims.forged ? this.forgerKeys.privateKey : this.keys.privateKey;
    const signature = createSign('RSA-SHA256').update(signingInput).sign(key).toString('base64url');
    return `${signingInput}.${signature}`;
  }
}

/**
 * Outbound (bot → connector) credentials for tests: a fixed bearer, because MSAL refuses a local
 * login authority (reference/stack-notes.md §2).
 */
export class FixedBearerCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(private readonly appId: string, readonly bearer = 'test-outbound-token') {
    super();
  }

  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  async createCredentials(): Promise<never> {
    return {
      signRequest: async (request: { headers: { set(name: string, value: string): void } }) => {
        request.headers.set('authorization', `Bearer ${this.bearer}`);
        return request;
      },
    } as never;
  }
}
