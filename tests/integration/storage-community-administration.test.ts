import type { NewCommunity } from '../../src/domain/ports';
import { PgCommunityAdministrationRepository } from '../../src/storage/community-administration-repository';
import { PgProgressMessageRepository } from '../../src/storage/progress-message-repository';
import { describeEachStore, useDatabase } from '../support/databases';
import { TENANT_ID, countRows, givenCommunity, givenOrganiser, person } from '../support/storage-scenarios';

const monday = new Date('2030-01-14T14:00:00Z');
const tuesday = new Date('2030-01-15T14:00:00Z');

const draft = (slug: string, status: NewCommunity['status']): NewCommunity => ({
  slug,
  name: { fr: `Nom ${slug}`, en: `Name ${slug}` },
  summary: { fr: 'Résumé', en: 'Summary' },
  description: { fr: '', en: '' },
  status,
  timeZone: 'America/Halifax',
});

describeEachStore('storage of community administration', (store) => {
  const db = useDatabase(store);
  const repository = () => new PgCommunityAdministrationRepository(db().pool);
  const camille = { user: person(1), displayName: 'Camille Tremblay' };
  const jordan = { user: person(2), displayName: 'Jordan Smith' };

  async function membersOf(communityId: string): Promise<string[]> {
    const { rows } = await db().pool.query<{ aad_object_id: string }>(
      'SELECT aad_object_id FROM memberships WHERE community_id = $1 AND left_at IS NULL ORDER BY aad_object_id',
      [communityId],
    );
    return rows.map((r) => r.aad_object_id);
  }

  test('creating stores the community and its organisers; an active one counts its organisers as members', async () => {
    const preparing = await repository().create(draft('preparing', 'en_preparation'), [camille, jordan], monday);
    const active = await repository().create(draft('active', 'active'), [camille], monday);
    if (preparing === 'slug_taken' || active === 'slug_taken') throw new Error('unexpected clash');

    expect(preparing).toMatchObject({ slug: 'preparing', status: 'en_preparation', timeZone: 'America/Halifax', memberCount: 0, teamId: null });
    expect(active).toMatchObject({ slug: 'active', status: 'active', memberCount: 1 });
    expect(await countRows(db().pool, 'community_organisers', 'community_id = $1', [preparing.id])).toBe(2);
    expect(await membersOf(preparing.id)).toEqual([]);
    expect(await membersOf(active.id)).toEqual([camille.user.aadObjectId]);
    expect(await repository().communitiesOrganisedBy(jordan.user)).toEqual(new Set([preparing.id]));
  });

  test('whether guests are allowed is stored with the community; unsaid, they are not', async () => {
    const open = await repository().create({ ...draft('open', 'active'), guestsAllowed: true }, [camille], monday);
    const closed = await repository().create(draft('closed', 'en_preparation'), [camille], monday);
    if (open === 'slug_taken' || closed === 'slug_taken') throw new Error('unexpected clash');

    const { rows } = await db().pool.query<{ slug: string; guests_allowed: boolean }>('SELECT slug, guests_allowed FROM communities ORDER BY slug');
    expect(rows).toEqual([
      { slug: 'closed', guests_allowed: false },
      { slug: 'open', guests_allowed: true },
    ]);
  });

  test('a slug taken meanwhile stores nothing', async () => {
    await givenCommunity(db().pool, { slug: 'taken' });

    expect(await repository().create(draft('taken', 'active'), [camille], monday)).toBe('slug_taken');
    expect(await countRows(db().pool, 'communities')).toBe(1);
    expect(await countRows(db().pool, 'community_organisers')).toBe(0);
  });

  test('launching turns every interest into a membership, once; the people converted are returned', async () => {
    const id = await givenCommunity(db().pool, { slug: 'quantique', status: 'en_preparation' });
    await givenOrganiser(db().pool, id, camille.user, camille.displayName, monday);
    for (const n of [10, 11, 12]) {
      await db().pool.query('INSERT INTO interests (community_id, tenant_id, aad_object_id, registered_at) VALUES ($1, $2, $3, $4)', [
        id,
        TENANT_ID,
        person(n).aadObjectId,
        monday,
      ]);
    }
    // Someone who was a member once, left, then registered interest: they come back.
    await db().pool.query('INSERT INTO memberships (community_id, tenant_id, aad_object_id, joined_at, left_at) VALUES ($1, $2, $3, $4, $4)', [
      id,
      TENANT_ID,
      person(10).aadObjectId,
      monday,
    ]);

    expect(await repository().launch(id, tuesday)).toEqual({ converted: [person(10), person(11), person(12)] });
    expect(await repository().launch(id, tuesday)).toBe('not_in_preparation');
    expect(await membersOf(id)).toEqual([camille.user, person(10), person(11), person(12)].map((p) => p.aadObjectId).sort());
    expect(await countRows(db().pool, 'interests')).toBe(0);
    expect((await repository().listAll())[0]).toMatchObject({ status: 'active', memberCount: 4, interestCount: 0 });
  });

  test('launches racing each other: exactly one launches', async () => {
    const id = await givenCommunity(db().pool, { slug: 'course', status: 'en_preparation' });
    const results = await Promise.all([repository().launch(id, tuesday), repository().launch(id, tuesday), repository().launch(id, tuesday)]);
    expect(results.filter((r) => r === 'not_in_preparation')).toHaveLength(2);
  });

  test('archiving returns the team to archive, once', async () => {
    const id = await givenCommunity(db().pool, { slug: 'vieille' });
    await db().pool.query("UPDATE communities SET team_id = 'team-1' WHERE id = $1", [id]);

    expect(await repository().archive(id, tuesday)).toEqual({ teamId: 'team-1' });
    expect(await repository().archive(id, tuesday)).toBe('already_archived');
    expect((await repository().listAll()).map((c) => c.status)).toEqual(['archived']);
  });

  test('unarchiving sets the status it is given and returns the team, only for an archived community', async () => {
    const id = await givenCommunity(db().pool, { slug: 'revenante' });
    await db().pool.query("UPDATE communities SET team_id = 'team-2' WHERE id = $1", [id]);
    expect(await repository().unarchive(id, 'active', tuesday)).toBe('not_archived');
    await repository().archive(id, monday);

    expect(await repository().unarchive(id, 'en_preparation', tuesday)).toEqual({ teamId: 'team-2' });
    expect(await repository().unarchive(id, 'active', tuesday)).toBe('not_archived');
    expect((await repository().listAll()).map((c) => c.status)).toEqual(['en_preparation']);
  });

  test('known people are those who wrote to the bot and the organisers, by their latest name, in one tenant', async () => {
    const id = await givenCommunity(db().pool, { slug: 'x' });
    await givenOrganiser(db().pool, id, camille.user, 'Camille T.', monday);
    await givenOrganiser(db().pool, id, jordan.user, 'Jordan Smith', monday);
    await db().pool.query('INSERT INTO users (tenant_id, aad_object_id, display_name) VALUES ($1, $2, $3), ($1, $4, NULL), ($5, $6, $7)', [
      TENANT_ID,
      camille.user.aadObjectId,
      'Camille Tremblay',
      person(3).aadObjectId,
      'another-tenant',
      person(4).aadObjectId,
      'Sam Lee',
    ]);

    expect(await repository().knownPeople(TENANT_ID)).toEqual([camille, jordan]);
  });

  test('a progress card is remembered per job, the latest one winning', async () => {
    const messages = new PgProgressMessageRepository(db().pool);
    const conversation = { conversation: { id: 'a:1' }, serviceUrl: 'https://smba.example/' };
    await messages.remember({ jobReference: 'provision_team:7', activityId: 'm1', conversation, locale: 'fr-CA' }, monday);
    await messages.remember({ jobReference: 'provision_team:7', activityId: 'm2', conversation, locale: 'en' }, tuesday);

    expect(await messages.find('provision_team:7')).toEqual({ jobReference: 'provision_team:7', activityId: 'm2', conversation, locale: 'en' });
    expect(await messages.find('provision_team:8')).toBeUndefined();
  });
});
