import type { AddressInfo } from 'node:net';
import { CloudAdapter } from 'botbuilder';
import pino, { type Logger } from 'pino';
import type { Server } from 'restify';
import { CommunitiesBot, answerUnexpectedError } from './bot/communities-bot';
import { ConversationRecorder } from './bot/conversation-recorder';
import { LanguagePreferences } from './bot/language-preferences';
import type { AppConfig } from './config/config';
import { type AdministrationDeps, configuredAdministrators } from './domain/community-administration';
import type { CommunityDeps } from './domain/community-services';
import { type Clock, type TeamsDirectory, systemClock } from './domain/ports';
import { UnprovisionedTeamsDirectory } from './graph/unprovisioned-teams-directory';
import { type BotAuthenticationOverrides, createBotAuthentication } from './http/bot-authentication';
import { createServer } from './http/server';
import { PgJobQueue } from './jobs/job-queue';
import { PgCommunityAdministrationRepository } from './storage/community-administration-repository';
import { PgCommunityRepository } from './storage/community-repository';
import { PgConversationReferenceRepository } from './storage/conversation-reference-repository';
import { type Database, openDatabase } from './storage/database';
import { loadDemoDataIfEmpty } from './storage/demo-data';
import { PgMembershipRepository } from './storage/membership-repository';
import { isSchemaCurrent, migrate } from './storage/migrate';
import { PgProgressMessageRepository } from './storage/progress-message-repository';
import { QueuedTeamJobs } from './storage/team-job-requests';
import { PgUserRepository } from './storage/user-repository';

/** Parts tests (and later issues) may replace. Everything else is the real thing. */
export interface AppOverrides {
  readonly database?: Database;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly teams?: TeamsDirectory;
  readonly botAuthentication?: BotAuthenticationOverrides;
}

export interface App {
  readonly config: AppConfig;
  readonly database: Database;
  readonly logger: Logger;
  readonly server: Server;
  /** Base URL once started, e.g. http://127.0.0.1:3978 */
  url(): string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function buildApp(config: AppConfig, overrides: AppOverrides = {}): Promise<App> {
  const logger = overrides.logger ?? pino({ level: config.logLevel, base: { app: 'communities-of-practice' } });
  const clock = overrides.clock ?? systemClock;
  const database = overrides.database ?? (await openDatabase(config.database));
  const ownsDatabase = !overrides.database;
  const { pool } = database;

  const services: CommunityDeps = {
    communities: new PgCommunityRepository(pool),
    memberships: new PgMembershipRepository(pool),
    teams: overrides.teams ?? new UnprovisionedTeamsDirectory(),
    clock,
  };
  const administration: AdministrationDeps = {
    administration: new PgCommunityAdministrationRepository(pool),
    teamJobs: new QueuedTeamJobs(new PgJobQueue(pool), clock),
    administrators: configuredAdministrators(config.adminAadObjectIds, config.allowedTenantId),
    clock,
    defaultTimeZone: config.defaultTimeZone,
  };
  const users = new PgUserRepository(pool);
  const languages = new LanguagePreferences(users);
  const recorder = new ConversationRecorder(new PgConversationReferenceRepository(pool), languages, clock);
  const progressMessages = new PgProgressMessageRepository(pool);
  const bot = new CommunitiesBot({ services, administration, progressMessages, recorder, languages, allowedTenantId: config.allowedTenantId, logger });
  const adapter = new CloudAdapter(createBotAuthentication(config, overrides.botAuthentication));
  adapter.onTurnError = (context, error) => answerUnexpectedError(context, error, logger);

  const server = createServer({ adapter, bot, logger, isReady: () => isSchemaCurrent(pool) });
  let started = false;

  const app: App = {
    config,
    database,
    logger,
    server,
    url() {
      const address = server.address() as AddressInfo | null;
      if (!address) throw new Error('The app is not listening yet');
      return `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
    },
    async start() {
      const report = await migrate(pool);
      if (report.applied.length > 0) logger.info({ applied: report.applied }, 'database migrated');
      if (config.demoData && (await loadDemoDataIfEmpty(pool, clock.now()))) logger.info('demo communities loaded');
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.removeListener('error', reject);
          resolve();
        });
      });
      started = true;
      logger.info({ url: app.url(), localMode: config.localMode, database: database.kind }, 'listening');
    },
    async stop() {
      if (started) {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        started = false;
      }
      if (ownsDatabase) await database.close();
    },
  };
  return app;
}
