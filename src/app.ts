import type { AddressInfo } from 'node:net';
import type { Clock as JobClock } from 'pg-boss';
import { CloudAdapter } from 'botbuilder';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import { CommunitiesBot, answerUnexpectedError } from './bot/communities-bot';
import { ConversationRecorder } from './bot/conversation-recorder';
import { LanguagePreferences } from './bot/language-preferences';
import type { AppConfig, JobConfig } from './config/config';
import { createLogger } from './logging/create-logger';
import { type AdministrationDeps, configuredAdministrators } from './application/community-administration';
import type { CommunityDeps } from './application/communities';
import type { DeliveryReportDeps } from './application/delivery-reports';
import type { ExternalMemberDeps } from './application/external-members';
import type { PreferenceDeps } from './application/preferences';
import { type Clock, systemClock } from './domain/ports';
import { TeamMembershipSync } from './domain/team-membership-sync';
import type { ProvisioningDeps } from './domain/team-provisioning';
import type { TeamsGraph } from './domain/teams-graph';
import { createGraphTeamsGateway } from './graph/create-graph-teams-gateway';
import { OFFLINE_MANIFEST_ID, type OfflineGraph, startOfflineGraph } from '../sandbox/offline-graph';
import { BotDeliveryRendering } from './bot/delivery-rendering';
import { ConnectorTeamsDelivery } from './bot/teams-delivery';
import type { MessagePreferences } from './domain/delivery/message-preferences';
import type { ReachGraph } from './domain/delivery/reach-graph';
import { deadDeliverHandler, deliverHandler, deliveryDeadLetterHandler, outboxPurgeHandler, resumeDelivery, scheduleOutboxPurge } from './jobs/deliver-job';
import { type DeliverySettings, OutboxSender, type OutboxSenderDeps } from './jobs/outbox-sender';
import { QueuedOutbox } from './jobs/queued-outbox';
import { PgOutboxStore } from './storage/outbox-repository';
import { type BotAuthenticationOverrides, createBotAuthentication } from './http/bot-authentication';
import { createServer } from './http/server';
import { archiveTeamHandler } from './jobs/archive-team-job';
import { JobRunner } from './jobs/job-runner';
import { deadProvisioningHandler, provisionTeamHandler, resendUnderway } from './jobs/provision-team-job';
import { ProvisioningNotifications } from './jobs/provisioning-notifications';
import { DELIVERY_DEAD_LETTERS, deliveryQueueDefinitions, queueDefinitions } from './jobs/queues';
import { QueuedTeamJobs } from './jobs/team-jobs';
import { PgCommunityAdministrationRepository } from './storage/community-administration-repository';
import { PgCommunityRepository } from './storage/community-repository';
import { PgConversationReferenceRepository } from './storage/conversation-reference-repository';
import { PgExternalMemberRepository } from './storage/external-member-repository';
import { type Database, openDatabase } from './storage/database';
import { DEMO_DIRECTORY, DEMO_TENANT_ID, loadDemoDataIfEmpty } from './storage/demo-data';
import { jobDatabaseOf } from './storage/job-database';
import { PgMembershipRepository } from './storage/membership-repository';
import { PgMessagePreferencesRepository } from './storage/message-preferences-repository';
import { isSchemaCurrent, migrate } from './storage/migrate';
import { PgProgressMessageRepository } from './storage/progress-message-repository';
import { PgProvisioningRuns } from './storage/provisioning-run-repository';
import { PgTeamProvisioningStore } from './storage/team-provisioning-store';
import { PgTransactions } from './storage/transaction';
import { PgUserRepository } from './storage/user-repository';
import { PgMeetingRepository } from './storage/meeting-repository';
import { PgReminderRepository } from './storage/reminder-repository';
import { type MeetingDeps, meetingForOrganiser, resumeReminders } from './application/meetings';
import type { RsvpDeps } from './application/rsvp';
import { StoredMeetingViews } from './application/meeting-views';
import { checkYearlyRule, purgeDietaryAnswers, sendReminder, type RoutineDeps } from './application/meeting-routines';
import { syncOnlineMeeting } from './application/online-meeting-sync';
import { QueuedMeetingJobs, meetingJobHandlers, meetingQueueDefinitions } from './jobs/meeting-jobs';
import { QueuedRecordingJobs, recordingJobHandlers, recordingQueueDefinitions } from './jobs/recording-jobs';
import { discoverRecordings, type RecordingDiscoveryDeps } from './application/recording-discovery';
import type { RecordingSource } from './domain/recordings/recording-discovery';
import { PgRecordingCandidateRepository } from './storage/recording-candidate-repository';
import { PgRecordingRepository } from './storage/recording-repository';
import type { RecordingPublicationDeps } from './application/recording-publication';
import { SignedMeetingLinks } from './http/meeting-links';
import { addMeetingFileRoutes } from './http/meeting-file-routes';
import { addTabStaticRoutes, defaultTabBuildDirectory } from './http/tab-static-routes';
import { GeneratedMeetingFiles } from './calendar/meeting-files';
import type { OnlineMeetings } from './domain/meetings/online-meetings';
import { pick } from './domain/model';
import type { JWTVerifyGetKey } from 'jose';
import { tabWords } from './bot/tab-words';
import { DevSessions } from './http/dev-sign-in';
import { SsoTokenVerifier } from './http/sso-tokens';
import { addTabApi } from './http/tab-api';
import type { TabApiDeps } from './http/tab-api-deps';
import { PgCommunityHealthRepository } from './storage/community-health-repository';

