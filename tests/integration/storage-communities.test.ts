import { DateTime } from 'luxon';
import { PgCommunityRepository } from '../../src/storage/community-repository';
import { DEMO_TENANT_ID, loadDemoDataIfEmpty } from '../../src/storage/demo-data';
import { PgMembershipRepository } from '../../src/storage/membership-repository';
import { describeEachStore, useDatabase } from '../support/databases';
import { countRows, givenCommunity, givenMeeting, givenOrganiser, givenRecording, person } from '../support/storage-scenarios';

const now = new Date('2030-01-15T15:00:00Z');
const hoursFromNow = (hours: number) => new Date(now.getTime() + hours * 3_600_000);

describeEachStore('storage of communities', (store) => {
  const db = useDatabase(store);
  const communities = () => new PgCommunityRepository(db().pool);
  const memberships = () => new PgMembershipRepository(db().pool);

  describe('listing and finding', () => {
    test('the list counts current members and interested people of each community', async () => {
      const cloud = await givenCommunity(db().pool, { slug: 'infonuagique', nameFr: 'Infonuagique' });
      const security = await givenCommunity(db().pool, { slug: 'securite', nameFr: 'Sécurité' });
      for (const n of [1, 2, 3]) await memberships().join(cloud, person(n), now);
      await memberships().leave(cloud, person(3), hoursFromNow(1));
      await memberships().registerInterest(cloud, person(4), now);
      await memberships().join(security, person(1), now);

      const listed = await communities().listVisible();

      expect(listed.map((c) => [c.slug, c.memberCount, c.interestCount])).toEqual([
        ['infonuagique', 2, 1],
        ['securite', 1, 0],
      ]);
    });

    test('archived communities are not listed; active ones come before those in preparation, each by French name', async () => {
      await givenCommunity(db().pool, { slug: 'zeta-active', nameFr: 'Zêta' });
      await givenCommunity(db().pool, { slug: 'alpha-preparation', nameFr: 'Alpha', status: 'en_preparation' });
      await givenCommunity(db().pool, { slug: 'beta-active', nameFr: 'bêta' });
      await givenCommunity(db().pool, { slug: 'archivee', nameFr: 'Archivée', status: 'archived' });

      const listed = await communities().listVisible();

      expect(listed.map((c) => c.slug)).toEqual(['beta-active', 'zeta-active', 'alpha-preparation']);
    });

    test('a community is found by its slug with all its fields, archived or not', async () => {
      const id = await givenCommunity(db().pool, {
        slug: 'archivee',
        nameFr: 'Ancienne communauté',
        nameEn: 'Former community',
        status: 'archived',
        timeZone: 'America/Vancouver',
      });
      await memberships().join(id, person(1), now);

      const found = await communities().findBySlug('archivee');

      expect(found).toEqual({
        id,
        slug: 'archivee',
        name: { fr: 'Ancienne communauté', en: 'Former community' },
        summary: { fr: 'Résumé de Ancienne communauté', en: 'Summary of archivee' },
        description: { fr: '', en: '' },
        status: 'archived',
        timeZone: 'America/Vancouver',
        teamId: null,
        memberCount: 1,
        interestCount: 0,
      });
    });

    test('an unknown slug finds nothing', async () => {
      await givenCommunity(db().pool, { slug: 'infonuagique' });

      expect(await communities().findBySlug('infonuage')).toBeUndefined();
    });
  });

  describe('organisers, meetings and recordings', () => {
    test('organisers are listed in the order they were added, only for their community', async () => {
      const cloud = await givenCommunity(db().pool, { slug: 'infonuagique' });
      const other = await givenCommunity(db().pool, { slug: 'securite' });
      await givenOrganiser(db().pool, cloud, person(2), 'Jordan Smith', hoursFromNow(2));
      await givenOrganiser(db().pool, cloud, person(1), 'Camille Tremblay', hoursFromNow(1));
      await givenOrganiser(db().pool, other, person(3), 'Someone Else', now);

      const organisers = await communities().organisersOf(cloud);

      expect(organisers).toEqual([
        { tenantId: person(1).tenantId, aadObjectId: person(1).aadObjectId, displayName: 'Camille Tremblay' },
        { tenantId: person(2).tenantId, aadObjectId: person(2).aadObjectId, displayName: 'Jordan Smith' },
      ]);
    });

    test('the next meeting is the earliest scheduled one still to come, ignoring cancelled and past ones', async () => {
      const cloud = await givenCommunity(db().pool, { slug: 'infonuagique' });
      const other = await givenCommunity(db().pool, { slug: 'securite' });
      await givenMeeting(db().pool, cloud, { startsAt: hoursFromNow(-1), title: 'already started' });
      await givenMeeting(db().pool, cloud, { startsAt: now, title: 'starting right now' });
      await givenMeeting(db().pool, cloud, { startsAt: hoursFromNow(1), title: 'cancelled', status: 'cancelled' });
      await givenMeeting(db().pool, cloud, { startsAt: hoursFromNow(72), title: 'later' });
      const expected = await givenMeeting(db().pool, cloud, {
        startsAt: hoursFromNow(48),
        hours: 4,
        title: 'Rencontre annuelle',
        kind: 'in_person',
        location: 'Cœur des sciences',
      });
      await givenMeeting(db().pool, other, { startsAt: hoursFromNow(2), title: 'another community' });

      const next = await communities().nextMeetingOf(cloud, now);

      expect(next).toEqual({
        id: expected,
        communityId: cloud,
        title: { fr: 'Rencontre annuelle', en: 'EN Rencontre annuelle' },
        kind: 'in_person',
        location: 'Cœur des sciences',
        startsAt: hoursFromNow(48),
        endsAt: hoursFromNow(52),
      });
    });

    test('a community whose meetings are all past or cancelled has no next meeting', async () => {
      const cloud = await givenCommunity(db().pool, { slug: 'infonuagique' });
      await givenMeeting(db().pool, cloud, { startsAt: hoursFromNow(-48) });
      await givenMeeting(db().pool, cloud, { startsAt: hoursFromNow(24), status: 'cancelled' });

      expect(await communities().nextMeetingOf(cloud, now)).toBeUndefined();
    });

    test('recordings are counted per community', async () => {
      const cloud = await givenCommunity(db().pool, { slug: 'infonuagique' });
      const other = await givenCommunity(db().pool, { slug: 'securite' });
      await givenRecording(db().pool, cloud, 'FinOps');
      await givenRecording(db().pool, cloud, 'Landing zones');

      expect(await communities().recordingCountOf(cloud)).toBe(2);
      expect(await communities().recordingCountOf(other)).toBe(0);
    });
  });

  describe('the catalogue page (the tab)', () => {
    test('one page in the list order, each with the standing, organisers, next meeting and recording count; the total counts every page', async () => {
      const cloud = await givenCommunity(db().pool, { slug: 'infonuagique', nameFr: 'Infonuagique' });
      const security = await givenCommunity(db().pool, { slug: 'securite', nameFr: 'Sécurité' });
      await givenCommunity(db().pool, { slug: 'alpha', nameFr: 'Alpha', status: 'en_preparation' });
      await givenCommunity(db().pool, { slug: 'archivee', nameFr: 'Archivée', status: 'archived' });
      await givenOrganiser(db().pool, cloud, person(5), 'Zoé', hoursFromNow(-2));
      await givenOrganiser(db().pool, cloud, person(6), 'Ana', hoursFromNow(-1));
      await memberships().join(cloud, person(1), now);
      await memberships().registerInterest(security, person(1), now);
      await givenMeeting(db().pool, cloud, { startsAt: hoursFromNow(-24), title: 'Passée' });
      await givenMeeting(db().pool, cloud, { startsAt: hoursFromNow(72), title: 'Plus tard' });
      await givenMeeting(db().pool, cloud, { startsAt: hoursFromNow(48), title: 'Prochaine' });
      await givenRecording(db().pool, cloud, 'FinOps');

      const first = await communities().cataloguePage(person(1), now, 0, 2);
      expect(first.total).toBe(3);
      expect(first.entries.map((e) => e.community.slug)).toEqual(['infonuagique', 'securite']);
      const [cloudEntry, securityEntry] = first.entries;
      expect(cloudEntry).toMatchObject({
        standing: { member: true, interested: false },
        organisers: [{ displayName: 'Zoé' }, { displayName: 'Ana' }],
        nextMeeting: { title: { fr: 'Prochaine' }, communityId: cloud, startsAt: hoursFromNow(48) },
        recordingCount: 1,
        community: { memberCount: 1 },
      });
      expect(securityEntry).toMatchObject({ standing: { member: false, interested: true }, organisers: [], nextMeeting: undefined, recordingCount: 0 });

      const second = await communities().cataloguePage(person(1), now, 2, 2);
      expect(second.entries.map((e) => e.community.slug)).toEqual(['alpha']);
      expect(await communities().cataloguePage(person(2), now, 10, 2)).toEqual({ entries: [], total: 3 });
    });
  });

  describe('demo data', () => {
    const tables = ['communities', 'community_organisers', 'memberships', 'meetings', 'recordings'];
    const countAll = async () => Promise.all(tables.map((t) => countRows(db().pool, t)));

    test('loads into an empty database: five communities with members, organisers, a meeting and recordings', async () => {
      expect(await loadDemoDataIfEmpty(db().pool, now)).toBe(true);

      const listed = await communities().listVisible();
      expect(listed.map((c) => [c.slug, c.status, c.memberCount])).toEqual([
        ['architecture-entreprise', 'active', 2],
        ['infonuagique', 'active', 4],
        ['science-des-donnees', 'active', 1],
        ['securite-information', 'active', 3],
        ['automatisations', 'en_preparation', 0],
      ]);
      const cloud = listed.find((c) => c.slug === 'infonuagique');
      if (!cloud) throw new Error('infonuagique is missing');
      expect((await communities().organisersOf(cloud.id)).map((o) => [o.tenantId, o.displayName])).toEqual([
        [DEMO_TENANT_ID, 'Camille Tremblay'],
        [DEMO_TENANT_ID, 'Jordan Smith'],
      ]);
      const meeting = await communities().nextMeetingOf(cloud.id, now);
      const startsAt = meeting && DateTime.fromJSDate(meeting.startsAt, { zone: 'America/Toronto' });
      expect(startsAt?.toISO()).toBe('2030-02-05T09:00:00.000-05:00'); // three weeks on, 9:00 Toronto time
      expect(await communities().recordingCountOf(cloud.id)).toBe(2);
    });

    test('loading again finds communities, returns false and duplicates nothing', async () => {
      await loadDemoDataIfEmpty(db().pool, now);
      const before = await countAll();

      expect(await loadDemoDataIfEmpty(db().pool, now)).toBe(false);

      expect(await countAll()).toEqual(before);
    });

    test('two instances loading at once load it once', async () => {
      const loaded = await Promise.all([loadDemoDataIfEmpty(db().pool, now), loadDemoDataIfEmpty(db().pool, now)]);

      expect(loaded.sort()).toEqual([false, true]);
      expect(await countRows(db().pool, 'communities')).toBe(5);
    });

    test('does not load into a database that already has a community', async () => {
      await givenCommunity(db().pool, { slug: 'la-notre' });

      expect(await loadDemoDataIfEmpty(db().pool, now)).toBe(false);

      expect(await countRows(db().pool, 'communities')).toBe(1);
    });
  });
});
