import pino from 'pino';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config/config';
import { openDatabase } from '../src/storage/database';
import { migrate } from '../src/storage/migrate';
import { startBotConnector } from '../sandbox/bot-connector';
import { startPostgresServer } from '../tests/support/postgres-server';
import { countsPerPerson, finishLaunch, seedLaunch, settledReport } from '../tests/support/fanout-scenario';
import { seedMeetingCommunity } from '../tests/support/meeting-scenario';
import { personalMessage } from '../tests/support/teams-activities';
import { Cleanup } from './support/cleanup';
import { log } from './support/command-report';
import { runMain } from './support/run-main';

/**
 * `npm run bench:fanout`: a launch's personal notices to 5,000 people, through the outbox sender, to the
 * Bot Connector stand-in enforcing Teams' limits (50 per second per tenant, 7/8/60/1,800 per thread) and
 * injecting 10 % 429s (Retry-After 1 s) and 2 % 502s, answering in 15–45 ms. One app instance on a real
 * PostgreSQL server. Last line: ratio (requests per second ÷ the tenant ceiling), lost, duplicates,
 * too_soon (retries before their Retry-After), seconds; then RSS and CPU per message.
 */
const RECIPIENTS = Number(process.env.FANOUT_RECIPIENTS ?? 5000);
/** `launch` (default): a launch's notices; `invitation`: a meeting's RSVP cards, scheduled by its organiser over HTTP. */
const KIND = process.env.FANOUT_KIND === 'invitation' ? 'invitation' : 'launch';
const CEILING = 50;

async function main(): Promise<number> {
  const cleanup = new Cleanup();
  process.once('SIGINT', () => void cleanup.run().finally(() => process.exit(130)));
  try {
    const server = await startPostgresServer();
    cleanup.push(() => server.stop());
    const connector = await startBotConnector({
      recordCalls: false,
      recordContent: false,
      faults: { seed: 1, throttled: 0.1, throttledRetryAfterSeconds: 1, badGateway: 0.02, latencyMs: { min: 15, max: 45 } },
    });
    cleanup.push(() => connector.stop());
    const config = loadConfig({ DATABASE_URL: server.url, DATABASE_POOL_SIZE: '6', PORT: '0', LOG_LEVEL: 'silent', DELIVERY_TENANT_CEILING: String(CEILING) });
    const database = await openDatabase(config.database);
    cleanup.push(() => database.close());
    await migrate(database.pool);
    const app = await buildApp(config, { database, logger: pino({ level: 'silent' }), jobs: { settings: { pollingIntervalSeconds: 0.5 } } });
    cleanup.push(() => app.stop());
    await app.start();
    const launch = KIND === 'launch' ? await seedLaunch(database.pool, connector.serviceUrl, RECIPIENTS) : undefined;
    // The organiser is one of the invited: the members make up the rest.
    const meeting = KIND === 'invitation' ? await seedMeetingCommunity(database.pool, connector.serviceUrl, RECIPIENTS - 1, { prefix: 'b', slug: 'banc-essai' }) : undefined;
    log(`${RECIPIENTS} people (${KIND}), each with a 1:1 conversation at the stand-in; ceiling ${CEILING}/s; 10 % 429, 2 % 502`);

    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 100);
    const cpuBefore = process.cpuUsage();
    const started = Date.now();
    if (launch) await finishLaunch(database, launch);
    if (meeting) {
      const activity = personalMessage(`planifier ${meeting.slug} 16 mars 2027 9 h — Rencontre annuelle`, {
        serviceUrl: connector.serviceUrl,
        from: meeting.organiser.from,
        conversationId: meeting.organiser.conversationId,
      });
      const response = await fetch(`${app.url()}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      if (response.status !== 200) throw new Error(`planifier answered HTTP ${response.status}`);
    }
    const report = await settledReport(database.pool, launch?.communityId ?? meeting?.communityId ?? '', 30 * 60_000);
    const seconds = (Date.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    clearInterval(sampler);

    const stats = connector.stats;
    // Invitations: the members' conversations (the organiser's also holds the reply to « planifier »).
    const counts = countsPerPerson(connector.deliveries(), launch?.people ?? meeting?.members ?? []);
    const reached = launch ? counts.reached : counts.reached + 1;
    const requestRate = stats.requests / seconds;
    const deliveredRate = reached / seconds;
    log(`report: ${report.sent} sent, ${report.notReached.length} not reached, ${report.pending + report.retrying} waiting`);
    log(`stand-in: ${stats.requests} requests (${stats.injected.throttled} injected 429, ${stats.injected.badGateway} injected 502), ${stats.overLimit} over a limit, ${stats.tooSoon} too soon`);
    log(`peak per tenant in any 1 s: ${Math.max(...Object.values(stats.maxAcceptedPerSecondByTenant))} accepted; ${requestRate.toFixed(1)} requests/s, ${deliveredRate.toFixed(1)} delivered/s`);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    log(`process (app + stand-in): peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB, CPU ${cpuMs.toFixed(0)} ms = ${(cpuMs / RECIPIENTS).toFixed(2)} ms per message`);
    const ok = counts.lost === 0 && counts.duplicated === 0 && stats.tooSoon === 0 && stats.overLimit === 0;
    if (!ok) log('FAILED: see above.');
    log(
      `ratio=${(requestRate / CEILING).toFixed(2)} lost=${counts.lost} duplicates=${counts.duplicated} too_soon=${stats.tooSoon} seconds=${seconds.toFixed(1)} delivered_ratio=${(deliveredRate / CEILING).toFixed(2)} over_limit=${stats.overLimit} rss_mb=${(peakRss / 2 ** 20).toFixed(0)} cpu_ms_per_msg=${(cpuMs / RECIPIENTS).toFixed(2)}`,
    );
    return ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  } finally {
    await cleanup.run();
  }
}

runMain(main);
