import type { Activity } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity } from 'botframework-connector';
import { loadConfig } from '../../src/config/config';
import { createBotAuthentication } from '../../src/http/bot-authentication';
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

  it('the connector client of an authenticated turn is kept for the next turns (CloudAdapter builds one per turn)', async () => {
    const config = loadConfig({ BOT_ID, BOT_PASSWORD: 'not-used-in-tests', BOT_TENANT_ID: TENANT_ID, DEMO_DATA: 'false' });
    const authentication = createBotAuthentication(config, { settings: issuer.botSettings(), credentialsFactory: new FixedBearerCredentialsFactory(BOT_ID) });
    const turn = async () => {
      const token = issuer.token({ aud: BOT_ID, serviceUrl: t.connector.serviceUrl });
      const result = await authentication.authenticateRequest(message() as unknown as Activity, `Bearer ${token}`);
      if (!result.connectorFactory) throw new Error('no connector factory for an authenticated turn');
      return result.connectorFactory.create(t.connector.serviceUrl, result.audience);
    };
    const first = await turn();
    expect(await turn()).toBe(first);
  });

  it('listens where HOST says when not in local mode', () => {
    expect(t.app.config.localMode).toBe(false);
    expect(t.app.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

/** CloudAdapter asks for a connector client on every turn; they are kept, one per app id, service URL and audience. */
describe('connector clients across turns', () => {
  class CountingCredentialsFactory extends FixedBearerCredentialsFactory {
    created = 0;
    failNext = false;

    override async createCredentials(): Promise<never> {
      this.created += 1;
      if (this.failNext) {
        this.failNext = false;
        throw new Error('the token endpoint is down');
      }
      return super.createCredentials();
    }
  }

  const identity = (aud: string) => new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: aud }], 'Bearer');

  it('reuses one client per service URL, makes another for another URL or bot, and tries again after a failure', async () => {
    const credentials = new CountingCredentialsFactory(BOT_ID);
    const config = loadConfig({ BOT_ID, BOT_PASSWORD: 'not-used-in-tests', BOT_TENANT_ID: TENANT_ID, DEMO_DATA: 'false' });
    const authentication = createBotAuthentication(config, { credentialsFactory: credentials });
    const amer = 'https://smba.trafficmanager.net/amer/';
    const first = await authentication.createConnectorFactory(identity(BOT_ID)).create(amer);
    const second = await authentication.createConnectorFactory(identity(BOT_ID)).create(amer);
    expect(second).toBe(first);
    const emea = await authentication.createConnectorFactory(identity(BOT_ID)).create('https://smba.trafficmanager.net/emea/');
    expect(emea).not.toBe(first);
    const otherBot = await authentication.createConnectorFactory(identity('0b0b0b0b-0000-4000-8000-000000000000')).create(amer);
    expect(otherBot).not.toBe(first);
    expect(credentials.created).toBe(3);

    credentials.failNext = true;
    const apac = 'https://smba.trafficmanager.net/apac/';
    await expect(authentication.createConnectorFactory(identity(BOT_ID)).create(apac)).rejects.toThrow('the token endpoint is down');
    const retried = await authentication.createConnectorFactory(identity(BOT_ID)).create(apac);
    expect(retried).toBeDefined();
    expect(credentials.created).toBe(5);
    expect(await authentication.createUserTokenClient(identity(BOT_ID))).toBe(await authentication.createUserTokenClient(identity(BOT_ID)));
  });
});
