import { PgCommunityRepository } from '../../src/storage/community-repository';
import { PgMembershipRepository } from '../../src/storage/membership-repository';
import { PgConversationReferenceRepository } from '../../src/storage/conversation-reference-repository';
import { PgUserRepository } from '../../src/storage/user-repository';
import { describeEachStore, useDatabase } from '../support/databases';
import { TENANT_ID, countRows, givenCommunity, person } from '../support/storage-scenarios';

const monday = new Date('2030-01-14T14:00:00Z');
const tuesday = new Date('2030-01-15T14:00:00Z');
const wednesday = new Date('2030-01-16T14:00:00Z');

describeEachStore('storage of people in communities', (store) => {
  const db = useDatabase(store);

  describe('memberships and interests', () => {
    const memberships = () => new PgMembershipRepository(db().pool);
    const communities = () => new PgCommunityRepository(db().pool);
    const alex = person(1);

    test('joining, joining again, leaving, leaving again and rejoining each say what happened', async () => {
      const id = await givenCommunity(db().pool, { slug: 'infonuagique' });

      expect(await memberships().join(id, alex, monday)).toBe('joined');
      expect(await memberships().join(id, alex, monday)).toBe('already_member');
      expect(await memberships().leave(id, alex, tuesday)).toBe('left');
      expect(await memberships().leave(id, alex, tuesday)).toBe('not_member');
      expect(await memberships().join(id, alex, wednesday)).toBe('rejoined');

      const { rows } = await db().pool.query<{ joined_at: Date; left_at: Date | null }>(
        'SELECT joined_at, left_at FROM memberships WHERE community_id = $1',
        [id],
      );
      expect(rows).toEqual([{ joined_at: wednesday, left_at: null }]);
    });

    test('leaving a community one never joined changes nothing', async () => {
      const id = await givenCommunity(db().pool, { slug: 'infonuagique' });

      expect(await memberships().leave(id, alex, monday)).toBe('not_member');
      expect(await countRows(db().pool, 'memberships')).toBe(0);
    });

    test('leaving records the time of leaving, never earlier than the joining', async () => {
      const id = await givenCommunity(db().pool, { slug: 'infonuagique' });
      await memberships().join(id, alex, tuesday);

      expect(await memberships().leave(id, alex, monday)).toBe('left'); // a clock running behind must not break the row

      const { rows } = await db().pool.query<{ left_at: Date }>('SELECT left_at FROM memberships');
      expect(rows[0]?.left_at).toEqual(tuesday);
    });

    test('the same person in another tenant is another person', async () => {
      const id = await givenCommunity(db().pool, { slug: 'infonuagique' });
      const sameIdOtherTenant = { ...alex, tenantId: 'f00df00d-0000-4000-8000-000000000000' };

      expect(await memberships().join(id, alex, monday)).toBe('joined');
      expect(await memberships().join(id, sameIdOtherTenant, monday)).toBe('joined');
      expect((await communities().findBySlug('infonuagique'))?.memberCount).toBe(2);
    });

    test('registering interest twice counts once', async () => {
      const id = await givenCommunity(db().pool, { slug: 'automatisations', status: 'en_preparation' });

      expect(await memberships().registerInterest(id, alex, monday)).toBe('registered');
      expect(await memberships().registerInterest(id, alex, tuesday)).toBe('already_interested');

      expect((await communities().findBySlug('automatisations'))?.interestCount).toBe(1);
    });

    test("a person's standings list the communities they belong to or are interested in, and only theirs", async () => {
      const member = await givenCommunity(db().pool, { slug: 'membre' });
      const interested = await givenCommunity(db().pool, { slug: 'interesse', status: 'en_preparation' });
      const both = await givenCommunity(db().pool, { slug: 'les-deux' });
      const left = await givenCommunity(db().pool, { slug: 'quittee' });
      const someoneElses = await givenCommunity(db().pool, { slug: 'autre-personne' });
      await memberships().join(member, alex, monday);
      await memberships().registerInterest(interested, alex, monday);
      await memberships().join(both, alex, monday);
      await memberships().registerInterest(both, alex, monday);
      await memberships().join(left, alex, monday);
      await memberships().leave(left, alex, tuesday);
      await memberships().join(someoneElses, person(2), monday);
      await memberships().registerInterest(someoneElses, person(2), monday);

      const standings = await memberships().standingsOf(alex);
      const catalogue = await communities().catalogueFor(alex);

      const expected = {
        [member]: { member: true, interested: false },
        [interested]: { member: false, interested: true },
        [both]: { member: true, interested: true },
      };
      expect(Object.fromEntries(standings)).toEqual(expected);
      expect(Object.fromEntries(catalogue.standings)).toEqual(expected);
      expect(catalogue.communities.map((c) => c.id).sort()).toEqual([member, interested, both, left, someoneElses].sort());
    });

    test('a person with no memberships has no standings', async () => {
      await givenCommunity(db().pool, { slug: 'infonuagique' });

      expect((await memberships().standingsOf(alex)).size).toBe(0);
    });

    test('ten simultaneous joins by the same person make one membership: one joined, nine already_member', async () => {
      const id = await givenCommunity(db().pool, { slug: 'infonuagique' });

      const outcomes = await Promise.all(Array.from({ length: 10 }, () => memberships().join(id, alex, monday)));

      expect(outcomes.filter((o) => o === 'joined')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'already_member')).toHaveLength(9);
      expect(await countRows(db().pool, 'memberships')).toBe(1);
    });

    test('simultaneous rejoins after leaving: exactly one rejoined', async () => {
      const id = await givenCommunity(db().pool, { slug: 'infonuagique' });
      await memberships().join(id, alex, monday);
      await memberships().leave(id, alex, tuesday);

      const outcomes = await Promise.all(Array.from({ length: 10 }, () => memberships().join(id, alex, wednesday)));

      expect(outcomes.filter((o) => o === 'rejoined')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'already_member')).toHaveLength(9);
    });

    test('ten people joining at once are all counted', async () => {
      const id = await givenCommunity(db().pool, { slug: 'infonuagique' });

      const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => memberships().join(id, person(100 + i), monday)));

      expect(new Set(outcomes)).toEqual(new Set(['joined']));
      expect((await communities().findBySlug('infonuagique'))?.memberCount).toBe(10);
    });
    test('the counts shown follow every join, leave, rejoin and interest, and what a query counting the rows says', async () => {
      const cloud = await givenCommunity(db().pool, { slug: 'infonuagique' });
      const preparing = await givenCommunity(db().pool, { slug: 'automatisations', status: 'en_preparation' });
      const counted = async (slug: string) => {
        const shown = await communities().findBySlug(slug);
        const { rows } = await db().pool.query<{ members: string; interests: string }>(
          `SELECT (SELECT count(*) FROM memberships m WHERE m.community_id = c.id AND m.left_at IS NULL)::text AS members,
                  (SELECT count(*) FROM interests i WHERE i.community_id = c.id)::text AS interests
             FROM communities c WHERE c.slug = $1`,
          [slug],
        );
        expect([shown?.memberCount, shown?.interestCount]).toEqual([Number(rows[0]?.members), Number(rows[0]?.interests)]);
        return [shown?.memberCount, shown?.interestCount];
      };

      await Promise.all(Array.from({ length: 6 }, (_, i) => memberships().join(cloud, person(200 + i), monday)));
      await memberships().join(cloud, person(200), monday);
      expect(await counted('infonuagique')).toEqual([6, 0]);
      await memberships().leave(cloud, person(201), tuesday);
      await memberships().leave(cloud, person(201), tuesday);
      expect(await counted('infonuagique')).toEqual([5, 0]);
      await Promise.all([memberships().join(cloud, person(201), wednesday), memberships().join(cloud, person(201), wednesday)]);
      expect(await counted('infonuagique')).toEqual([6, 0]);
      await memberships().registerInterest(preparing, alex, monday);
      await memberships().registerInterest(preparing, alex, monday);
      await memberships().registerInterest(preparing, person(2), monday);
      expect(await counted('automatisations')).toEqual([0, 2]);
      await db().pool.query('DELETE FROM interests WHERE community_id = $1 AND aad_object_id = $2', [preparing, alex.aadObjectId]);
      expect(await counted('automatisations')).toEqual([0, 1]);

      await db().pool.query('DELETE FROM communities WHERE id = $1', [cloud]);
      expect(await countRows(db().pool, 'memberships')).toBe(0);
      expect(await counted('automatisations')).toEqual([0, 1]);
    });
  });

  describe('users', () => {
    const users = () => new PgUserRepository(db().pool);
    const references = () => new PgConversationReferenceRepository(db().pool);
    const profileOf = async () =>
      (await db().pool.query<{ display_name: string | null; locale: string | null }>('SELECT display_name, locale FROM users')).rows;
    const speak = (displayName: string | undefined, locale: 'fr-CA' | 'en' | undefined, at: Date) =>
      references().save(
        {
          conversationId: 'a:1',
          tenantId: TENANT_ID,
          conversationType: 'personal',
          aadObjectId: person(1).aadObjectId,
          teamId: undefined,
          serviceUrl: 'https://smba.trafficmanager.net/amer/',
          reference: {},
        },
        { user: person(1), displayName, locale },
        at,
      );

    test('a user is remembered once, and a later activity without a name or locale keeps the known ones', async () => {
      await speak('Alex Gagnon', 'fr-CA', monday);
      await speak(undefined, undefined, tuesday);

      expect(await profileOf()).toEqual([{ display_name: 'Alex Gagnon', locale: 'fr-CA' }]);
      expect(await users().languagesOf(person(1))).toEqual({ lastUsed: 'fr-CA', chosen: undefined });
    });

    test('a new name or locale replaces the old one', async () => {
      await speak('Alex Gagnon', 'fr-CA', monday);
      await speak('Alex Gagnon-Roy', 'en', tuesday);

      expect(await profileOf()).toEqual([{ display_name: 'Alex Gagnon-Roy', locale: 'en' }]);
      expect(await countRows(db().pool, 'users', 'tenant_id = $1', [TENANT_ID])).toBe(1);
    });

    test('someone never seen has no preference', async () => {
      expect(await users().languagesOf(person(2))).toEqual({ lastUsed: undefined, chosen: undefined });
    });
  });
});