/** Parts tests (and later issues) may replace. Everything else is the real thing. */
export interface AppOverrides {
  readonly database?: Database;
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Microsoft Graph as provisioning sees it (default: from configuration, or the offline sandbox). */
  readonly graph?: TeamsGraph;
  /** The Teams app's manifest id looked up in the org catalog (default TEAMS_APP_ID, or the sandbox's). */
  readonly manifestId?: string;
  readonly botAuthentication?: BotAuthenticationOverrides;
  readonly jobs?: JobOverrides;
  /** The outbox sender's settings (tests raise the pace against a local Bot Connector). */
  readonly delivery?: Partial<DeliverySettings>;
  /** Where people's message preferences are kept (default: the database). */
  readonly preferences?: MessagePreferences;
  /** Where the built tab is (default dist/tab; tests point at a scratch build). */
  readonly tabDirectory?: string;
  /** The keys Teams SSO tokens are checked against (default: SSO_JWKS_URL); tests sign with a local key. */
  readonly ssoKeys?: JWTVerifyGetKey;
}

export interface JobOverrides {
  /** false: pg-boss runs (jobs can be sent) but no worker polls; tests then run jobs with app.jobs.workUntilIdle(). */
  readonly enabled?: boolean;
  /** Dead-worker detection and maintenance; by default on exactly when workers are. */
  readonly supervise?: boolean;
  /** pg-boss's clock (its TestClock in tests: the database's time for pg-boss moves with it). */
  readonly clock?: JobClock;
  readonly settings?: Partial<JobConfig>;
}

