import { buildApp } from './app';
import { ConfigError, loadConfig } from './config/config';

/** Senders' requests time out in 10 s and pg-boss waits 15 s for running jobs: 20 s covers both and the pool. */
const SHUTDOWN_BOUND_MS = 20_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee README.md, section "Configuration".\n`);
      process.exit(2);
    }
    throw error;
  }
  const app = await buildApp(config);
  await app.start();
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'shutting down');
    // The bound README promises ("Graceful shutdown"): what is still running then is taken over at the next start.
    setTimeout(() => {
      app.logger.error({ signal, afterMs: SHUTDOWN_BOUND_MS }, 'shutdown took too long; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_BOUND_MS).unref();
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        app.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
