import { ConfigError, loadConfig } from '../../src/config/config';

const BOT = { BOT_ID: '9a1f3c2e-1111-4222-8333-444455556666', BOT_PASSWORD: 'secret', BOT_TENANT_ID: '6f4a9c2e-3b1d-4e8a-9f00-c0ffee000001' };

describe('tab API configuration', () => {
  it('turns the development sign-in on in local mode only', () => {
    expect(loadConfig({}).tab.devSignIn).toBe(true);
    expect(loadConfig({ DEV_SIGN_IN: 'false' }).tab.devSignIn).toBe(false);
    expect(loadConfig(BOT).tab.devSignIn).toBe(false);
  });

  it('refuses DEV_SIGN_IN=true outside local mode', () => {
    expect(() => loadConfig({ ...BOT, DEV_SIGN_IN: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...BOT, DEV_SIGN_IN: 'true' })).toThrow(/DEV_SIGN_IN: is only available in local mode/);
  });

  it('defaults SSO to the bot app id, the public host and Microsoft Entra ID', () => {
    const { sso } = loadConfig({ ...BOT, PUBLIC_BASE_URL: 'https://cop.example.org' }).tab;
    expect(sso).toEqual({
      clientId: BOT.BOT_ID,
      appIdUri: `api://cop.example.org/${BOT.BOT_ID}`,
      jwksUrl: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
      authority: 'https://login.microsoftonline.com',
      v1IssuerBase: 'https://sts.windows.net',
      scope: 'access_as_user',
    });
    expect(loadConfig({}).tab.publicRateLimitPerMinute).toBe(60);
  });

  it('takes the SSO settings given, and refuses wrong ones', () => {
    const { sso } = loadConfig({ SSO_CLIENT_ID: '3C5E1F0A-7B2D-4C9E-8A11-5A5A5A5A0001', SSO_APP_ID_URI: 'api://x/y', SSO_SCOPE: 'read', SSO_AUTHORITY: 'https://login.example/' }).tab;
    expect(sso).toMatchObject({ clientId: '3c5e1f0a-7b2d-4c9e-8a11-5a5a5a5a0001', appIdUri: 'api://x/y', scope: 'read', authority: 'https://login.example' });
    expect(() => loadConfig({ SSO_CLIENT_ID: 'not-a-guid' })).toThrow(/SSO_CLIENT_ID/);
    expect(() => loadConfig({ PUBLIC_RATE_LIMIT_PER_MINUTE: '0' })).toThrow(/PUBLIC_RATE_LIMIT_PER_MINUTE/);
    expect(() => loadConfig({ ...BOT, NODE_ENV: 'production', SSO_JWKS_URL: 'http://keys.example/', GRAPH_TENANT_ID: BOT.BOT_TENANT_ID, GRAPH_CLIENT_ID: BOT.BOT_ID, GRAPH_CLIENT_SECRET: 's', LOG_FORMAT: 'json' })).toThrow(/SSO_JWKS_URL/);
  });
});
