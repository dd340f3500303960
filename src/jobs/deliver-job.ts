import type { Logger } from 'pino';
import type { Clock } from '../domain/clock';
import type { OutboxStore } from '../domain/delivery/outbox-store';
import type { JobHandler, JobRunner } from './job-runner';
import type { OutboxSender } from './outbox-sender';
import { z } from 'zod';
import { nextDailyRun } from './daily-schedule';
import {
  DELIVER,
  DELIVER_FAILED,
  DELIVERY_DEAD_LETTERS,
  type DeliverPayload,
  OUTBOX_PURGE,
  deadLetterPayload,
  deliverKey,
  deliverPayload,
  outboxPurgePayload,
} from './queues';

export interface DeliverJobDeps {
  readonly sender: OutboxSender;
  readonly store: Pick<OutboxStore, 'nextDueAt' | 'tenantsWithWork'>;
  readonly runner: Pick<JobRunner, 'send'>;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * One slice of a tenant's sending. What is left when it ends is handed to the next job: at once when
 * messages are due now (the slice ran out of time, or the app is stopping), else when the next retry is due.
 */
export function deliverHandler(deps: DeliverJobDeps): JobHandler<DeliverPayload> {
  return {
    queue: DELIVER,
    payload: deliverPayload,
    async run(job) {
      const { tenantId } = job.data;
      const { handled, more } = await deps.sender.runSlice(tenantId, job.attempt);
      if (handled > 0) deps.logger.info({ tenantId, handled, more }, 'delivery slice done');
      if (more) {
        await deps.runner.send(DELIVER, { tenantId }, { key: deliverKey(tenantId, 'continue', job.attempt), singletonKey: tenantId });
        return;
      }
      const next = await deps.store.nextDueAt(tenantId);
      if (!next) return;
      const second = Math.ceil(next.getTime() / 1000);
      const delayMs = Math.max(0, next.getTime() - deps.clock.now().getTime());
      await deps.runner.send(DELIVER, { tenantId }, { key: deliverKey(tenantId, 'at', String(second)), singletonKey: tenantId, delayMs });
    },
  };
}

/** A sender job that threw on every retry (the database was away…): its messages wait in the outbox for the next one. */
export function deadDeliverHandler(deps: Pick<DeliverJobDeps, 'runner' | 'logger'>): JobHandler<DeliverPayload> {
  return {
    queue: DELIVER_FAILED,
    payload: deliverPayload,
    concurrency: 1,
    async run(job) {
      deps.logger.error({ tenantId: job.data.tenantId }, 'a delivery job failed on every retry; a new sender takes its messages over');
      await deps.runner.send(DELIVER, { tenantId: job.data.tenantId }, { key: deliverKey(job.data.tenantId, 'continue', job.id), singletonKey: job.data.tenantId, delayMs: 60_000 });
    },
  };
}

/** At start: every tenant with messages waiting gets a sender (a crash may have lost its job with the instance). */
export async function resumeDelivery(deps: Pick<DeliverJobDeps, 'store' | 'runner'>, startId: string): Promise<number> {
  let sent = 0;
  for (const tenantId of await deps.store.tenantsWithWork()) {
    if (await deps.runner.send(DELIVER, { tenantId }, { key: deliverKey(tenantId, 'start', startId), singletonKey: tenantId })) sent += 1;
  }
  return sent;
}

/** A message given up after every attempt (the organiser's report shows it): said once, loudly, for operators. */
export function deliveryDeadLetterHandler(deps: Pick<DeliverJobDeps, 'logger'>): JobHandler<z.infer<typeof deadLetterPayload>> {
  return {
    queue: DELIVERY_DEAD_LETTERS,
    payload: deadLetterPayload,
    concurrency: 1,
    async run(job) {
      // Ids and Teams' answer only: never the message's content (it may carry someone's answers).
      deps.logger.error({ messageId: job.data.messageId, key: job.data.key, error: job.data.error }, 'a proactive message was given up after every attempt');
      await job.complete();
    },
  };
}

export interface OutboxPurgeDeps {
  readonly store: Pick<OutboxStore, 'purgeSettled'>;
  readonly runner: Pick<JobRunner, 'send'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly retentionDays: number;
}

/** Deleted per statement, so the purge never holds many rows at once; a day's round runs until none is left. */
export const PURGE_BATCH = 5_000;
/** The purge runs daily at this UTC hour (3:00 or 4:00 in Montréal, when nothing else happens). */
const PURGE_HOUR_UTC = 8;

/** The next daily purge (today's, if its hour has not come): sent at every start, refused when it exists. */
export async function scheduleOutboxPurge(deps: Pick<OutboxPurgeDeps, 'runner' | 'clock'>): Promise<void> {
  const { day, delayMs } = nextDailyRun(deps.clock.now(), PURGE_HOUR_UTC);
  await deps.runner.send(OUTBOX_PURGE, { day }, { key: `${OUTBOX_PURGE}/${day}`, delayMs });
}

/** Settled messages older than the retention go, batch by batch; then tomorrow's purge is scheduled. */
export function outboxPurgeHandler(deps: OutboxPurgeDeps): JobHandler<z.infer<typeof outboxPurgePayload>> {
  return {
    queue: OUTBOX_PURGE,
    payload: outboxPurgePayload,
    concurrency: 1,
    periodic: true,
    async run(job) {
      const before = new Date(deps.clock.now().getTime() - deps.retentionDays * 86_400_000);
      let purged = 0;
      for (;;) {
        const deleted = await deps.store.purgeSettled(before, PURGE_BATCH);
        purged += deleted;
        if (deleted < PURGE_BATCH) break;
      }
      deps.logger.info({ day: job.data.day, purged, before: before.toISOString() }, 'settled outbox messages deleted');
      await scheduleOutboxPurge(deps);
      await job.complete();
    },
  };
}
