import { ADMIN, CAMILLE, type ProvisioningScenario, startProvisioningScenario } from '../support/provisioning-scenario';
import type { Person } from '../support/teams-activities';

const INVITATIONS = 'POST /invitations';
const FOLLOW_ANYWAY_FR = 'les organisateurs vous transmettront les invitations aux rencontres par courriel';
const FOLLOW_ANYWAY_EN = 'the organisers will forward you the meeting invitations by e-mail';

interface ExternalRow {
  email: string;
  display_name: string;
  guest_aad_object_id: string | null;
  status: string;
  reason: string | null;
}

/**
 * Externals and partners brought into a community by its organisers, over /api/messages, the real Graph
 * gateway against the sandbox, and SQL: invited as guests into the team when the community allows it,
 * otherwise given a message to forward so they can follow it anyway.
 */
describe('external and partner people join a community as guests, or are told how to follow it', () => {
  let s: ProvisioningScenario;
  let teamId: string;
  beforeAll(async () => {
    s = await startProvisioningScenario();
    await s.say('créer Partenariats externes | External partnerships | Avec nos partenaires. | With our partners. | active', ADMIN);
    await s.runJobs();
    teamId = (await s.community('partenariats-externes'))?.teamId ?? '';
    expect(teamId).not.toBe('');
  });
  afterAll(() => s.stop());

  const say = (text: string, who: Person = ADMIN, locale?: string) => s.say(text, who, locale).then((reply) => reply.text);

  async function external(email: string, slug = 'partenariats-externes'): Promise<ExternalRow | undefined> {
    const { rows } = await s.t.database.pool.query<ExternalRow>(
      `SELECT e.email, e.display_name, e.guest_aad_object_id, e.status, e.reason
         FROM external_members e JOIN communities c ON c.id = e.community_id WHERE c.slug = $1 AND lower(e.email) = lower($2)`,
      [slug, email],
    );
    return rows[0];
  }

  async function guestsAllowed(slug = 'partenariats-externes'): Promise<boolean | undefined> {
    const { rows } = await s.t.database.pool.query<{ guests_allowed: boolean }>('SELECT guests_allowed FROM communities WHERE slug = $1', [slug]);
    return rows[0]?.guests_allowed;
  }

  const invitationsTo = (email: string) => s.sandbox.state.invitations.filter((i) => i.invitedUserEmailAddress === email);
  const teamMember = (userId: string) => s.sandbox.state.team(teamId)?.members.find((m) => m.userId === userId);

  it('a new community does not allow guests: the organiser gets a message to forward, Graph is not called', async () => {
    expect(await guestsAllowed()).toBe(false);
    const reply = await say('inviter partenariats externes alice@partner.example Alice Martin');

    expect(reply).toContain("« Partenariats externes » n'admet pas d'invités dans son équipe Teams : je n'ai donc pas invité Alice Martin (alice@partner.example)");
    expect(reply).toContain('invités Partenariats externes oui');
    expect(reply).toContain('Bonjour Alice Martin,');
    expect(reply).toContain('Hello Alice Martin,');
    expect(reply).toContain(FOLLOW_ANYWAY_FR);
    expect(reply).toContain(FOLLOW_ANYWAY_EN);
    expect(reply).toContain('Alex Admin, pour les organisateurs');
    expect(s.statuses(INVITATIONS)).toEqual([]);
    expect(await external('alice@partner.example')).toEqual({
      email: 'alice@partner.example',
      display_name: 'Alice Martin',
      guest_aad_object_id: null,
      status: 'not_allowed',
      reason: 'guests_not_allowed',
    });
  });

  it('only an organiser of the community (or an administrator) may allow guests', async () => {
    expect(await say('invités partenariats externes oui', CAMILLE)).toBe(
      'Désolé, seuls les organisateurs de « Partenariats externes » (ou un administrateur) peuvent décider si les invités y sont admis.',
    );
    expect(await guestsAllowed()).toBe(false);

    expect(await say('invités partenariats externes')).toBe('Les invités ne sont pas admis dans « Partenariats externes ». Tapez « invités Partenariats externes oui » pour les admettre.');
    expect(await say('invités partenariats externes oui')).toMatch(/^Les invités sont maintenant admis dans « Partenariats externes »/);
    expect(await guestsAllowed()).toBe(true);
    expect(await say('guests external partnerships on', ADMIN, 'en')).toBe('Guests were already allowed in "External partnerships": nothing to change.');
    expect(await guestsAllowed()).toBe(true);
  });

  it('allowed and with a team: the person is invited once, becomes a guest member of the team, and is recorded as added', async () => {
    const reply = await say('inviter partenariats externes bob@partner.example Bob Partenaire');

    expect(reply).toBe(
      "J'ai invité Bob Partenaire (bob@partner.example) dans l'équipe Teams de « Partenariats externes » comme invité : Microsoft lui envoie le courriel d'invitation. Cette personne est déjà ajoutée à l'équipe et la verra dès qu'elle aura accepté l'invitation.",
    );
    const [invitation] = invitationsTo('bob@partner.example');
    expect(invitationsTo('bob@partner.example')).toHaveLength(1);
    expect(s.sandbox.state.users.find((u) => u.id === invitation?.invitedUserId)).toMatchObject({ userType: 'Guest', displayName: 'Bob Partenaire' });
    expect(teamMember(invitation?.invitedUserId ?? '')?.roles).toEqual(['guest']);
    expect(await external('bob@partner.example')).toEqual({
      email: 'bob@partner.example',
      display_name: 'Bob Partenaire',
      guest_aad_object_id: invitation?.invitedUserId,
      status: 'added',
      reason: null,
    });
  });

  it('inviting the same person again is harmless and says so', async () => {
    const requests = s.statuses(INVITATIONS).length;
    expect(await say('inviter partenariats externes BOB@partner.example')).toBe(
      "Bob Partenaire (BOB@partner.example) a déjà été invité et fait déjà partie de l'équipe Teams de « Partenariats externes » : rien à faire.",
    );
    expect(s.statuses(INVITATIONS)).toHaveLength(requests);
    expect(await external('bob@partner.example')).toMatchObject({ email: 'bob@partner.example', status: 'added' });
  });

  it('someone refused before is invited once guests are allowed, and the reply says it was tried again', async () => {
    const reply = await say('inviter partenariats externes alice@partner.example');
    expect(reply).toMatch(/^alice@partner\.example figurait déjà parmi les personnes externes de « Partenariats externes » : j'ai réessayé\.\n\nJ'ai invité Alice Martin/);
    const [invitation] = invitationsTo('alice@partner.example');
    expect(teamMember(invitation?.invitedUserId ?? '')?.roles).toEqual(['guest']);
    expect(await external('alice@partner.example')).toMatchObject({ status: 'added', display_name: 'Alice Martin', reason: null });
  });

  it('when Graph refuses the invitation (B2B invitations not permitted), the organiser is told why and gets the message to forward', async () => {
    s.sandbox.faults.denyPermission('User.Invite.All');
    try {
      const reply = await say('invite external partnerships carol@partner.example Carol', ADMIN, 'en');
      expect(reply).toContain('Microsoft Graph refused to invite Carol (carol@partner.example) as a guest: the app lacks the "User.Invite.All" permission');
      expect(reply).toContain('Hello Carol,');
      expect(reply).toContain('Bonjour Carol,');
      expect(reply).toContain(FOLLOW_ANYWAY_EN);
    } finally {
      s.sandbox.faults.allowPermission('User.Invite.All');
    }
    expect(s.statuses(INVITATIONS).at(-1)).toBe(403);
    expect(invitationsTo('carol@partner.example')).toEqual([]);
    expect(await external('carol@partner.example')).toMatchObject({ status: 'failed', reason: 'permission_denied: User.Invite.All', guest_aad_object_id: null });
  });

  it('a community created with guests allowed invites externals into its team as soon as the team exists', async () => {
    await say('créer Recherche partenaire | Partner research | Recherche. | Research. | active | invités : oui');
    expect(await guestsAllowed('recherche-partenaire')).toBe(true);
    await s.runJobs();
    const partnerTeam = (await s.community('recherche-partenaire'))?.teamId ?? '';
    expect(partnerTeam).not.toBe('');

    expect(await say('inviter recherche partenaire hana@partner.example Hana')).toMatch(/^J'ai invité Hana \(hana@partner\.example\) dans l'équipe Teams de « Recherche partenaire »/);
    const [invitation] = invitationsTo('hana@partner.example');
    expect(s.sandbox.state.team(partnerTeam)?.members.find((m) => m.userId === invitation?.invitedUserId)?.roles).toEqual(['guest']);
    expect(await external('hana@partner.example', 'recherche-partenaire')).toMatchObject({ status: 'added', reason: null });
  });

  it('a community without its team yet explains that the person is noted until the team is ready', async () => {
    await say('créer Veille partenaire | Partner watch | Veille. | Watch.');
    await say('invités veille partenaire oui');
    const requests = s.statuses(INVITATIONS).length;

    const reply = await say('inviter veille partenaire dave@partner.example Dave');
    expect(reply).toContain("« Veille partenaire » n'a pas encore son équipe Teams (elle est en préparation ou en cours de création) : je ne peux pas encore y inviter Dave (dave@partner.example).");
    expect(reply).toContain(FOLLOW_ANYWAY_FR);
    expect(s.statuses(INVITATIONS)).toHaveLength(requests);
    expect(await external('dave@partner.example', 'veille-partenaire')).toMatchObject({ status: 'not_allowed', reason: 'no_team' });
  });

  it('an address that is missing or not an e-mail is refused politely, and nothing is stored', async () => {
    expect(await say('inviter partenariats externes erin@@partner')).toBe(
      "« erin@@partner » n'est pas une adresse courriel valide. Vérifiez-la, par exemple « inviter <communauté> <courriel> [nom] ».",
    );
    expect(await say('inviter partenariats externes')).toBe("Il manque l'adresse courriel de la personne à inviter, par exemple « inviter <communauté> <courriel> [nom] ».");
    expect(await external('erin@@partner')).toBeUndefined();
  });

  it('someone who does not organise the community cannot invite anyone to it, and nothing is stored', async () => {
    const requests = s.statuses(INVITATIONS).length;
    expect(await say('inviter partenariats externes frank@partner.example', CAMILLE)).toBe(
      'Désolé, seuls les organisateurs de « Partenariats externes » (ou un administrateur) peuvent y inviter des personnes externes.',
    );
    expect(await external('frank@partner.example')).toBeUndefined();
    expect(s.statuses(INVITATIONS)).toHaveLength(requests);
  });

  it('turning guests off sends the next externals the message to forward, and keeps those already in the team', async () => {
    expect(await say('invités partenariats externes non')).toMatch(/^Les invités ne sont plus admis dans « Partenariats externes »/);
    expect(await guestsAllowed()).toBe(false);
    expect(await say('inviter partenariats externes gina@partner.example Gina')).toContain(FOLLOW_ANYWAY_FR);
    expect(await external('gina@partner.example')).toMatchObject({ status: 'not_allowed', reason: 'guests_not_allowed' });
    expect(await external('bob@partner.example')).toMatchObject({ status: 'added' });
  });
});
