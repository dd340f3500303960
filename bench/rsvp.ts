import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pino from 'pino';
import { startPostgresServer } from '../tests/support/postgres-server';
import type { Pool } from 'pg';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config/config';
import { startBotConnector } from '../sandbox/bot-connector';
import { type MeetingPerson, seedMeetingCommunity } from '../tests/support/meeting-scenario';
import { TENANT_ID } from '../tests/support/teams-activities';
import { Cleanup } from './support/cleanup';
import { log } from './support/command-report';
import { runMain } from './support/run-main';

/**
 * `npm run bench:rsvp`: the rush on a popular meeting. 2,000 members of one community each answer
 * « en personne » once (an adaptiveCard/action invoke over HTTP, 50 connections) to a meeting of 200 seats,
 * on the embedded PGlite database, jobs off so nothing else uses the database. Seats are taken under the
 * meeting row's lock, so exactly 200 must be confirmed and the other 1,800 waitlisted.
 * Last line: rps p50_ms p99_ms confirmed waitlisted errors (targets: 200 confirmed, 0 errors, p99 ≤ 100 ms).
 */
const MEMBERS = 2000;
const CAPACITY = 200;
const CONNECTIONS = 50;

async function createMeeting(pool: Pool, communityId: string): Promise<string> {
  // A fortnight ahead, so the meeting is open to answers.
  const startsAt = new Date(Date.now() + 14 * 24 * 3600_000);
  const endsAt = new Date(startsAt.getTime() + 4 * 3600_000);
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO meetings (community_id, tenant_id, category, kind, title_fr, title_en, location, starts_at, ends_at, lunch_provided, capacity)
     VALUES ($1, $2, 'official', 'in_person', 'Rencontre', 'Rencontre', 'Cœur des sciences', $3, $4, true, $5) RETURNING id::text`,
    [communityId, TENANT_ID, startsAt, endsAt, CAPACITY],
  );
  return rows[0]?.id ?? '';
}

/** The invoke Teams sends when `person` presses « En personne » on the meeting's card (tests/support/teams-activities.ts, cardAction). */
function rsvpInvoke(person: MeetingPerson, meetingId: string, serviceUrl: string, n: number): string {
  return JSON.stringify({
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `rsvp-${n}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: person.from,
    recipient: { id: '28:meeting-bot', name: 'Communautés' },
    conversation: { conversationType: 'personal', id: person.conversationId, tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
    locale: 'fr-CA',
    replyToId: `rsvp-card-${n}`,
    value: {
      action: {
        type: 'Action.Execute',
        id: `answer-${n}`,
        verb: 'meeting.answer',
        data: { meeting: meetingId, version: 1, answer: 'in_person', lang: 'fr-CA', lunch: 'true', dietary: '' },
      },
      trigger: 'manual',
    },
  });
}

/** The invoke's own status, inside a 200 HTTP response (an error card comes back as a 200 too, with another statusCode). */
function invokeStatusOf(body: string): number | undefined {
  try {
    const parsed = JSON.parse(body) as { statusCode?: unknown };
    return typeof parsed.statusCode === 'number' ? parsed.statusCode : undefined;
  } catch {
    return undefined;
  }
}

async function seatCounts(pool: Pool, meetingId: string): Promise<{ confirmed: number; waitlisted: number; registrations: number }> {
  const { rows } = await pool.query<{ confirmed: number; waitlisted: number; registrations: number }>(
    `SELECT count(*) FILTER (WHERE seat = 'confirmed')::int AS confirmed, count(*) FILTER (WHERE seat = 'waitlisted')::int AS waitlisted,
            count(*)::int AS registrations
       FROM meeting_registrations WHERE meeting_id = $1`,
    [meetingId],
  );
  return rows[0] ?? { confirmed: 0, waitlisted: 0, registrations: 0 };
}

async function main(): Promise<number> {
  const cleanup = new Cleanup();
  process.once('SIGINT', () => void cleanup.run().finally(() => process.exit(130)));
  try {
    const tmp = cleanup.folder(await mkdtemp(path.join(os.tmpdir(), 'cop-bench-rsvp-')));
    // Nothing should reach it (the answer is the invoke's response), but a stray call must not go out.
    const connector = await startBotConnector({ recordCalls: false, recordContent: false });
    cleanup.push(() => connector.stop());
    // RSVP_DATABASE=server: the same run on a PostgreSQL server (Debian's binaries, a pool of 10), for comparison.
    const server = process.env.RSVP_DATABASE === 'server' ? await startPostgresServer() : undefined;
    if (server) cleanup.push(() => server.stop());
    const database = server ? { DATABASE_URL: server.url, DATABASE_POOL_SIZE: '10' } : { DATA_DIR: path.join(tmp, 'data') };
    const config = loadConfig({ ...database, DEMO_DATA: 'false', PORT: '0', LOG_LEVEL: 'silent', TEAMS_APP_TENANT_ID: TENANT_ID });
    const app = await buildApp(config, { logger: pino({ level: 'silent' }), jobs: { enabled: false } });
    cleanup.push(() => app.stop());
    await app.start();
    const { pool } = app.database;
    const community = await seedMeetingCommunity(pool, connector.serviceUrl, MEMBERS);
    const meetingId = await createMeeting(pool, community.communityId);
    log(`${MEMBERS} members answer « en personne » to a meeting of ${CAPACITY} seats: ${CONNECTIONS} connections, embedded PGlite`);

    let sent = 0;
    let invokeErrors = 0;
    const invokeStatuses = new Map<string, number>();
    const result = await autocannon({
      url: `${app.url()}/api/messages`,
      connections: CONNECTIONS,
      amount: MEMBERS,
      timeout: 30,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          setupRequest: (request) => {
            const n = sent++;
            const person = community.members[n % MEMBERS];
            if (!person) throw new Error(`no member ${n}`);
            return { ...request, body: rsvpInvoke(person, meetingId, connector.serviceUrl, n) };
          },
          onResponse: (status, body) => {
            if (status < 200 || status >= 300) return; // counted by autocannon (non2xx)
            const invokeStatus = invokeStatusOf(body);
            if (invokeStatus !== 200) {
              invokeErrors += 1;
              const key = String(invokeStatus);
              invokeStatuses.set(key, (invokeStatuses.get(key) ?? 0) + 1);
            }
          },
        },
      ],
    });

    const counts = await seatCounts(pool, meetingId);
    const httpErrors = result.errors + result.timeouts + result.non2xx;
    const errors = httpErrors + invokeErrors;
    const completed = result['2xx'] + result.non2xx;
    log(`sent ${sent}, ${result['2xx']} 2xx, ${result.non2xx} non-2xx, ${result.errors} socket errors, ${result.timeouts} timeouts`);
    for (const [code, s] of Object.entries(result.statusCodeStats)) log(`  HTTP ${code}: ${s.count}`);
    for (const [code, count] of invokeStatuses) log(`  invoke statusCode ${code}: ${count}`);
    log(`registrations ${counts.registrations} (expected ${MEMBERS - errors}); connector calls ${connector.stats.requests}`);
    const ok = counts.confirmed === CAPACITY && errors === 0 && counts.registrations === MEMBERS;
    if (!ok) log('FAILED: see above.');
    log(
      `rps=${(completed / result.duration).toFixed(1)} p50_ms=${result.latency.p50} p99_ms=${result.latency.p99} confirmed=${counts.confirmed} waitlisted=${counts.waitlisted} errors=${errors}`,
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
