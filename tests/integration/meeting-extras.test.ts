import { type BotConnectorStandIn, startBotConnector } from '../../sandbox/bot-connector';
import { type CardJson, cardActions, cardText } from '../support/fake-bot-connector';
import { type MeetingCommunity, type MeetingPerson, meetingPerson, seedMeetingCommunity } from '../support/meeting-scenario';
import { type TestApp, startTestApp } from '../support/test-app';
import { TENANT_ID, cardAction, personalMessage } from '../support/teams-activities';

interface InvokeBody {
  statusCode: number;
  type: string;
  value: CardJson;
}

const YEARLY_FR = 'Aucune rencontre en personne depuis 12 mois';

/**
 * What meetings add around them, over real HTTP into /api/messages: the community's card shows its
 * figures (and, to its organisers and administrators only, the yearly rule with the command to follow it),
 * speakers are invited as guests through the `inviter` path once the meeting is scheduled, and someone who
 * joins after meetings were scheduled gets their invitations 1:1 through the outbox.
 */
describe('meeting extras: the community card, speakers as guests, newcomers invited', () => {
  let connector: BotConnectorStandIn;
  let t: TestApp;
  let community: MeetingCommunity;
  let organiser: MeetingPerson;
  let member: MeetingPerson;
  const administrator = meetingPerson(7, 'd');
  const newcomer = meetingPerson(8, 'd');

  beforeAll(async () => {
    connector = await startBotConnector({ recordCalls: true });
    t = await startTestApp({ TEAMS_APP_TENANT_ID: TENANT_ID, PUBLIC_BASE_URL: 'http://127.0.0.1:9', ADMIN_AAD_OBJECT_IDS: administrator.user.aadObjectId });
    community = await seedMeetingCommunity(t.database.pool, connector.serviceUrl, 4, { prefix: 'c' });
    organiser = community.organiser;
    member = community.members[0] as MeetingPerson;
  });
  afterAll(async () => {
    await t?.stop();
    await connector?.stop();
  });

  async function say(text: string, who: MeetingPerson, locale = 'fr-CA') {
    const activity = personalMessage(text, { serviceUrl: connector.serviceUrl, from: who.from, locale, conversationId: who.conversationId });
    expect((await t.post(activity)).status).toBe(200);
    return (await connector.waitFor((c) => c.body.replyToId === activity.id)).body as { text?: string; attachments?: { content: CardJson }[] };
  }

  async function click(verb: string, data: Record<string, unknown>, who: MeetingPerson) {
    const response = await t.post(cardAction(verb, data, { serviceUrl: connector.serviceUrl, from: who.from, locale: 'fr-CA', conversationId: who.conversationId }));
    expect(response.status).toBe(200);
    return response.body as InvokeBody;
  }

  const infoText = async (who: MeetingPerson, locale = 'fr-CA') => cardText((await say(`info ${community.slug}`, who, locale)).attachments?.[0]?.content);
  const proactive = (conversationId: string) => connector.deliveriesTo(conversationId).filter((d) => d.operation !== 'reply');
  /** The meetings whose RSVP card (answer buttons) reached this conversation. */
  const rsvpMeetings = (conversationId: string) =>
    proactive(conversationId)
      .map((d) => cardActions(d.attachments[0]?.content).find((a) => a.verb === 'meeting.answer'))
      .filter((a) => a !== undefined)
      .map((a) => String((a.data as { meeting: string }).meeting))
      .sort();

  const sql = (text: string, values: unknown[] = []) => t.database.pool.query(text, values);

  async function pastMeeting(ago: string, status = 'scheduled'): Promise<string> {
    const { rows } = await sql(
      `INSERT INTO meetings (community_id, title_fr, title_en, kind, starts_at, ends_at, status, cancelled_at)
       VALUES ($1, 'Passée', 'Past', 'in_person', now() - $2::interval, now() - $2::interval + interval '4 hours', $3, CASE WHEN $3 = 'cancelled' THEN now() END)
       RETURNING id::text`,
      [community.communityId, ago, status],
    );
    return (rows[0] as { id: string }).id;
  }

  async function registration(meetingId: string, who: MeetingPerson, answer: string, seat: string | null, attended: boolean | null, waitlist: number | null = null) {
    await sql(
      `INSERT INTO meeting_registrations (meeting_id, tenant_id, aad_object_id, answer, seat, waitlist_position, attended, answered_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now(), now())`,
      [meetingId, who.user.tenantId, who.user.aadObjectId, answer, seat, waitlist, attended],
    );
  }

  it('with no in-person meeting for a year, "info" tells its organiser and an administrator how to schedule one, and a member nothing', async () => {
    const forOrganiser = await infoText(organiser);
    expect(forOrganiser).toContain(YEARLY_FR);
    expect(forOrganiser).toContain(`« planifier ${community.slug} »`);
    expect(forOrganiser).toContain('aucune tenue, aucune présence notée');
    expect(await infoText(administrator, 'en-US')).toContain(`"schedule ${community.slug}"`);
    const forMember = await infoText(member);
    expect(forMember).not.toContain(YEARLY_FR);
    expect(forMember).not.toContain('planifier');
    expect(forMember).toContain('aucune tenue');
  });

  it('"info" counts the meetings held in the past 12 months and their attendance: marked when marked, else the confirmed seats', async () => {
    const [m1, m2, m3, m4] = community.members as [MeetingPerson, MeetingPerson, MeetingPerson, MeetingPerson];
    // Attendance marked: the two present count, the seat of someone marked absent does not.
    const marked = await pastMeeting('4 months');
    await registration(marked, m1, 'in_person', 'confirmed', true);
    await registration(marked, m2, 'in_person', 'confirmed', true);
    await registration(marked, m3, 'in_person', 'confirmed', false);
    // Nobody marked attendance: the three confirmed seats count; the waitlisted and the online person do not.
    const unmarked = await pastMeeting('2 months');
    await registration(unmarked, m1, 'in_person', 'confirmed', null);
    await registration(unmarked, m2, 'in_person', 'confirmed', null);
    await registration(unmarked, m3, 'in_person', 'confirmed', null);
    await registration(unmarked, m4, 'in_person', 'waitlisted', null, 1);
    await registration(unmarked, organiser, 'online', null, null);
    // Neither a cancelled meeting nor one older than a year is counted.
    await registration(await pastMeeting('1 month', 'cancelled'), m1, 'in_person', 'confirmed', null);
    await registration(await pastMeeting('14 months'), m1, 'in_person', 'confirmed', true);

    const forOrganiser = await infoText(organiser);
    expect(forOrganiser).toContain('Rencontres (12 derniers mois)');
    expect(forOrganiser).toContain('2 tenues, 5 présences');
    // The meeting held 2 months ago keeps the yearly rule: no hint any more.
    expect(forOrganiser).not.toContain(YEARLY_FR);
    expect(await infoText(member, 'en-US')).toContain('2 held, 5 attendees');
  });

  const schedule = (title: string, date: string, speakers: string) =>
    click(
      'meeting.schedule',
      {
        community: community.slug,
        lang: 'fr-CA',
        category: 'official',
        format: 'in_person',
        title,
        agenda: '',
        date,
        start: '09:00',
        end: '13:00',
        location: 'Cœur des sciences, complexe Pierre-Dansereau',
        lunchProvided: 'true',
        capacity: '',
        speakers,
        inviteSpeakersAsGuests: 'true',
      },
      organiser,
    );

  async function external(email: string): Promise<{ status: string; reason: string | null } | undefined> {
    const { rows } = await sql('SELECT status, reason FROM external_members WHERE community_id = $1 AND lower(email) = lower($2)', [community.communityId, email]);
    return rows[0] as { status: string; reason: string | null } | undefined;
  }
  const sandboxInvitations = (email: string) => t.app.offlineGraph?.sandbox.state.invitations.filter((i) => i.invitedUserEmailAddress === email) ?? [];
  const meetingIds: string[] = [];

  it('speakers to invite as guests, when the community admits none: the meeting is scheduled all the same and the organiser told why', async () => {
    const body = await schedule('Rencontre du printemps', '2027-03-16', 'Ada Lovelace, conférencière, Université du Québec, ada@partner.example');
    const text = cardText(body.value);
    expect(text).toContain('Rencontre du printemps');
    expect(text).toContain('Pas invitée comme invitée : Ada Lovelace (ada@partner.example)');
    expect(text).toContain(`« invités ${community.slug} oui »`);
    expect(text).not.toMatch(/personnes? conférencières? invitées?/);
    expect(await external('ada@partner.example')).toEqual({ status: 'not_allowed', reason: 'guests_not_allowed' });
    expect(sandboxInvitations('ada@partner.example')).toEqual([]);
    const { rows } = await sql("SELECT id::text FROM meetings WHERE community_id = $1 AND title_fr = 'Rencontre du printemps'", [community.communityId]);
    expect(rows).toHaveLength(1);
    meetingIds.push((rows[0] as { id: string }).id);
  });

  it('once guests are admitted, a speaker with an e-mail is invited through Graph and the scheduled card counts them; one without is left alone', async () => {
    expect((await say(`invités ${community.slug} oui`, organiser)).text).toMatch(/maintenant admis/);
    const body = await schedule('Atelier d’avril', '2027-04-20', 'Grace Hopper, experte, Marine, grace@partner.example\nAlan Turing, expert, Bletchley');
    const text = cardText(body.value);
    expect(text).toContain('1 personne conférencière invitée comme invitée de la communauté.');
    expect(text).not.toContain('Pas invitée');
    expect(sandboxInvitations('grace@partner.example')).toHaveLength(1);
    // The seed's team is not in the sandbox: invited, not yet added, as `inviter` records it.
    expect((await external('grace@partner.example'))?.status).toBe('invited');
    const { rows: externals } = await sql('SELECT email FROM external_members WHERE community_id = $1 ORDER BY email', [community.communityId]);
    expect(externals).toEqual([{ email: 'ada@partner.example' }, { email: 'grace@partner.example' }]);
    const { rows } = await sql("SELECT id::text FROM meetings WHERE community_id = $1 AND title_fr = 'Atelier d’avril'", [community.communityId]);
    meetingIds.push((rows[0] as { id: string }).id);
  });

  it('a join and its invitations commit together: when the invitations cannot be written, the person is not left a member who is never invited', async () => {
    const unlucky = meetingPerson(9, 'd');
    await sql(`CREATE FUNCTION refuse_test_invitations() RETURNS trigger LANGUAGE plpgsql AS $$
                 BEGIN IF NEW.recipient_aad_object_id = '${unlucky.user.aadObjectId}' THEN RAISE EXCEPTION 'outbox unavailable'; END IF; RETURN NEW; END $$`);
    await sql('CREATE TRIGGER refuse_test_invitations BEFORE INSERT ON outbox_messages FOR EACH ROW EXECUTE FUNCTION refuse_test_invitations()');
    try {
      await say(`rejoindre ${community.slug}`, unlucky);
      const member = await sql('SELECT 1 FROM memberships WHERE community_id = $1 AND aad_object_id = $2', [community.communityId, unlucky.user.aadObjectId]);
      expect(member.rows).toHaveLength(0);
    } finally {
      await sql('DROP TRIGGER refuse_test_invitations ON outbox_messages');
      await sql('DROP FUNCTION refuse_test_invitations()');
    }
    // Trying again (the outbox is back) is a first join, with its invitations.
    const reply = await say(`rejoindre ${community.slug}`, unlucky);
    expect(reply.text ?? cardText(reply.attachments?.[0]?.content)).not.toMatch(/Heureux de vous revoir|déjà membre/);
    await t.app.jobs.workUntilIdle();
    expect(rsvpMeetings(unlucky.conversationId)).toEqual([...meetingIds].sort());
  });

  it('someone who joins after meetings were scheduled gets each one\'s RSVP card 1:1; the channel gets no second summary; leaving and joining again sends nothing twice', async () => {
    await t.app.jobs.workUntilIdle();
    const channelBefore = proactive(community.channelId).length;
    const memberBefore = proactive(member.conversationId).length;
    expect(rsvpMeetings(newcomer.conversationId)).toEqual([]);

    await say(`rejoindre ${community.slug}`, newcomer);
    const joined = await sql('SELECT 1 FROM memberships WHERE community_id = $1 AND aad_object_id = $2 AND left_at IS NULL', [community.communityId, newcomer.user.aadObjectId]);
    expect(joined.rows).toHaveLength(1);
    await t.app.jobs.workUntilIdle();
    expect(rsvpMeetings(newcomer.conversationId)).toEqual([...meetingIds].sort());
    expect(proactive(community.channelId)).toHaveLength(channelBefore);
    expect(proactive(member.conversationId)).toHaveLength(memberBefore);

    // The invitation is theirs to answer: a member now.
    const answer = await click('meeting.answer', { meeting: meetingIds[0], version: 1, answer: 'in_person', lang: 'fr-CA', lunch: 'false' }, newcomer);
    expect(cardText(answer.value)).toMatch(/confirm/i);

    await say(`quitter ${community.slug}`, newcomer);
    await say(`rejoindre ${community.slug}`, newcomer);
    await t.app.jobs.workUntilIdle();
    expect(rsvpMeetings(newcomer.conversationId)).toHaveLength(meetingIds.length);
  });
});
