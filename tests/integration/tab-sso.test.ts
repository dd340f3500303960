import { SsoTokenIssuer, unsignedToken, v1Claims, v2Claims } from '../support/sso-token-issuer';
import { callApi, devSignIn } from '../support/tab-client';
import { OTHER_TENANT_ID, TENANT_ID } from '../support/teams-activities';
import { type TestApp, startTestApp } from '../support/test-app';

const CLIENT_ID = '3c5e1f0a-7b2d-4c9e-8a11-5a5a5a5a0001';
const APP_ID_URI = `api://tab.example.org/${CLIENT_ID}`;
const CAMILLE = '6f4a9c2e-3b1d-4e8a-9f00-00000000a001';

/**
 * Teams SSO tokens against the real app over real HTTP: tokens signed by a test RSA key whose JWKS is
 * served over HTTP (SSO_JWKS_URL), and every way a token can be wrong. A refused token gets a 401 problem
 * and never data.
 */
describe('Teams SSO on the tab API', () => {
  let issuer: SsoTokenIssuer;
  let t: TestApp;

  beforeAll(async () => {
    issuer = await new SsoTokenIssuer().start();
    t = await startTestApp({
      TEAMS_APP_TENANT_ID: TENANT_ID,
      SSO_CLIENT_ID: CLIENT_ID,
      PUBLIC_BASE_URL: 'https://tab.example.org',
      SSO_JWKS_URL: issuer.jwksUrl,
    });
  });
  afterAll(async () => {
    await t?.stop();
    await issuer?.stop();
  });

  const me = (token: string | undefined, language?: string) => callApi(t.app.url(), '/api/me', { ...(token === undefined ? {} : { token }), ...(language ? { language } : {}) });

  it('accepts a valid v2 token (aud the client id): the person is tid + oid, named from `name`', async () => {
    const answer = await me(await issuer.sign(v2Claims(TENANT_ID, CLIENT_ID, CAMILLE)));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ displayName: 'Camille Tremblay', signIn: 'sso', administrator: false });
    // Camille organises three demo communities: the token's oid is who the API looks up.
    expect((answer.body as { organises: string[] }).organises.length).toBeGreaterThan(0);
  });

  it('gives the lists to a valid token', async () => {
    const token = await issuer.sign(v2Claims(TENANT_ID, CLIENT_ID, '6f4a9c2e-3b1d-4e8a-9f00-00000000a005', 'Mathieu Bouchard'));
    const communities = await callApi(t.app.url(), '/api/communities', { token });
    expect(communities.status).toBe(200);
    expect((communities.body.items as { slug: string; standing: { member: boolean } }[]).find((c) => c.slug === 'infonuagique')?.standing.member).toBe(true);
    expect((await callApi(t.app.url(), '/api/meetings', { token })).status).toBe(200);
  });

  it('accepts a valid v1 token (issuer sts.windows.net, aud the app id URI)', async () => {
    const answer = await me(await issuer.sign(v1Claims(TENANT_ID, APP_ID_URI, CAMILLE)));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ displayName: 'Camille Tremblay', signIn: 'sso' });
  });

  const refusals: [string, () => Promise<string | undefined>, string][] = [
    ['no token', () => Promise.resolve(undefined), 'token_missing'],
    ['an expired token', () => issuer.sign(v2Claims(TENANT_ID, CLIENT_ID, CAMILLE), { expiresInSeconds: -600 }), 'token_expired'],
    ['a token not yet valid', () => issuer.sign(v2Claims(TENANT_ID, CLIENT_ID, CAMILLE), { notBeforeSeconds: 600, expiresInSeconds: 3600 }), 'token_not_yet_valid'],
    ['a token for another audience', () => issuer.sign({ ...v2Claims(TENANT_ID, CLIENT_ID, CAMILLE), aud: '99999999-9999-4999-8999-999999999999' }), 'token_audience'],
    ['a token from another issuer', () => issuer.sign({ ...v2Claims(TENANT_ID, CLIENT_ID, CAMILLE), iss: `https://evil.example/${TENANT_ID}/v2.0` }), 'token_issuer'],
    ['a token whose issuer names another tenant than its tid', () => issuer.sign({ ...v2Claims(TENANT_ID, CLIENT_ID, CAMILLE), iss: `https://login.microsoftonline.com/${OTHER_TENANT_ID}/v2.0` }), 'token_issuer'],
    ['a token of another tenant', () => issuer.sign(v2Claims(OTHER_TENANT_ID, CLIENT_ID, CAMILLE)), 'token_tenant'],
    ['a token without the scope', () => issuer.sign({ ...v2Claims(TENANT_ID, CLIENT_ID, CAMILLE), scp: 'User.Read' }), 'token_scope'],
    [
      'a tampered token (payload changed after signing)',
      async () => {
        const [header, , signature] = (await issuer.sign(v2Claims(TENANT_ID, CLIENT_ID, CAMILLE))).split('.');
        const forged = Buffer.from(JSON.stringify({ ...v2Claims(TENANT_ID, CLIENT_ID, '6f4a9c2e-3b1d-4e8a-9f00-00000000a002'), exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url');
        return `${header}.${forged}.${signature}`;
      },
      'token_signature',
    ],
    ['an unsigned token (alg: none)', () => Promise.resolve(unsignedToken(v2Claims(TENANT_ID, CLIENT_ID, CAMILLE))), 'token_signature'],
    ['a token that is not a JWT', () => Promise.resolve('not-a-token'), 'token_invalid'],
  ];

  it.each(refusals)('refuses %s with a 401 problem and no data', async (_what, make, code) => {
    const answer = await me(await make());
    expect(answer.status).toBe(401);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 401, code });
    expect(typeof answer.body.title).toBe('string');
    expect(answer.body).not.toHaveProperty('displayName');
    expect(answer.body).not.toHaveProperty('items');
    // Every list refuses the same way.
    const list = await callApi(t.app.url(), '/api/communities', (await make()) === undefined ? {} : { token: (await make()) ?? '' });
    expect(list.status).toBe(401);
    expect(list.body).not.toHaveProperty('items');
  });

  it('words problems in the request language: English for en…, French otherwise', async () => {
    expect((await me(undefined, 'en-US,en;q=0.9')).body.title).toBe('Sign-in required');
    expect((await me(undefined, 'fr-CA')).body.title).toBe('Connexion requise');
    expect((await me(undefined)).body.title).toBe('Connexion requise');
    expect((await me(undefined, 'de-DE')).body.title).toBe('Connexion requise');
  });

  it('never takes the person from the query or the body', async () => {
    const answer = await callApi(t.app.url(), `/api/me?aadObjectId=${CAMILLE}&tenantId=${TENANT_ID}`);
    expect(answer.status).toBe(401);
  });
});

