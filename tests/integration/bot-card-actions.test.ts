import { cardActions, cardText } from '../support/fake-bot-connector';
import { type TestApp, startTestApp } from '../support/test-app';
import { OTHER_TENANT_ID, TENANT_ID, cardAction, person } from '../support/teams-activities';

interface InvokeBody {
  statusCode: number;
  type: string;
  value: Record<string, unknown> & { code?: string; message?: string };
}

/**
 * Card buttons are Universal Actions: Teams sends invoke `adaptiveCard/action` and shows, to the person
 * who clicked, the card returned in the HTTP response body.
 */
describe('card buttons (Action.Execute)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TEAMS_APP_TENANT_ID: TENANT_ID });
  });
  afterAll(() => t.stop());

  async function click(verb: string, data: unknown, who: unknown = person(200), extra: { tenantId?: string; locale?: string } = {}) {
    const response = await t.post(cardAction(verb, data, { serviceUrl: t.connector.serviceUrl, from: who as never, ...extra }));
    return { status: response.status, body: response.body as InvokeBody };
  }

  async function membershipCount(aadObjectId: string, slug: string): Promise<number> {
    const { rows } = await t.database.pool.query(
      `SELECT count(*)::int AS n FROM memberships m JOIN communities c ON c.id = m.community_id
        WHERE m.aad_object_id = $1 AND c.slug = $2 AND m.left_at IS NULL`,
      [aadObjectId, slug],
    );
    return rows[0].n;
  }

  it('"Rejoindre" on the list replaces the card with the list showing the new state', async () => {
    const who = person(201);
    const { status, body } = await click('community.join', { community: 'infonuagique', view: 'list', lang: 'fr-CA' }, who);
    expect(status).toBe(200);
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    const words = cardText(body.value);
    expect(words).toContain('Bienvenue ! Vous êtes maintenant membre de « Infonuagique ».');
    expect(words).toMatch(/Infonuagique\n[^\n]+\nActive · 5 membres\n✔ Vous êtes membre/);
    const leave = cardActions(body.value).find((a) => a.verb === 'community.leave');
    expect(leave?.data).toMatchObject({ community: 'infonuagique', view: 'list' });
    expect(await membershipCount(who.aadObjectId, 'infonuagique')).toBe(1);
  });

  it('clicking "Rejoindre" twice is harmless and says so', async () => {
    const who = person(202);
    await click('community.join', { community: 'infonuagique', view: 'list' }, who);
    const { body } = await click('community.join', { community: 'infonuagique', view: 'list' }, who);
    expect(cardText(body.value)).toContain('Vous êtes déjà membre de « Infonuagique » : rien à faire.');
    expect(await membershipCount(who.aadObjectId, 'infonuagique')).toBe(1);
  });

  it('"Quitter" on the info view returns the info card with a Join button again', async () => {
    const who = person(203);
    await click('community.join', { community: 'securite-information', view: 'info' }, who);
    const { body } = await click('community.leave', { community: 'securite-information', view: 'info', lang: 'en' }, who);
    const words = cardText(body.value);
    expect(words).toMatch(/^Done: you are no longer part of "Information security"/);
    expect(words).toContain('Organisers');
    expect(cardActions(body.value).map((a) => a.verb)).toEqual(['community.join', 'community.list']);
    expect(await membershipCount(who.aadObjectId, 'securite-information')).toBe(0);
  });

  it('"Ça m\'intéresse" registers interest and the button disappears', async () => {
    const who = person(204);
    const { body } = await click('community.interest', { community: 'automatisations', view: 'list' }, who);
    const words = cardText(body.value);
    expect(words).toContain('Merci ! Votre intérêt pour « Automatisations » est enregistré.');
    expect(words).toMatch(/Automatisations\n[^\n]+\nEn préparation · 1 personne intéressée\n★ Votre intérêt est enregistré/);
    expect(cardActions(body.value).filter((a) => a.verb === 'community.interest')).toHaveLength(0);
  });

  it('"En savoir plus" opens the info card; "Toutes les communautés" goes back to the list', async () => {
    const info = await click('community.info', { community: 'architecture-entreprise', view: 'info' });
    expect(cardText(info.body.value)).toContain("Développer l'expertise en architecture d'entreprise");
    const list = await click('community.list', { view: 'list', lang: 'en' });
    expect(cardText(list.body.value)).toContain('Communities of practice');
  });

  it('the person is the one Teams says clicked, whatever the card data claims', async () => {
    const clicker = person(205);
    const victim = person(206);
    const forged = { community: 'infonuagique', view: 'list', aadObjectId: victim.aadObjectId, from: victim, tenantId: TENANT_ID };
    const { body } = await click('community.join', forged, clicker);
    expect(body.statusCode).toBe(200);
    expect(await membershipCount(clicker.aadObjectId, 'infonuagique')).toBe(1);
    expect(await membershipCount(victim.aadObjectId, 'infonuagique')).toBe(0);
  });

  it('a button for a community that no longer exists says so on the list', async () => {
    const { body } = await click('community.join', { community: 'disparue', view: 'list' });
    expect(body.statusCode).toBe(200);
    expect(cardText(body.value)).toContain('Je ne trouve aucune communauté nommée « disparue ».');
  });

  it('an archived community refuses new members politely', async () => {
    await t.database.pool.query("UPDATE communities SET status = 'archived' WHERE slug = 'science-des-donnees'");
    const { body } = await click('community.join', { community: 'science-des-donnees', view: 'list' });
    expect(cardText(body.value)).toContain('La communauté « Science des données » est archivée : elle n\'accepte plus de membres.');
    expect(cardText(body.value)).not.toContain('Science des données\n');
  });

  describe('malformed invokes get a 4xx error response, never a crash', () => {
    it.each([
      ['an unknown verb', { verb: 'community.explode', data: { community: 'infonuagique' } }],
      ['a slug with SQL in it', { verb: 'community.join', data: { community: "x'; DROP TABLE memberships; --" } }],
      ['data that is not an object', { verb: 'community.join', data: 'infonuagique' }],
      ['a join without a community', { verb: 'community.join', data: { view: 'list' } }],
      ['an unknown language', { verb: 'community.list', data: { lang: 'de' } }],
    ])('%s', async (_case, { verb, data }) => {
      const { status, body } = await click(verb, data);
      expect(status).toBe(400);
      expect(body.statusCode).toBe(400);
      expect(body.type).toBe('application/vnd.microsoft.error');
      expect(body.value.message).toMatch(/Ce bouton n'est plus valide/);
      const { rows } = await t.database.pool.query('SELECT count(*)::int AS n FROM memberships');
      expect(rows[0].n).toBeGreaterThan(0);
    });

    it('an invoke without a value is refused with 400', async () => {
      const activity = cardAction('community.join', {}, { serviceUrl: t.connector.serviceUrl });
      delete (activity as { value?: unknown }).value;
      const response = await t.post(activity);
      expect(response.status).toBe(400);
    });

    it('an invoke whose action is not Action.Execute is refused with 400', async () => {
      const activity = cardAction('community.join', { community: 'infonuagique' }, { serviceUrl: t.connector.serviceUrl });
      (activity.value as { action: { type: string } }).action.type = 'Action.Submit';
      const response = await t.post(activity);
      expect(response.status).toBe(400);
    });

    it('a click without from.aadObjectId is refused with 403 and a clear message', async () => {
      const { status, body } = await click('community.join', { community: 'infonuagique' }, { id: '29:x', name: 'X' });
      expect(status).toBe(403);
      expect(body.statusCode).toBe(403);
      expect(body.value.message).toMatch(/^Je n'arrive pas à vous identifier/);
    });
  });

  it('a click from another tenant is refused and nothing is stored', async () => {
    const stranger = person(299);
    const { status, body } = await click('community.join', { community: 'infonuagique', view: 'list' }, stranger, { tenantId: OTHER_TENANT_ID });
    expect(status).toBe(403);
    expect(body.statusCode).toBe(403);
    expect(body.value.message).toMatch(/réservée à son organisation/);
    expect(await membershipCount(stranger.aadObjectId, 'infonuagique')).toBe(0);
    const { rows } = await t.database.pool.query('SELECT count(*)::int AS n FROM conversation_references WHERE tenant_id = $1', [OTHER_TENANT_ID]);
    expect(rows[0].n).toBe(0);
  });
});
