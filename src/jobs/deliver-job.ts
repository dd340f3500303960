import type { Logger } from 'pino';
import type { Clock } from '../domain/clock';
import type { OutboxStore } from '../domain/delivery/outbox-store';
import type { JobHandler, JobRunner } from './job-runner';
import type { OutboxSender } from './outbox-sender';
import { DELIVER, DELIVER_FAILED, type DeliverPayload, deliverKey, deliverPayload } from './queues';

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
