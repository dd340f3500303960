import { PgMeetingRepository } from '../../src/storage/meeting-repository';
import { PgMembershipRepository } from '../../src/storage/membership-repository';
import { describeEachStore, useDatabase } from '../support/databases';
import { givenCommunity, givenMeeting, givenOrganiser, person } from '../support/storage-scenarios';

const now = new Date('2030-01-15T15:00:00Z');
const hoursFromNow = (hours: number) => new Date(now.getTime() + hours * 3_600_000);

describeEachStore("a person's meetings (the tab)", (store) => {
  const db = useDatabase(store);
  const meetings = () => new PgMeetingRepository(db().pool);

  test('meetings of the communities one belongs to or organises, with one’s own answer; ahead soonest first, held latest first', async () => {
    const pool = db().pool;
    const mine = await givenCommunity(pool, { slug: 'mine', nameFr: 'La mienne' });
    const organised = await givenCommunity(pool, { slug: 'organised' });
    const other = await givenCommunity(pool, { slug: 'other' });
    await new PgMembershipRepository(pool).join(mine, person(1), now);
    await givenOrganiser(pool, organised, person(1), 'Moi', now);
    const later = await givenMeeting(pool, mine, { startsAt: hoursFromNow(72), title: 'Plus tard' });
    await givenMeeting(pool, organised, { startsAt: hoursFromNow(24), title: 'Bientôt' });
    await givenMeeting(pool, other, { startsAt: hoursFromNow(12), title: 'Pas la mienne' });
    await givenMeeting(pool, mine, { startsAt: hoursFromNow(-48), title: 'Avant-hier' });
    await givenMeeting(pool, mine, { startsAt: hoursFromNow(-24), title: 'Hier' });
    await givenMeeting(pool, mine, { startsAt: hoursFromNow(-72), title: 'Annulée', status: 'cancelled' });
    await pool.query(
      `INSERT INTO meeting_registrations (meeting_id, tenant_id, aad_object_id, answer, answered_at, updated_at) VALUES ($1, $2, $3, 'online', $4, $4), ($1, $2, $5, 'declined', $4, $4)`,
      [later, person(1).tenantId, person(1).aadObjectId, now, person(2).aadObjectId],
    );

    const upcoming = await meetings().pageFor(person(1), 'upcoming', now, 0, 20);
    expect(upcoming.total).toBe(2);
    expect(upcoming.entries.map((e) => e.overview.meeting.title)).toEqual(['Bientôt', 'Plus tard']);
    expect(upcoming.entries[1]).toMatchObject({ overview: { communitySlug: 'mine', counts: { online: 1, declined: 1 } }, registration: { answer: 'online', user: person(1) } });
    expect(upcoming.entries[0]?.registration).toBeUndefined();

    const past = await meetings().pageFor(person(1), 'past', now, 0, 1);
    expect(past).toMatchObject({ total: 2 });
    expect(past.entries.map((e) => e.overview.meeting.title)).toEqual(['Hier']);
    expect((await meetings().pageFor(person(1), 'past', now, 1, 1)).entries.map((e) => e.overview.meeting.title)).toEqual(['Avant-hier']);
    expect(await meetings().pageFor(person(1), 'past', now, 5, 1)).toEqual({ entries: [], total: 2 });
    expect(await meetings().pageFor(person(3), 'upcoming', now, 0, 20)).toEqual({ entries: [], total: 0 });
  });
});
