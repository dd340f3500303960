import { TestClock } from 'pg-boss';
import { type BotConnectorStandIn, startBotConnector } from '../../sandbox/bot-connector';
import { type App, buildApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { type Database, openDatabase } from '../../src/storage/database';
import { cardText } from '../support/fake-bot-connector';
import { createPgliteDatabase, createServerDatabase } from '../support/databases';
import { ManualClock } from '../support/manual-clock';
import { type MeetingCommunity, seedMeetingCommunity } from '../support/meeting-scenario';
import { TENANT_ID, cardAction, personalMessage } from '../support/teams-activities';

/**
 * Reminders in virtual time: the app's clock and pg-boss's move together, jobs run when due. A meeting
 * across the November daylight-saving change gets its reminders at 9:00 local on both sides of it;
 * reminders that fell due while the app was stopped go out at start, unless their meeting has begun;
 * two instances on one PostgreSQL server send each reminder once.
 */
interface Instance {
  readonly app: App;
  readonly clock: ManualClock;
  readonly jobClock: TestClock;
}

/** An instance of the app on `database`; pg-boss on `jobClock` (PGlite), or on the database's own time (a server). */
async function startInstance(database: Database, clock: ManualClock, jobClock: TestClock | undefined): Promise<Instance> {
  const config = loadConfig({ PORT: '0', DATA_DIR: 'memory://', LOG_LEVEL: 'silent', TEAMS_APP_TENANT_ID: TENANT_ID, DEMO_DATA: 'false' });
  const app = await buildApp(config, { database, clock, jobs: { enabled: false, ...(jobClock ? { clock: jobClock } : {}) } });
  await app.start();
  return { app, clock, jobClock: jobClock ?? new TestClock(clock.now()) };
}

/** Runs what is due now, then moves both clocks to the next due job while it is before `until`. */
async function runUntil(instances: readonly Instance[], until: Date): Promise<void> {
  const [first] = instances;
  if (!first) return;
  for (let round = 0; round < 200; round += 1) {
    await Promise.all(instances.map((i) => i.app.jobs.workUntilIdle()));
    const next = await first.app.jobs.nextDueAt();
    if (!next || next.getTime() > until.getTime()) break;
    if (next.getTime() > first.clock.now().getTime()) first.clock.advanceTo(next);
    for (const i of instances) await i.jobClock.setTime(first.clock.now());
  }
  if (first.clock.now().getTime() < until.getTime()) first.clock.advanceTo(until);
  for (const i of instances) await i.jobClock.setTime(first.clock.now());
  await Promise.all(instances.map((i) => i.app.jobs.workUntilIdle()));
}

async function say(app: App, connector: BotConnectorStandIn, text: string, who: MeetingCommunity['organiser']): Promise<string> {
  const activity = personalMessage(text, { serviceUrl: connector.serviceUrl, from: who.from, conversationId: who.conversationId });
  const response = await fetch(`${app.url()}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  expect(response.status).toBe(200);
  const reply = await connector.waitFor((c) => c.body.replyToId === activity.id);
  return cardText(reply.body.attachments?.[0]?.content) || (reply.body.text ?? '');
}

async function meetingIdOf(database: Database, communityId: string, title: string): Promise<string> {
  const { rows } = await database.pool.query<{ id: string }>('SELECT id::text FROM meetings WHERE community_id = $1 AND title_fr = $2', [communityId, title]);
  return rows[0]?.id ?? '';
}

/** When each reminder message was written to the outbox (virtual time), by offset. */
async function remindersWritten(database: Database, meetingId: string): Promise<Map<string, { at: string; people: number }>> {
  const { rows } = await database.pool.query<{ offset: string; at: Date; people: number }>(
    `SELECT content->>'offset' AS offset, min(created_at) AS at, count(*)::int AS people FROM outbox_messages
      WHERE content->>'kind' = 'meeting_notice' AND content->>'notice' = 'reminder' AND content->>'meetingId' = $1 GROUP BY 1`,
    [meetingId],
  );
  return new Map(rows.map((r) => [r.offset, { at: r.at.toISOString(), people: r.people }]));
}

describe('meeting reminders', () => {
  let connector: BotConnectorStandIn;
  beforeAll(async () => {
    connector = await startBotConnector({ recordCalls: true });
  });
  afterAll(() => connector.stop());

  describe('on one instance (PGlite)', () => {
    let database: Database;
    let instance: Instance;
    let community: MeetingCommunity;
    const clock = new ManualClock(new Date('2027-10-20T12:00:00Z'));
    const jobClock = new TestClock(clock.now());

    beforeAll(async () => {
      database = await createPgliteDatabase();
      instance = await startInstance(database, clock, jobClock);
      community = await seedMeetingCommunity(database.pool, connector.serviceUrl, 3, { prefix: 'r', slug: 'rappels-r' });
    });
    afterAll(async () => {
      await instance?.app.stop();
      await database?.close();
    });

    it('a meeting after the November change gets its reminders at 9:00 local on both sides of it, and not to those who declined', async () => {
      const reply = await say(instance.app, connector, `planifier ${community.slug} 9 novembre 2027 9 h — Rencontre d'automne`, community.organiser);
      expect(reply).toContain("Rencontre d'automne");
      const meetingId = await meetingIdOf(database, community.communityId, "Rencontre d'automne");
      const decliner = community.members[0];
      if (!decliner) throw new Error('no member');
      const click = cardAction('meeting.answer', { meeting: meetingId, version: 1, answer: 'declined', lang: 'fr-CA' }, { serviceUrl: connector.serviceUrl, from: decliner.from, conversationId: decliner.conversationId });
      expect((await fetch(`${instance.app.url()}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(click) })).status).toBe(200);

      await runUntil([instance], new Date('2027-11-09T12:00:00Z'));
      const written = await remindersWritten(database, meetingId);
      // 7 days before: Tuesday 2 November, 9:00 EDT (UTC−4); 1 day before: Monday 8 November, 9:00 EST (UTC−5).
      expect(written.get('7d')).toEqual({ at: '2027-11-02T13:00:00.000Z', people: 3 });
      expect(written.get('1d')).toEqual({ at: '2027-11-08T14:00:00.000Z', people: 3 });
      const toDecliner = connector.deliveriesTo(decliner.conversationId).filter((d) => /Rappel/.test(cardText(d.attachments[0]?.content)));
      expect(toDecliner).toHaveLength(0);
      const toMember = connector.deliveriesTo(community.members[1]?.conversationId ?? '').filter((d) => /Rappel/.test(cardText(d.attachments[0]?.content)));
      expect(toMember).toHaveLength(2);
    });

    it('reminders due while the app was stopped go out at start if the meeting has not begun, and are dropped if it has', async () => {
      await say(instance.app, connector, `planifier ${community.slug} 20 novembre 2027 9 h — Atelier A`, community.organiser);
      await say(instance.app, connector, `planifier ${community.slug} 14 novembre 2027 9 h — Atelier B`, community.organiser);
      const a = await meetingIdOf(database, community.communityId, 'Atelier A');
      const b = await meetingIdOf(database, community.communityId, 'Atelier B');
      await instance.app.stop();
      // Down from the 10th to the 15th: A's 7-day reminder (13 Nov) fell due; B's (7 Nov was before it was scheduled, 13 Nov) too, but B has begun.
      clock.advanceTo(new Date('2027-11-15T12:00:00Z'));
      await jobClock.setTime(clock.now());
      instance = await startInstance(database, clock, jobClock);
      await runUntil([instance], new Date('2027-11-15T12:00:01Z'));
      expect((await remindersWritten(database, a)).get('7d')).toEqual({ at: '2027-11-15T12:00:00.000Z', people: 4 });
      expect(await remindersWritten(database, b)).toEqual(new Map());
      const { rows } = await database.pool.query<{ offset_code: string; status: string }>('SELECT offset_code, status FROM meeting_reminders WHERE meeting_id = $1 ORDER BY offset_code', [b]);
      expect(rows).toEqual([{ offset_code: '1d', status: 'dropped' }]);
    });
  });

  describe('on two instances of one PostgreSQL server', () => {
    let database: Awaited<ReturnType<typeof createServerDatabase>>;
    let second: Database;
    let instances: Instance[] = [];

    afterAll(async () => {
      for (const i of instances) await i.app.stop();
      await second?.close();
      await database?.close();
    });

    it('each reminder goes once to each person', async () => {
      database = await createServerDatabase();
      second = await openDatabase({ kind: 'server', url: database.url, poolSize: 5 });
      // pg-boss runs on the server's own time here (its TestClock needs a single-session database): the
      // app's clock is put one minute and a moment before the meeting, so its 1-minute reminder is due at once.
      const startsAt = new Date('2027-11-09T14:00:00Z');
      const clock = new ManualClock(new Date(startsAt.getTime() - 60_000 - 500));
      const one = await startInstance(database, clock, undefined);
      instances = [one, await startInstance(second, clock, undefined)];
      const community = await seedMeetingCommunity(database.pool, connector.serviceUrl, 5, { prefix: 'p', slug: 'rappels-p' });
      await database.pool.query("UPDATE communities SET reminder_offsets = ARRAY['1m'] WHERE id = $1", [community.communityId]);
      await say(one.app, connector, `planifier ${community.slug} 9 novembre 2027 9 h — Rencontre partagée`, community.organiser);
      const meetingId = await meetingIdOf(database, community.communityId, 'Rencontre partagée');
      clock.advance(1_000);
      // pg-boss rounds a start-after up to the second: both instances look for due jobs together until the
      // reminder has gone out (its job becomes due within that second), then once more.
      for (let round = 0; round < 50 && (await remindersWritten(database, meetingId)).size === 0; round += 1) {
        await Promise.all(instances.map((i) => i.app.jobs.workUntilIdle()));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await Promise.all(instances.map((i) => i.app.jobs.workUntilIdle()));

      const written = await remindersWritten(database, meetingId);
      expect(written).toEqual(new Map([['1m', { at: new Date(startsAt.getTime() - 59_500).toISOString(), people: 6 }]]));
      for (const person of [community.organiser, ...community.members]) {
        const reminders = connector.deliveriesTo(person.conversationId).filter((d) => /Rappel/.test(cardText(d.attachments[0]?.content)));
        expect(reminders).toHaveLength(1);
      }
    });
  });
});
