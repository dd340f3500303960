import { gatewayForSandbox } from '../../sandbox/sandbox-gateway';
import { cardText } from '../support/fake-bot-connector';
import { ADMIN, CATALOG_APP, type ProvisioningScenario, directoryUser, startProvisioningScenario } from '../support/provisioning-scenario';
import { type Person, TENANT_ID, person } from '../support/teams-activities';

const MEMBERS_ADD = 'POST /teams/{teamId}/members/add';

/** 250 people interested; five of them (spread over both members/add batches) are unknown to Graph. */
const INTERESTED: Person[] = Array.from({ length: 250 }, (_, i) => person(1000 + i));
const UNKNOWN_POSITIONS = [3, 77, 150, 210, 240];
const UNKNOWN = UNKNOWN_POSITIONS.map((i) => INTERESTED[i] as Person);
const KNOWN = INTERESTED.filter((_, i) => !UNKNOWN_POSITIONS.includes(i));
/** They register their interest by writing to the bot, so the bot has a personal conversation with each. */
const TALKERS = [INTERESTED[0], INTERESTED[1], INTERESTED[210], INTERESTED[220]] as Person[];
const NEWCOMER = person(2000, 'Nora Nouvelle');
const LATECOMER = person(2001, 'Léo Tardif');

const YOU_ARE_IN = "« Jardinage urbain » est lancée ! Vous en êtes maintenant membre, et son équipe Teams vous attend dans votre liste d'équipes.";

/**
 * A community's life with its Teams team, through /api/messages, the job worker, the real Graph SDK
 * and credential over HTTPS against the sandbox, and SQL: created in preparation, launched with 250
 * interested people, joined, left, archived.
 */
