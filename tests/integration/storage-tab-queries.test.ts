import { PgCommunityHealthRepository } from '../../src/storage/community-health-repository';
import { describeEachStore, useDatabase } from '../support/databases';
import { TENANT_ID, givenCommunity, givenMeeting, person } from '../support/storage-scenarios';

/** The SQL the tab API added, on both engines: the health view's figures. */
describeEachStore('tab API queries', (store) => {
  const db = useDatabase(store);

  async function member(communityId: string, who: ReturnType<typeof person>, joinedAt: Date, leftAt: Date | null = null) {
    await db().pool.query('INSERT INTO memberships (community_id, tenant_id, aad_object_id, joined_at, left_at) VALUES ($1, $2, $3, $4, $5)', [communityId, TENANT_ID, who.aadObjectId, joinedAt, leftAt]);
  }

  it('counts members at each month end from joined_at/left_at, and attendance over meetings whose attendance was marked', async () => {
    const pool = db().pool;
    const community = (await givenCommunity(pool, { slug: 'health' })) ?? '';
    await member(community, person(1), new Date('2026-01-10Z'));
    await member(community, person(2), new Date('2026-02-10Z'), new Date('2026-03-05Z'));
    await member(community, person(3), new Date('2026-03-20Z'));
    const health = new PgCommunityHealthRepository(pool);
    const ends = ['2026-01-31T23:59:59Z', '2026-02-28T23:59:59Z', '2026-03-31T23:59:59Z', '2025-12-31T23:59:59Z'].map((d) => new Date(d));
    expect(await health.membersAt(community, ends)).toEqual([1, 2, 2, 0]);

    const held = await givenMeeting(pool, community, { startsAt: new Date('2026-04-01T13:00Z'), kind: 'in_person' });
    const unmarked = await givenMeeting(pool, community, { startsAt: new Date('2026-05-01T13:00Z'), kind: 'in_person' });
    const register = (meetingId: string, n: number, answer: string, seat: string | null, attended: boolean | null) =>
      pool.query(
        `INSERT INTO meeting_registrations (meeting_id, tenant_id, aad_object_id, answer, seat, waitlist_position, attended, answered_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now(), now())`,
        [meetingId, TENANT_ID, person(n).aadObjectId, answer, seat, seat === 'waitlisted' ? n : null, attended],
      );
    await register(held, 1, 'in_person', 'confirmed', true);
    await register(held, 2, 'in_person', 'confirmed', false);
    await register(held, 3, 'online', null, true);
    await register(held, 4, 'in_person', 'waitlisted', null);
    await register(held, 5, 'declined', null, null);
    await register(unmarked, 1, 'in_person', 'confirmed', null);
    expect(await health.attendanceOf(community, new Date('2026-01-01Z'), new Date('2026-12-31Z'))).toEqual({ attended: 2, expected: 3 });
    expect(await health.attendanceOf(community, new Date('2026-04-15Z'), new Date('2026-12-31Z'))).toEqual({ attended: 0, expected: 0 });
  });
});
