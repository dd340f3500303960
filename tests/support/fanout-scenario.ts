import type { Pool } from 'pg';
import pino from 'pino';
import { systemClock } from '../../src/domain/clock';
import type { DeliveryReportView } from '../../src/domain/delivery/outbox-store';
import type { UserIdentity } from '../../src/domain/model';
import { JobRunner } from '../../src/jobs/job-runner';
import { ProvisioningNotifications } from '../../src/jobs/provisioning-notifications';
import { deliveryQueueDefinitions, queueDefinitions } from '../../src/jobs/queues';
import { QueuedOutbox } from '../../src/jobs/queued-outbox';
import { loadConfig } from '../../src/config/config';
import type { Database } from '../../src/storage/database';
import { jobDatabaseOf } from '../../src/storage/job-database';
import { PgOutboxStore } from '../../src/storage/outbox-repository';
import { PgTeamProvisioningStore } from '../../src/storage/team-provisioning-store';
import { PgTransactions } from '../../src/storage/transaction';
import { TENANT_ID } from './teams-activities';

/**
 * A launch's fan-out as the app lives it: a community whose interested people each have a 1:1
 * conversation with the bot at the Bot Connector stand-in, and the provisioning's last step (the same
 * ProvisioningNotifications the job calls, in its transaction) writing one notice per person to the outbox.
 */
export interface FanoutPerson {
  readonly user: UserIdentity;
  readonly conversationId: string;
  readonly name: string;
}

export interface SeededLaunch {
  readonly communityId: string;
  readonly people: readonly FanoutPerson[];
  readonly owner: UserIdentity;
}

export const FANOUT_COMMUNITY = 'Science ouverte';
const OWNER: UserIdentity = { tenantId: TENANT_ID, aadObjectId: '0000aaaa-0000-4000-8000-00000000ffff' };

export function personAt(i: number): FanoutPerson {
  const aadObjectId = `f0000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  return { user: { tenantId: TENANT_ID, aadObjectId }, conversationId: `a:fanout-${i}`, name: `Personne ${i}` };
}

/** `count` interested people; those in `withoutConversation` never opened the app (no reference stored). */
export async function seedLaunch(pool: Pool, serviceUrl: string, count: number, withoutConversation: ReadonlySet<number> = new Set()): Promise<SeededLaunch> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO communities (slug, name_fr, name_en, summary_fr, summary_en, description_fr, description_en, status)
     VALUES ('science-ouverte-' || floor(random() * 1e9)::text, $1, 'Open science', 'r', 's', 'd', 'd', 'en_preparation') RETURNING id::text`,
    [FANOUT_COMMUNITY],
  );
  const communityId = rows[0]?.id ?? '';
  const people = Array.from({ length: count }, (_, i) => personAt(i));
  await pool.query(
    `INSERT INTO users (tenant_id, aad_object_id, display_name, updated_at)
     SELECT $1, x.aad, x.name, now() FROM jsonb_to_recordset($2::jsonb) AS x(aad text, name text)`,
    [TENANT_ID, JSON.stringify(people.map((p) => ({ aad: p.user.aadObjectId, name: p.name })))],
  );
  await pool.query(
    `INSERT INTO interests (community_id, tenant_id, aad_object_id) SELECT $1, $2, x.aad FROM jsonb_to_recordset($3::jsonb) AS x(aad text)`,
    [communityId, TENANT_ID, JSON.stringify(people.map((p) => ({ aad: p.user.aadObjectId })))],
  );
  const withReference = people.filter((_, i) => !withoutConversation.has(i));
  await pool.query(
    `INSERT INTO conversation_references (conversation_id, tenant_id, conversation_type, aad_object_id, service_url, reference, updated_at)
     SELECT x.id, $1, 'personal', x.aad, $2, x.reference, now() FROM jsonb_to_recordset($3::jsonb) AS x(id text, aad text, reference jsonb)`,
    [
      TENANT_ID,
      serviceUrl,
      JSON.stringify(
        withReference.map((p, i) => ({
          id: p.conversationId,
          aad: p.user.aadObjectId,
          reference: {
            channelId: 'msteams',
            serviceUrl,
            bot: { id: '28:fanout-bot', name: 'Communautés' },
            user: { id: `29:fanout-${i}`, name: p.name, aadObjectId: p.user.aadObjectId },
            conversation: { id: p.conversationId, conversationType: 'personal', tenantId: TENANT_ID },
          },
        })),
      ),
    ],
  );
  return { communityId, people, owner: OWNER };
}

/**
 * The provisioning's end, in one transaction: the notices to everyone added (the outbox rows, the report)
 * and the sender's job. Its own pg-boss client, as another instance's job would be.
 */
export async function finishLaunch(database: Database, launch: SeededLaunch): Promise<void> {
  const settings = loadConfig({}).jobs;
  const runner = new JobRunner(jobDatabaseOf(database), [...queueDefinitions(settings), ...deliveryQueueDefinitions(settings)], settings, pino({ level: 'silent' }), {
    supervise: false,
  });
  await runner.start();
  try {
    const notifications = new ProvisioningNotifications(new QueuedOutbox(new PgOutboxStore(database.pool), runner, systemClock), new PgTeamProvisioningStore(database.pool));
    await new PgTransactions(database.pool).run((tx) =>
      notifications.finished(
        tx,
        { communityId: launch.communityId, displayName: FANOUT_COMMUNITY, description: 'd', owner: launch.owner, teamId: 'team-fanout', webUrl: 'https://teams.microsoft.com/l/team/fanout' },
        'members_added',
        undefined,
      ),
    );
  } finally {
    await runner.stop();
  }
}

/** The community's launch report, once nothing is waiting any more (polled: the sender runs elsewhere). */
export async function settledReport(pool: Pool, communityId: string, timeoutMs: number): Promise<DeliveryReportView> {
  const store = new PgOutboxStore(pool);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [report] = await store.latest(communityId, 1);
    if (report && report.pending === 0 && report.retrying === 0) return report;
    if (Date.now() > deadline) throw new Error(`the launch report did not settle within ${timeoutMs} ms: ${JSON.stringify(report)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** How many messages each person's conversation received at the stand-in. */
export function countsPerPerson(deliveries: Map<string, readonly unknown[]>, people: readonly FanoutPerson[]): { lost: number; duplicated: number; reached: number } {
  let lost = 0;
  let duplicated = 0;
  let reached = 0;
  for (const p of people) {
    const n = deliveries.get(p.conversationId)?.length ?? 0;
    if (n === 0) lost += 1;
    if (n > 1) duplicated += n - 1;
    if (n >= 1) reached += 1;
  }
  return { lost, duplicated, reached };
}