export interface App {
  readonly config: AppConfig;
  readonly database: Database;
  readonly logger: Logger;
  readonly server: Server;
  /** pg-boss and this app's queues (started with the app; its workers unless jobs.enabled is false). */
  readonly jobs: JobRunner;
  /** The offline Graph sandbox, when the app runs without Graph credentials. */
  readonly offlineGraph: OfflineGraph | undefined;
  /** Base URL once started, e.g. http://127.0.0.1:3978 */
  url(): string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function buildApp(config: AppConfig, overrides: AppOverrides = {}): Promise<App> {
  const logger = overrides.logger ?? createLogger(config);
  const clock = overrides.clock ?? systemClock;
  const database = overrides.database ?? (await openDatabase(config.database));
  const ownsDatabase = !overrides.database;
  const { pool } = database;
  const { graph, offlineGraph, manifestId } = await connectGraph(config, overrides, logger);

  const communityDeps = {
    communities: new PgCommunityRepository(pool),
    memberships: new PgMembershipRepository(pool),
    teams: new TeamMembershipSync(graph),
    clock,
  };
  const jobSettings = { ...config.jobs, ...overrides.jobs?.settings };
  const workersEnabled = overrides.jobs?.enabled !== false;
  const jobs = new JobRunner(jobDatabaseOf(database), [...queueDefinitions(jobSettings), ...deliveryQueueDefinitions(jobSettings), ...meetingQueueDefinitions(jobSettings), ...recordingQueueDefinitions(jobSettings)], jobSettings, logger, {
    supervise: overrides.jobs?.supervise ?? workersEnabled,
    ...(overrides.jobs?.clock ? { clock: overrides.jobs.clock } : {}),
  });
  const transactions = new PgTransactions(pool);
  const runs = new PgProvisioningRuns(pool);
  const teamJobs = new QueuedTeamJobs(jobs, runs, transactions);
  const administration: AdministrationDeps = {
    administration: new PgCommunityAdministrationRepository(pool),
    teamJobs,
    teamArchives: graph,
    administrators: configuredAdministrators(config.adminAadObjectIds, config.allowedTenantId),
    clock,
    defaultTimeZone: config.defaultTimeZone,
  };
  const externalMembers: ExternalMemberDeps = { ...administration, externalMembers: new PgExternalMemberRepository(pool), graph };
  const users = new PgUserRepository(pool);
  const languages = new LanguagePreferences(users);
  const references = new PgConversationReferenceRepository(pool);
  const recorder = new ConversationRecorder(references, languages, clock);
  const progressMessages = new PgProgressMessageRepository(pool);
  const preferences: PreferenceDeps = { preferences: languages.watching(new PgMessagePreferencesRepository(pool)), communities: communityDeps.communities, clock };
  const outboxStore = new PgOutboxStore(pool);
  const deliveryReports: DeliveryReportDeps = { ...administration, reports: outboxStore };
  const outbox = new QueuedOutbox(outboxStore, jobs, clock);
  const meetingStore = new PgMeetingRepository(pool);
  const reminderStore = new PgReminderRepository(pool);
  // The info card's figures and yearly rule, and the invitations of a member who joins after meetings were scheduled.
  const services: CommunityDeps = { ...communityDeps, meetings: { meetings: meetingStore, administrators: administration.administrators, outbox, transactions } };
  const links = new SignedMeetingLinks(config.meetings.linkSecret, config.meetings.publicBaseUrl, () => clock.now());
  const meetingJobs = new QueuedMeetingJobs(jobs, clock);
  const meetingMailbox = config.meetings.mailbox ?? offlineGraph?.meetingMailbox;
  const meetings: MeetingDeps & { links: SignedMeetingLinks } = {
    administration,
    meetings: meetingStore,
    reminders: reminderStore,
    jobs: meetingJobs,
    outbox,
    cards: outboxStore,
    transactions,
    clock,
    meetingMailbox,
    dietaryRetentionDays: config.meetings.dietaryRetentionDays,
    externalMembers,
    logger,
    links,
  };
  const rsvp: RsvpDeps = { meetings: meetingStore, outbox, transactions, links, clock };
  const recordingCandidates = new PgRecordingCandidateRepository(pool);
  const recordings: RecordingPublicationDeps = {
    recordings: new PgRecordingRepository(pool),
    administration,
    memberships: communityDeps.memberships,
    communities: communityDeps.communities,
    meetings: meetingStore,
    candidates: recordingCandidates,
    transactions,
  };
  const bot = new CommunitiesBot({
    services,
    administration,
    externalMembers,
    deliveryReports,
    preferences,
    meetings,
    rsvp,
    recordings,
    progressMessages,
    recorder,
    languages,
    allowedTenantId: config.allowedTenantId,
    logger,
  });
  const botAuthentication = createBotAuthentication(config, overrides.botAuthentication);
  const adapter = new CloudAdapter(botAuthentication);
  adapter.onTurnError = (context, error) => answerUnexpectedError(context, error, logger);

  const provisioningStore = new PgTeamProvisioningStore(pool);
  const messagePreferences: MessagePreferences = overrides.preferences ?? preferences.preferences;
  // The Graph gateway (real or offline) also reaches people the bot cannot write to yet; a test's may not.
  const reachGraph: ReachGraph | undefined = isReachGraph(graph) ? graph : undefined;
  const mailSender = config.delivery.mailSender ?? offlineGraph?.mailSender;
  const observer = new ProvisioningNotifications(outbox, provisioningStore);
  const meetingViews = new StoredMeetingViews(meetingStore, services.communities, links, clock);
  const sender = new OutboxSender({
    store: outboxStore,
    reports: outboxStore,
    outbox,
    transactions,
    delivery: new ConnectorTeamsDelivery(botAuthentication, config.bot.appId),
    rendering: new BotDeliveryRendering({ domain: new URL(config.meetings.publicBaseUrl).hostname, organizer: meetingMailbox ?? mailSender }),
    references,
    preferences: messagePreferences,
    users,
    progressMessages,
    runs,
    meetings: meetingViews,
    recordings: {
      candidateView: async (graphRecordingId) => {
        const candidate = await recordingCandidates.find(graphRecordingId);
        const overview = candidate && (await meetingViews.overview(candidate.meetingId));
        return candidate && overview ? { candidate, overview } : undefined;
      },
    },
    channels: meetingStore,
    reach: reachThrough(reachGraph, graph, manifestId),
    deadLetter: async (message, error) => {
      await jobs.send(DELIVERY_DEAD_LETTERS, { messageId: message.id, key: message.key, error }, { key: `${DELIVERY_DEAD_LETTERS}/${message.id}` });
    },
    clock,
    settings: { ...config.delivery, mailSender, chatServiceUrl: offlineGraph?.chatServiceUrl, tenantRatePerSecond: config.delivery.tenantCeiling * PACING_HEADROOM, ...overrides.delivery },
    logger,
  });
  const provisioning: ProvisioningDeps = {
    graph,
    clock,
    manifestId,
    peopleToAdd: (communityId) => provisioningStore.peopleToAdd(communityId),
    recordTeam: (communityId, teamId) => provisioningStore.recordTeam(communityId, teamId),
    requestArchiving: (communityId, teamId) => teamJobs.requestArchiving(communityId, teamId),
  };
  jobs.register(provisionTeamHandler({ provisioning, runs, transactions, runner: jobs, observer, logger }));
  jobs.register(deadProvisioningHandler({ runs, observer, logger, transactions }));
  jobs.register(deliverHandler({ sender, store: outboxStore, runner: jobs, clock, logger }));
  jobs.register(deadDeliverHandler({ runner: jobs, logger }));
  jobs.register(deliveryDeadLetterHandler({ logger }));
  const outboxPurge = { store: outboxStore, runner: jobs, clock, logger, retentionDays: config.delivery.retentionDays };
  jobs.register(outboxPurgeHandler(outboxPurge));
  jobs.register(archiveTeamHandler(graph, transactions, jobs));
  const routines: RoutineDeps = {
    meetings: meetingStore,
    reminders: reminderStore,
    communities: services.communities,
    outbox,
    transactions,
    clock,
    logger,
    dietaryRetentionDays: config.meetings.dietaryRetentionDays,
  };
  const onlineMeetings = isOnlineMeetings(graph) ? graph : undefined;
  for (const handler of meetingJobHandlers({
    reminder: (meetingId, version, offset) => sendReminder(routines, meetingId, version, offset),
    online: (meetingId, version) =>
      syncOnlineMeeting(
        {
          meetings: meetingStore,
          online: onlineMeetings,
          outbox,
          cards: outboxStore,
          transactions,
          clock,
          communityOf: async (communityId) => {
            const community = (await services.communities.listVisible()).find((c) => c.id === communityId);
            return { name: community ? pick(community.name, 'fr-CA') : '', timeZone: community?.timeZone ?? config.defaultTimeZone };
          },
        },
        meetingId,
        version,
      ),
    purge: () => purgeDietaryAnswers(routines),
    routines: async () => ({ purged: await purgeDietaryAnswers(routines), reminded: await checkYearlyRule(routines) }),
    nextRoutines: () => meetingJobs.scheduleRoutines(),
    logger,
  })) {
    jobs.register(handler);
  }

  const recordingJobs = new QueuedRecordingJobs(jobs, clock);
  const discovery: RecordingDiscoveryDeps = {
    source: isRecordingSource(graph) ? graph : undefined,
    candidates: recordingCandidates,
    organisersOf: (communityId) => services.communities.organisersOf(communityId),
    outbox,
    transactions,
    clock,
    logger,
    lookbackDays: config.meetings.recordingLookbackDays,
    recordingExpiryDays: config.meetings.recordingExpiryDays,
    warned: new Set(),
  };
  for (const handler of recordingJobHandlers({ discover: () => discoverRecordings(discovery), nextRound: () => recordingJobs.scheduleNextRound(), logger })) {
    jobs.register(handler);
  }

  const server = createServer({ adapter, bot, logger, isReady: () => isSchemaCurrent(pool) });
  const files = new GeneratedMeetingFiles({
    meetings: meetingStore,
    mayOrganise: async (meetingId, user) => (await meetingForOrganiser(meetings, { user, displayName: undefined }, meetingId)).ok,
    organizerEmail: meetingMailbox ?? mailSender,
    domain: new URL(config.meetings.publicBaseUrl).hostname,
  });
  addMeetingFileRoutes(server, links, files, logger);
  addTabStaticRoutes(server, { directory: overrides.tabDirectory ?? defaultTabBuildDirectory(), logger });
  const tabApi: TabApiDeps = {
    catalogue: { community: services, administration: administration.administration, administrators: administration.administrators, meetings: meetingStore },
    myMeetings: { meetings: meetingStore, links, recordings, clock },
    rsvp,
    recordings,
    health: { administration, health: new PgCommunityHealthRepository(pool), meetings: meetingStore },
    words: tabWords,
    chosenLocale: async (user) => (await languages.of(user)).chosen,
  };
  const now = () => clock.now();
  addTabApi(server, tabApi, {
    sso: new SsoTokenVerifier({ ...config.tab.sso, allowedTenantId: config.allowedTenantId }, now, overrides.ssoKeys),
    // The demo people (the offline directory's), only in local mode with the development sign-in on.
    devSessions: config.localMode && config.tab.devSignIn ? new DevSessions(config.meetings.linkSecret, DEMO_TENANT_ID, DEMO_DIRECTORY, now) : undefined,
    allowedTenantId: config.allowedTenantId,
    publicRateLimit: { perMinute: config.tab.publicRateLimitPerMinute, trustForwardedFor: !config.localMode },
    logger,
  });
  let started = false;

  const app: App = {
    config,
    database,
    logger,
    server,
    jobs,
    offlineGraph,
    url() {
      const address = server.address() as AddressInfo | null;
      if (!address) throw new Error('The app is not listening yet');
      return `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
    },
    async start() {
      const report = await migrate(pool);
      if (report.applied.length > 0) logger.info({ applied: report.applied }, 'database migrated');
      if (config.demoData && (await loadDemoDataIfEmpty(pool, clock.now()))) logger.info('demo communities loaded');
      await jobs.start();
      const resent = await resendUnderway({ runs, runner: jobs });
      if (resent > 0) logger.info({ resent }, 'provisionings underway without a job were given one again');
      const senders = await resumeDelivery({ store: outboxStore, runner: jobs }, `${clock.now().toISOString()}-${process.pid}`);
      if (senders > 0) logger.info({ senders }, 'messages waiting in the outbox: their senders are started');
      // Reminders due while the app was down run now (and are dropped if their meeting has begun).
      const reminders = await resumeReminders(meetings);
      if (reminders > 0) logger.info({ reminders }, 'scheduled reminders given their jobs again');
      await meetingJobs.scheduleRoutines();
      await recordingJobs.scheduleNextRound();
      await scheduleOutboxPurge(outboxPurge);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.removeListener('error', reject);
          resolve();
        });
      });
      started = true;
      if (workersEnabled) await jobs.startWorkers();
      logger.info(
        { url: app.url(), localMode: config.localMode, database: database.kind, graph: offlineGraph ? offlineGraph.sandbox.baseUrl : config.graph.mode },
        'listening',
      );
    },
    async stop() {
      // Senders stop taking messages first; the requests in flight finish and are recorded (README, "Delivery").
      sender.stop();
      await jobs.stop();
      if (started) {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
        });
        started = false;
      }
      await offlineGraph?.stop();
      if (ownsDatabase) await database.close();
    },
  };
  return app;
}

/** Graph from the overrides, from configuration, or — with no credentials — the offline sandbox. */
async function connectGraph(
  config: AppConfig,
  overrides: AppOverrides,
  logger: Logger,
): Promise<{ graph: TeamsGraph; offlineGraph: OfflineGraph | undefined; manifestId: string }> {
  if (overrides.graph) return { graph: overrides.graph, offlineGraph: undefined, manifestId: overrides.manifestId ?? config.teamsAppId ?? OFFLINE_MANIFEST_ID };
  if (config.graph.mode === 'graph') {
    const graph = createGraphTeamsGateway({
      baseUrl: config.graph.baseUrl,
      authorityHost: config.graph.authorityHost,
      tenantId: config.graph.tenantId,
      credential: config.graph.credential,
      onRetry: (event) => logger.warn({ retry: event }, 'Graph call retried'),
    });
    return { graph, offlineGraph: undefined, manifestId: overrides.manifestId ?? config.teamsAppId ?? OFFLINE_MANIFEST_ID };
  }
  const offlineGraph = await startOfflineGraph({
    tenantId: config.allowedTenantId ?? DEMO_TENANT_ID,
    mailSender: config.delivery.mailSender,
    ...(config.meetings.mailbox ? { meetingMailbox: config.meetings.mailbox } : {}),
    manifestId: overrides.manifestId ?? config.teamsAppId,
    directory: DEMO_DIRECTORY,
  });
  return { graph: offlineGraph.gateway, offlineGraph, manifestId: offlineGraph.manifestId };
}


/** The sender paces this far under the configured ceiling, so that no one-second window of Teams' goes over it. */
const PACING_HEADROOM = 0.96;

/** Graph for reaching people the bot cannot write to yet, with the app's catalog id looked up once. */
function reachThrough(reach: ReachGraph | undefined, graph: TeamsGraph, manifestId: string): OutboxSenderDeps['reach'] {
  if (!reach) return undefined;
  let catalog: Promise<string | undefined> | undefined;
  return {
    graph: reach,
    catalogAppId() {
      catalog ??= graph.findCatalogApp(manifestId).catch((error: unknown) => {
        catalog = undefined;
        throw error;
      });
      return catalog;
    },
  };
}

function isReachGraph(graph: TeamsGraph): graph is TeamsGraph & ReachGraph {
  const candidate = graph as Partial<ReachGraph>;
  return typeof candidate.installAppForUser === 'function' && typeof candidate.sendMail === 'function';
}

function isRecordingSource(graph: TeamsGraph): graph is TeamsGraph & RecordingSource {
  const candidate = graph as Partial<RecordingSource>;
  return typeof candidate.recordingsSince === 'function' && typeof candidate.recordingsOf === 'function' && typeof candidate.onlineMeetingIdOf === 'function';
}

function isOnlineMeetings(graph: TeamsGraph): graph is TeamsGraph & OnlineMeetings {
  const candidate = graph as Partial<OnlineMeetings>;
  return typeof candidate.createEvent === 'function' && typeof candidate.cancelEvent === 'function';
}
