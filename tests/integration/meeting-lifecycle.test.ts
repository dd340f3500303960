import { TestClock } from 'pg-boss';
import { type BotConnectorStandIn, startBotConnector } from '../../sandbox/bot-connector';
import { type App, buildApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import type { Database } from '../../src/storage/database';
import { type CardJson, cardActions, cardText } from '../support/fake-bot-connector';
import { createPgliteDatabase } from '../support/databases';
import { ManualClock } from '../support/manual-clock';
import { type MeetingCommunity, type MeetingPerson, seedMeetingCommunity } from '../support/meeting-scenario';
import { TENANT_ID, cardAction, personalMessage } from '../support/teams-activities';

/**
 * A meeting's life in virtual time, with the offline Graph behind the app: an online activity gets its
 * Teams meeting (a calendar event on the service mailbox), or — when the tenant refuses — the organiser is
 * told to add the link by hand; reminder settings; organisers' refusals; attendance marked once it has
 * begun; dietary answers deleted 30 days after it.
 */
describe('a meeting from its Teams link to its dietary purge', () => {
  let connector: BotConnectorStandIn;
  let database: Database;
  let app: App;
  let community: MeetingCommunity;
  const clock = new ManualClock(new Date('2027-03-01T14:00:00Z'));
  const jobClock = new TestClock(clock.now());

  beforeAll(async () => {
    connector = await startBotConnector({ recordCalls: true });
    database = await createPgliteDatabase();
    const config = loadConfig({ PORT: '0', DATA_DIR: 'memory://', LOG_LEVEL: 'silent', TEAMS_APP_TENANT_ID: TENANT_ID, DEMO_DATA: 'false' });
    app = await buildApp(config, { database, clock, jobs: { enabled: false, clock: jobClock } });
    await app.start();
    community = await seedMeetingCommunity(database.pool, connector.serviceUrl, 3, { prefix: 'l', slug: 'cycle-l' });
  });
  afterAll(async () => {
    await app?.stop();
    await database?.close();
    await connector?.stop();
  });

  async function say(text: string, who: MeetingPerson, locale = 'fr-CA'): Promise<{ text: string; card: CardJson | undefined }> {
    const activity = personalMessage(text, { serviceUrl: connector.serviceUrl, from: who.from, conversationId: who.conversationId, locale });
    const response = await fetch(`${app.url()}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    expect(response.status).toBe(200);
    const reply = await connector.waitFor((c) => c.body.replyToId === activity.id);
    const card = reply.body.attachments?.[0]?.content;
    return { text: card ? cardText(card) : (reply.body.text ?? ''), card };
  }

  async function click(verb: string, data: Record<string, unknown>, who: MeetingPerson): Promise<{ status: number; body: { statusCode: number; value: CardJson } }> {
    const activity = cardAction(verb, data, { serviceUrl: connector.serviceUrl, from: who.from, conversationId: who.conversationId });
    const response = await fetch(`${app.url()}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    return { status: response.status, body: (await response.json()) as { statusCode: number; value: CardJson } };
  }

  /** Runs the jobs due, then moves both clocks to `until` and runs what became due. */
  async function runUntil(until: Date): Promise<void> {
    for (let round = 0; round < 100; round += 1) {
      await app.jobs.workUntilIdle();
      const next = await app.jobs.nextDueAt();
      if (!next || next.getTime() > until.getTime()) break;
      if (next.getTime() > clock.now().getTime()) clock.advanceTo(next);
      await jobClock.setTime(clock.now());
    }
    if (clock.now().getTime() < until.getTime()) clock.advanceTo(until);
    await jobClock.setTime(clock.now());
    await app.jobs.workUntilIdle();
  }

  const meetingRow = async (title: string) =>
    (
      await database.pool.query<{ id: string; online_status: string; join_url: string | null; calendar_event_id: string | null }>(
        'SELECT id::text, online_status, join_url, calendar_event_id FROM meetings WHERE title_fr = $1',
        [title],
      )
    ).rows[0];

  it('an online activity gets its Teams meeting on the service mailbox, and its cards the join link', async () => {
    const reply = await say(`planifier ${community.slug} activité en ligne 16 mars 2027 12 h — Midi-conférence`, community.organiser);
    expect(reply.text).toContain('Midi-conférence');
    // A few virtual seconds: messages to one chat held back by its per-second window go out.
    await runUntil(new Date(clock.now().getTime() + 10_000));
    const row = await meetingRow('Midi-conférence');
    expect(row?.online_status).toBe('created');
    expect(row?.join_url).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    const events = app.offlineGraph?.sandbox.state.events ?? [];
    expect(events.filter((e) => e.id === row?.calendar_event_id)).toHaveLength(1);
    // The member's invitation, updated in place, now offers the Teams link.
    const member = community.members[0] as MeetingPerson;
    const invitation = connector.deliveriesTo(member.conversationId).find((d) => d.operation !== 'reply');
    expect(JSON.stringify(invitation?.attachments[0]?.content)).toContain(row?.join_url ?? 'no link');
  });

  it('when the tenant refuses the calendar, the meeting stays scheduled and the organiser is told to add the link with « lien »', async () => {
    app.offlineGraph?.sandbox.faults.denyMailboxAccess();
    try {
      await say(`planifier ${community.slug} activité en ligne 17 mars 2027 12 h — Atelier sans lien`, community.organiser);
      await runUntil(new Date(clock.now().getTime() + 10_000));
    } finally {
      app.offlineGraph?.sandbox.faults.clear();
    }
    const row = await meetingRow('Atelier sans lien');
    expect(row?.online_status).toBe('not_permitted');
    const told = connector.deliveriesTo(community.organiser.conversationId).filter((d) => d.operation !== 'reply' && /lien \d+ https/.test(d.text ?? ''));
    expect(told).toHaveLength(1);
    const linked = await say(`lien ${row?.id ?? ''} https://teams.microsoft.com/l/meetup-join/abc`, community.organiser);
    expect(linked.text).toContain('enregistré');
    expect((await meetingRow('Atelier sans lien'))?.online_status).toBe('manual');
  });

  it('organisers set reminders in days, hours or minutes; members and unknown communities are refused', async () => {
    expect((await say(`rappels ${community.slug} 3 jours 2 h 30 min`, community.organiser)).text).toContain('3 jours avant (à 9 h), 2 heures avant, 30 minutes avant');
    const { rows } = await database.pool.query<{ reminder_offsets: string[] }>('SELECT reminder_offsets FROM communities WHERE slug = $1', [community.slug]);
    expect(rows[0]?.reminder_offsets).toEqual(['3d', '2h', '30m']);
    const member = community.members[1] as MeetingPerson;
    expect((await say(`rappels ${community.slug} 1 jour`, member)).text).toMatch(/organisat/);
    expect((await say(`planifier ${community.slug} 20 mars 2027 9 h`, member)).text).toMatch(/organisat/);
    expect((await say('planifier zzz-inconnue 20 mars 2027 9 h', community.organiser)).text).toMatch(/zzz-inconnue/);
  });

  it('a past date or an end before the start brings the form back with the problem under its field', async () => {
    const past = await say(`planifier ${community.slug} 1 février 2027 9 h — Trop tard`, community.organiser);
    expect(past.card).toBeDefined();
    expect(past.text).toMatch(/passé/i);
    expect(await meetingRow('Trop tard')).toBeUndefined();
  });

  it('a double click records one answer; attendance is marked once the meeting has begun; dietary answers go 30 days after', async () => {
    await say(`planifier ${community.slug} 23 mars 2027 9 h — Rencontre de printemps`, community.organiser);
    const meeting = await meetingRow('Rencontre de printemps');
    const id = meeting?.id ?? '';
    const [m1, m2] = community.members as [MeetingPerson, MeetingPerson];
    const answer = { meeting: id, version: 1, answer: 'in_person', lang: 'fr-CA', lunch: 'true', dietary: '<script>alert(1)</script> sans noix' };
    const [first, second] = await Promise.all([click('meeting.answer', answer, m1), click('meeting.answer', answer, m1)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    await click('meeting.answer', { ...answer, dietary: '' }, m2);
    const { rows } = await database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM meeting_registrations WHERE meeting_id = $1', [id]);
    expect(rows[0]?.n).toBe(2);

    const early = await click('meeting.attendance', { meeting: id, lang: 'fr-CA', attended: m1.user.aadObjectId }, community.organiser);
    expect(early.status).toBe(400);
    await runUntil(new Date('2027-03-23T17:30:00Z'));
    const summary = await say(`bilan ${id}`, community.organiser);
    // The dietary text is shown as text, never as markup.
    expect(summary.text).toContain('sans noix');
    expect(cardActions(summary.card).map((a) => a.verb)).toContain('meeting.attendance');
    const marked = await click('meeting.attendance', { meeting: id, lang: 'fr-CA', attended: m1.user.aadObjectId }, community.organiser);
    expect(marked.status).toBe(200);
    const attended = await database.pool.query<{ aad_object_id: string; attended: boolean }>('SELECT aad_object_id, attended FROM meeting_registrations WHERE meeting_id = $1 ORDER BY aad_object_id', [id]);
    expect(attended.rows.map((r) => r.attended)).toEqual([true, false]);
    // A page of a big meeting's list: only the people that page showed change (m1, ticked before, stays present).
    const page = await click('meeting.attendance', { meeting: id, lang: 'fr-CA', page: 0, shown: m2.user.aadObjectId, attended: m2.user.aadObjectId }, community.organiser);
    expect(page.status).toBe(200);
    const paged = await database.pool.query<{ attended: boolean }>('SELECT attended FROM meeting_registrations WHERE meeting_id = $1 ORDER BY aad_object_id', [id]);
    expect(paged.rows.map((r) => r.attended)).toEqual([true, true]);
    const forged = await click('meeting.attendance', { meeting: id, lang: 'fr-CA', attended: m2.user.aadObjectId }, m1);
    expect(forged.status).toBe(403);

    await runUntil(new Date('2027-04-21T17:00:00Z'));
    expect((await database.pool.query('SELECT dietary FROM meeting_registrations WHERE meeting_id = $1 AND dietary IS NOT NULL', [id])).rows).toHaveLength(1);
    await runUntil(new Date('2027-04-23T18:00:00Z'));
    expect((await database.pool.query('SELECT dietary FROM meeting_registrations WHERE meeting_id = $1 AND dietary IS NOT NULL', [id])).rows).toHaveLength(0);
    expect((await say(`bilan ${id}`, community.organiser)).text).toMatch(/supprim/i);
  });

  it('a community with no in-person meeting in a year and none planned gets a gentle reminder to its organisers, at most once a month', async () => {
    const quiet = await seedMeetingCommunity(database.pool, connector.serviceUrl, 2, { prefix: 'y', slug: 'sans-rencontre-y' });
    const notices = async () =>
      (
        await database.pool.query<{ key: string }>("SELECT key FROM outbox_messages WHERE content->>'kind' = 'yearly_rule' AND community_id = $1 ORDER BY key", [
          quiet.communityId,
        ])
      ).rows.map((r) => r.key.split('/')[2]);
    // The daily routine runs at 13:00 UTC: the 24th's finds the quiet community, the ones after do not write again this month.
    await runUntil(new Date('2027-04-24T14:00:00Z'));
    expect(await notices()).toEqual(['2027-04']);
    await runUntil(new Date('2027-04-30T14:00:00Z'));
    expect(await notices()).toEqual(['2027-04']);
    await runUntil(new Date('2027-05-01T14:00:00Z'));
    expect(await notices()).toEqual(['2027-04', '2027-05']);
    // To its organiser, in their chat; the community that met in March is left alone.
    const told = connector.deliveriesTo(quiet.organiser.conversationId).filter((d) => /planifier sans-rencontre-y/.test(cardText(d.attachments[0]?.content)));
    expect(told).toHaveLength(2);
    const other = await database.pool.query("SELECT 1 FROM outbox_messages WHERE content->>'kind' = 'yearly_rule' AND community_id = $1", [community.communityId]);
    expect(other.rows).toHaveLength(0);
  });
});
