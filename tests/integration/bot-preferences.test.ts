import { type PersonPreferences, accepts } from '../../src/domain/delivery/message-preferences';
import { PgMessagePreferencesRepository } from '../../src/storage/message-preferences-repository';
import { type CardJson, cardActions, cardText, inputsOf } from '../support/fake-bot-connector';
import { type TestApp, startTestApp } from '../support/test-app';
import { TENANT_ID, type Person, cardAction, person, personalMessage } from '../support/teams-activities';

interface InvokeBody {
  statusCode: number;
  type: string;
  value: CardJson & { code?: string; message?: string };
}


/** What the card's inputs would send if clicked as shown, with some changed. */
function submitted(card: unknown, changes: Record<string, string>): Record<string, string> {
  const values = Object.fromEntries([...inputsOf(card)].map(([id, input]) => [id, input.value ?? '']));
  return { ...values, ...changes };
}

/**
 * `préférences` / `preferences` over real HTTP into /api/messages: the card and its Save button (an
 * Action.Execute invoke), the text forms, and the language every reply then follows. What is stored is
 * read back through the repository and the delivery rule (`accepts`) the delivery engine uses.
 */
describe('preferences', () => {
  let t: TestApp;
  let cloud: string;
  let security: string;
  beforeAll(async () => {
    t = await startTestApp({ TEAMS_APP_TENANT_ID: TENANT_ID });
    const { rows } = await t.database.pool.query<{ slug: string; id: string }>('SELECT slug, id::text AS id FROM communities');
    const ids = new Map(rows.map((r) => [r.slug, r.id]));
    cloud = ids.get('infonuagique') ?? '';
    security = ids.get('securite-information') ?? '';
  });
  afterAll(() => t.stop());

  let people = 3000;
  const someone = () => person(people++);

  async function say(text: string, who: Person, locale = 'fr-CA') {
    const activity = personalMessage(text, { serviceUrl: t.connector.serviceUrl, from: who, locale });
    const response = await t.post(activity);
    expect(response.status).toBe(200);
    return (await t.connector.waitFor((c) => c.body.replyToId === activity.id)).body;
  }

  async function click(data: Record<string, unknown>, who: Person, locale = 'fr-CA', status = 200) {
    const response = await t.post(cardAction('preferences.save', data, { serviceUrl: t.connector.serviceUrl, from: who, locale }));
    expect(response.status).toBe(status);
    return response.body as InvokeBody;
  }

  async function storedFor(who: Person): Promise<PersonPreferences> {
    return new PgMessagePreferencesRepository(t.database.pool).get({ tenantId: TENANT_ID, aadObjectId: who.aadObjectId });
  }

  const cardOf = (reply: { attachments?: { content: CardJson }[] }) => reply.attachments?.[0]?.content;

  describe('the card', () => {
    it('"préférences" shows, in French, the language (automatic), every kind of message accepted and no exception', async () => {
      const card = cardOf(await say('préférences', someone()));
      const words = cardText(card);
      expect(words).toContain('Vos préférences');
      expect(words).toContain('Aucune : chaque communauté suit vos choix pour toutes.');
      const inputs = inputsOf(card);
      expect(inputs.get('language')).toMatchObject({ type: 'Input.ChoiceSet', value: 'auto' });
      expect(['all_launch_notice', 'all_invitation', 'all_reminder'].map((id) => [inputs.get(id)?.type, inputs.get(id)?.value])).toEqual([
        ['Input.Toggle', 'true'],
        ['Input.Toggle', 'true'],
        ['Input.Toggle', 'true'],
      ]);
      expect(words).toContain("Vous n'êtes membre d'aucune communauté pour l'instant");
      expect(cardActions(card).map((a) => [a.verb, a.data])).toEqual([['preferences.save', { lang: 'fr-CA' }]]);
    });

    it('"preferences" from an English Teams client is in English, and offers the communities one belongs to or follows', async () => {
      const who = someone();
      await say('join cloud', who, 'en-US');
      await say('interest automatisations', who, 'en-US');
      const card = cardOf(await say('preferences', who, 'en-US'));
      expect(cardText(card)).toContain('Your preferences');
      expect(inputsOf(card).get('exception_community')?.choices?.map((c) => [c.title, c.value])).toEqual([
        ['Automation', 'automatisations'],
        ['Cloud computing', 'infonuagique'],
      ]);
      expect(inputsOf(card).get('exception_reminder')).toMatchObject({ value: 'keep' });
    });

    it('"Save" stores the choices, and answers with the card as it now stands, in the language just chosen', async () => {
      const who = someone();
      await say('rejoindre infonuagique', who);
      const shown = cardOf(await say('préférences', who));

      const body = await click(
        {
          lang: 'fr-CA',
          ...submitted(shown, {
            language: 'en',
            all_invitation: 'false',
            exception_community: 'infonuagique',
            exception_invitation: 'yes',
            exception_reminder: 'no',
          }),
        },
        who,
      );

      expect(body.statusCode).toBe(200);
      expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
      const words = cardText(body.value);
      expect(words).toMatch(/^Your preferences\nYour preferences are saved\./);
      expect(words).toContain('**Cloud computing** — Meeting invitations: yes · Meeting reminders: no');
      const inputs = inputsOf(body.value);
      expect(inputs.get('language')?.value).toBe('en');
      expect(inputs.get('all_invitation')?.value).toBe('false');
      expect(inputs.get('all_reminder')?.value).toBe('true');
      expect(cardActions(body.value)[0]?.data).toEqual({ lang: 'en' });

      const stored = await storedFor(who);
      expect(stored.locale).toBe('en');
      expect(accepts(stored, 'invitation', cloud)).toBe(true);
      expect(accepts(stored, 'invitation', security)).toBe(false);
      expect(accepts(stored, 'reminder', cloud)).toBe(false);
      expect(accepts(stored, 'reminder', security)).toBe(true);
      expect(accepts(stored, 'launch_notice', cloud)).toBe(true);

      const again = await click({ lang: 'en', ...submitted(body.value, {}) }, who);
      expect(cardText(again.value)).toContain('Nothing changed: these were already your preferences.');
      expect(await storedFor(who)).toEqual(stored);
    });

    it('"As for all communities" takes an exception back', async () => {
      const who = someone();
      await say('rejoindre infonuagique', who);
      await say('préférences rappels non infonuagique', who);
      const shown = cardOf(await say('préférences', who));
      expect(cardText(shown)).toContain('**Infonuagique** — Rappels de rencontres : non');

      const body = await click({ lang: 'fr-CA', ...submitted(shown, { exception_community: 'infonuagique', exception_reminder: 'for_all' }) }, who);

      expect(cardText(body.value)).toContain('Vos préférences sont enregistrées.');
      expect(cardText(body.value)).toContain('Aucune : chaque communauté suit vos choix pour toutes.');
      expect((await storedFor(who)).choices).toEqual([]);
    });

    it('choices for one community without the community: the rest is saved and the card says what to do', async () => {
      const who = someone();
      await say('rejoindre infonuagique', who);
      const shown = cardOf(await say('préférences', who));

      const body = await click({ lang: 'fr-CA', ...submitted(shown, { all_launch_notice: 'false', exception_reminder: 'no' }) }, who);

      expect(cardText(body.value)).toContain('Pour faire une exception, choisissez aussi la communauté');
      expect((await storedFor(who)).choices).toEqual([{ category: 'launch_notice', communityId: null, accepted: false }]);
    });

    it('an unknown community on the card is refused politely and nothing is saved', async () => {
      const who = someone();
      const body = await click({ lang: 'en', language: 'fr-CA', all_reminder: 'false', exception_community: 'atlantis', exception_reminder: 'no' }, who, 'en-US');

      expect(body.statusCode).toBe(200);
      expect(cardText(body.value)).toContain('I can\'t find a community called "atlantis".');
      expect(await storedFor(who)).toEqual({ locale: undefined, choices: [] });
    });

    it('input that did not come from the card gets a 400 and changes nothing', async () => {
      const who = someone();
      const body = await click({ lang: 'fr-CA', language: 'de', all_reminder: 'false' }, who, 'fr-CA', 400);

      expect(body.statusCode).toBe(400);
      expect(body.value.message).toBe("Ce bouton n'est plus valide. Écrivez « communautés » pour obtenir une liste à jour.");
      expect(await storedFor(who)).toEqual({ locale: undefined, choices: [] });
    });

    it('saves for whoever Teams says clicked: a person named in the card data is untouched', async () => {
      const clicker = someone();
      const other = someone();
      await say('preferences language fr', other);

      await click({ lang: 'fr-CA', language: 'en', all_reminder: 'false', aadObjectId: other.aadObjectId, user: other.aadObjectId }, clicker);

      expect(await storedFor(other)).toEqual({ locale: 'fr-CA', choices: [] });
      expect(await storedFor(clicker)).toEqual({ locale: 'en', choices: [{ category: 'reminder', communityId: null, accepted: false }] });
    });
  });

  describe('the text forms', () => {
    it('"préférences rappels non" refuses reminders for every community, in French', async () => {
      const who = someone();
      const reply = await say('préférences rappels non', who, 'en-US');

      expect(reply.text).toBe("C'est noté. Rappels de rencontres : non, pour toutes les communautés.");
      const stored = await storedFor(who);
      expect(accepts(stored, 'reminder', cloud)).toBe(false);
      expect(accepts(stored, 'reminder', null)).toBe(false);
      expect(accepts(stored, 'invitation', cloud)).toBe(true);
      expect((await say('préférences rappels non', who)).text).toBe("C'était déjà votre choix. Rappels de rencontres : non, pour toutes les communautés.");
    });

    it('a per-community choice beats the one for all, and the reply to a choice for all says the exception stays', async () => {
      const who = someone();
      await say('préférences invitations non', who);
      const forCloud = await say('preferences invitations on cloud', who, 'en-US');
      expect(forCloud.text).toBe('Done. Meeting invitations: yes, for "Cloud computing".');

      const stored = await storedFor(who);
      expect(accepts(stored, 'invitation', cloud)).toBe(true);
      expect(accepts(stored, 'invitation', security)).toBe(false);

      const forAll = await say('préférences lancements non', who);
      expect(forAll.text).toBe("C'est noté. Annonces de lancement : non, pour toutes les communautés.");
      const again = await say('préférences invitations non', who);
      expect(again.text).toBe(
        "C'était déjà votre choix. Invitations aux rencontres : non, pour toutes les communautés. 1 communauté garde son propre choix ; écrivez « préférences » pour la voir.",
      );
    });

    it('"preferences reminders off cloud" answers in English even from a French client; "default" takes it back', async () => {
      const who = someone();
      expect((await say('preferences reminders off cloud', who)).text).toBe('Done. Meeting reminders: no, for "Cloud computing".');
      expect(accepts(await storedFor(who), 'reminder', cloud)).toBe(false);

      const back = await say('preferences reminders default cloud', who);
      expect(back.text).toBe('Done. Meeting reminders for "Cloud computing": as for all communities (yes).');
      expect((await storedFor(who)).choices).toEqual([]);
    });

    it('an unknown community is refused politely in the language of the words typed, and nothing is stored', async () => {
      const who = someone();
      expect((await say('préférences invitations non atlantide', who, 'en-US')).text).toMatch(/^Je ne trouve aucune communauté nommée « atlantide »/);
      expect((await say('preferences reminders off atlantis', who)).text).toMatch(/^I can't find a community called "atlantis"/);
      expect(await storedFor(who)).toEqual({ locale: undefined, choices: [] });
    });

    it('a form it does not understand gets the forms it does, in the language of the words typed', async () => {
      expect((await say('préférences rappels peut-être', someone())).text).toMatch(/^Je n'ai pas compris cette préférence\. Écrivez « préférences »/);
      expect((await say('preferences language klingon', someone())).text).toMatch(/^I did not understand that preference\. Type "preferences"/);
    });

    it("one person's choices leave everyone else's alone", async () => {
      const who = someone();
      const bystander = someone();
      await say('préférences rappels non', bystander);
      await say('préférences rappels oui', who);
      await say('préférences invitations non infonuagique', who);
      await say('préférences langue en', who);

      expect(await storedFor(bystander)).toEqual({ locale: undefined, choices: [{ category: 'reminder', communityId: null, accepted: false }] });
      expect(inputsOf(cardOf(await say('préférences', bystander))).get('all_reminder')?.value).toBe('false');
    });
  });

  describe('the language chosen', () => {
    it('wins over the language of the words typed, the language last used and the Teams locale, until set back to automatic', async () => {
      const who = someone();
      await say('aide', who);
      expect((await say('préférences langue en', who)).text).toBe('Done: from now on I will answer you in English, whatever words you type.');

      expect(cardText(cardOf(await say('aide', who)))).toContain('What I can do');
      expect((await say('xyzzy', who)).text).toMatch(/^I didn't understand "xyzzy"/);
      expect(cardText(cardOf(await say('info infonuagique', who)))).toContain('Next meeting');
      expect((await say('rejoindre infonuagique', who)).text).toMatch(/^Welcome! You are now a member of "Cloud computing"/);
      expect(cardText(cardOf(await say('préférences', who)))).toContain('Your preferences');
      expect((await say('préférences langue en', who)).text).toBe('I already answer you in English: nothing to change.');

      expect((await say('préférences langue auto', who)).text).toBe(
        "C'est noté : je vous répondrai dans la langue des mots que vous tapez (français ou anglais).",
      );
      expect(cardText(cardOf(await say('aide', who, 'en-US')))).toContain('Ce que je peux faire');
      expect(cardText(cardOf(await say('help', who)))).toContain('What I can do');
      expect((await storedFor(who)).locale).toBeUndefined();
    });

    it('French chosen from an English client: every reply is in French, card buttons included', async () => {
      const who = someone();
      expect((await say('preferences language french', who, 'en-US')).text).toBe(
        "C'est noté : je vous répondrai désormais en français, quels que soient les mots que vous tapez.",
      );
      expect(cardText(cardOf(await say('help', who, 'en-US')))).toContain('Ce que je peux faire');
      const invoke = await t.post(cardAction('community.list', { view: 'list', lang: 'en' }, { serviceUrl: t.connector.serviceUrl, from: who, locale: 'en-US' }));
      expect(cardText((invoke.body as InvokeBody).value)).toContain('Communautés de pratique');
    });
  });
});