describe('a community gets its own Teams team, from launch to archive', () => {
  let s: ProvisioningScenario;
  let teamId: string;
  beforeAll(async () => {
    s = await startProvisioningScenario({ directory: [...KNOWN, NEWCOMER] });
  });
  afterAll(() => s.stop());

  const teamMembers = () =>
    (s.sandbox.state.team(teamId)?.members ?? []).map((m) => ({ userId: m.userId, roles: [...m.roles] })).sort((a, b) => a.userId.localeCompare(b.userId));
  const isInTeam = (who: Person) => teamMembers().some((m) => m.userId === who.aadObjectId);

  it('launching with 250 interested people makes one team holding the owner and the 245 people Graph knows, added in two batches', async () => {
    const created = await s.say('créer Jardinage urbain | Urban gardening | Potagers sur les toits. | Rooftop vegetable gardens.', ADMIN);
    expect(created.card).toBeDefined();
    const community = await s.community('jardinage-urbain');
    expect(community).toMatchObject({ status: 'en_preparation', teamId: null });

    for (const who of TALKERS) expect((await s.say('intérêt jardinage urbain', who)).text).toMatch(/^Merci !/);
    await s.givenInterest('jardinage-urbain', INTERESTED.filter((p) => !TALKERS.includes(p)));

    const launched = await s.say('lancer jardinage urbain', ADMIN);
    expect(cardText(launched.card)).toContain('« Jardinage urbain » est lancée ! Les 250 personnes qui avaient signalé leur intérêt en sont maintenant membres.');
    expect(s.sandbox.state.teams).toEqual([]);
    expect(await s.runJobs()).toBeGreaterThan(1);

    expect(s.sandbox.state.teams).toHaveLength(1);
    const team = s.sandbox.state.teams[0];
    teamId = team?.id ?? '';
    expect(team).toMatchObject({ displayName: 'Jardinage urbain', description: 'Potagers sur les toits.', provisioning: 'succeeded', isArchived: false });
    expect(team?.installedApps.map((a) => a.teamsAppId)).toEqual([CATALOG_APP.id]);
    expect(teamMembers()).toEqual(
      [{ userId: ADMIN.aadObjectId, roles: ['owner'] }, ...KNOWN.map((p) => ({ userId: p.aadObjectId, roles: [] }))].sort((a, b) =>
        a.userId.localeCompare(b.userId),
      ),
    );
    // 250 people: 200 then 50 (the sandbox answers 400 to more than 200); each batch holds unknown people, hence 207.
    expect(s.statuses(MEMBERS_ADD)).toEqual([207, 207]);
    expect(s.statuses('POST /teams')).toEqual([202]);
    const stats = s.sandbox.stats();
    expect(stats).toMatchObject({ teamsCreated: 1, duplicateTeamNames: [], membersAdded: 245, membersAlreadyPresent: 0 });
  });

  it('the job records the five people Graph could not add, and the community now has its team and is active', async () => {
    const community = await s.community('jardinage-urbain');
    expect(community).toMatchObject({ status: 'active', teamId });
    const job = await s.provisioning(community?.id ?? '');
    expect(job).toMatchObject({ status: 'succeeded', step: 'done', lastError: null, failure: null });
    expect(job?.data).toMatchObject({ teamId, catalogAppId: CATALOG_APP.id, added: 245, owner: { tenantId: TENANT_ID, aadObjectId: ADMIN.aadObjectId } });
    const failures = job?.data.memberFailures ?? [];
    expect(failures.map((f) => [f.user.aadObjectId, f.code]).sort()).toEqual(UNKNOWN.map((p) => [p.aadObjectId, 'NotFound']).sort());
  });

  it("the organiser's progress card, updated in place, ends ready and names who could not be added, and why", () => {
    const card = s.lastProgressCard(ADMIN);
    expect(card).toContain("C'est prêt !");
    expect(card).toContain('245 personnes ajoutées à l\'équipe. 5 personnes n\'ont pas pu être ajoutées.');
    // By the name the bot knows them by (they wrote to it), else by their Entra object id.
    const named = (who: Person) => (TALKERS.includes(who) ? who.name : who.aadObjectId);
    for (const who of UNKNOWN) expect(card).toContain(`• ${named(who)} : introuvable dans l'annuaire de l'organisation`);
    expect(card).toContain(`• ${INTERESTED[210]?.name ?? '?'} : introuvable`);
    expect(card).toContain("L'équipe « Jardinage urbain » est prête");
    // Then the new members were messaged through the outbox; the card's delivery report says how many
    // heard about it personally, and names who could not be reached, and why.
    const told = KNOWN.filter((who) => s.proactiveMessages(who).some((c) => c.body.text === YOU_ARE_IN)).length;
    expect(told).toBeGreaterThan(0);
    // Those who never opened the app had it installed for them through Graph, then were reached in their new chat.
    expect(card).toContain(`245 personnes sur 245 prévenues personnellement dans Teams. Dont ${245 - told} après installation de l'application pour elles. Envoi terminé.`);
    expect(s.sandbox.state.personalInstallations.filter((i) => i.installedBy === 'graph')).toHaveLength(245 - told);
    expect(card).not.toMatch(/En cours…|Échec/);
    const updates0 = s.t.connector.calls.filter((c) => c.method === 'PUT' && c.path.startsWith(`/v3/conversations/a:personal-${ADMIN.id}/activities/`));
    const finalCard = updates0.at(-1)?.body.attachments?.[0]?.content as { actions?: { type: string; title: string; url: string }[] };
    const teamId = [...s.sandbox.state.teams.values()][0]?.id ?? 'none';
    expect(finalCard.actions).toEqual([
      { type: 'Action.OpenUrl', title: "Ouvrir l'équipe dans Teams", url: expect.stringMatching(new RegExp(`^https://teams\\.microsoft\\.com/l/team/.*groupId=${teamId}`)) },
    ]);
    const updates = s.t.connector.calls.filter((c) => c.method === 'PUT' && c.path.startsWith(`/v3/conversations/a:personal-${ADMIN.id}/activities/`));
    // All on the same message. Updates go through the outbox, rendered from the state of the moment they
    // are sent: steps recorded while the sender had not run yet are shown by one update, not replayed.
    expect(new Set(updates.map((c) => c.path)).size).toBe(1);
    expect(updates.length).toBeGreaterThanOrEqual(3);
  });

  it('everyone added who has a conversation with the bot is told personally; the owner and the people Graph refused are not', () => {
    for (const who of TALKERS.filter((p) => !UNKNOWN.includes(p))) {
      expect(s.proactiveMessages(who).map((c) => c.body.text)).toEqual([YOU_ARE_IN]);
    }
    expect(s.proactiveMessages(INTERESTED[210] as Person)).toEqual([]);
    expect(s.proactiveMessages(ADMIN).map((c) => c.body.text)).not.toContain(YOU_ARE_IN);
  });

  it('someone who joins afterwards is added to the team, and removed when they leave', async () => {
    expect((await s.say('rejoindre jardinage urbain', NEWCOMER)).text).toBe('Bienvenue ! Vous êtes maintenant membre de « Jardinage urbain ».');
    expect(teamMembers()).toContainEqual({ userId: NEWCOMER.aadObjectId, roles: [] });

    expect((await s.say('quitter jardinage urbain', NEWCOMER)).text).toMatch(/^C'est noté : vous ne faites plus partie de « Jardinage urbain »/);
    expect(isInTeam(NEWCOMER)).toBe(false);
    expect(teamMembers()).toHaveLength(246);
  });

  it('when Teams refuses the add, the membership is kept, the person is told, and joining again retries', async () => {
    s.sandbox.addUser(directoryUser(LATECOMER));
    const fault = s.sandbox.faults.add({ match: { method: 'POST', route: 'POST /teams/{teamId}/members/add' }, respond: { status: 400, code: 'BadRequest', message: 'nope' } });
    const first = await s.say('rejoindre jardinage urbain', LATECOMER);
    expect(first.text).toMatch(/^Bienvenue ! Vous êtes maintenant membre de « Jardinage urbain »\.\n\nVotre inscription est enregistrée, mais je n'ai pas pu vous ajouter à l'équipe Teams/);
    expect(fault.hits).toBe(1);
    expect(isInTeam(LATECOMER)).toBe(false);
    const again = await s.say('rejoindre jardinage urbain', LATECOMER);
    expect(again.text).toBe('Vous êtes déjà membre de « Jardinage urbain » : rien à faire.');
    expect(isInTeam(LATECOMER)).toBe(true);
    await s.say('quitter jardinage urbain', LATECOMER);
    expect(isInTeam(LATECOMER)).toBe(false);
  });

  it('the owner who leaves the community stays the owner of its team, and is told so and how to hand it over', async () => {
    expect((await s.say('quitter jardinage urbain', ADMIN)).text).toBe(
      "C'est noté : vous ne faites plus partie de « Jardinage urbain ». Vous pourrez la rejoindre de nouveau quand vous voudrez.\n\n" +
        "Vous restez toutefois propriétaire de l'équipe Teams de « Jardinage urbain » : quitter la communauté ne retire pas un propriétaire de son équipe. " +
        "Pour la confier à quelqu'un d'autre, dans Teams ouvrez le menu « … » de l'équipe > Gérer l'équipe > Membres, faites d'une autre personne un propriétaire, puis quittez l'équipe.",
    );
    expect(teamMembers()).toContainEqual({ userId: ADMIN.aadObjectId, roles: ['owner'] });

    // In English, from the community card's Leave button: the card's notice says the same.
    expect((await s.say('join urban gardening', ADMIN, 'en-US')).text).toBe('Good to see you again! You are a member of "Urban gardening" once more.');
    const clicked = await s.click('community.leave', { community: 'jardinage-urbain', view: 'info', lang: 'en' }, ADMIN);
    expect(cardText(clicked.value)).toContain(
      'You are still an owner of the Teams team of "Urban gardening", though: leaving the community does not remove an owner from its team. To hand it over,',
    );
    expect(teamMembers()).toContainEqual({ userId: ADMIN.aadObjectId, roles: ['owner'] });
    // The only removals Graph saw are the newcomers'.
    expect(s.statuses('DELETE /teams/{teamId}/members/{membershipId}')).toEqual([204, 204]);
  });

  it('a member who is not an owner is not told about owning the team when they leave', async () => {
    await s.say('rejoindre jardinage urbain', NEWCOMER);
    expect((await s.say('quitter jardinage urbain', NEWCOMER)).text).toBe(
      "C'est noté : vous ne faites plus partie de « Jardinage urbain ». Vous pourrez la rejoindre de nouveau quand vous voudrez.",
    );
    expect(isInTeam(NEWCOMER)).toBe(false);
  });

  it('archiving the community, once confirmed on its card, archives its team once the worker has run', async () => {
    const asked = await s.say('archiver jardinage urbain', ADMIN);
    expect(cardText(asked.card)).toMatch(/Membres\n250 membres\nÉquipe Teams\nElle a une équipe Teams, qui sera archivée \(en lecture seule\)\./);
    expect((await s.community('jardinage-urbain'))?.status).toBe('active');
    const confirmed = await s.click('community.archive', { community: 'jardinage-urbain', lang: 'fr-CA' }, ADMIN);
    expect(cardText(confirmed.value)).toContain(
      '« Jardinage urbain » est archivée : elle n\'apparaît plus dans la liste des communautés. Son équipe Teams sera archivée (en lecture seule) dans quelques instants.',
    );
    const community = await s.community('jardinage-urbain');
    expect(community?.status).toBe('archived');
    expect(s.sandbox.state.team(teamId)?.isArchived).toBe(false);

    await s.runJobs();
    expect(s.sandbox.state.team(teamId)?.isArchived).toBe(true);
    expect(await s.nextJobDueAt()).toBeUndefined();
    expect(s.statuses('POST /teams/{teamId}/archive')).toEqual([202]);
    expect(s.sandbox.state.teams).toHaveLength(1);
  });

  it('unarchiving brings the community back active and asks Graph to unarchive its team, which Graph then completes', async () => {
    expect((await s.say('désarchiver jardinage urbain', ADMIN)).text).toBe(
      '« Jardinage urbain » est de retour : elle est de nouveau active et visible dans la liste des communautés. ' +
        "Son équipe Teams est en cours de désarchivage : elle sera de nouveau modifiable d'ici quelques minutes.",
    );
    expect(await s.community('jardinage-urbain')).toMatchObject({ status: 'active', teamId });
    expect(s.statuses('POST /teams/{teamId}/unarchive')).toEqual([202]);
    const operation = s.sandbox.state.operations.find((op) => op.operationType === 'unarchiveTeam');
    expect(operation).toMatchObject({ teamId, status: 'notStarted' });

    // Graph runs the operation on its own; polling it, as Graph's clients may, shows it end and the team writable.
    const graph = gatewayForSandbox(s.sandbox);
    try {
      let status = await graph.pollOperation(`/teams('${teamId}')/operations('${operation?.id ?? ''}')`);
      for (let poll = 0; status.status === 'running' && poll < 5; poll += 1) status = await graph.pollOperation(`/teams('${teamId}')/operations('${operation?.id ?? ''}')`);
      expect(status).toEqual({ status: 'succeeded', teamId });
    } finally {
      graph.close();
    }
    expect(s.sandbox.state.team(teamId)?.isArchived).toBe(false);
    expect(cardText((await s.say('communautés', NEWCOMER)).card)).toContain('Jardinage urbain');
  });

  it('archiving it again and cancelling on the card leaves it active, its team untouched', async () => {
    await s.say('archiver jardinage urbain', ADMIN);
    const cancelled = await s.click('community.archive.cancel', { community: 'jardinage-urbain', lang: 'fr-CA' }, ADMIN);
    expect(cardText(cancelled.value)).toContain("Rien n'a été archivé : « Jardinage urbain » reste telle quelle.");
    await s.runJobs();
    expect(await s.community('jardinage-urbain')).toMatchObject({ status: 'active', teamId });
    expect(s.statuses('POST /teams/{teamId}/archive')).toEqual([202]);
  });

  it('archiving it again after the unarchive archives its team again, though its first archive job has run', async () => {
    await s.say('archiver jardinage urbain', ADMIN);
    const confirmed = await s.click('community.archive', { community: 'jardinage-urbain', lang: 'fr-CA' }, ADMIN);
    expect(cardText(confirmed.value)).toContain('Son équipe Teams sera archivée (en lecture seule) dans quelques instants.');
    await s.runJobs();
    expect(s.statuses('POST /teams/{teamId}/archive')).toEqual([202, 202]);
    const operation = s.sandbox.state.operations.filter((op) => op.operationType === 'archiveTeam' && op.teamId === teamId).at(-1);
    const graph = gatewayForSandbox(s.sandbox);
    try {
      const location = `/teams('${teamId}')/operations('${operation?.id ?? ''}')`;
      let status = await graph.pollOperation(location);
      for (let poll = 0; status.status === 'running' && poll < 5; poll += 1) status = await graph.pollOperation(location);
      expect(status).toEqual({ status: 'succeeded', teamId });
    } finally {
      graph.close();
    }
    expect(s.sandbox.state.team(teamId)?.isArchived).toBe(true);
    expect((await s.community('jardinage-urbain'))?.status).toBe('archived');
  });

  it('a community archived while its team is being made gets that new team archived too, and says so', async () => {
    const talker = TALKERS[0] as Person;
    await s.say('créer Serres | Greenhouses | Serres partagées. | Shared greenhouses.', ADMIN);
    await s.givenInterest('serres', [talker]);
    await s.say('lancer serres', ADMIN);
    await s.runDueJobs();
    const making = s.sandbox.state.teams.find((team) => team.displayName === 'Serres');
    expect(making?.provisioning).toBe('provisioning');

    expect(cardText((await s.say('archiver serres', ADMIN)).card)).toContain(
      "Équipe Teams\nSon équipe Teams est en cours de création : elle sera archivée dès qu'elle sera prête.",
    );
    expect(cardText((await s.click('community.archive', { community: 'serres', lang: 'fr-CA' }, ADMIN)).value)).toContain(
      "« Serres » est archivée : elle n'apparaît plus dans la liste des communautés. Son équipe Teams est en cours de création : elle sera archivée (en lecture seule) dès qu'elle sera prête.",
    );
    const messagesBefore = s.proactiveMessages(talker).length;
    const archivesBefore = s.statuses('POST /teams/{teamId}/archive').length;
    await s.runJobs();
    const serres = await s.community('serres');
    expect(serres).toMatchObject({ status: 'archived', teamId: making?.id });
    expect(s.sandbox.state.team(making?.id ?? '')).toMatchObject({ provisioning: 'succeeded', isArchived: true });
    // One archive request, for the new team (the file's earlier tests archived others).
    expect(s.statuses('POST /teams/{teamId}/archive').slice(archivesBefore)).toEqual([202]);
    expect(await s.provisioning(serres?.id ?? '')).toMatchObject({ status: 'succeeded', data: expect.objectContaining({ outcome: 'team_archived' }) });

    const card = s.lastProgressCard(ADMIN);
    expect(card).toContain('Équipe Teams de « Serres »');
    expect(card).toContain("L'équipe a été créée, puis archivée.");
    expect(card).toContain("L'équipe « Serres » a été créée puis archivée (en lecture seule), parce que la communauté a été archivée pendant sa création.");
    expect(card).not.toContain('est prête');
    // Nobody is told "« Serres » est lancée !" about a team already archived.
    expect(s.proactiveMessages(talker)).toHaveLength(messagesBefore);
  });

  it('archiving a community whose team never started says there was no team to archive', async () => {
    await s.say('créer Compost | Compost | Compost collectif. | Shared compost.', ADMIN);
    await s.say('archiver compost', ADMIN);
    expect(cardText((await s.click('community.archive', { community: 'compost', lang: 'fr-CA' }, ADMIN)).value)).toContain(
      "« Compost » est archivée : elle n'apparaît plus dans la liste des communautés. Elle n'avait pas d'équipe Teams à archiver.",
    );
  });
});
