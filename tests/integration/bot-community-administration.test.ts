import { PgProvisioningRuns } from '../../src/storage/provisioning-run-repository';
import { type CardJson, cardActions, cardText } from '../support/fake-bot-connector';
import { type TestApp, startTestApp } from '../support/test-app';
import { type Person, TENANT_ID, cardAction, person, personalMessage } from '../support/teams-activities';

interface InvokeBody {
  statusCode: number;
  type: string;
  value: CardJson & { code?: string; message?: string };
}

interface WaitingJob {
  queue: string;
  data: unknown;
}

/** The demo data's organisers: Camille organises Automatisations, Infonuagique and Architecture d'entreprise; Jordan the others. */
const CAMILLE: Person = { id: '29:camille', aadObjectId: '6f4a9c2e-3b1d-4e8a-9f00-00000000a001', name: 'Camille Tremblay' };
const JORDAN: Person = { id: '29:jordan', aadObjectId: '6f4a9c2e-3b1d-4e8a-9f00-00000000a002', name: 'Jordan Smith' };
const ADMIN = person(900, 'Alex Admin');

const validForm = (nameFr: string, nameEn: string, status: 'active' | 'en_preparation', extra: Record<string, unknown> = {}) => ({
  lang: 'fr-CA',
  nameFr,
  nameEn,
  summaryFr: `Résumé de ${nameFr}.`,
  summaryEn: `Summary of ${nameEn}.`,
  descriptionFr: '',
  descriptionEn: '',
  status,
  coOrganisers: '',
  ...extra,
});

/**
 * Organisers creating, launching and archiving communities from chat, over real HTTP into the app, with
 * the replies read from a fake Bot Connector and the outcome read from the database.
 */
