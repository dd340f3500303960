import { cardText } from '../support/fake-bot-connector';
import { ADMIN, CAMILLE, JORDAN, type ProvisioningScenario, startProvisioningScenario } from '../support/provisioning-scenario';
import { TENANT_ID, cardAction, person } from '../support/teams-activities';

const STRANGER = person(4000, 'Sam Stranger');

/**
 * Who may make Graph create or archive a team. The refusals themselves are covered in
 * bot-community-administration.test.ts; here, that a refused organiser command never reaches Graph, and
 * that the team's owner is whoever Teams says acted, whatever the card data claims.
 */
describe('only organisers set Graph to work', () => {
  let s: ProvisioningScenario;
  beforeAll(async () => {
    s = await startProvisioningScenario({ directory: [STRANGER] });
  });
  afterAll(() => s.stop());

  /** Graph requests that create, archive or change a team (token and lookups aside). */
  const teamWrites = () => s.sandbox.state.requestLog.filter((e) => e.method !== 'GET' && e.route !== null && /\/teams/.test(e.route));

  it('someone who organises nothing cannot create an active community with the one-line form: no community, no job, no team', async () => {
    const { text, card } = await s.say('/nouvelle-communauté Apiculture | Beekeeping | Ruches urbaines. | Urban hives. | active', STRANGER);
    expect(card).toBeUndefined();
    expect(text).toMatch(/^Désolé, seuls les organisateurs de communautés et les administrateurs peuvent créer une communauté/);
    expect(await s.community('apiculture')).toBeUndefined();
    expect(await s.runJobs()).toBe(0);
    expect(teamWrites()).toEqual([]);
  });

  it('a form card naming the administrator as its author makes a team owned by whoever clicked', async () => {
    const forged = {
      lang: 'fr-CA',
      nameFr: 'Hydroponie',
      nameEn: 'Hydroponics',
      summaryFr: 'Cultures hors sol.',
      summaryEn: 'Soilless growing.',
      status: 'active',
      aadObjectId: ADMIN.aadObjectId,
      from: ADMIN,
      owner: { tenantId: TENANT_ID, aadObjectId: ADMIN.aadObjectId },
    };
    const refused = await s.t.post(cardAction('community.create', forged, { serviceUrl: s.t.connector.serviceUrl, from: STRANGER }));
    expect(refused.body).toMatchObject({ statusCode: 403 });
    expect(await s.community('hydroponie')).toBeUndefined();

    const accepted = await s.t.post(cardAction('community.create', forged, { serviceUrl: s.t.connector.serviceUrl, from: CAMILLE }));
    expect(accepted.body).toMatchObject({ statusCode: 200 });
    await s.runJobs();
    const team = s.sandbox.state.teams.find((t) => t.displayName === 'Hydroponie');
    expect(team?.members.map((m) => ({ userId: m.userId, roles: m.roles }))).toEqual([{ userId: CAMILLE.aadObjectId, roles: ['owner'] }]);
    expect(await s.community('hydroponie')).toMatchObject({ status: 'active', teamId: team?.id });
  });

  it('neither another organiser nor a member can launch a community in preparation: Graph is never asked for a team', async () => {
    await s.say('créer Compostage | Composting | Compost collectif. | Shared compost.', CAMILLE);
    const writesBefore = teamWrites().length;
    expect((await s.say('lancer compostage', JORDAN)).text).toBe('Désolé, seuls les organisateurs de « Compostage » (ou un administrateur) peuvent la lancer.');
    expect((await s.say('lancer compostage', STRANGER)).text).toMatch(/^Désolé, seuls les organisateurs de « Compostage »/);
    // No job was queued for it: none runs.
    expect(await s.runJobs()).toBe(0);
    expect(await s.community('compostage')).toMatchObject({ status: 'en_preparation', teamId: null });
    expect(await s.provisioning((await s.community('compostage'))?.id ?? '')).toBeUndefined();
    expect(teamWrites()).toHaveLength(writesBefore);
  });

  it("neither another organiser nor a member can archive a community: its team stays as it is", async () => {
    const hydroponie = await s.community('hydroponie');
    const writesBefore = teamWrites().length;
    expect((await s.say('archiver hydroponie', JORDAN)).text).toBe("Désolé, seuls les organisateurs de « Hydroponie » (ou un administrateur) peuvent l'archiver.");
    expect((await s.say('rejoindre hydroponie', STRANGER)).text).toMatch(/^Bienvenue !/);
    expect((await s.say('archiver hydroponie', STRANGER)).text).toMatch(/^Désolé, seuls les organisateurs de « Hydroponie »/);
    // Clicking Archive on a confirmation card (forwarded, or forged) is checked against who clicked.
    for (const who of [JORDAN, STRANGER]) {
      expect(await s.click('community.archive', { community: 'hydroponie', lang: 'fr-CA' }, who)).toMatchObject({ statusCode: 403 });
    }
    await s.runJobs();
    expect(await s.community('hydroponie')).toMatchObject({ status: 'active', teamId: hydroponie?.teamId });
    expect(s.sandbox.state.team(hydroponie?.teamId ?? '')?.isArchived).toBe(false);
    // Only the stranger's own join reached Graph.
    expect(teamWrites().slice(writesBefore).map((e) => e.route)).toEqual(['POST /teams/{teamId}/members/add']);
    expect(cardText((await s.say('communautés', STRANGER)).card)).toContain('Hydroponie');
  });
});
