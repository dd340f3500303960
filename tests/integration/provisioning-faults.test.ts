import { createGraphTeamsGateway } from '../../src/graph/create-graph-teams-gateway';
import { cardText } from '../support/fake-bot-connector';
import { ADMIN, type ProvisioningScenario, startProvisioningScenario } from '../support/provisioning-scenario';
import { type Person, person } from '../support/teams-activities';

const CREATE_TEAM = 'POST /teams';
const POLL_OPERATION = 'GET /teams/{teamId}/operations/{operationId}';
const MEMBERS_ADD = 'POST /teams/{teamId}/members/add';

/** Polls every running sandbox operation to its end, through a gateway of the test's own. */
async function settleOperations(s: ProvisioningScenario): Promise<void> {
  const graph = createGraphTeamsGateway({
    baseUrl: s.sandbox.baseUrl,
    authorityHost: s.sandbox.authorityHost,
    tenantId: s.sandbox.tenantId,
    credential: { kind: 'secret', clientId: s.sandbox.clientId, secret: s.sandbox.clientSecret },
    caCertificatePem: s.sandbox.caCertificatePem,
  });
  try {
    for (const operation of s.sandbox.state.operations) {
      const location = `/teams('${operation.teamId}')/operations('${operation.id}')`;
      while ((await graph.pollOperation(location)).status === 'running');
    }
  } finally {
    graph.close();
  }
}

const PEOPLE: Person[] = Array.from({ length: 3 }, (_, i) => person(3000 + i));

/**
 * Graph misbehaving while a community's team is provisioned, injected in the sandbox the real gateway
 * talks to: throttling, outages, silence, a missing permission, an unpublished app. Each ends as
 * documented (src/graph/retry-policy.ts, src/domain/team-provisioning.ts), with the organiser told on
 * the progress card.
 */
