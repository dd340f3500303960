import { Writable } from 'node:stream';
import pino from 'pino';
import { TestClock } from 'pg-boss';
import { type BotConnectorStandIn, startBotConnector } from '../../sandbox/bot-connector';
import { type App, buildApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import type { Database } from '../../src/storage/database';
import { type CardJson, cardActions, cardText, inputsOf } from '../support/fake-bot-connector';
import { createPgliteDatabase } from '../support/databases';
import { ManualClock } from '../support/manual-clock';
import { type MeetingCommunity, type MeetingPerson, seedMeetingCommunity } from '../support/meeting-scenario';
import { TENANT_ID, cardAction, personalMessage } from '../support/teams-activities';

/**
 * Recordings of the app's Teams meetings found through the offline Graph (the real Graph SDK over HTTPS)
 * in virtual time: the hourly round finds the recording Teams made once the meeting ended, stores it
 * once, and proposes it once to the organiser (a card with "Publier"); without the Teams application
 * access policy, one warning saying what to grant, the meeting unaffected, no retries.
 */
describe('recording discovery: from a Teams meeting that ended to the organiser\'s proposal', () => {
  let connector: BotConnectorStandIn;
  let database: Database;
  let app: App;
  let community: MeetingCommunity;
  const logs: Record<string, unknown>[] = [];
  const clock = new ManualClock(new Date('2027-03-01T14:00:00Z'));
  const jobClock = new TestClock(clock.now());

  beforeAll(async () => {
    connector = await startBotConnector({ recordCalls: true });
    database = await createPgliteDatabase();
    const config = loadConfig({ PORT: '0', DATA_DIR: 'memory://', LOG_LEVEL: 'silent', TEAMS_APP_TENANT_ID: TENANT_ID, DEMO_DATA: 'false', RECORDING_EXPIRY_DAYS: '60' });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter((l) => l !== '')) logs.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    app = await buildApp(config, { database, clock, logger: pino({ level: 'warn' }, sink), jobs: { enabled: false, clock: jobClock } });
    await app.start();
    community = await seedMeetingCommunity(database.pool, connector.serviceUrl, 2, { prefix: 'e', slug: 'enregistrements-e' });
  });
  afterAll(async () => {
    await app?.stop();
    await database?.close();
    await connector?.stop();
  });

  async function say(text: string, who: MeetingPerson): Promise<string> {
    const activity = personalMessage(text, { serviceUrl: connector.serviceUrl, from: who.from, conversationId: who.conversationId });
    const response = await fetch(`${app.url()}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    expect(response.status).toBe(200);
    const reply = await connector.waitFor((c) => c.body.replyToId === activity.id);
    const card = reply.body.attachments?.[0]?.content;
    return card ? cardText(card) : (reply.body.text ?? '');
  }

  async function sayCard(text: string, who: MeetingPerson, locale = 'fr-CA'): Promise<{ text: string; card: CardJson | undefined }> {
    const activity = personalMessage(text, { serviceUrl: connector.serviceUrl, from: who.from, conversationId: who.conversationId, locale });
    const response = await fetch(`${app.url()}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    expect(response.status).toBe(200);
    const reply = await connector.waitFor((c) => c.body.replyToId === activity.id);
    const card = reply.body.attachments?.[0]?.content;
    return { text: card ? cardText(card) : (reply.body.text ?? ''), card };
  }

  /** A button of a card clicked (Action.Execute: the inputs travel in its data, as Teams sends them). */
  async function click(verb: string, data: Record<string, unknown>, who: MeetingPerson): Promise<{ statusCode: number; value: CardJson | string }> {
    const activity = cardAction(verb, data, { serviceUrl: connector.serviceUrl, from: who.from, conversationId: who.conversationId });
    const response = await fetch(`${app.url()}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    const body = (await response.json()) as { statusCode: number; value: CardJson | string };
    return { ...body, statusCode: response.status };
  }

  const valuesOf = (card: unknown): Record<string, string> => Object.fromEntries([...inputsOf(card)].map(([id, input]) => [id, input.value ?? '']));

  async function runUntil(until: Date): Promise<void> {
    for (let round = 0; round < 200; round += 1) {
      await app.jobs.workUntilIdle();
      const next = await app.jobs.nextDueAt();
      if (!next || next.getTime() > until.getTime()) break;
      if (next.getTime() > clock.now().getTime()) clock.advanceTo(next);
      await jobClock.setTime(clock.now());
    }
    // The hourly rounds are periodic (not counted by nextDueAt): step through the hours one by one.
    while (clock.now().getTime() < until.getTime()) {
      clock.advanceTo(new Date(Math.min(until.getTime(), clock.now().getTime() + 3_600_000)));
      await jobClock.setTime(clock.now());
      await app.jobs.workUntilIdle();
    }
  }

  const proposalsTo = (who: MeetingPerson) => connector.deliveriesTo(who.conversationId).filter((d) => /enregistrement est disponible/i.test(cardText(d.attachments[0]?.content)));
  const candidates = async () =>
    (await database.pool.query<{ graph_recording_id: string; meeting_id: string; status: string; expires_at: Date | null }>('SELECT graph_recording_id, meeting_id::text, status, expires_at FROM recording_candidates')).rows;

  it('without the Teams access policy: one warning with what to grant, the meeting keeps its link, no retry storm; once granted, the recording is proposed once', async () => {
    expect(await say(`planifier ${community.slug} activité en ligne 16 mars 2027 12 h — Midi-enregistré`, community.organiser)).toContain('Midi-enregistré');
    await runUntil(new Date(clock.now().getTime() + 10_000));
    const { rows } = await database.pool.query<{ id: string; online_status: string; ends_at: Date }>("SELECT id::text, online_status, ends_at FROM meetings WHERE title_fr = 'Midi-enregistré'");
    const meeting = rows[0];
    expect(meeting?.online_status).toBe('created');
    const sandbox = app.offlineGraph?.sandbox;
    if (!sandbox || !meeting) throw new Error('no offline Graph or meeting');

    sandbox.faults.denyMeetingAccess();
    const before = sandbox.state.requestLog.length;
    await runUntil(new Date(meeting.ends_at.getTime() + 4 * 3_600_000));
    const refused = sandbox.state.requestLog.slice(before).filter((e) => e.route?.includes('onlineMeetings'));
    // One call per hourly round (the first refused, the round ends): at most 5 rounds in these 4 hours and more.
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e) => e.status === 403)).toBe(true);
    expect(refused.length).toBeLessThanOrEqual(6);
    const warnings = logs.filter((l) => String(l.msg).includes('recordings of Teams meetings cannot be read'));
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]?.grant)).toContain('Grant-CsApplicationAccessPolicy');
    expect(await candidates()).toEqual([]);
    expect(proposalsTo(community.organiser)).toHaveLength(0);
    const failedJobs = await database.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM pgboss.job WHERE name LIKE 'recording_discovery%' AND state IN ('retry', 'failed')");
    expect(failedJobs.rows[0]?.n).toBe(0);
    expect((await database.pool.query<{ online_status: string }>('SELECT online_status FROM meetings WHERE id = $1', [meeting.id])).rows[0]?.online_status).toBe('created');

    sandbox.faults.clear();
    // Teams makes the recording available (the offline Graph runs on real time, the app on virtual time: made explicitly).
    const row = await database.pool.query<{ join_url: string }>('SELECT join_url FROM meetings WHERE id = $1', [meeting.id]);
    sandbox.recordings.makeAvailable(row.rows[0]?.join_url ?? '', { endDateTime: meeting.ends_at.toISOString() });
    await runUntil(new Date(clock.now().getTime() + 2 * 3_600_000));
    const stored = await candidates();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ meeting_id: meeting.id, status: 'proposed' });
    expect(stored[0]?.graph_recording_id).toBe(sandbox.state.recordings[0]?.id);
    // Expiry: 60 days after the recording ended (RECORDING_EXPIRY_DAYS).
    expect(stored[0]?.expires_at?.toISOString()).toBe(new Date(meeting.ends_at.getTime() + 60 * 86_400_000).toISOString());

    const proposals = proposalsTo(community.organiser);
    expect(proposals).toHaveLength(1);
    const card = proposals[0]?.attachments[0]?.content;
    expect(cardText(card)).toContain('Midi-enregistré');
    expect(cardText(card)).toMatch(/supprimera cet enregistrement le/);
    const publish = cardActions(card).find((a) => a.title === 'Publier');
    expect(publish).toMatchObject({ verb: 'recording.publish', data: { community: community.slug, meeting: meeting.id, recording: stored[0]?.graph_recording_id } });
    // Members are not asked.
    for (const member of community.members) expect(proposalsTo(member)).toHaveLength(0);

    // Later rounds find nothing new: no second proposal, no second candidate.
    await runUntil(new Date(clock.now().getTime() + 3 * 3_600_000));
    expect(proposalsTo(community.organiser)).toHaveLength(1);
    expect(await candidates()).toHaveLength(1);
  });

  it('the proposal\'s Publier opens the form prefilled; a bad link comes back under its field; publishing marks the candidate published, once', async () => {
    const [candidate] = await candidates();
    if (!candidate) throw new Error('no candidate from the first test');
    const proposal = proposalsTo(community.organiser)[0]?.attachments[0]?.content;
    const publish = cardActions(proposal).find((a) => a.verb === 'recording.publish');
    const opened = await click('recording.publish', publish?.data ?? {}, community.organiser);
    expect(opened.statusCode).toBe(200);
    const form = opened.value as CardJson;
    const prefilled = valuesOf(form);
    expect(prefilled).toMatchObject({ meeting: candidate.meeting_id, title: 'Midi-enregistré', recordedOn: '2027-03-16', visibility: 'public' });
    const submit = cardActions(form).find((a) => a.verb === 'recording.submit');
    expect(submit?.data).toMatchObject({ community: community.slug, recording: candidate.graph_recording_id });

    // A member cannot open it.
    const member = community.members[0] as MeetingPerson;
    const stranger = await click('recording.publish', publish?.data ?? {}, member);
    expect(stranger.statusCode).toBe(403);
    expect(JSON.stringify(stranger.value)).toMatch(/organisat/);

    const bad = await click('recording.submit', { ...submit?.data, ...prefilled, url: 'http://insecure.example/video' }, community.organiser);
    const again = bad.value as CardJson;
    expect(cardText(again)).toContain('Un lien https:// complet');
    // The problem sits right under the link field.
    const body = JSON.stringify(again);
    expect(body.indexOf('Un lien https:// complet')).toBeGreaterThan(body.indexOf('"id":"url"'));
    expect(valuesOf(again).url).toBe('http://insecure.example/video');
    expect((await candidates())[0]?.status).toBe('proposed');

    const good = await click('recording.submit', { ...submit?.data, ...prefilled, url: 'https://stream.example/video/42', speakers: 'Ana Roy, Luc Côté' }, community.organiser);
    expect(JSON.stringify(good.value)).toContain('est publié');
    expect((await candidates())[0]?.status).toBe('published');
    const published = await database.pool.query<{ title: string; graph_recording_id: string; meeting_id: string; expires_at: Date | null }>(
      'SELECT title, graph_recording_id, meeting_id::text, expires_at FROM recordings WHERE graph_recording_id = $1',
      [candidate.graph_recording_id],
    );
    expect(published.rows).toEqual([{ title: 'Midi-enregistré', graph_recording_id: candidate.graph_recording_id, meeting_id: candidate.meeting_id, expires_at: candidate.expires_at }]);

    // A second publication of the same Teams recording is refused.
    const twice = await click('recording.submit', { ...submit?.data, ...prefilled, url: 'https://stream.example/video/43' }, community.organiser);
    expect(JSON.stringify(twice.value)).toMatch(/déjà/);
    expect((await database.pool.query('SELECT 1 FROM recordings WHERE graph_recording_id = $1', [candidate.graph_recording_id])).rowCount).toBe(1);
  });

  it('the command, typed with or without "/", in French and English, opens the form for organisers; others are refused', async () => {
    const french = await sayCard(`publier-enregistrement ${community.slug}`, community.organiser);
    expect(french.text).toContain('Publier un enregistrement');
    const inputs = inputsOf(french.card);
    expect([...inputs.keys()].sort()).toEqual(['description', 'meeting', 'recordedOn', 'speakers', 'title', 'url', 'visibility']);
    // The community's past meeting is offered.
    expect(inputs.get('meeting')?.choices?.map((c) => c.title).join()).toContain('Midi-enregistré');
    const english = await sayCard(`/publish-recording ${community.slug}`, community.organiser, 'en');
    expect(english.text).toContain('Publish a recording');
    const member = community.members[0] as MeetingPerson;
    expect((await sayCard(`publier-enregistrement ${community.slug}`, member)).text).toMatch(/organisateurs/);

    // Submitted from the typed form: every problem at once, each under its field.
    const submit = cardActions(french.card).find((a) => a.verb === 'recording.submit');
    const empty = await click('recording.submit', { ...submit?.data, title: '', url: '', recordedOn: '2099-01-01', visibility: 'public' }, community.organiser);
    const text = cardText(empty.value);
    expect(text).toContain('Ce champ est obligatoire.');
    expect(text).toContain("La date ne peut pas être dans l'avenir.");
    const ok = await click('recording.submit', { ...submit?.data, title: 'Atelier <b>sans</b> rencontre', speakers: 'Zoé\nMarc', url: 'https://video.example/a', recordedOn: '2027-03-10', visibility: 'members' }, community.organiser);
    expect(JSON.stringify(ok.value)).toContain('est publié');
    const row = await database.pool.query<{ visibility: string; meeting_id: string | null }>("SELECT visibility, meeting_id::text FROM recordings WHERE title = 'Atelier <b>sans</b> rencontre'");
    expect(row.rows).toEqual([{ visibility: 'members', meeting_id: null }]);
  });
});
