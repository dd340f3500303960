import type { Clock } from '../domain/clock';
import type { NewDeliveryReport, Outbox, OutboxEntry } from '../domain/delivery/outbox';
import type { OutboxStore } from '../domain/delivery/outbox-store';
import type { Transaction } from '../domain/provisioning-ports';
import type { JobRunner } from './job-runner';
import { DELIVER, deliverKey } from './queues';

/**
 * The outbox as the rest of the app writes to it: the rows, and a sender job for each tenant concerned,
 * in the caller's transaction. The sender queue is a singleton per tenant: the job waits while that
 * tenant's sender runs, and the running one sees the new rows anyway.
 */
export class QueuedOutbox implements Outbox {
  constructor(
    private readonly store: OutboxStore,
    private readonly runner: Pick<JobRunner, 'send'>,
    private readonly clock: Clock,
  ) {}

  async enqueue(tx: Transaction, entries: readonly OutboxEntry[], report?: NewDeliveryReport): Promise<number> {
    const added = await this.store.insert(tx, entries, report, this.clock.now());
    if (added === 0) return 0;
    for (const tenantId of new Set(entries.map((e) => e.tenantId))) {
      const first = entries.find((e) => e.tenantId === tenantId)?.key ?? '';
      await this.runner.send(DELIVER, { tenantId }, { key: deliverKey(tenantId, 'after', first), singletonKey: tenantId, tx });
    }
    return added;
  }
}