describe('the development sign-in', () => {
  describe('in local mode (on by default)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ TEAMS_APP_TENANT_ID: TENANT_ID });
    });
    afterAll(() => t?.stop());

    it('lists the demo people, signs in with an HttpOnly SameSite=Strict cookie, and the API then knows the person', async () => {
      const people = await callApi(t.app.url(), '/api/dev/people');
      expect(people.status).toBe(200);
      expect(people.body.items).toContainEqual({ aadObjectId: CAMILLE, displayName: 'Camille Tremblay' });

      const response = await fetch(`${t.app.url()}/api/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ aadObjectId: CAMILLE }) });
      expect(response.status).toBe(200);
      const setCookie = response.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^cop_dev_session=[^;]+; HttpOnly; SameSite=Strict; Path=\//);
      const cookie = setCookie.split(';')[0] ?? '';
      const me = await callApi(t.app.url(), '/api/me', { cookie });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ displayName: 'Camille Tremblay', signIn: 'development' });

      const out = await fetch(`${t.app.url()}/api/dev/sign-out`, { method: 'POST' });
      expect(out.status).toBe(204);
      expect(out.headers.get('set-cookie')).toMatch(/^cop_dev_session=; .*Max-Age=0/);
    });

    it('gives 401 to a call with neither a token nor a session, and to a forged session', async () => {
      expect((await callApi(t.app.url(), '/api/communities')).status).toBe(401);
      const real = await devSignIn(t.app.url(), CAMILLE);
      const [header, payload] = real.replace('cop_dev_session=', '').split('.');
      const forged = await callApi(t.app.url(), '/api/me', { cookie: `cop_dev_session=${header}.${payload}.AAAA` });
      expect(forged.status).toBe(401);
      expect(forged.body.code).toBe('session_invalid');
    });

    it('refuses someone who is not a demo person (422), and a malformed body (400)', async () => {
      const unknown = await callApi(t.app.url(), '/api/dev/sign-in', { method: 'POST', body: { aadObjectId: '00000000-0000-4000-8000-000000000000' } });
      expect(unknown.status).toBe(422);
      expect(unknown.body.code).toBe('unknown_person');
      const malformed = await callApi(t.app.url(), '/api/dev/sign-in', { method: 'POST', body: { who: 1 } });
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toBe('validation_failed');
    });
  });

  describe('turned off', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ TEAMS_APP_TENANT_ID: TENANT_ID, DEV_SIGN_IN: 'false' });
    });
    afterAll(() => t?.stop());

    it('answers 404 on /api/dev/… and accepts no session', async () => {
      expect((await callApi(t.app.url(), '/api/dev/people')).status).toBe(404);
      const signIn = await callApi(t.app.url(), '/api/dev/sign-in', { method: 'POST', body: { aadObjectId: CAMILLE } });
      expect(signIn.status).toBe(404);
      expect(signIn.contentType).toMatch(/^application\/problem\+json/);
      expect((await callApi(t.app.url(), '/api/me', { cookie: 'cop_dev_session=x.y.z' })).body.code).toBe('token_missing');
    });
  });
});
