import type { Transaction } from '../domain/provisioning-ports';

type Run = <T>(work: (tx: Transaction) => Promise<T>) => Promise<T>;

interface Waiting {
  readonly work: (tx: Transaction) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** A shared transaction holds its lock for at most this many works; the next ones wait for the next. */
export const MAX_GROUP = 16;

/**
 * Group commit by key: while a transaction runs for a key, the works that arrive for that key wait,
 * then all run in the next transaction, one after another in arrival order. Under a rush this is one
 * BEGIN, one lock wait and one COMMIT for up to MAX_GROUP works instead of one each, and it keeps works of
 * one key from taking every connection of the pool only to queue on the same row lock.
 * One instance's grouping changes nothing to correctness: the works still take their locks in SQL.
 */
export class GroupedTransactions {
  private readonly queues = new Map<string, Waiting[]>();

  constructor(private readonly run: Run) {}

  runTogether<T>(key: string, work: (tx: Transaction) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiting: Waiting = { work, resolve: resolve as (value: unknown) => void, reject };
      const queue = this.queues.get(key);
      if (queue) {
        queue.push(waiting);
        return;
      }
      this.queues.set(key, [waiting]);
      void this.drain(key);
    });
  }

  /**
   * Runs the key's queue group by group until it is empty. A group is what has arrived by the time its
   * transaction begins. Before each, the event loop gets one turn (PostgreSQL's commit_delay, in a
   * way): the embedded database works on this thread and answers at once, so a request would
   * otherwise run from its HTTP body to its COMMIT before the next request is even read, and no group
   * would ever form. On a busy pool the wait for a connection gathers more.
   */
  private async drain(key: string): Promise<void> {
    const queue = this.queues.get(key) ?? [];
    while (queue.length > 0) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      let group: Waiting[] = [];
      let results: unknown[] = [];
      try {
        results = await this.run(async (tx) => {
          group = queue.splice(0, MAX_GROUP);
          const done: unknown[] = [];
          for (const waiting of group) done.push(await waiting.work(tx));
          return done;
        });
      } catch {
        // The shared transaction is gone: each of its works again, alone, so that only the one at fault
        // (if it fails again) hears of it. If it failed before it began, the first in line hears why.
        if (group.length === 0) group = queue.splice(0, 1);
        for (const waiting of group) await this.runAlone(waiting);
        continue;
      }
      group.forEach((waiting, i) => waiting.resolve(results[i]));
    }
    this.queues.delete(key);
  }

  private async runAlone(waiting: Waiting): Promise<void> {
    try {
      waiting.resolve(await this.run(waiting.work));
    } catch (error) {
      waiting.reject(error);
    }
  }
}
