import { type App, type AppOverrides, buildApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import type { Database } from '../../src/storage/database';
import { openDatabase } from '../../src/storage/database';
import { FakeBotConnector } from './fake-bot-connector';

export interface TestApp {
  readonly app: App;
  readonly connector: FakeBotConnector;
  readonly database: Database;
  /** POSTs an activity to /api/messages like Teams does; returns the HTTP status and the parsed body. */
  post(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

/**
 * The real app, built in-process on a free loopback port with an in-memory PGlite database (demo data
 * loaded) and, without Graph settings, its offline Graph sandbox; plus a fake Bot Connector for its replies.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  overrides: AppOverrides = {},
): Promise<TestApp> {
  const connector = await new FakeBotConnector().start();
  const database = overrides.database ?? (await openDatabase({ kind: 'embedded', dataDir: 'memory://' }));
  const config = loadConfig({ PORT: '0', DATA_DIR: 'memory://', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...env });
  // The job worker is built but not started unless a test asks: command tests assert what was queued,
  // provisioning tests run the queue (app.jobs.drain() or jobs: { enabled: true }).
  const app = await buildApp(config, { jobs: { enabled: false }, ...overrides, database });
  await app.start();
  return {
    app,
    connector,
    database,
    async post(activity, headers = {}) {
      const response = await fetch(`${app.url()}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof activity === 'string' ? activity : JSON.stringify(activity),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body };
    },
    async stop() {
      await app.stop();
      await connector.stop();
      if (!overrides.database) await database.close();
    },
  };
}
