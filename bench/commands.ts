import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Pool } from 'pg';
import { translatorFor } from '../src/i18n/translator';
import { DEMO_TENANT_ID, loadDemoDataIfEmpty } from '../src/storage/demo-data';
import { migrate } from '../src/storage/migrate';
import { type PostgresServer, startPostgresServer } from '../tests/support/postgres-server';
import { ServerProcess, pickFreePort } from './support/child-process';
import { Cleanup } from './support/cleanup';
import { type AppFigures, type Measurement, log, passed, printMemory, printSummary, printTable } from './support/command-report';
import { CountingConnector, type ReplySummary } from './support/counting-connector';
import { runMain } from './support/run-main';

/**
 * How much slower is a Teams command in our app than a bare botbuilder echo bot on the same stack?
 * Runs, in one go: the echo bot; the app's `communautés` (card, reads) and `rejoindre infonuagique`
 * (text, writes) on the embedded PGlite database; the same two on a private PostgreSQL server.
 * Every bot replies to an in-process fake Bot Connector that checks one reply per answered request.
 * Usage: npm run bench:commands. The last line is machine-readable (see printSummary).
 */

const DURATION_S = 10;
const WARMUP_S = 2;
const CONNECTIONS = 10;
const ROOT = path.resolve(__dirname, '..', '..');
const APP_MAIN = path.join(ROOT, 'dist', 'src', 'main.js');
const ECHO_MAIN = path.join(ROOT, 'dist', 'bench', 'echo-bot.js');

interface Workload {
  readonly text: string;
  /** Which simulated person sends request n. */
  readonly userOf: (n: number) => number;
  /** Is this what the bot should have replied? */
  readonly expected: (reply: ReplySummary) => boolean;
}

const t = translatorFor('fr-CA');
const joinOutcomes = ['joined', 'rejoined', 'already_member'] as const;
const joinTexts = new Map(joinOutcomes.map((o) => [t(`outcomes.${o}`, { community: 'Infonuagique' }), o]));

const WORKLOADS = {
  echo: { text: 'bonjour', userOf: (n: number) => n % 50, expected: (r: ReplySummary) => r.text === 'echo: bonjour' },
  // A few dozen people browsing again and again: after their first turn the conversation reference is cached.
  communautés: { text: 'communautés', userOf: (n: number) => n % 50, expected: (r: ReplySummary) => r.hasCard },
  // Mostly first-time joiners (an insert each, plus their conversation reference and user row); one request in
  // four repeats someone who joined ~100 requests earlier, so "already a member" is exercised too.
  rejoindre: {
    text: 'rejoindre infonuagique',
    userOf: (n: number) => (n % 4 === 3 && n >= 100 ? n - 99 : n),
    expected: (r: ReplySummary) => joinTexts.has(r.text),
  },
} satisfies Record<string, Workload>;

let runCount = 0;

/** A GUID-shaped Entra object id per run and person, so runs never share people. */
function personId(run: number, person: number): string {
  return `b0000000-0000-4000-8${run.toString(16).padStart(3, '0')}-${person.toString(16).padStart(12, '0')}`;
}

