import ICAL from 'ical.js';
import { type BotConnectorStandIn, startBotConnector } from '../../sandbox/bot-connector';
import { type CardJson, cardActions, cardText, inputsOf } from '../support/fake-bot-connector';
import { type MeetingCommunity, type MeetingPerson, seedMeetingCommunity } from '../support/meeting-scenario';
import { type TestApp, startTestApp } from '../support/test-app';
import { TENANT_ID, cardAction, personalMessage } from '../support/teams-activities';

interface InvokeBody {
  statusCode: number;
  type: string;
  value: CardJson & { code?: string; message?: string };
}


/** Every URL an Action.OpenUrl of the card opens. */
function openUrls(card: unknown): string[] {
  const urls: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const element = node as { type?: string; url?: string };
      if (element.type === 'Action.OpenUrl' && typeof element.url === 'string') urls.push(element.url);
      Object.values(element).forEach(walk);
    }
  };
  walk(card);
  return urls;
}

function vevent(ics: string): { method: string; event: ICAL.Component; tzid: string | undefined } {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const event = calendar.getFirstSubcomponent('vevent');
  if (!event) throw new Error('no VEVENT');
  return { method: String(calendar.getFirstPropertyValue('method')), event, tzid: event.getFirstProperty('dtstart')?.getParameter('tzid') as string | undefined };
}

/**
 * A meeting's whole life over real HTTP into /api/messages, in the shape Teams sends: scheduled with the
 * form card and with one line in both languages, invitations delivered 1:1 and the channel's summary
 * (through the outbox to the Bot Connector stand-in), answers in person with lunch and dietary needs,
 * online and declined, the waitlist and its promotion, a move (cards updated in place, .ics SEQUENCE+1),
 * a cancellation (the cancelling .ics), the organiser's summary and its CSV.
 */
