import { cardActions, cardText } from '../support/fake-bot-connector';
import { type TestApp, startTestApp } from '../support/test-app';
import { GENERAL_CHANNEL, channelMessage, person, personalMessage } from '../support/teams-activities';

/**
 * Members chatting with the bot, over real HTTP into /api/messages, with the replies read from a fake
 * Bot Connector at the activity's serviceUrl.
 */
describe('chatting with the bot', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TEAMS_APP_TENANT_ID: '6f4a9c2e-3b1d-4e8a-9f00-c0ffee000001' });
  });
  afterAll(() => t.stop());
  beforeEach(() => t.connector.clear());

  let strangers = 1000;
  /** Says something as `who`, by default as someone the bot has never met (no remembered language). */
  async function say(text: string, who = person(strangers++), extra: { locale?: string } = {}) {
    const activity = personalMessage(text, { serviceUrl: t.connector.serviceUrl, from: who, ...extra });
    const response = await t.post(activity);
    expect(response.status).toBe(200);
    const reply = await t.connector.waitFor((c) => c.body.replyToId === activity.id);
    return reply;
  }

  describe('help', () => {
    it.each([['aide'], ['/aide'], ['AIDE'], ['  Aide  '], ['help'], ['/Help'], ['bonjour']])(
      '"%s" answers with the help card listing every command',
      async (text) => {
        const reply = await say(text);
        const card = reply.body.attachments?.[0]?.content;
        expect(reply.body.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
        const words = cardText(card);
        expect(words).toMatch(/rejoindre <communauté>|join <community>/);
        expect(words).toMatch(/quitter <communauté>|leave <community>/);
        expect(words).toMatch(/mes communautés|my communities/);
      },
    );

    it('answers in French to French words and in English to English words, whatever the client locale', async () => {
      const french = await say('aide', person(1), { locale: 'en-US' });
      expect(cardText(french.body.attachments?.[0]?.content)).toContain('Ce que je peux faire');
      const english = await say('help', person(1), { locale: 'fr-CA' });
      expect(cardText(english.body.attachments?.[0]?.content)).toContain('What I can do');
    });
  });

  it('remembers the language last typed for replies that carry none (Teams says en-US)', async () => {
    const who = person(150);
    await say('aide', who, { locale: 'en-US' });
    const info = await say('info infonuagique', who, { locale: 'en-US' });
    expect(cardText(info.body.attachments?.[0]?.content)).toContain('Prochaine rencontre');
    const unknown = await say('xyzzy', who, { locale: 'en-US' });
    expect(unknown.body.text).toMatch(/^Je n'ai pas compris/);
    await say('help', who, { locale: 'fr-CA' });
    const english = await say('info infonuagique', who, { locale: 'fr-CA' });
    expect(cardText(english.body.attachments?.[0]?.content)).toContain('Next meeting');
  });

  describe('listing communities', () => {
    it('"communautés" lists every community with its status, member count and the right button', async () => {
      const reply = await say('communautés');
      const card = reply.body.attachments?.[0]?.content;
      const words = cardText(card);
      expect(words).toContain('Automatisations');
      expect(words).toContain('Infonuagique');
      expect(words).toMatch(/En préparation · Personne d'intéressé pour l'instant/);
      expect(words).toMatch(/Active · 4 membres/);
      const actions = cardActions(card);
      const interest = actions.find((a) => a.verb === 'community.interest');
      expect(interest?.data).toMatchObject({ community: 'automatisations', lang: 'fr-CA' });
      expect(interest?.title).toBe("Ça m'intéresse");
      expect(actions.filter((a) => a.verb === 'community.join').map((a) => a.data?.community)).toEqual(
        expect.arrayContaining(['infonuagique', 'securite-information']),
      );
      expect(actions.every((a) => a.type === 'Action.Execute')).toBe(true);
      expect(card?.version).toBe('1.5');
    });

    it('"communities" gives the same list in English', async () => {
      const reply = await say('communities');
      const words = cardText(reply.body.attachments?.[0]?.content);
      expect(words).toContain('Communities of practice');
      expect(words).toContain('Cloud computing');
      expect(words).toContain('In preparation');
    });
  });

  describe('joining and leaving by name', () => {
    it('joins with a forgiving name (case, accents, prefix), says so, and counts the member', async () => {
      const who = person(101);
      const reply = await say('rejoindre SECURITE', who);
      expect(reply.body.text).toBe("Bienvenue ! Vous êtes maintenant membre de « Sécurité de l'information ».");
      const again = await say('/rejoindre sécurité de l’information', who);
      expect(again.body.text).toBe("Vous êtes déjà membre de « Sécurité de l'information » : rien à faire.");
      const list = await say('communautés', who);
      expect(cardText(list.body.attachments?.[0]?.content)).toMatch(/Active · 4 membres\n✔ Vous êtes membre/);
    });

    it('after someone joins or leaves, nobody is shown the catalogue as it was: the count and their own standing follow', async () => {
      const viewer = person(160);
      const joiner = person(161);
      const cloud = async (who: ReturnType<typeof person>) => {
        const card = (await say('communautés', who)).body.attachments?.[0]?.content;
        const section = /Infonuagique\n[^\n]*\nActive · (\d+) membres?(\n✔ Vous êtes membre)?/.exec(cardText(card));
        const button = cardActions(card).find((a) => a.data?.community === 'infonuagique' && a.verb !== 'community.info')?.verb;
        return { count: Number(section?.[1]), member: section?.[2] !== undefined, button };
      };
      const before = await cloud(viewer);
      expect(await cloud(joiner)).toEqual(before);
      expect(before).toMatchObject({ member: false, button: 'community.join' });

      await say('rejoindre infonuagique', joiner);
      expect(await cloud(joiner)).toEqual({ count: before.count + 1, member: true, button: 'community.leave' });
      expect(await cloud(viewer)).toEqual({ ...before, count: before.count + 1 });

      await say('quitter infonuagique', joiner);
      expect(await cloud(joiner)).toEqual(before);
      expect(await cloud(viewer)).toEqual(before);
    });

    it('understands a small typo', async () => {
      const reply = await say('join infonuagiqe', person(102));
      expect(reply.body.text).toBe('Welcome! You are now a member of "Cloud computing".');
    });

    it('leaves, then leaving again is harmless, then joining again welcomes back', async () => {
      const who = person(103);
      await say('rejoindre infonuagique', who);
      expect((await say('quitter infonuagique', who)).body.text).toMatch(/^C'est noté : vous ne faites plus partie de « Infonuagique »/);
      expect((await say('quitter infonuagique', who)).body.text).toBe("Vous n'étiez pas membre de « Infonuagique » : rien à faire.");
      expect((await say('rejoindre infonuagique', who)).body.text).toMatch(/^Heureux de vous revoir/);
    });

    it('an ambiguous name lists the candidates instead of guessing', async () => {
      const reply = await say('rejoindre a', person(104));
      expect(reply.body.text).toMatch(/pourrait désigner plusieurs communautés : .*« Architecture d'entreprise ».*« Automatisations »/);
    });

    it('an unknown name gets suggestions, never a stack trace', async () => {
      const reply = await say('rejoindre cuisine moléculaire', person(105));
      expect(reply.body.text).toMatch(/^Je ne trouve aucune communauté nommée « cuisine moléculaire »/);
      expect(reply.body.text).not.toMatch(/Error|at .*\.ts/);
    });

    it('a missing name asks which community', async () => {
      const reply = await say('rejoindre', person(106));
      expect(reply.body.text).toBe('De quelle communauté s\'agit-il ? Ajoutez son nom, par exemple « rejoindre <communauté> ».');
    });

    it('a community in preparation cannot be joined, and the answer says how to register interest', async () => {
      const reply = await say('rejoindre automatisations', person(107));
      expect(reply.body.text).toMatch(/« Automatisations » est encore en préparation\. Écrivez « intérêt Automatisations »/);
    });
  });

  describe('interest and my communities', () => {
    it('registers interest once, then says it was already registered; active ones redirect to join', async () => {
      const who = person(120);
      expect((await say('intérêt automatisations', who)).body.text).toMatch(/^Merci ! Votre intérêt pour « Automatisations » est enregistré/);
      expect((await say('interet AUTOMATISATIONS', who)).body.text).toMatch(/était déjà enregistré/);
      expect((await say('interest cloud', who)).body.text).toMatch(/is already active: you can join it straight away/);
    });

    it('"mes communautés" shows memberships and interests; empty at first with a hint', async () => {
      const who = person(121);
      const empty = await say('mes communautés', who);
      expect(cardText(empty.body.attachments?.[0]?.content)).toMatch(/Vous n'êtes membre d'aucune communauté/);
      await say('rejoindre infonuagique', who);
      await say('intérêt automatisations', who);
      const mine = await say('mes communautés', who);
      const words = cardText(mine.body.attachments?.[0]?.content);
      expect(words).toMatch(/Membre de\n• \*\*Infonuagique\*\*/);
      expect(words).toMatch(/Intérêt enregistré pour\n• \*\*Automatisations\*\*/);
      const english = await say('my communities', who);
      expect(cardText(english.body.attachments?.[0]?.content)).toMatch(/Member of\n• \*\*Cloud computing\*\*/);
    });
  });

  describe('about a community', () => {
    it('"info" shows description, organisers, next meeting in the community zone, and recordings count', async () => {
      const reply = await say('info infonuagique');
      const words = cardText(reply.body.attachments?.[0]?.content);
      expect(words).toContain('Camille Tremblay, Jordan Smith');
      expect(words).toMatch(/Rencontre annuelle : FinOps en pratique — le \p{L}+ \d+(er)? \p{L}+ \d{4}, de 9 h à 13 h \(heure de l’Est\) \(en personne\), Cœur des sciences/u);
      expect(words).toContain('2 enregistrements publiés');
      const english = await say('about cloud');
      expect(cardText(english.body.attachments?.[0]?.content)).toMatch(/from 9:00 a\.m\. to 1:00 p\.m\. \(Eastern Time\) \(in person\)/);
    });

    it('a community without meetings says so', async () => {
      const reply = await say('info automatisations');
      const words = cardText(reply.body.attachments?.[0]?.content);
      expect(words).toContain('Aucune rencontre prévue');
      expect(words).toContain('Aucun enregistrement publié');
    });
  });

  describe('in a channel, with an @mention', () => {
    it('strips the mention and replies in the thread', async () => {
      const activity = channelMessage('communautés', { serviceUrl: t.connector.serviceUrl, from: person(130) });
      expect((await t.post(activity)).status).toBe(200);
      const reply = await t.connector.waitFor((c) => c.body.replyToId === activity.id);
      expect(reply.conversationId).toBe(`${GENERAL_CHANNEL};messageid=1700000000000`);
      expect(cardText(reply.body.attachments?.[0]?.content)).toContain('Infonuagique');
    });
  });

  describe('bad input', () => {
    it.each([
      ['empty text', '', /Je n'ai reçu aucun texte/],
      ['only spaces and a mention', '<at>Bot</at>   ', /Je n'ai reçu aucun texte/],
      ['an unknown command', 'abracadabra', /^Je n'ai pas compris « abracadabra »/],
      ['a misspelt command', 'rejoidre infonuagique', /Vouliez-vous dire « rejoindre »/],
    ])('%s gets a clear answer', async (_case, text, expected) => {
      const reply = await say(text);
      expect(reply.body.text).toMatch(expected);
    });

    it('a 10,000-character message gets a short, polite answer', async () => {
      const reply = await say('x'.repeat(10_000));
      expect(reply.body.text).toMatch(/^Je n'ai pas compris « x{60}… »/);
      expect(String(reply.body.text).length).toBeLessThan(200);
      const join = await say(`rejoindre ${'y'.repeat(10_000)}`);
      expect(join.body.text).toMatch(/^Je ne trouve aucune communauté/);
      expect(String(join.body.text).length).toBeLessThan(300);
    });

    it('a message without a text field is answered, not crashed on', async () => {
      const activity = personalMessage('x', { serviceUrl: t.connector.serviceUrl, from: person(160) });
      delete (activity as { text?: string }).text;
      expect((await t.post(activity)).status).toBe(200);
      const reply = await t.connector.waitFor((c) => c.body.replyToId === activity.id);
      expect(reply.body.text).toMatch(/Je n'ai reçu aucun texte/);
    });

    it('an activity without from.aadObjectId is told it cannot be identified and nothing is stored', async () => {
      const anonymous = { id: '29:anonymous', name: 'Anonyme' };
      const activity = personalMessage('rejoindre infonuagique', { serviceUrl: t.connector.serviceUrl, from: anonymous });
      expect((await t.post(activity)).status).toBe(200);
      const reply = await t.connector.waitFor((c) => c.body.replyToId === activity.id);
      expect(reply.body.text).toMatch(/^Je n'arrive pas à vous identifier/);
      const { rows } = await t.database.pool.query("SELECT count(*)::int AS n FROM memberships WHERE aad_object_id NOT LIKE '6f4a9c2e%' AND aad_object_id NOT LIKE '11111111%'");
      expect(rows[0].n).toBe(0);
    });

    it.each([
      ['not JSON', 'this is not json', 400],
      ['a JSON array', '[]', 400],
      ['an activity without a type', JSON.stringify({ text: 'aide' }), 400],
    ])('%s is refused with a 4xx', async (_case, body, status) => {
      const response = await t.post(body);
      expect(response.status).toBe(status);
    });
  });
});