describe('organisers running communities from chat', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TEAMS_APP_TENANT_ID: TENANT_ID, ADMIN_AAD_OBJECT_IDS: ADMIN.aadObjectId });
  });
  afterAll(() => t.stop());

  async function say(text: string, who: Person, locale = 'fr-CA') {
    const activity = personalMessage(text, { serviceUrl: t.connector.serviceUrl, from: who, locale });
    expect((await t.post(activity)).status).toBe(200);
    const reply = await t.connector.waitFor((c) => c.body.replyToId === activity.id);
    return { text: reply.body.text ?? '', card: reply.body.attachments?.[0]?.content };
  }

  async function click(verb: string, data: unknown, who: Person) {
    const response = await t.post(cardAction(verb, data, { serviceUrl: t.connector.serviceUrl, from: who }));
    expect(response.status).toBeLessThan(500);
    return { status: response.status, body: response.body as InvokeBody };
  }

  async function community(slug: string) {
    const { rows } = await t.database.pool.query<{ id: string; status: string; name_fr: string; team_id: string | null; time_zone: string; guests_allowed: boolean }>(
      'SELECT id::text, status, name_fr, team_id, time_zone, guests_allowed FROM communities WHERE slug = $1',
      [slug],
    );
    return rows[0];
  }

  async function communityCount(): Promise<number> {
    const { rows } = await t.database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM communities');
    return rows[0]?.n ?? 0;
  }

  async function organisers(slug: string): Promise<string[]> {
    const { rows } = await t.database.pool.query<{ aad_object_id: string }>(
      `SELECT o.aad_object_id FROM community_organisers o JOIN communities c ON c.id = o.community_id WHERE c.slug = $1 ORDER BY o.aad_object_id`,
      [slug],
    );
    return rows.map((r) => r.aad_object_id);
  }

  /** The jobs the app queued and nothing ran yet (no worker runs in these tests), optionally only those of a community. */
  async function jobs(communityId?: string): Promise<WaitingJob[]> {
    const waiting = await t.app.jobs.waiting();
    return communityId === undefined ? waiting : waiting.filter((job) => (job.data as { communityId?: string }).communityId === communityId);
  }

  const provisioning = (communityId: string | undefined) => new PgProvisioningRuns(t.database.pool).find(communityId ?? '');

  async function members(slug: string): Promise<string[]> {
    const { rows } = await t.database.pool.query<{ aad_object_id: string }>(
      `SELECT m.aad_object_id FROM memberships m JOIN communities c ON c.id = m.community_id
        WHERE c.slug = $1 AND m.left_at IS NULL ORDER BY m.aad_object_id`,
      [slug],
    );
    return rows.map((r) => r.aad_object_id);
  }

  const bodyOf = (card: unknown) => ((card as CardJson).body ?? []) as Record<string, unknown>[];
  const inputOf = (card: unknown, id: string) => bodyOf(card).find((element) => element.id === id);
  /** The problem shown right under an input, if any. */
  const problemUnder = (card: unknown, id: string): string | undefined => {
    const body = bodyOf(card);
    const next = body[body.findIndex((element) => element.id === id) + 1];
    return next?.type === 'TextBlock' && next.color === 'Attention' ? String(next.text) : undefined;
  };

  describe('creating a community', () => {
    it.each([['/nouvelle-communauté'], ['nouvelle communauté'], ['créer']])('"%s" opens the form card for an organiser', async (text) => {
      const { card } = await say(text, CAMILLE);
      expect(cardText(card)).toContain('Nouvelle communauté de pratique');
      for (const id of ['nameFr', 'nameEn', 'summaryFr', 'summaryEn']) {
        expect(inputOf(card, id)).toMatchObject({ type: 'Input.Text', isRequired: true, label: expect.any(String), errorMessage: expect.any(String) });
      }
      expect(inputOf(card, 'nameFr')).toMatchObject({ maxLength: 120 });
      expect(inputOf(card, 'status')).toMatchObject({ type: 'Input.ChoiceSet', value: 'en_preparation', label: 'Statut au départ' });
      expect(inputOf(card, 'coOrganisers')).toMatchObject({ type: 'Input.Text', label: 'Co-organisateurs (facultatif)' });
      expect(inputOf(card, 'guests')).toMatchObject({ type: 'Input.ChoiceSet', value: 'no', label: 'Personnes externes (partenaires, milieu académique)' });
      expect(cardActions(card)).toEqual([expect.objectContaining({ type: 'Action.Execute', verb: 'community.create', data: { lang: 'fr-CA' } })]);
    });

    it('"new-community" opens the form in English for an administrator who organises nothing yet', async () => {
      const { card } = await say('/new-community', ADMIN);
      expect(cardText(card)).toContain('New community of practice');
      expect(inputOf(card, 'nameEn')).toMatchObject({ label: 'Name in English' });
      expect(cardActions(card)[0]?.data).toEqual({ lang: 'en' });
    });

    it('someone who organises nothing is told politely that only organisers create communities, and gets no form', async () => {
      const { text, card } = await say('/nouvelle-communauté', person(901));
      expect(card).toBeUndefined();
      expect(text).toMatch(/^Désolé, seuls les organisateurs de communautés et les administrateurs peuvent créer une communauté/);
    });

    it('a form submitted "en préparation" creates the community with its organisers and requests no team', async () => {
      const { body } = await click(
        'community.create',
        validForm('Cuisine moléculaire', 'Molecular cooking', 'en_preparation', { coOrganisers: 'jordan smith' }),
        ADMIN,
      );
      expect(body.statusCode).toBe(200);
      expect(cardText(body.value)).toMatch(/^La communauté « Cuisine moléculaire » est créée, en préparation/);
      const created = await community('cuisine-moleculaire');
      expect(created).toMatchObject({ status: 'en_preparation', name_fr: 'Cuisine moléculaire', team_id: null, time_zone: 'America/Toronto', guests_allowed: false });
      expect(await organisers('cuisine-moleculaire')).toEqual([JORDAN.aadObjectId, ADMIN.aadObjectId].sort());
      expect(await jobs(created?.id)).toEqual([]);
      expect(await provisioning(created?.id)).toBeUndefined();
      expect(cardText((await say('communautés', person(902))).card)).toContain('Cuisine moléculaire');
    });

    it('a form submitted "active" creates the community and requests its team once, owned by the organiser; the card follows the progress', async () => {
      const { body } = await click('community.create', validForm('Observabilité', 'Observability', 'active'), CAMILLE);
      const words = cardText(body.value);
      expect(words).toContain('La communauté « Observabilité » est créée et active. Je crée maintenant son équipe Teams.');
      expect(words).toMatch(/➤\nCréer l'équipe « Observabilité »\nEn cours…/);
      expect(words).toMatch(/○\nInstaller l'application Communautés de pratique dans l'équipe\nÀ venir/);
      const created = await community('observabilite');
      expect(created?.status).toBe('active');
      expect(await jobs(created?.id)).toEqual([{ queue: 'provision_team', data: { communityId: created?.id, run: 1 } }]);
      expect(await provisioning(created?.id)).toMatchObject({
        status: 'underway',
        step: 'start',
        data: {
          communityId: created?.id,
          displayName: 'Observabilité',
          description: 'Résumé de Observabilité.',
          owner: { tenantId: TENANT_ID, aadObjectId: CAMILLE.aadObjectId },
        },
      });
      expect(await members('observabilite')).toEqual([CAMILLE.aadObjectId]);
      const { rows } = await t.database.pool.query('SELECT activity_id, locale, conversation FROM progress_messages WHERE job_reference = $1', [
        `provision_team:${created?.id}`,
      ]);
      expect(rows).toEqual([
        { activity_id: 'card-message-1', locale: 'fr-CA', conversation: expect.objectContaining({ conversation: expect.objectContaining({ id: `a:personal-${CAMILLE.id}` }) }) },
      ]);
    });

    it('the one-line form creates a community too, and the progress message it sends is remembered', async () => {
      const { card } = await say(
        '/nouvelle-communauté Réseautique | Networking | Routage, commutation et Wi-Fi. | Routing, switching and Wi-Fi. | active',
        CAMILLE,
      );
      expect(cardText(card)).toContain('Équipe Teams de « Réseautique »');
      const created = await community('reseautique');
      expect(created?.status).toBe('active');
      const reference = `provision_team:${created?.id}`;
      expect(await jobs(created?.id)).toHaveLength(1);
      expect((await provisioning(created?.id))?.data.description).toBe('Routage, commutation et Wi-Fi.');
      const { rows } = await t.database.pool.query('SELECT activity_id FROM progress_messages WHERE job_reference = $1', [reference]);
      expect(rows[0]?.activity_id).toMatch(/^sent-\d+$/);
    });

    it('a form submitted with guests allowed stores the choice with the community', async () => {
      const { body } = await click('community.create', validForm('Partenaires académiques', 'Academic partners', 'en_preparation', { guests: 'yes' }), CAMILLE);
      expect(cardText(body.value)).toMatch(/^La communauté « Partenaires académiques » est créée/);
      expect(await community('partenaires-academiques')).toMatchObject({ status: 'en_preparation', guests_allowed: true });
    });

    it('the one-line form takes a trailing guests field, in French or English; left out, guests are not allowed', async () => {
      await say('créer Hydrologie | Hydrology | Eaux de surface. | Surface water. | préparation | Jordan Smith | invités : oui', CAMILLE);
      expect(await community('hydrologie')).toMatchObject({ status: 'en_preparation', guests_allowed: true });
      expect(await organisers('hydrologie')).toEqual([CAMILLE.aadObjectId, JORDAN.aadObjectId].sort());
      await say('new-community Sismologie | Seismology | Séismes. | Earthquakes. | guests: no', CAMILLE, 'en-US');
      expect(await community('sismologie')).toMatchObject({ status: 'en_preparation', guests_allowed: false });
      await say('créer Volcanologie | Volcanology | Volcans. | Volcanoes.', CAMILLE);
      expect(await community('volcanologie')).toMatchObject({ guests_allowed: false });
    });

    it('a guests value that is neither yes nor no comes back as a problem under the choice, with the other values kept', async () => {
      const { card } = await say('créer Glaciologie | Glaciology | Glaciers. | Glaciers. | active | Jordan Smith | invités : peut-être', CAMILLE);
      expect(problemUnder(card, 'guests')).toBe('Choisissez « Oui » ou « Non ».');
      expect(inputOf(card, 'nameFr')).toMatchObject({ value: 'Glaciologie' });
      expect(inputOf(card, 'status')).toMatchObject({ value: 'active' });
      expect(inputOf(card, 'coOrganisers')).toMatchObject({ value: 'Jordan Smith' });
      expect(await community('glaciologie')).toBeUndefined();

      const { body } = await click('community.create', validForm('Glaciologie', 'Glaciology', 'active', { guests: 'perhaps', coOrganisers: 'Jordan Smith' }), CAMILLE);
      expect(problemUnder(body.value, 'guests')).toBe('Choisissez « Oui » ou « Non ».');
      expect(problemUnder(body.value, 'status')).toBeUndefined();
      expect(inputOf(body.value, 'summaryEn')).toMatchObject({ value: 'Summary of Glaciology.' });
      expect(inputOf(body.value, 'coOrganisers')).toMatchObject({ value: 'Jordan Smith' });
      expect(await community('glaciologie')).toBeUndefined();
    });

    it('the one-line form without a status creates a community in preparation', async () => {
      const { card } = await say('créer Robotique | Robotics | Robots et automates. | Robots and automata.', CAMILLE);
      expect(cardText(card)).toContain('La communauté « Robotique » est créée, en préparation');
      expect(await community('robotique')).toMatchObject({ status: 'en_preparation' });
    });

    it('an incomplete one-line form comes back as the form, filled with what was typed', async () => {
      const { card } = await say('/nouvelle-communauté Géomatique | | Cartes et données spatiales.', CAMILLE);
      expect(inputOf(card, 'nameFr')).toMatchObject({ value: 'Géomatique' });
      expect(inputOf(card, 'summaryFr')).toMatchObject({ value: 'Cartes et données spatiales.' });
      expect(cardText(card)).toContain('Quelques champs sont à corriger ; tout ce que vous avez écrit est conservé.');
      expect(await community('geomatique')).toBeUndefined();
    });

    it('an invalid form comes back with each problem under its field and every value kept; nothing is stored', async () => {
      const before = await communityCount();
      const jobsBefore = (await jobs()).length;
      const form = validForm('Bio-informatique', '', 'active', { summaryEn: '   ', coOrganisers: 'Jordan Smith, Personne Inconnue', descriptionFr: 'x'.repeat(4001) });
      const { body } = await click('community.create', form, CAMILLE);
      expect(body.statusCode).toBe(200);
      const words = cardText(body.value);
      expect(inputOf(body.value, 'nameFr')).toMatchObject({ value: 'Bio-informatique' });
      expect(inputOf(body.value, 'coOrganisers')).toMatchObject({ value: 'Jordan Smith, Personne Inconnue' });
      expect(inputOf(body.value, 'status')).toMatchObject({ value: 'active' });
      expect(words).toContain('Quelques champs sont à corriger');
      expect(problemUnder(body.value, 'nameFr')).toBeUndefined();
      expect(problemUnder(body.value, 'nameEn')).toBe('Ce champ est requis.');
      expect(problemUnder(body.value, 'summaryEn')).toBe('Ce champ est requis.');
      expect(problemUnder(body.value, 'descriptionFr')).toBe('4000 caractères au maximum.');
      expect(problemUnder(body.value, 'coOrganisers')).toBeUndefined();
      expect(words).toContain(
        "Je ne connais personne du nom de « Personne Inconnue ». Vérifiez l'orthographe, ou demandez à cette personne d'écrire d'abord au bot dans Teams.",
      );
      expect(await communityCount()).toBe(before);
      expect((await jobs()).length).toBe(jobsBefore);
    });

    it.each([
      ['the same French name, whatever the case and accents', 'INFONUAGIQUE', 'Something new', 'Une communauté nommée « Infonuagique » existe déjà (statut : Active).'],
      ["another community's English name", 'Nuage', 'cloud computing', 'Une communauté nommée « Infonuagique » existe déjà'],
    ])('a duplicate name is refused: %s', async (_case, nameFr, nameEn, expected) => {
      const before = await communityCount();
      const { body } = await click('community.create', validForm(nameFr, nameEn, 'active'), CAMILLE);
      expect(cardText(body.value)).toContain(expected);
      expect(problemUnder(body.value, nameFr === 'Nuage' ? 'nameEn' : 'nameFr')).toBe('Ce nom est déjà pris.');
      expect(inputOf(body.value, 'nameFr')).toMatchObject({ value: nameFr });
      expect(await communityCount()).toBe(before);
    });

    it('card data naming someone else is ignored: the creator is whoever Teams says clicked', async () => {
      const stranger = person(903);
      const forged = validForm('Usurpation', 'Impersonation', 'active', { aadObjectId: ADMIN.aadObjectId, from: ADMIN, organiser: ADMIN.aadObjectId, tenantId: TENANT_ID });
      const refused = await click('community.create', forged, stranger);
      expect(refused.body.statusCode).toBe(403);
      expect(refused.body.value.message).toMatch(/^Désolé, seuls les organisateurs/);
      expect(await community('usurpation')).toBeUndefined();

      const forgedByOrganiser = validForm('Usurpation', 'Impersonation', 'en_preparation', { aadObjectId: stranger.aadObjectId, from: stranger });
      await click('community.create', forgedByOrganiser, JORDAN);
      expect(await organisers('usurpation')).toEqual([JORDAN.aadObjectId]);
    });
  });

  describe('launching a community in preparation', () => {
    it('turns every registered interest into a membership and requests the team exactly once, even when launched twice', async () => {
      await say('créer Quantique | Quantum | Calcul quantique. | Quantum computing.', CAMILLE);
      const interested = [person(910), person(911), person(912)];
      for (const who of interested) expect((await say('intérêt quantique', who)).text).toMatch(/^Merci !/);

      const { card } = await say('/lancer quantique', CAMILLE);
      const words = cardText(card);
      expect(words).toContain('« Quantique » est lancée ! Les 3 personnes qui avaient signalé leur intérêt en sont maintenant membres.');
      expect(words).toContain("Créer l'équipe « Quantique »");
      const launched = await community('quantique');
      expect(launched?.status).toBe('active');
      expect(await members('quantique')).toEqual([CAMILLE.aadObjectId, ...interested.map((p) => p.aadObjectId)].sort());
      const { rows } = await t.database.pool.query('SELECT count(*)::int AS n FROM interests WHERE community_id = $1', [launched?.id]);
      expect(rows[0].n).toBe(0);
      expect(cardText((await say('mes communautés', interested[0] as Person)).card)).toMatch(/Membre de\n• \*\*Quantique\*\*/);

      const again = await say('lancer Quantique', CAMILLE);
      expect(cardText(again.card)).toContain("La création de l'équipe Teams de « Quantique » est déjà en cours ; voici où elle en est.");
      expect(await jobs(launched?.id)).toEqual([{ queue: 'provision_team', data: { communityId: launched?.id, run: 1 } }]);
      expect(await provisioning(launched?.id)).toMatchObject({ status: 'underway', data: expect.objectContaining({ displayName: 'Quantique' }) });
    });

    it('two organisers launching at the same moment launch it once, with one job', async () => {
      await say('créer Impression 3D | 3D printing | Fabrication additive. | Additive manufacturing. | en préparation', CAMILLE);
      await say('intérêt impression 3d', person(913));
      const replies = await Promise.all([say('lancer impression 3d', CAMILLE), say('lancer impression 3d', ADMIN)]);
      const notices = replies.map((r) => cardText(r.card).split('\n')[0]).sort();
      expect(notices).toEqual([
        "La création de l'équipe Teams de « Impression 3D » est déjà en cours ; voici où elle en est.",
        '« Impression 3D » est lancée ! La personne qui avait signalé son intérêt en est maintenant membre. Je crée maintenant son équipe Teams.',
      ]);
      const launched = await community('impression-3d');
      expect(await jobs(launched?.id)).toHaveLength(1);
      expect(await members('impression-3d')).toEqual([CAMILLE.aadObjectId, person(913).aadObjectId].sort());
    });

    it('launching again after a failed provisioning starts it again from its saved step, as its next run', async () => {
      await say('créer Chaîne de blocs | Blockchain | Registres distribués. | Distributed ledgers. | active', CAMILLE);
      const created = await community('chaine-de-blocs');
      const communityId = created?.id ?? '';
      // Given: its first run failed at « reachable », as a run whose app is missing from the catalog leaves it.
      const runs = new PgProvisioningRuns(t.database.pool);
      const first = await runs.claim(communityId, 1, 'test-attempt');
      if (!first) throw new Error('no provisioning was recorded');
      const data = { ...first.data, teamId: 'team-chaine-de-blocs' };
      expect(await runs.saveStep(communityId, 'test-attempt', 'reachable', data)).toBe(true);
      expect(await runs.finish(communityId, 'test-attempt', { status: 'failed', data, failure: { code: 'app_not_in_catalog', manifestId: 'm' } })).toBe(true);
      const { card } = await say('launch blockchain', CAMILLE);
      const words = cardText(card);
      expect(words).toContain('I am resuming the creation of the Teams team of "Blockchain" where it stopped.');
      expect(words).toMatch(/✔\nCreate the "Chaîne de blocs" team\nDone/);
      expect(words).toMatch(/➤\nInstall the Communities of practice app in the team\nIn progress…/);
      expect(await provisioning(communityId)).toMatchObject({ status: 'underway', step: 'reachable', run: 2, failure: null });
      expect(await jobs(communityId)).toEqual([
        { queue: 'provision_team', data: { communityId, run: 1 } },
        { queue: 'provision_team', data: { communityId, run: 2 } },
      ]);
    });

    it('an active community with its team is not launched again', async () => {
      await t.database.pool.query("UPDATE communities SET team_id = 'team-infonuagique' WHERE slug = 'infonuagique'");
      const { text } = await say('lancer infonuagique', CAMILLE);
      expect(text).toBe('« Infonuagique » est déjà lancée et a son équipe Teams : rien à faire.');
    });

    it('an organiser of one community cannot launch another: nothing changes, no job', async () => {
      const jobsBefore = (await jobs()).length;
      const { text } = await say('lancer automatisations', JORDAN);
      expect(text).toBe('Désolé, seuls les organisateurs de « Automatisations » (ou un administrateur) peuvent la lancer.');
      expect((await community('automatisations'))?.status).toBe('en_preparation');
      expect((await jobs()).length).toBe(jobsBefore);
    });

    it('someone who organises nothing cannot launch, and a missing name asks which community', async () => {
      expect((await say('launch automation', person(904), 'en-US')).text).toBe('Sorry, only the organisers of "Automation" (or an administrator) can launch it.');
      expect((await say('lancer', CAMILLE)).text).toBe("De quelle communauté s'agit-il ? Ajoutez son nom, par exemple « lancer <communauté> ».");
      expect((await community('automatisations'))?.status).toBe('en_preparation');
    });
  });

  describe('archiving a community', () => {
    const archiveButtons = (card: unknown) => cardActions(card).map((a) => [a.title, a.verb, a.data]);

    it('"archiver" archives nothing yet: it names the exact community on a card to confirm, then Archive archives it', async () => {
      const { text, card } = await say('archiver science des donnees', JORDAN);
      expect(text).toBe('');
      const words = cardText(card);
      expect(words).toContain('Archiver « Science des données » ?');
      expect(words).toMatch(/Nom complet\nScience des données \/ Data science/);
      expect(words).toMatch(/Membres\n1 membre/);
      expect(words).toMatch(/Équipe Teams\nAucune : elle n'a pas d'équipe Teams\./);
      expect(words).toContain('Vous pourrez la ramener plus tard avec « désarchiver Science des données ».');
      expect(archiveButtons(card)).toEqual([
        ['Archiver', 'community.archive', { community: 'science-des-donnees', lang: 'fr-CA' }],
        ['Annuler', 'community.archive.cancel', { community: 'science-des-donnees', lang: 'fr-CA' }],
      ]);
      expect((await community('science-des-donnees'))?.status).toBe('active');

      const { body } = await click('community.archive', { community: 'science-des-donnees', lang: 'fr-CA' }, JORDAN);
      expect(body.statusCode).toBe(200);
      expect(cardText(body.value)).toBe(
        "« Science des données » est archivée : elle n'apparaît plus dans la liste des communautés. Elle n'avait pas d'équipe Teams à archiver.\nScience des données",
      );
      expect(cardActions(body.value)).toEqual([]);
      expect((await community('science-des-donnees'))?.status).toBe('archived');
      expect(cardText((await say('communautés', person(905))).card)).not.toContain('Science des données');
      expect((await jobs()).filter((job) => job.queue === 'archive_team')).toEqual([]);
      expect((await say('archiver science des données', JORDAN)).text).toBe('« Science des données » est déjà archivée : rien à faire.');
    });

    it('a confirmed community with a team gets its team archived too, with one archive_team job; the card said so first', async () => {
      await t.database.pool.query("UPDATE communities SET team_id = 'team-securite' WHERE slug = 'securite-information'");
      const { card } = await say('archive information security', JORDAN, 'en-US');
      expect(cardText(card)).toContain('Archive "Information security"?');
      expect(cardText(card)).toMatch(/Full name\nInformation security \/ Sécurité de l'information/);
      expect(cardText(card)).toMatch(/Teams team\nIt has a Teams team, which will be archived \(read-only\)\./);
      expect(await jobs("kind = 'archive_team'")).toEqual([]);

      const { body } = await click('community.archive', { community: 'securite-information', lang: 'en' }, JORDAN);
      expect(cardText(body.value)).toContain(
        '"Information security" is archived: it no longer shows in the list of communities. Its Teams team will be archived (read-only) in a moment.',
      );
      const archived = await community('securite-information');
      expect((await jobs()).filter((job) => job.queue === 'archive_team')).toEqual([
        { queue: 'archive_team', data: { communityId: archived?.id, teamId: 'team-securite' } },
      ]);
    });

    it('Cancel replaces the card with "nothing was archived" and changes nothing', async () => {
      const { card } = await say('archiver automatisations', CAMILLE);
      expect(cardText(card)).toMatch(/Statut\nEn préparation/);
      const { body } = await click('community.archive.cancel', { community: 'automatisations', lang: 'fr-CA' }, CAMILLE);
      expect(cardText(body.value)).toBe('Rien n\'a été archivé : « Automatisations » reste telle quelle.\nAutomatisations');
      expect(cardActions(body.value)).toEqual([]);
      expect((await community('automatisations'))?.status).toBe('en_preparation');
    });

    it('only its organisers or an administrator may archive a community, whatever card they click', async () => {
      expect((await say('archiver architecture', JORDAN)).text).toBe("Désolé, seuls les organisateurs de « Architecture d'entreprise » (ou un administrateur) peuvent l'archiver.");
      expect((await say('archiver architecture', person(906))).text).toMatch(/^Désolé, seuls les organisateurs/);
      // A confirmation card forwarded to (or forged by) someone else: the click is checked against who clicked.
      for (const who of [JORDAN, person(906)]) {
        const forged = await click('community.archive', { community: 'architecture-entreprise', lang: 'fr-CA', organiser: CAMILLE.aadObjectId }, who);
        expect(forged.body).toMatchObject({ statusCode: 403, value: { message: expect.stringMatching(/^Désolé, seuls les organisateurs de « Architecture d'entreprise »/) } });
      }
      expect((await community('architecture-entreprise'))?.status).toBe('active');
      const { card } = await say('archiver architecture', ADMIN);
      expect(cardText(card)).toContain("Archiver « Architecture d'entreprise » ?");
      const { body } = await click('community.archive', { community: 'architecture-entreprise', lang: 'fr-CA' }, ADMIN);
      expect(cardText(body.value)).toMatch(/^« Architecture d'entreprise » est archivée/);
      expect((await community('architecture-entreprise'))?.status).toBe('archived');
    });
  });

  describe('unarchiving a community', () => {
    it('brings an archived community (hidden from the catalogue) back as active when it was, found by a forgiving name', async () => {
      expect(cardText((await say('communautés', person(905))).card)).not.toContain('Science des données');
      const { text } = await say('désarchiver science des donnees', JORDAN);
      expect(text).toBe(
        "« Science des données » est de retour : elle est de nouveau active et visible dans la liste des communautés. Elle n'a pas encore d'équipe Teams : écrivez « lancer Science des données » pour la créer.",
      );
      expect((await community('science-des-donnees'))?.status).toBe('active');
      expect(await members('science-des-donnees')).toHaveLength(1);
      expect(cardText((await say('communautés', person(905))).card)).toContain('Science des données');
      expect((await say('désarchiver science des données', JORDAN)).text).toBe("« Science des données » n'est pas archivée : rien à faire.");
    });

    it('a community archived in preparation comes back in preparation', async () => {
      await say('archiver cuisine moléculaire', ADMIN);
      await click('community.archive', { community: 'cuisine-moleculaire', lang: 'fr-CA' }, ADMIN);
      expect((await community('cuisine-moleculaire'))?.status).toBe('archived');
      expect((await say('unarchive molecular cooking', ADMIN, 'en-US')).text).toBe(
        '"Molecular cooking" is back, in preparation, in the list of communities. People can register their interest again; type "launch Molecular cooking" to launch it.',
      );
      expect((await community('cuisine-moleculaire'))?.status).toBe('en_preparation');
    });

    it('waits for its team to be archived before bringing it back; then says honestly when Teams would not unarchive the team', async () => {
      const archived = await community('securite-information');
      expect((await say('unarchive information security', JORDAN, 'en-US')).text).toBe(
        'The Teams team of "Information security" is still being archived. Type "unarchive Information security" again in a few minutes.',
      );
      expect((await community('securite-information'))?.status).toBe('archived');

      // No worker runs in these tests: the archive job is still waiting. Once it is over (here: cancelled), unarchiving may go on.
      expect(await jobs(archived?.id)).toEqual([{ queue: 'archive_team', data: { communityId: archived?.id, teamId: 'team-securite' } }]);
      expect(await t.app.jobs.cancelUnfinished('archive_team', { communityId: archived?.id ?? '' })).toBe(1);
      expect(await jobs(archived?.id)).toEqual([]);
      // The offline Graph has no team "team-securite" (the test made it up): Graph answers 404 to the unarchive.
      expect((await say('unarchive information security', JORDAN, 'en-US')).text).toBe(
        '"Information security" is back: it is active again and shows in the list of communities. However, I could not unarchive its Teams team, which stays read-only: an owner of the team can restore it in Teams (Teams > Manage teams > Archived > Restore team).',
      );
      expect(await community('securite-information')).toMatchObject({ status: 'active', team_id: 'team-securite' });

      // Archived again: its archive job has already run, so Graph is asked directly, and refuses (no such team).
      await say('archive information security', JORDAN, 'en-US');
      const { body } = await click('community.archive', { community: 'securite-information', lang: 'en' }, JORDAN);
      expect(cardText(body.value)).toContain(
        '"Information security" is archived: it no longer shows in the list of communities. However, I could not archive its Teams team, which stays writable: an owner of the team can archive it in Teams (Teams > Manage teams > Archive team).',
      );
      expect((await community('securite-information'))?.status).toBe('archived');
    });

    it('only its organisers or an administrator may unarchive a community', async () => {
      expect((await say('désarchiver architecture', JORDAN)).text).toBe("Désolé, seuls les organisateurs de « Architecture d'entreprise » (ou un administrateur) peuvent la désarchiver.");
      expect((await say('désarchiver architecture', person(906))).text).toMatch(/^Désolé, seuls les organisateurs/);
      expect((await community('architecture-entreprise'))?.status).toBe('archived');
      expect((await say('désarchiver architecture', CAMILLE)).text).toMatch(/^« Architecture d'entreprise » est de retour : elle est de nouveau active/);
    });
  });

  describe('help', () => {
    it('lists the organiser commands, with the one-line form, to organisers and administrators only', async () => {
      const organiser = cardText((await say('aide', CAMILLE)).card);
      expect(organiser).toContain('Pour les organisateurs');
      expect(organiser).toMatch(/\*\*nouvelle-communauté\*\*[\s\S]*\*\*lancer <communauté>\*\*[\s\S]*\*\*archiver <communauté>\*\*[\s\S]*\*\*désarchiver <communauté>\*\*/);
      expect(organiser).toContain('nouvelle-communauté Nom | Name | résumé | summary | active ou préparation | co-organisateurs | invités : oui ou non');
      expect(cardText((await say('help', ADMIN)).card)).toContain('For organisers');
      const member = cardText((await say('aide', person(907))).card);
      expect(member).not.toContain('Pour les organisateurs');
      expect(member).not.toContain('lancer');
    });
  });
});
