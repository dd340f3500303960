import { FakeBotTokenIssuer, FixedBearerCredentialsFactory } from '../support/fake-bot-token-issuer';
import { type TestApp, startTestApp } from '../support/test-app';
import { TENANT_ID, person, personalMessage } from '../support/teams-activities';

const BOT_ID = '8a6f5c3e-1d2b-4c5a-9e8f-7a6b5c4d3e2f';

/** With a bot id configured, inbound activities go through botbuilder's real JWT validation. */
describe('inbound authentication (bot id configured)', () => {
  let issuer: FakeBotTokenIssuer;
  let t: TestApp;

  beforeAll(async () => {
    issuer = await new FakeBotTokenIssuer().start();
    t = await startTestApp(
      { BOT_ID, BOT_PASSWORD: 'not-used-in-tests', BOT_TENANT_ID: TENANT_ID, HOST: '127.0.0.1', TEAMS_APP_TENANT_ID: TENANT_ID },
      { botAuthentication: { settings: issuer.botSettings(), credentialsFactory: new FixedBearerCredentialsFactory(BOT_ID) } },
    );
  });
  afterAll(async () => {
    await t.stop();
    await issuer.stop();
  });

  const message = (who = person(400)) => personalMessage('aide', { serviceUrl: t.connector.serviceUrl, from: who });

  it('a valid Bot Connector token is accepted and the reply carries the bot credentials', async () => {
    const activity = message();
    const token = issuer.token({ aud: BOT_ID, serviceUrl: t.connector.serviceUrl });
    const response = await t.post(activity, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    const reply = await t.connector.waitFor((c) => c.body.replyToId === activity.id);
    expect(reply.authorization).toBe('Bearer test-outbound-token');
    expect(reply.body.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  });

  it.each([
    ['no Authorization header', () => undefined],
    ['a token signed by an unknown key', () => issuer.token({ aud: BOT_ID, serviceUrl: t.connector.serviceUrl, forged: true })],
    ['an expired token', () => issuer.token({ aud: BOT_ID, serviceUrl: t.connector.serviceUrl, expiresInSeconds: -3600 })],
    ['a token for another bot', () => issuer.token({ aud: '00000000-0000-4000-8000-000000000000', serviceUrl: t.connector.serviceUrl })],
    ['a token from another issuer', () => issuer.token({ aud: BOT_ID, serviceUrl: t.connector.serviceUrl, issuer: 'https://evil.example' })],
    ['a token for another serviceUrl', () => issuer.token({ aud: BOT_ID, serviceUrl: 'https://smba.trafficmanager.net/amer/' })],
    ['a malformed token', () => 'not.a.jwt'],
  ])('%s is refused with 401 and nothing is answered or stored', async (_case, makeToken) => {
    const refused = person(401);
    const activity = message(refused);
    const token = makeToken();
    const response = await t.post(activity, token ? { authorization: `Bearer ${token}` } : {});
    expect(response.status).toBe(401);
    expect(t.connector.calls.filter((c) => c.body.replyToId === activity.id)).toHaveLength(0);
    const { rows } = await t.database.pool.query('SELECT count(*)::int AS n FROM users WHERE aad_object_id = $1', [refused.aadObjectId]);
    expect(rows[0].n).toBe(0);
  });

  it('listens where HOST says when not in local mode', () => {
    expect(t.app.config.localMode).toBe(false);
    expect(t.app.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
