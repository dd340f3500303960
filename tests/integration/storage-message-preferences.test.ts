import { accepts } from '../../src/domain/delivery/message-preferences';
import { PgConversationReferenceRepository } from '../../src/storage/conversation-reference-repository';
import { PgMessagePreferencesRepository } from '../../src/storage/message-preferences-repository';
import { PgUserRepository } from '../../src/storage/user-repository';
import { describeEachStore, useDatabase } from '../support/databases';
import { TENANT_ID, countRows, givenCommunity, person, sqlStateOf } from '../support/storage-scenarios';

const monday = new Date('2030-01-14T14:00:00Z');
const tuesday = new Date('2030-01-15T14:00:00Z');

describeEachStore('storage of message preferences', (store) => {
  const db = useDatabase(store);
  const preferences = () => new PgMessagePreferencesRepository(db().pool);
  const alex = person(1);
  const sam = person(2);

  test('someone who never chose anything has no language and accepts every kind of message', async () => {
    const nothing = await preferences().get(alex);

    expect(nothing).toEqual({ locale: undefined, choices: [] });
    for (const category of ['launch_notice', 'invitation', 'reminder', 'service'] as const) expect(accepts(nothing, category, '1')).toBe(true);
  });

  describe('the explicit language', () => {
    const users = () => new PgUserRepository(db().pool);
    const typed = (locale: 'fr-CA' | 'en', at: Date) =>
      new PgConversationReferenceRepository(db().pool).save(
        { conversationId: 'a:1', tenantId: TENANT_ID, conversationType: 'personal', aadObjectId: alex.aadObjectId, teamId: undefined, serviceUrl: 'https://smba.trafficmanager.net/amer/', reference: {} },
        { user: alex, displayName: 'Alex Gagnon', locale },
        at,
      );

    test('is kept, replaced, and taken back (automatic)', async () => {
      await preferences().setLocale(alex, 'en', monday);
      expect((await preferences().get(alex)).locale).toBe('en');
      await preferences().setLocale(alex, 'fr-CA', tuesday);
      expect((await preferences().get(alex)).locale).toBe('fr-CA');
      await preferences().setLocale(alex, undefined, tuesday);
      expect((await preferences().get(alex)).locale).toBeUndefined();
      expect(await countRows(db().pool, 'users')).toBe(1);
    });

    test('and the language last typed live side by side: typing a French word never undoes a choice of English', async () => {
      await typed('fr-CA', monday);
      await preferences().setLocale(alex, 'en', monday);
      const saved = await typed('fr-CA', tuesday);

      expect(saved.languages).toEqual({ lastUsed: 'fr-CA', chosen: 'en' });
      expect(await users().languagesOf(alex)).toEqual({ lastUsed: 'fr-CA', chosen: 'en' });
      expect((await preferences().get(alex)).locale).toBe('en');
      const { rows } = await db().pool.query('SELECT display_name FROM users');
      expect(rows).toEqual([{ display_name: 'Alex Gagnon' }]);
    });

    test('can be chosen before the person ever wrote to the bot, and a later message keeps it', async () => {
      await preferences().setLocale(alex, 'en', monday);
      await typed('fr-CA', tuesday);

      expect(await users().languagesOf(alex)).toEqual({ lastUsed: 'fr-CA', chosen: 'en' });
    });

    test('is only one of two languages', async () => {
      await preferences().setLocale(alex, 'en', monday);
      expect(await sqlStateOf(db().pool.query("UPDATE users SET chosen_locale = 'de'"))).toBe('23514');
    });
  });

  describe('category choices', () => {
    test('a choice for all communities is one row, replaced when it changes', async () => {
      await preferences().setChoice(alex, { category: 'reminder', communityId: null, accepted: false }, monday);
      await preferences().setChoice(alex, { category: 'reminder', communityId: null, accepted: true }, tuesday);
      await preferences().setChoice(alex, { category: 'reminder', communityId: null, accepted: false }, tuesday);

      expect((await preferences().get(alex)).choices).toEqual([{ category: 'reminder', communityId: null, accepted: false }]);
      expect(await countRows(db().pool, 'message_category_choices')).toBe(1);
    });

    test('"all communities" cannot be stored twice for the same category, even by hand', async () => {
      await preferences().setChoice(alex, { category: 'invitation', communityId: null, accepted: false }, monday);

      const duplicate = db().pool.query(
        `INSERT INTO message_category_choices (tenant_id, aad_object_id, category, community_id, accepted) VALUES ($1, $2, 'invitation', NULL, true)`,
        [alex.tenantId, alex.aadObjectId],
      );
      expect(await sqlStateOf(duplicate)).toBe('23505');
    });

    test('a per-community choice wins over the one for all, in both directions', async () => {
      const cloud = await givenCommunity(db().pool, { slug: 'infonuagique' });
      const security = await givenCommunity(db().pool, { slug: 'securite' });
      await preferences().setChoice(alex, { category: 'reminder', communityId: null, accepted: false }, monday);
      await preferences().setChoice(alex, { category: 'reminder', communityId: cloud, accepted: true }, monday);
      await preferences().setChoice(alex, { category: 'invitation', communityId: security, accepted: false }, monday);

      const stored = await preferences().get(alex);
      expect(stored.choices).toHaveLength(3);
      expect(accepts(stored, 'reminder', cloud)).toBe(true);
      expect(accepts(stored, 'reminder', security)).toBe(false);
      expect(accepts(stored, 'reminder', null)).toBe(false);
      expect(accepts(stored, 'invitation', security)).toBe(false);
      expect(accepts(stored, 'invitation', cloud)).toBe(true);
      expect(accepts(stored, 'service', security)).toBe(true);
    });

    test('taking a per-community choice back leaves the one for all, and the other way round', async () => {
      const cloud = await givenCommunity(db().pool, { slug: 'infonuagique' });
      await preferences().setChoice(alex, { category: 'reminder', communityId: null, accepted: false }, monday);
      await preferences().setChoice(alex, { category: 'reminder', communityId: cloud, accepted: true }, monday);

      await preferences().clearChoice(alex, 'reminder', cloud);
      expect((await preferences().get(alex)).choices).toEqual([{ category: 'reminder', communityId: null, accepted: false }]);

      await preferences().setChoice(alex, { category: 'reminder', communityId: cloud, accepted: true }, tuesday);
      await preferences().clearChoice(alex, 'reminder', null);
      expect((await preferences().get(alex)).choices).toEqual([{ category: 'reminder', communityId: cloud, accepted: true }]);
    });

    test('a community deleted takes its choices with it', async () => {
      const cloud = await givenCommunity(db().pool, { slug: 'infonuagique' });
      await preferences().setChoice(alex, { category: 'launch_notice', communityId: cloud, accepted: false }, monday);

      await db().pool.query('DELETE FROM communities WHERE id = $1', [cloud]);
      expect((await preferences().get(alex)).choices).toEqual([]);
    });

    test('service messages cannot be refused, not even by hand', async () => {
      const refused = db().pool.query(
        `INSERT INTO message_category_choices (tenant_id, aad_object_id, category, community_id, accepted) VALUES ($1, $2, 'service', NULL, false)`,
        [alex.tenantId, alex.aadObjectId],
      );
      expect(await sqlStateOf(refused)).toBe('23514');
    });
  });

  test("one person's choices are theirs alone, in their tenant", async () => {
    const cloud = await givenCommunity(db().pool, { slug: 'infonuagique' });
    const alexElsewhere = person(1, 'f00df00d-0000-4000-8000-000000000000');
    await preferences().setLocale(alex, 'en', monday);
    await preferences().setChoice(alex, { category: 'reminder', communityId: null, accepted: false }, monday);
    await preferences().setChoice(alex, { category: 'invitation', communityId: cloud, accepted: false }, monday);
    await preferences().setChoice(sam, { category: 'invitation', communityId: cloud, accepted: true }, monday);
    await preferences().clearChoice(sam, 'reminder', null);

    expect(await preferences().get(alexElsewhere)).toEqual({ locale: undefined, choices: [] });
    expect((await preferences().get(sam)).locale).toBeUndefined();
    expect((await preferences().get(sam)).choices).toEqual([{ category: 'invitation', communityId: cloud, accepted: true }]);
    const alexNow = await preferences().get(alex);
    expect(alexNow.locale).toBe('en');
    expect(alexNow.choices).toEqual(
      expect.arrayContaining([
        { category: 'reminder', communityId: null, accepted: false },
        { category: 'invitation', communityId: cloud, accepted: false },
      ]),
    );
    expect(alexNow.choices).toHaveLength(2);
  });
});