describe('provisioning when Graph misbehaves', () => {
  let s: ProvisioningScenario;
  afterEach(() => s.stop());

  /** « Potagers » en préparation, three people interested, then launched by the administrator. */
  async function launchPotagers(): Promise<{ communityId: string }> {
    await s.say('créer Potagers | Vegetable gardens | Potagers partagés. | Shared vegetable gardens.', ADMIN);
    await s.givenInterest('potagers', PEOPLE);
    expect(cardText((await s.say('lancer potagers', ADMIN)).card)).toContain('« Potagers » est lancée !');
    const communityId = (await s.community('potagers'))?.id ?? '';
    return { communityId };
  }

  /** The community got exactly one team, holding everyone, and the organiser's card says it is ready. */
  async function expectProvisioned(communityId: string): Promise<void> {
    expect(s.sandbox.state.teams).toHaveLength(1);
    expect(s.sandbox.stats()).toMatchObject({ teamsCreated: 1, duplicateTeamNames: [] });
    const team = s.sandbox.state.teams[0];
    expect(team?.members.map((m) => m.userId).sort()).toEqual([ADMIN, ...PEOPLE].map((p) => p.aadObjectId).sort());
    expect(await s.provisioning(communityId)).toMatchObject({ status: 'succeeded', step: 'done' });
    expect(await s.community('potagers')).toMatchObject({ status: 'active', teamId: team?.id });
    expect(s.lastProgressCard(ADMIN)).toContain("L'équipe « Potagers » est prête");
  }

  it('a storm of 429s on team creation is waited out as Retry-After says, in the gateway then in the job, and makes one team', async () => {
    s = await startProvisioningScenario({ directory: PEOPLE });
    // More 429s than the gateway's six attempts: the job itself has to come back for the team.
    const storm = s.sandbox.faults.add({ match: { route: CREATE_TEAM }, times: 8, respond: { status: 429, retryAfterSeconds: 3 } });
    const { communityId } = await launchPotagers();
    await s.runJobs();

    expect(storm.hits).toBe(8);
    expect(s.statuses(CREATE_TEAM)).toEqual([...Array<number>(8).fill(429), 202]);
    // Five retries in the first run (attempts 1–5 of 6), two in the second: each waited the 3 s Graph asked for.
    const createRetries = s.retries.filter((r) => r.method === 'POST' && /\/teams$/.test(r.url));
    expect(createRetries.map((r) => r.delayMs)).toEqual(Array<number>(7).fill(3000));
    expect(createRetries.map((r) => r.attempt)).toEqual([1, 2, 3, 4, 5, 1, 2]);
    await expectProvisioned(communityId);
  });

  it('a Retry-After longer than the gateway waits in-process reschedules the job for then instead of holding the worker', async () => {
    s = await startProvisioningScenario({ directory: PEOPLE });
    s.sandbox.faults.add({ match: { route: CREATE_TEAM }, times: 1, respond: { status: 429, retryAfterSeconds: 600 } });
    const { communityId } = await launchPotagers();
    const before = s.clock.now().getTime();
    // The provisioning job, and the outbox sender that updates the organiser's card with its step.
    expect(await s.runDueJobs()).toBe(2);

    expect(await s.provisioning(communityId)).toMatchObject({
      status: 'underway',
      step: 'creation_requested',
      lastError: expect.stringMatching(/^throttled: Graph createTeam answered 429/),
    });
    // The next job is due when Graph said to come back; nothing runs before.
    expect(((await s.nextJobDueAt())?.getTime() ?? 0) - before).toBeGreaterThanOrEqual(600_000);
    expect(await s.runDueJobs()).toBe(0);
    expect(s.retries).toEqual([]);

    await s.runJobs();
    expect(s.statuses(CREATE_TEAM)).toEqual([429, 202]);
    await expectProvisioned(communityId);
  });

  it('503s on members/add are retried until Graph is back; everyone is added once', async () => {
    s = await startProvisioningScenario({ directory: PEOPLE });
    const outage = s.sandbox.faults.add({ match: { route: MEMBERS_ADD }, times: 8, respond: { status: 503 } });
    const { communityId } = await launchPotagers();
    await s.runJobs();

    expect(outage.hits).toBe(8);
    expect(s.statuses(MEMBERS_ADD)).toEqual([...Array<number>(8).fill(503), 200]);
    expect(s.sandbox.stats()).toMatchObject({ membersAdded: 3, membersAlreadyPresent: 0 });
    expect(s.lastProgressCard(ADMIN)).toContain("3 personnes ajoutées à l'équipe.");
    await expectProvisioned(communityId);
  });

  it('a poll of the creation that gets no answer times out and is sent again; provisioning completes', async () => {
    s = await startProvisioningScenario({ directory: PEOPLE, timeoutMs: 1000 });
    const silence = s.sandbox.faults.add({ match: { route: POLL_OPERATION }, times: 1, respond: 'timeout' });
    const { communityId } = await launchPotagers();
    await s.runJobs();

    expect(silence.hits).toBe(1);
    // operationPolls: 2 → notStarted, inProgress, succeeded, after the poll that was never answered.
    expect(s.statuses(POLL_OPERATION)).toEqual([null, 200, 200, 200]);
    expect(s.retries.filter((r) => r.outcome.kind === 'timeout')).toHaveLength(1);
    await expectProvisioned(communityId);
  });

  it('a team creation whose answer is lost is never sent again: the job finds the team it made and adopts it', async () => {
    s = await startProvisioningScenario({ directory: PEOPLE, timeoutMs: 1000 });
    s.sandbox.faults.add({ match: { route: CREATE_TEAM }, times: 1, respond: { kind: 'timeout', afterProcessing: true } });
    const { communityId } = await launchPotagers();
    await s.runDueJobs();
    expect(await s.provisioning(communityId)).toMatchObject({ status: 'underway', step: 'creation_requested', lastError: expect.stringMatching(/^timeout: /) });

    // Graph finishes the creation on its own meanwhile; rather than wait for that in real time, the test polls it through.
    await settleOperations(s);
    await s.runJobs();
    expect(s.statuses(CREATE_TEAM)).toEqual([null]);
    await expectProvisioned(communityId);
    // Adopted: the job never learnt the operation, only the team it found by name.
    const adopted = await s.provisioning(communityId);
    expect(adopted?.data.operation).toBeUndefined();
    expect(adopted?.data.teamId).toBe(s.sandbox.state.teams[0]?.id);
  });

  it('a missing permission fails the job at once, tells the organiser which one and what to do, and « lancer » resumes once it is granted', async () => {
    s = await startProvisioningScenario({ directory: PEOPLE });
    s.sandbox.faults.denyPermission('Team.Create');
    const { communityId } = await launchPotagers();
    await s.runJobs();

    expect(s.statuses(CREATE_TEAM)).toEqual([403]);
    expect(s.sandbox.state.teams).toEqual([]);
    const failed = await s.provisioning(communityId);
    expect(failed).toMatchObject({ status: 'failed', step: 'creation_requested' });
    expect(failed?.failure).toMatchObject({ code: 'permission_denied', permission: 'Team.Create' });
    const card = s.lastProgressCard(ADMIN);
    expect(card).toContain("La création s'est arrêtée avant la fin.");
    expect(card).toContain("Microsoft Graph a refusé l'opération : l'application n'a pas la permission « Team.Create ».");
    expect(card).toContain(
      "Un administrateur de l'organisation doit accorder la permission d'application « Team.Create » à l'inscription de l'application dans Microsoft Entra ID (Autorisations d'API), puis donner le consentement administrateur. Écrivez ensuite « lancer Potagers » pour reprendre là où la création s'est arrêtée.",
    );
    expect(card).toMatch(/✖\nCréer l'équipe « Potagers »\nÉchec/);
    expect(await s.community('potagers')).toMatchObject({ status: 'active', teamId: null });

    // Nothing runs it again on its own.
    s.clock.advance(24 * 3600_000);
    // The day's meeting routines run (and their messages); no provisioning job does.
    await s.runJobs();
    expect(s.statuses(CREATE_TEAM)).toEqual([403]);

    s.sandbox.faults.allowPermission('Team.Create');
    expect(cardText((await s.say('lancer potagers', ADMIN)).card)).toContain(
      "Je reprends la création de l'équipe Teams de « Potagers » là où elle s'était arrêtée.",
    );
    await s.runJobs();
    expect(s.statuses(CREATE_TEAM)).toEqual([403, 202]);
    await expectProvisioned(communityId);
  });

  it.each([
    {
      secret: 'the-secret-id-not-its-value',
      expired: [],
      aadsts: 'AADSTS7000215',
      failure:
        "Microsoft Entra ID a refusé le secret client Graph de l'application (AADSTS7000215) : le secret est erroné (ou c'est l'identifiant du secret plutôt que sa valeur), ou il a expiré. Aucune demande n'a atteint Microsoft Graph.",
    },
    {
      secret: 'last-years-secret',
      expired: ['last-years-secret'],
      aadsts: 'AADSTS7000222',
      failure: "Microsoft Entra ID a refusé le secret client Graph de l'application (AADSTS7000222) : le secret a expiré. Aucune demande n'a atteint Microsoft Graph.",
    },
  ])('a Graph client secret Entra ID refuses ($aadsts) fails the job at once, and the card says the secret is wrong or expired and where to set it', async ({ secret, expired, aadsts, failure }) => {
    s = await startProvisioningScenario({ directory: PEOPLE, clientSecret: secret, sandbox: { expiredClientSecrets: expired } });
    const { communityId } = await launchPotagers();
    await s.runJobs();

    const tokenAnswers = s.sandbox.state.requestLog.filter((entry) => entry.endpoint === 'token' && entry.method === 'POST').map((entry) => entry.status);
    expect(tokenAnswers).toEqual([401]);
    expect(s.sandbox.state.requestLog.filter((entry) => entry.endpoint !== 'token')).toEqual([]);
    const failed = await s.provisioning(communityId);
    expect(failed).toMatchObject({ status: 'failed', step: 'creation_requested' });
    expect(failed?.failure).toMatchObject({ code: 'credential_rejected', credential: { aadsts } });
    const card = s.lastProgressCard(ADMIN);
    expect(card).toContain("La création s'est arrêtée avant la fin.");
    expect(card).toMatch(/✖\nCréer l'équipe « Potagers »\nÉchec/);
    expect(card).toContain(failure);
    expect(card).toContain(
      "La personne qui exploite l'application doit inscrire la valeur (pas l'identifiant) d'un secret client valide de son inscription d'application (Microsoft Entra ID › Inscriptions d'applications › Certificats et secrets ; en créer un nouveau s'il a expiré) dans GRAPH_CLIENT_SECRET : dans env/.env.local.user quand l'application tourne sur un ordinateur, ou dans les paramètres d'application de l'App Service dans Azure (voir « Configuration » dans le README), puis redémarrez l'application. Écrivez ensuite « lancer Potagers » pour reprendre là où la création s'est arrêtée.",
    );
    expect(card).not.toMatch(/permission|consentement/i);
    expect(s.sandbox.state.teams).toEqual([]);
  });

  it('an app missing from the org catalog stops provisioning after the team is made, and the card says who must publish it', async () => {
    s = await startProvisioningScenario({ directory: PEOPLE, catalogApps: [] });
    const { communityId } = await launchPotagers();
    await s.runJobs();

    const failed = await s.provisioning(communityId);
    expect(failed).toMatchObject({ status: 'failed', step: 'reachable' });
    expect(failed?.failure).toMatchObject({ code: 'app_not_in_catalog' });
    expect(s.sandbox.state.teams).toHaveLength(1);
    expect(s.statuses('POST /teams/{teamId}/installedApps')).toEqual([]);
    const card = s.lastProgressCard(ADMIN);
    expect(card).toMatch(/✔\nCréer l'équipe « Potagers »\nTerminé/);
    expect(card).toMatch(/✖\nInstaller l'application Communautés de pratique dans l'équipe\nÉchec/);
    expect(card).toContain("L'équipe est créée, mais l'application n'est pas publiée dans le catalogue d'applications de l'organisation");
    expect(card).toContain("Un administrateur Teams doit publier l'application dans le catalogue de l'organisation");
    expect(await s.community('potagers')).toMatchObject({ teamId: null });
  });
});
