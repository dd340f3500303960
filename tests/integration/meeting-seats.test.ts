import { type BotConnectorStandIn, startBotConnector } from '../../sandbox/bot-connector';
import { cardText } from '../support/fake-bot-connector';
import { type MeetingCommunity, seedMeetingCommunity } from '../support/meeting-scenario';
import { type TestApp, startTestApp } from '../support/test-app';
import { TENANT_ID, cardAction } from '../support/teams-activities';
import { createServerDatabase } from '../support/databases';
import type { Database } from '../../src/storage/database';

/**
 * The last seats, fought over: 50 people answer "in person" at the same moment for 10 seats, over real
 * HTTP. The database decides (the meeting's row lock): exactly 10 seats, 40 on the waitlist in the order
 * their answers took the lock; three who give up their seat free it for the first three waiting, who are told.
 */
describe.each([
  ['PGlite (embedded)', undefined],
  ['a PostgreSQL server', () => createServerDatabase(10)],
] as const)('fifty answers at once for ten seats — %s', (_engine, serverDatabase) => {
  let connector: BotConnectorStandIn;
  let t: TestApp;
  let database: Database | undefined;
  let community: MeetingCommunity;
  let meetingId: string;

  beforeAll(async () => {
    connector = await startBotConnector({ recordCalls: false });
    // On a server, a pool of 10: answers really run side by side, each waiting for the meeting's lock.
    database = serverDatabase ? await serverDatabase() : undefined;
    t = await startTestApp({ TEAMS_APP_TENANT_ID: TENANT_ID }, database ? { database } : {});
    community = await seedMeetingCommunity(t.database.pool, connector.serviceUrl, 50, { prefix: 'c', slug: 'sieges' });
    const { rows } = await t.database.pool.query<{ id: string }>(
      `INSERT INTO meetings (community_id, tenant_id, category, kind, title_fr, title_en, location, starts_at, ends_at, lunch_provided, capacity)
       VALUES ($1, $2, 'official', 'in_person', 'Rencontre', 'Rencontre', 'Cœur des sciences', '2027-06-01T13:00Z', '2027-06-01T17:00Z', true, 10) RETURNING id::text`,
      [community.communityId, TENANT_ID],
    );
    meetingId = rows[0]?.id ?? '';
  });
  afterAll(async () => {
    await t?.stop();
    await database?.close();
    await connector?.stop();
  });

  const answer = (i: number, kind: string) => {
    const who = community.members[i];
    if (!who) throw new Error(`no member ${i}`);
    return t.post(
      cardAction('meeting.answer', { meeting: meetingId, version: 1, answer: kind, lang: 'fr-CA', lunch: 'true' }, { serviceUrl: connector.serviceUrl, from: who.from, conversationId: who.conversationId }),
    );
  };

  it('gives exactly 10 seats, waitlists 40 in arrival order, and promotes the first 3 waiting when 3 seats free', async () => {
    const responses = await Promise.all(community.members.map((_, i) => answer(i, 'in_person')));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const seats = await t.database.pool.query<{ aad_object_id: string; seat: string; waitlist_position: string | null; updated_at: Date }>(
      'SELECT aad_object_id, seat, waitlist_position, updated_at FROM meeting_registrations WHERE meeting_id = $1 ORDER BY waitlist_position NULLS FIRST, updated_at',
      [meetingId],
    );
    const confirmed = seats.rows.filter((r) => r.seat === 'confirmed');
    const waiting = seats.rows.filter((r) => r.seat === 'waitlisted');
    expect([confirmed.length, waiting.length]).toEqual([10, 40]);
    // Arrival order: the waitlist's order is the order in which answers were recorded.
    const times = waiting.map((r) => r.updated_at.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const firstThree = waiting.slice(0, 3).map((r) => r.aad_object_id);

    const leaving = confirmed.slice(0, 3).map((r) => community.members.findIndex((m) => m.user.aadObjectId === r.aad_object_id));
    for (const i of leaving) expect((await answer(i, 'declined')).status).toBe(200);
    const after = await t.database.pool.query<{ aad_object_id: string; seat: string | null }>('SELECT aad_object_id, seat FROM meeting_registrations WHERE meeting_id = $1', [meetingId]);
    expect(after.rows.filter((r) => r.seat === 'confirmed')).toHaveLength(10);
    expect(after.rows.filter((r) => r.seat === 'waitlisted')).toHaveLength(37);
    expect(firstThree.map((id) => after.rows.find((r) => r.aad_object_id === id)?.seat)).toEqual(['confirmed', 'confirmed', 'confirmed']);

    await t.app.jobs.workUntilIdle();
    for (const id of firstThree) {
      const who = community.members.find((m) => m.user.aadObjectId === id);
      const told = connector.deliveriesTo(who?.conversationId ?? '');
      expect(told).toHaveLength(1);
      expect(cardText(told[0]?.attachments[0]?.content)).toMatch(/place/i);
    }
  });
});
