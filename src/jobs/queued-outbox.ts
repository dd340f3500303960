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
    const now = this.clock.now().getTime();
    for (const tenantId of new Set(entries.map((e) => e.tenantId))) {
      const mine = entries.filter((e) => e.tenantId === tenantId);
      const later = mine.every((e) => e.notBefore !== undefined && e.notBefore.getTime() > now);
      if (later) {
        // Held back (gathered updates): the sender is asked for when they are due; one job per moment.
        const at = Math.min(...mine.map((e) => e.notBefore?.getTime() ?? now));
        await this.runner.send(DELIVER, { tenantId }, { key: deliverKey(tenantId, 'at', new Date(at).toISOString()), delayMs: at - now, singletonKey: tenantId, tx });
        continue;
      }
      await this.runner.send(DELIVER, { tenantId }, { key: deliverKey(tenantId, 'after', mine[0]?.key ?? ''), singletonKey: tenantId, tx });
    }
    return added;
  }
}
