import type { Pool } from 'pg';
import { describeEachStore, useDatabase } from '../support/databases';
import { givenCommunity, givenMeeting, person } from '../support/storage-scenarios';

/**
 * The live counts (meeting_counts, kept by a trigger: migrations 011 and 014) never differ from what the
 * registrations say, whatever the sequence of answers, changes of mind, seat moves and removals.
 */
const now = new Date('2030-01-15T15:00:00Z');

type Answer = 'in_person' | 'online' | 'declined';
type Seat = 'confirmed' | 'waitlisted' | null;

async function countsOf(pool: Pool, meetingId: string): Promise<{ kept: unknown; actual: unknown }> {
  const kept = await pool.query('SELECT confirmed, waitlisted, online, declined, lunches FROM meeting_counts WHERE meeting_id = $1', [meetingId]);
  const actual = await pool.query(
    `SELECT count(*) FILTER (WHERE seat = 'confirmed')::int AS confirmed, count(*) FILTER (WHERE seat = 'waitlisted')::int AS waitlisted,
            count(*) FILTER (WHERE answer = 'online')::int AS online, count(*) FILTER (WHERE answer = 'declined')::int AS declined,
            count(*) FILTER (WHERE seat = 'confirmed' AND lunch)::int AS lunches
       FROM meeting_registrations WHERE meeting_id = $1`,
    [meetingId],
  );
  return { kept: kept.rows[0], actual: actual.rows[0] };
}

describeEachStore('the live counts of a meeting', (store) => {
  const db = useDatabase(store);

  test('follow every insert, change and removal of an answer, in any order, for two meetings at once', async () => {
    const pool = db().pool;
    const community = await givenCommunity(pool, { slug: 'counted' });
    const meetings = [await givenMeeting(pool, community, { startsAt: new Date(now.getTime() + 86_400_000) }), await givenMeeting(pool, community, { startsAt: new Date(now.getTime() + 2 * 86_400_000) })];
    // A deterministic walk through every kind of answer and seat (a linear congruential sequence).
    let state = 7;
    const next = (n: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state % n;
    };
    let position = 0;
    const choices: { answer: Answer; seat: Seat; lunch: boolean | null }[] = [
      { answer: 'in_person', seat: 'confirmed', lunch: true },
      { answer: 'in_person', seat: 'confirmed', lunch: false },
      { answer: 'in_person', seat: 'waitlisted', lunch: true },
      { answer: 'online', seat: null, lunch: null },
      { answer: 'declined', seat: null, lunch: null },
    ];
    for (let step = 0; step < 300; step += 1) {
      const meetingId = meetings[next(2)] as string;
      const who = person(1 + next(25));
      const action = next(10);
      if (action === 0) {
        await pool.query('DELETE FROM meeting_registrations WHERE meeting_id = $1 AND tenant_id = $2 AND aad_object_id = $3', [meetingId, who.tenantId, who.aadObjectId]);
        continue;
      }
      const choice = choices[next(choices.length)] as (typeof choices)[number];
      position += 1;
      await pool.query(
        `INSERT INTO meeting_registrations AS r (meeting_id, tenant_id, aad_object_id, answer, seat, waitlist_position, lunch, answered_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, CASE WHEN $5 = 'waitlisted' THEN $6::bigint END, $7, $8, $8)
         ON CONFLICT (meeting_id, tenant_id, aad_object_id) DO UPDATE SET answer = EXCLUDED.answer, seat = EXCLUDED.seat,
           waitlist_position = EXCLUDED.waitlist_position, lunch = EXCLUDED.lunch, updated_at = EXCLUDED.updated_at`,
        [meetingId, who.tenantId, who.aadObjectId, choice.answer, choice.seat, position, choice.lunch, now],
      );
      if (step % 50 === 49) for (const id of meetings) {
        const { kept, actual } = await countsOf(pool, id);
        expect(kept).toEqual(actual);
      }
    }
    // A promotion as the app does it: only the seat changes.
    const waiting = await pool.query<{ meeting_id: string; aad_object_id: string }>("SELECT meeting_id::text, aad_object_id FROM meeting_registrations WHERE seat = 'waitlisted' LIMIT 1");
    const promoted = waiting.rows[0];
    expect(promoted).toBeDefined();
    await pool.query("UPDATE meeting_registrations SET seat = 'confirmed', waitlist_position = NULL WHERE meeting_id = $1 AND aad_object_id = $2", [promoted?.meeting_id, promoted?.aad_object_id]);
    for (const id of meetings) {
      const { kept, actual } = await countsOf(pool, id);
      expect(kept).toEqual(actual);
    }
  });
});
