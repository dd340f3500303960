import { cardText } from '../support/fake-bot-connector';
import { type TestApp, startTestApp } from '../support/test-app';
import { GENERAL_CHANNEL, OTHER_TENANT_ID, TENANT_ID, botAdded, installationUpdate, person, personalMessage } from '../support/teams-activities';

interface ReferenceRow {
  conversation_id: string;
  conversation_type: string;
  aad_object_id: string | null;
  team_id: string | null;
  service_url: string;
  installed: boolean;
  reference: { conversation: { id: string }; serviceUrl: string; user?: { aadObjectId?: string } };
}

describe('installation and conversation references', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TEAMS_APP_TENANT_ID: TENANT_ID });
  });
  afterAll(() => t.stop());

  async function references(where = 'true', params: unknown[] = []): Promise<ReferenceRow[]> {
    const { rows } = await t.database.pool.query<ReferenceRow>(`SELECT * FROM conversation_references WHERE ${where} ORDER BY conversation_id`, params);
    return rows;
  }

  it('a personal install greets the user by name with the welcome card and stores the reference', async () => {
    const who = person(300, 'Geneviève Côté');
    const activity = installationUpdate('add', { serviceUrl: t.connector.serviceUrl, from: who });
    expect((await t.post(activity)).status).toBe(200);
    const greeting = await t.connector.waitFor((c) => c.body.replyToId === activity.id);
    const words = cardText(greeting.body.attachments?.[0]?.content);
    expect(words).toContain('Bienvenue dans les communautés de pratique !');
    expect(words).toContain('Bonjour Geneviève !');
    const [row] = await references('aad_object_id = $1', [who.aadObjectId]);
    expect(row).toMatchObject({ conversation_type: 'personal', conversation_id: `a:personal-${who.id}`, installed: true });
    expect(row?.reference.conversation.id).toBe(`a:personal-${who.id}`);
    expect(row?.reference.serviceUrl).toBe(t.connector.serviceUrl);
    const { rows } = await t.database.pool.query('SELECT display_name FROM users WHERE aad_object_id = $1', [who.aadObjectId]);
    expect(rows[0].display_name).toBe('Geneviève Côté');
  });

  it('the greeting follows the client language', async () => {
    const activity = installationUpdate('add', { serviceUrl: t.connector.serviceUrl, from: person(301, 'Sam Lee'), locale: 'en-US' });
    await t.post(activity);
    const greeting = await t.connector.waitFor((c) => c.body.replyToId === activity.id);
    expect(cardText(greeting.body.attachments?.[0]?.content)).toContain('Hello Sam!');
  });

  it('the greeting follows the language the person last typed, over the client language', async () => {
    const who = person(307, 'Amélie Roy');
    await t.post(personalMessage('aide', { serviceUrl: t.connector.serviceUrl, from: who, locale: 'en-US' }));
    const activity = installationUpdate('add', { serviceUrl: t.connector.serviceUrl, from: who, locale: 'en-US' });
    await t.post(activity);
    const greeting = await t.connector.waitFor((c) => c.body.replyToId === activity.id);
    expect(cardText(greeting.body.attachments?.[0]?.content)).toContain('Bonjour Amélie !');
  });

  it('a team install posts a short welcome in the channel and stores the channel reference with its team', async () => {
    const activity = installationUpdate('add', { serviceUrl: t.connector.serviceUrl, from: person(302), scope: 'team' });
    await t.post(activity);
    const welcome = await t.connector.waitFor((c) => c.body.replyToId === activity.id);
    expect(welcome.conversationId).toBe(GENERAL_CHANNEL);
    expect(welcome.body.text).toMatch(/Je publierai ici les invitations et les rappels/);
    const [row] = await references('conversation_id = $1', [GENERAL_CHANNEL]);
    expect(row).toMatchObject({ conversation_type: 'channel', team_id: GENERAL_CHANNEL, aad_object_id: null });
  });

  describe("installed in a community's team", () => {
    const GROUP_ID = '0d7a4b2c-5e6f-4a1b-9c8d-7e6f5a4b3c2d';
    beforeAll(async () => {
      await t.database.pool.query("UPDATE communities SET team_id = $1 WHERE slug = 'infonuagique'", [GROUP_ID]);
    });

    it.each([
      ['the group id in channelData', true],
      ['the group id read from the Bot Connector', false],
    ])('welcomes the community in General with its card and remembers the channel (%s)', async (_case, inChannelData) => {
      await t.database.pool.query("UPDATE communities SET general_channel_id = NULL WHERE slug = 'infonuagique'");
      const activity = installationUpdate('add', { serviceUrl: t.connector.serviceUrl, from: person(310), scope: 'team' });
      const team = (activity.channelData as { team: { id: string; aadGroupId?: string } }).team;
      if (inChannelData) team.aadGroupId = GROUP_ID;
      else t.connector.teams.set(GENERAL_CHANNEL, GROUP_ID);
      await t.post(activity);
      const welcome = await t.connector.waitFor((c) => c.body.replyToId === activity.id);
      expect(welcome.conversationId).toBe(GENERAL_CHANNEL);
      expect(cardText(welcome.body.attachments?.[0]?.content)).toContain("Bienvenue dans l'équipe de « Infonuagique » !");
      const { rows } = await t.database.pool.query("SELECT general_channel_id FROM communities WHERE slug = 'infonuagique'");
      expect(rows[0].general_channel_id).toBe(GENERAL_CHANNEL);
      t.connector.teams.clear();
    });
  });

  it('conversationUpdate (bot added) stores the reference without a second greeting', async () => {
    const who = person(303);
    const activity = botAdded({ serviceUrl: t.connector.serviceUrl, from: who });
    expect((await t.post(activity)).status).toBe(200);
    expect(await references('aad_object_id = $1', [who.aadObjectId])).toHaveLength(1);
    expect(t.connector.calls.filter((c) => c.body.replyToId === activity.id)).toHaveLength(0);
  });

  it('the reference is refreshed on every incoming activity (a new serviceUrl replaces the old one)', async () => {
    const who = person(304);
    await t.post(personalMessage('aide', { serviceUrl: t.connector.serviceUrl, from: who }));
    const moved = `${t.connector.serviceUrl}emea/`;
    await t.post(personalMessage('aide', { serviceUrl: moved, from: who }));
    const [row] = await references('aad_object_id = $1', [who.aadObjectId]);
    expect(row?.service_url).toBe(moved);
  });

  it('a new personal conversation for the same user replaces the old one', async () => {
    const who = person(305);
    await t.post(personalMessage('aide', { serviceUrl: t.connector.serviceUrl, from: who, conversationId: 'a:first' }));
    await t.post(personalMessage('aide', { serviceUrl: t.connector.serviceUrl, from: who, conversationId: 'a:second' }));
    const rows = await references('aad_object_id = $1', [who.aadObjectId]);
    expect(rows.map((r) => r.conversation_id)).toEqual(['a:second']);
  });

  it('uninstalling marks the reference as no longer installed', async () => {
    const who = person(306);
    await t.post(installationUpdate('add', { serviceUrl: t.connector.serviceUrl, from: who }));
    await t.post(installationUpdate('remove', { serviceUrl: t.connector.serviceUrl, from: who }));
    const [row] = await references('aad_object_id = $1', [who.aadObjectId]);
    expect(row?.installed).toBe(false);
  });

  describe('another tenant', () => {
    it('a message is answered with a polite refusal, and nothing about it is stored', async () => {
      const stranger = person(390);
      const activity = personalMessage('rejoindre infonuagique', { serviceUrl: t.connector.serviceUrl, from: stranger, tenantId: OTHER_TENANT_ID });
      expect((await t.post(activity)).status).toBe(200);
      const reply = await t.connector.waitFor((c) => c.body.replyToId === activity.id);
      expect(reply.body.text).toBe(
        "Désolé, cette application est réservée à son organisation et ne peut pas être utilisée depuis votre organisation.",
      );
      expect(await references('tenant_id = $1', [OTHER_TENANT_ID])).toHaveLength(0);
      const { rows } = await t.database.pool.query('SELECT count(*)::int AS n FROM memberships WHERE aad_object_id = $1', [stranger.aadObjectId]);
      expect(rows[0].n).toBe(0);
    });

    it('an install from another tenant is not greeted and not stored', async () => {
      const activity = installationUpdate('add', { serviceUrl: t.connector.serviceUrl, from: person(391), tenantId: OTHER_TENANT_ID });
      expect((await t.post(activity)).status).toBe(200);
      expect(t.connector.calls.filter((c) => c.body.replyToId === activity.id)).toHaveLength(0);
      expect(await references('tenant_id = $1', [OTHER_TENANT_ID])).toHaveLength(0);
    });

    it('an activity that names no tenant at all is treated as foreign', async () => {
      const activity = personalMessage('aide', { serviceUrl: t.connector.serviceUrl, from: person(392) });
      delete (activity as { channelData?: unknown }).channelData;
      delete (activity.conversation as { tenantId?: string }).tenantId;
      await t.post(activity);
      const reply = await t.connector.waitFor((c) => c.body.replyToId === activity.id);
      expect(reply.body.text).toMatch(/réservée à son organisation/);
    });
  });
});