function activity(id: string, text: string, aadObjectId: string, serviceUrl: string): string {
  return JSON.stringify({
    type: 'message',
    id,
    timestamp: new Date().toISOString(),
    text,
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:${aadObjectId}`, aadObjectId, name: `Personne ${aadObjectId.slice(-6)}` },
    recipient: { id: '28:bot', name: 'Communautés' },
    // In Teams each person has their own personal conversation with the bot.
    conversation: { id: `a:bench-${aadObjectId}`, conversationType: 'personal', tenantId: DEMO_TENANT_ID },
    locale: 'fr-CA',
  });
}

/** Drives `target` for `seconds`, every request a fresh activity id, then checks the replies. */
async function drive(
  target: ServerProcess,
  connector: CountingConnector,
  run: { scenario: string; database: string; workload: Workload; seconds: number; idPrefix: string },
): Promise<Measurement> {
  const { workload } = run;
  const answered: string[] = [];
  const runIndex = ++runCount;
  let sent = 0;
  const cpuBefore = target.cpuSeconds();
  const result = await autocannon({
    url: `${target.url}/api/messages`,
    connections: CONNECTIONS,
    duration: run.seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request, context) => {
          const n = sent++;
          const id = `${run.idPrefix}-${n}`;
          context.id = id;
          return { ...request, body: activity(id, workload.text, personId(runIndex, workload.userOf(n)), connector.serviceUrl) };
        },
        // One connection has one request in flight, so the context still holds that request's id.
        onResponse: (status, _body, context) => {
          if (status === 200) answered.push(context.id as string);
        },
      },
    ],
  });
  await connector.settle();
  target.assertAlive();
  const cpuSeconds = target.cpuSeconds() - cpuBefore;

  let missing = 0;
  let duplicated = 0;
  let unexpected = 0;
  const outcomes = new Map<string, number>();
  for (const id of answered) {
    const replies = connector.replies.get(id);
    if (!replies) {
      missing += 1;
      continue;
    }
    if (replies.length > 1) duplicated += 1;
    for (const reply of replies) {
      if (!workload.expected(reply)) unexpected += 1;
      const outcome = joinTexts.get(reply.text);
      if (outcome) outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
  }
  // Replies to requests cut off when the run stopped are expected (autocannon drops those sockets).
  let replies = 0;
  for (const [id, list] of connector.replies) if (id.startsWith(`${run.idPrefix}-`)) replies += list.length;
  const failedExamples = Object.entries(result.statusCodeStats)
    .filter(([code]) => code !== '200')
    .map(([code, s]) => `${s.count}×${code}`);
  const notes = [
    ...[...outcomes].map(([o, c]) => `${o} ${c}`),
    ...failedExamples,
    replies > answered.length ? `${replies - answered.length} cut off at the end` : '',
  ].filter((s) => s !== '');
  return {
    scenario: run.scenario,
    database: run.database,
    rps: answered.length / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMsPerRequest: (cpuSeconds * 1000) / Math.max(1, replies),
    answered: answered.length,
    replies,
    missing,
    duplicated,
    unexpected,
    failed: result.errors + result.timeouts + result.non2xx,
    notes: notes.join(', '),
  };
}

function startApp(url: string, port: number, env: Record<string, string>): ServerProcess {
  return new ServerProcess('app', url, [APP_MAIN], {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    LOG_LEVEL: 'silent',
    BOT_ID: '',
    BOT_PASSWORD: '',
    DATABASE_URL: '',
    ...env,
  });
}

async function seedServerDatabase(url: string): Promise<void> {
  // The app never loads demo data into a server database (config.ts), so the benchmark does it.
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    await migrate(pool);
    await loadDemoDataIfEmpty(pool, new Date());
  } finally {
    await pool.end();
  }
}

async function idleFigures(app: ServerProcess): Promise<AppFigures> {
  const readyMs = await app.waitUntilReady('/readyz', 90_000);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const { rssMb, peakMb } = app.memory();
  return { readyMs, idleRssMb: rssMb, peakRssMb: peakMb, sampledMaxRssMb: rssMb };
}

/** Warm-up then measured runs of both app commands; memory sampled all along. */
async function benchApp(
  app: ServerProcess,
  connector: CountingConnector,
  database: string,
  prefix: string,
  results: Measurement[],
): Promise<AppFigures> {
  const { readyMs, idleRssMb } = await idleFigures(app);
  let sampledMaxRssMb = idleRssMb;
  const sampler = setInterval(() => {
    // A child that died mid-run has no /proc entry; the run itself reports that (assertAlive).
    const rssMb = app.memoryIfAlive()?.rssMb ?? 0;
    sampledMaxRssMb = Math.max(sampledMaxRssMb, rssMb);
  }, 200);
  try {
    for (const [name, workload] of [
      ['communautés', WORKLOADS.communautés],
      ['rejoindre', WORKLOADS.rejoindre],
    ] as const) {
      const key = name === 'communautés' ? 'c' : 'j';
      const warm = await drive(app, connector, { scenario: `${name} (warm-up)`, database, workload, seconds: WARMUP_S, idPrefix: `${prefix}w${key}` });
      if (!passed(warm)) results.push(warm);
      results.push(await drive(app, connector, { scenario: name, database, workload, seconds: DURATION_S, idPrefix: `${prefix}${key}` }));
    }
  } finally {
    clearInterval(sampler);
  }
  const { rssMb, peakMb } = app.memory();
  return { readyMs, idleRssMb, peakRssMb: peakMb, sampledMaxRssMb: Math.max(sampledMaxRssMb, rssMb) };
}

async function main(): Promise<number> {
  const cleanup = new Cleanup();
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping the benchmark\n`);
    void cleanup.run().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', () => cleanup.runNow());

  const results: Measurement[] = [];
  try {
    const connector = await new CountingConnector().start();
    cleanup.push(() => connector.stop());
    const tmp = cleanup.folder(await mkdtemp(path.join(os.tmpdir(), 'cop-bench-')));

    log(`echo bot: ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s per scenario`);
    const echoPort = await pickFreePort();
    const echo = cleanup.track(new ServerProcess('echo bot', `http://127.0.0.1:${echoPort}`, [ECHO_MAIN, String(echoPort)], process.env));
    await echo.waitUntilReady('/healthz', 20_000);
    const echoWarm = await drive(echo, connector, { scenario: 'echo (warm-up)', database: '-', workload: WORKLOADS.echo, seconds: WARMUP_S, idPrefix: 'ew' });
    if (!passed(echoWarm)) results.push(echoWarm);
    const echoRun = await drive(echo, connector, { scenario: 'echo', database: '-', workload: WORKLOADS.echo, seconds: DURATION_S, idPrefix: 'e' });
    results.push(echoRun);
    const echoPeakMb = echo.memory().peakMb;
    await echo.stop();

    log('app on embedded PGlite (fresh data folder)');
    const embeddedPort = await pickFreePort();
    const embeddedApp = cleanup.track(
      startApp(`http://127.0.0.1:${embeddedPort}`, embeddedPort, { DATA_DIR: path.join(tmp, 'data'), DEMO_DATA: 'true' }),
    );
    const embedded = await benchApp(embeddedApp, connector, 'PGlite', 'p', results);
    await embeddedApp.stop();
    // A fresh data folder pays for initdb (a second PGlite instance whose memory lingers until a major GC);
    // every later start reopens the folder, which is what a deployed app does.
    const reopenedApp = cleanup.track(
      startApp(`http://127.0.0.1:${embeddedPort}`, embeddedPort, { DATA_DIR: path.join(tmp, 'data'), DEMO_DATA: 'true' }),
    );
    const reopened = await idleFigures(reopenedApp);
    await reopenedApp.stop();

    log('app on a PostgreSQL server');
    const server: PostgresServer = await startPostgresServer();
    cleanup.push(() => server.stop());
    await seedServerDatabase(server.url);
    const serverPort = await pickFreePort();
    const serverApp = cleanup.track(startApp(`http://127.0.0.1:${serverPort}`, serverPort, { DATABASE_URL: server.url }));
    const onServer = await benchApp(serverApp, connector, 'PostgreSQL', 's', results);
    await serverApp.stop();

    printTable(results);
    printMemory(echoPeakMb, embedded, reopened, onServer);
    const ok = results.every(passed);
    if (!ok) log('FAILED: some requests failed or some replies are missing, duplicated or unexpected (see the table).');
    printSummary(echoRun, results, embedded);
    return ok ? 0 : 1;
  } catch (error) {
    if (results.length > 0) printTable(results);
    process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  } finally {
    await cleanup.run();
  }
}

runMain(main);