describe('a meeting from scheduling to cancellation', () => {
  let connector: BotConnectorStandIn;
  let t: TestApp;
  let community: MeetingCommunity;
  let organiser: MeetingPerson;

  beforeAll(async () => {
    // Teams' one Bot Connector: replies to what people say and the outbox's proactive messages both go there.
    connector = await startBotConnector({ recordCalls: true });
    t = await startTestApp({ TEAMS_APP_TENANT_ID: TENANT_ID, PUBLIC_BASE_URL: 'http://127.0.0.1:9' });
    community = await seedMeetingCommunity(t.database.pool, connector.serviceUrl, 4);
    organiser = community.organiser;
  });
  afterAll(async () => {
    await t?.stop();
    await connector?.stop();
  });

  /** The app's own links point at PUBLIC_BASE_URL; the test follows them to the app itself. */
  const local = (url: string) => url.replace('http://127.0.0.1:9', t.app.url());

  async function say(text: string, who: MeetingPerson, locale = 'fr-CA') {
    const activity = personalMessage(text, { serviceUrl: connector.serviceUrl, from: who.from, locale, conversationId: who.conversationId });
    expect((await t.post(activity)).status).toBe(200);
    return (await connector.waitFor((c) => c.body.replyToId === activity.id)).body as { text?: string; attachments?: { content: CardJson }[] };
  }

  async function click(verb: string, data: Record<string, unknown>, who: MeetingPerson, locale = 'fr-CA', status = 200) {
    const response = await t.post(cardAction(verb, data, { serviceUrl: connector.serviceUrl, from: who.from, locale, conversationId: who.conversationId }));
    expect(response.status).toBe(status);
    return response.body as InvokeBody;
  }

  /** Runs the jobs due (the outbox's sender among them) until none is. */
  const deliverAll = () => t.app.jobs.workUntilIdle();
  /** Proactive messages (the replies to what people typed left out). */
  const proactive = (conversationId: string) => connector.deliveriesTo(conversationId).filter((d) => d.operation !== 'reply');
  const cardsIn = (conversationId: string) => proactive(conversationId).map((d) => d.attachments[0]?.content);

  let meetingId = '';
  let version = 1;

  it('"planifier" opens the form with the seed\'s defaults for an official meeting', async () => {
    const card = (await say(`planifier ${community.slug}`, organiser)).attachments?.[0]?.content;
    const inputs = inputsOf(card);
    expect(inputs.get('category')?.value).toBe('official');
    expect(inputs.get('format')?.value).toBe('in_person');
    expect([inputs.get('start')?.value, inputs.get('end')?.value]).toEqual(['09:00', '13:00']);
    expect(inputs.get('location')?.value).toBe('Cœur des sciences, complexe Pierre-Dansereau');
    expect(String(inputs.get('lunchProvided')?.value)).toBe('true');
  });

  it('a form with problems comes back filled in, each problem under its field', async () => {
    const body = await click(
      'meeting.schedule',
      { community: community.slug, lang: 'fr-CA', category: 'official', format: 'in_person', title: '<b>Rencontre</b>', date: '2020-01-01', start: '13:00', end: '09:00', location: 'Salle', lunchProvided: 'true', capacity: '0' },
      organiser,
    );
    const text = cardText(body.value);
    expect(inputsOf(body.value).get('title')?.value).toBe('<b>Rencontre</b>');
    expect(text).toMatch(/pass/i);
    expect(await countMeetings()).toBe(0);
  });

  async function countMeetings(): Promise<number> {
    const { rows } = await t.database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM meetings WHERE community_id = $1', [community.communityId]);
    return rows[0]?.n ?? 0;
  }

  it('the form schedules the meeting: everyone invited 1:1 with an RSVP card, the channel gets the summary card', async () => {
    const body = await click(
      'meeting.schedule',
      {
        community: community.slug,
        lang: 'fr-CA',
        category: 'official',
        format: 'in_person',
        title: 'Rencontre annuelle 2027',
        agenda: 'Bilan de l’année',
        date: '2027-03-16',
        start: '09:00',
        end: '13:00',
        location: 'Cœur des sciences, complexe Pierre-Dansereau',
        lunchProvided: 'true',
        capacity: '2',
        speakers: 'Ada Lovelace, conférencière, Université du Québec',
        inviteSpeakersAsGuests: 'false',
      },
      organiser,
    );
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(body.value)).toContain('Rencontre annuelle 2027');
    const { rows } = await t.database.pool.query<{ id: string; starts_at: Date }>('SELECT id::text, starts_at FROM meetings WHERE community_id = $1', [community.communityId]);
    meetingId = rows[0]?.id ?? '';
    // 9:00 in Montréal in March 2027 (EDT, UTC−4).
    expect(rows[0]?.starts_at.toISOString()).toBe('2027-03-16T13:00:00.000Z');
    await deliverAll();
    for (const member of [organiser, ...community.members]) {
      const cards = cardsIn(member.conversationId);
      expect(cards).toHaveLength(1);
      expect(cardActions(cards[0]).filter((a) => a.verb === 'meeting.answer').map((a) => (a.data as { answer: string }).answer)).toEqual(
        expect.arrayContaining(['in_person', 'declined']),
      );
    }
    const channel = cardsIn(community.channelId);
    expect(channel).toHaveLength(1);
    expect(cardActions(channel[0]).map((a) => a.verb)).toContain('meeting.open');
    expect(inputsOf(channel[0]).size).toBe(0);
  });

  it('answers: in person with lunch and dietary needs, over capacity waitlisted, online, declined; the seat freed goes to the first waiting, who is told', async () => {
    const [m1, m2, m3, m4] = community.members as [MeetingPerson, MeetingPerson, MeetingPerson, MeetingPerson];
    const answer = (who: MeetingPerson, kind: string, inputs: Record<string, unknown> = {}) =>
      click('meeting.answer', { meeting: meetingId, version, answer: kind, lang: 'fr-CA', ...inputs }, who);
    const first = await answer(m1, 'in_person', { lunch: 'true', dietary: 'sans arachides', dietaryChoices: 'végétarien' });
    expect(cardText(first.value)).toMatch(/place est confirmée|confirm/i);
    await answer(m2, 'in_person', { lunch: 'false' });
    const third = await answer(m3, 'in_person', { lunch: 'true' });
    expect(cardText(third.value)).toMatch(/attente/i);
    await answer(m4, 'online');
    await answer(organiser, 'declined');
    const { rows } = await t.database.pool.query<{ aad_object_id: string; answer: string; seat: string | null; lunch: boolean | null; dietary: string | null }>(
      'SELECT aad_object_id, answer, seat, lunch, dietary FROM meeting_registrations WHERE meeting_id = $1 ORDER BY aad_object_id',
      [meetingId],
    );
    expect(rows.map((r) => [r.aad_object_id === m1.user.aadObjectId ? 'm1' : r.answer, r.seat])).toEqual(
      expect.arrayContaining([['m1', 'confirmed']]),
    );
    expect(rows.find((r) => r.aad_object_id === m1.user.aadObjectId)).toMatchObject({ lunch: true, dietary: 'végétarien, sans arachides' });
    expect(rows.find((r) => r.aad_object_id === m3.user.aadObjectId)?.seat).toBe('waitlisted');

    await answer(m1, 'declined');
    expect((await t.database.pool.query('SELECT seat FROM meeting_registrations WHERE meeting_id = $1 AND aad_object_id = $2', [meetingId, m3.user.aadObjectId])).rows[0]).toEqual({ seat: 'confirmed' });
    await deliverAll();
    const toM3 = proactive(m3.conversationId);
    expect(toM3.length).toBe(2);
    expect(cardText(toM3[1]?.attachments[0]?.content)).toMatch(/place/i);
    // The channel's summary is updated with the counts once the answers of the last few seconds are gathered:
    // six answers within a second or two are one or two updates, each due at the end of its 5-second window.
    const { rows: gathered } = await t.database.pool.query<{ due: Date }>(
      "SELECT next_attempt_at AS due FROM outbox_messages WHERE key LIKE $1 AND operation = 'update'",
      [`card_update/meeting/${meetingId}/channel/answers-until-%`],
    );
    expect(gathered.length).toBeGreaterThanOrEqual(1);
    expect(gathered.length).toBeLessThanOrEqual(3);
    for (const row of gathered) expect(row.due.getTime() % 5_000).toBe(0);
  });

  it('the summary shows who comes how, the lunch count and the dietary needs, and its CSV downloads for the organiser only', async () => {
    const card = (await say(`bilan ${meetingId}`, organiser)).attachments?.[0]?.content;
    const text = cardText(card);
    expect(text).toContain('Membre 2');
    expect(text).toContain('Membre 3');
    const csvUrl = openUrls(card).find((u) => u.includes('summary.csv'));
    expect(csvUrl).toBeDefined();
    const csv = await fetch(local(csvUrl ?? ''));
    expect(csv.status).toBe(200);
    const content = await csv.text();
    expect(content).toContain('Membre 3');
    expect(content).toContain('en personne / in person');
    // A member asking for the summary is refused, and the CSV link of someone else's token is useless for them.
    const refused = await say(`bilan ${meetingId}`, community.members[0] as MeetingPerson);
    expect(refused.text).toMatch(/organisat/);
    const forged = await fetch(local((csvUrl ?? '').replace(/t=[^&]+/, 't=forged')));
    expect(forged.status).toBe(403);
  });

  it('each person\'s calendar file parses back with ical.js: stable UID, SEQUENCE 0, METHOD REQUEST, the venue and the zone', async () => {
    const card = (await click('meeting.open', { meeting: meetingId, version, lang: 'fr-CA' }, community.members[1] as MeetingPerson)).value;
    const icsUrl = openUrls(card).find((u) => u.includes('calendar.ics'));
    const response = await fetch(local(icsUrl ?? ''));
    expect(response.status).toBe(200);
    const { method, event, tzid } = vevent(await response.text());
    expect(method).toBe('REQUEST');
    expect(event.getFirstPropertyValue('uid')).toBe(`meeting-${meetingId}@127.0.0.1`);
    expect(event.getFirstPropertyValue('sequence')).toBe(0);
    expect(String(event.getFirstPropertyValue('location'))).toContain('Cœur des sciences');
    expect(tzid).toBe('America/Toronto');
  });

  it('a stale card, another user\'s id in the data, a 10,000-character dietary text and an unknown meeting are answered, never silently wrong', async () => {
    const m2 = community.members[1] as MeetingPerson;
    const tooLong = await click('meeting.answer', { meeting: meetingId, version, answer: 'in_person', lang: 'fr-CA', lunch: 'true', dietary: 'x'.repeat(10_000) }, m2);
    expect(tooLong.statusCode).toBe(200);
    expect((await t.database.pool.query('SELECT dietary FROM meeting_registrations WHERE meeting_id = $1 AND aad_object_id = $2', [meetingId, m2.user.aadObjectId])).rows[0]).toEqual({ dietary: null });
    const forged = await click('meeting.answer', { meeting: meetingId, version, answer: 'declined', lang: 'fr-CA', aadObjectId: community.members[2]?.user.aadObjectId, user: community.members[2]?.user }, m2);
    expect(forged.statusCode).toBe(200);
    const rows = (await t.database.pool.query<{ aad_object_id: string; answer: string }>('SELECT aad_object_id, answer FROM meeting_registrations WHERE meeting_id = $1', [meetingId])).rows;
    expect(rows.find((r) => r.aad_object_id === community.members[2]?.user.aadObjectId)?.answer).toBe('in_person');
    expect(rows.find((r) => r.aad_object_id === m2.user.aadObjectId)?.answer).toBe('declined');
    const unknown = await click('meeting.answer', { meeting: '999999', version: 1, answer: 'in_person', lang: 'fr-CA' }, m2, 'fr-CA', 404);
    expect(unknown.statusCode).toBe(404);
    const outsider = await click('meeting.answer', { meeting: meetingId, version, answer: 'in_person', lang: 'fr-CA' }, { ...m2, user: { tenantId: TENANT_ID, aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000999' }, from: { id: '29:x', aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000999', name: 'X' }, conversationId: 'a:x' }, 'fr-CA', 403);
    expect(outsider.statusCode).toBe(403);
  });

  it('moving it updates every card in place, tells everyone who answered, and their calendar file gets SEQUENCE 1', async () => {
    await deliverAll();
    const before = new Map([organiser, ...community.members].map((m) => [m.conversationId, proactive(m.conversationId).length]));
    const reply = await say(`déplacer ${meetingId} 23 mars 2027 9 h`, organiser);
    expect(cardText(reply.attachments?.[0]?.content)).toMatch(/déplacée|moved/i);
    version = 2;
    await deliverAll();
    const m4 = community.members[3] as MeetingPerson;
    // The channel's summary card was updated in place (the move's update shows the new date and the counts).
    expect(connector.deliveriesTo(community.channelId)[0]?.updates).toBeGreaterThan(0);
    const delivered = proactive(m4.conversationId);
    expect(delivered[0]?.updates).toBeGreaterThan(0);
    expect(delivered.length).toBe((before.get(m4.conversationId) ?? 0) + 1);
    expect(cardText(delivered.at(-1)?.attachments[0]?.content)).toMatch(/déplacée/i);
    const stale = await click('meeting.answer', { meeting: meetingId, version: 1, answer: 'in_person', lang: 'fr-CA', lunch: 'true' }, m4);
    expect(cardText(stale.value)).toMatch(/chang/i);
    // Unchanged: their "online" click earlier was read as in person (this meeting has no online part), and the stale card's answer was refused.
    expect((await t.database.pool.query('SELECT answer FROM meeting_registrations WHERE meeting_id = $1 AND aad_object_id = $2', [meetingId, m4.user.aadObjectId])).rows[0]).toEqual({ answer: 'in_person' });
    const card = (await click('meeting.open', { meeting: meetingId, version, lang: 'fr-CA' }, m4)).value;
    const ics = await (await fetch(local(openUrls(card).find((u) => u.includes('calendar.ics')) ?? ''))).text();
    const { event } = vevent(ics);
    expect(event.getFirstPropertyValue('sequence')).toBe(1);
    expect((event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe('2027-03-23T13:00:00.000Z');
  });

  it('cancelling asks first; keeping it, or a member clicking the confirmation, changes nothing', async () => {
    const asked = (await say(`annuler ${meetingId}`, organiser)).attachments?.[0]?.content;
    expect(cardText(asked)).toMatch(/Annuler la rencontre/);
    expect(cardText(asked)).toMatch(/personnes ont dit venir/);
    const buttons = cardActions(asked).map((a) => a.verb);
    expect(buttons).toEqual(['meeting.cancel', 'meeting.cancel.keep']);
    const kept = await click('meeting.cancel.keep', { meeting: meetingId, lang: 'fr-CA' }, organiser);
    expect(cardText(kept.value)).toMatch(/maintenue/);
    expect(cardActions(kept.value)).toHaveLength(0);
    // A member who got the card forwarded: refused, and the meeting stands.
    const m2 = community.members[1] as MeetingPerson;
    const refused = await click('meeting.cancel', { meeting: meetingId, lang: 'fr-CA' }, m2, 'fr-CA', 403);
    expect(refused.statusCode).toBe(403);
    const { rows } = await t.database.pool.query<{ status: string }>('SELECT status FROM meetings WHERE id = $1', [meetingId]);
    expect(rows).toEqual([{ status: 'scheduled' }]);
    // In English, the same question.
    const english = (await say(`cancel ${meetingId}`, organiser, 'en-US')).attachments?.[0]?.content;
    expect(cardText(english)).toMatch(/Cancel meeting/);
    expect(cardText(english)).toMatch(/people said they would come/);
  });

  it('cancelling it says so on the cards, tells those still coming, and their calendar file cancels it', async () => {
    await say(`annuler ${meetingId}`, organiser);
    const done = await click('meeting.cancel', { meeting: meetingId, lang: 'fr-CA' }, organiser);
    expect(cardText(done.value)).toMatch(/annulée/i);
    expect(cardText(done.value)).toMatch(/prévenues/);
    // A second click on the same confirmation (a double click, or the card seen again) cancels nothing twice.
    const again = await click('meeting.cancel', { meeting: meetingId, lang: 'fr-CA' }, organiser);
    expect(cardText(again.value)).toMatch(/est annulée/);
    expect(cardActions(again.value)).toHaveLength(0);
    await deliverAll();
    const m3 = community.members[2] as MeetingPerson;
    const card = (await click('meeting.open', { meeting: meetingId, version: 3, lang: 'fr-CA' }, m3)).value;
    expect(cardActions(card).filter((a) => a.verb === 'meeting.answer')).toHaveLength(0);
    const notice = proactive(m3.conversationId).at(-1)?.attachments[0]?.content;
    expect(cardText(notice)).toMatch(/annulée/i);
    const { method, event } = vevent(await (await fetch(local(openUrls(notice).find((u) => u.includes('calendar.ics')) ?? ''))).text());
    expect(method).toBe('CANCEL');
    expect(event.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(event.getFirstPropertyValue('sequence')).toBe(2);
  });

  it('the one-line form schedules in French and in English', async () => {
    const fr = await say(`planifier ${community.slug} 20 avril 2027 14 h — Atelier de printemps`, organiser);
    expect(cardText(fr.attachments?.[0]?.content)).toContain('Atelier de printemps');
    const en = await say(`schedule ${community.slug} May 4 2027 9am — Spring workshop`, organiser, 'en-US');
    expect(cardText(en.attachments?.[0]?.content)).toContain('Spring workshop');
    const { rows } = await t.database.pool.query<{ title_fr: string; starts_at: Date; ends_at: Date }>(
      'SELECT title_fr, starts_at, ends_at FROM meetings WHERE community_id = $1 AND status = $2 ORDER BY starts_at',
      [community.communityId, 'scheduled'],
    );
    expect(rows.map((r) => [r.title_fr, r.starts_at.toISOString(), r.ends_at.toISOString()])).toEqual([
      ['Atelier de printemps', '2027-04-20T18:00:00.000Z', '2027-04-20T22:00:00.000Z'],
      ['Spring workshop', '2027-05-04T13:00:00.000Z', '2027-05-04T17:00:00.000Z'],
    ]);
    const list = await say(`rencontres ${community.slug}`, organiser);
    expect(cardText(list.attachments?.[0]?.content)).toContain('Atelier de printemps');
  });
});
