import { type Clock as BossClock, PgBoss, type Queue } from 'pg-boss';
import type { Logger } from 'pino';
import type { ZodType } from 'zod';
import type { Transaction } from '../domain/provisioning-ports';
import { jobIdFor } from './job-ids';

/** Where pg-boss runs its statements: the app's pool (storage/job-database.ts makes one), in pg-boss's `db` shape. */
export interface JobDatabase {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  setSessionStatements?(statements: string[]): Promise<void>;
}

/** How the queues behave; from configuration (JOB_* variables). */
export interface JobSettings {
  /** How long an idle worker waits before looking for work again. */
  readonly pollingIntervalSeconds: number;
  /** A running job whose worker has not sent a heartbeat for this long is retried elsewhere (pg-boss minimum 10). */
  readonly heartbeatSeconds: number;
  /** How long a job may run at most, heartbeats or not. */
  readonly expireInSeconds: number;
  /** How often pg-boss looks for dead workers' jobs and does its maintenance. */
  readonly superviseIntervalSeconds: number;
  /** How long finished jobs are kept: as long as they are kept, the same job id cannot be sent again. */
  readonly retentionDays: number;
  /** Jobs a worker runs at once, per queue. */
  readonly concurrency: number;
  /** Retries of a job that throws, with exponential back-off, before it goes to its dead-letter queue. */
  readonly retryLimit: number;
}

/** A job being run: its validated payload and the attempt it is. */
export interface RunningJob<D> {
  readonly id: string;
  readonly data: D;
  readonly retryCount: number;
  /** Names this attempt of this job: a later attempt of the same job (after a crash) has another. */
  readonly attempt: string;
  /** Completes this attempt, inside `tx` when its completion belongs with other writes. */
  complete(tx?: Transaction): Promise<void>;
}

/** Runs one queue's jobs. Throwing fails the attempt: pg-boss retries it, then dead-letters it. */
export interface JobHandler<D> {
  readonly queue: string;
  readonly payload: ZodType<D>;
  /** Jobs run at once per instance, when not JOB_CONCURRENCY (a rare queue needs no more than one poller). */
  readonly concurrency?: number;
  /** A queue whose every run schedules the next (a daily routine): never "idle", so nextDueAt leaves it out. */
  readonly periodic?: boolean;
  run(job: RunningJob<D>): Promise<void>;
}

export interface QueueDefinition {
  readonly name: string;
  readonly options: Omit<Queue, 'name'>;
}

export interface SendRequest {
  /** The business key the job id is derived from (jobIdFor). */
  readonly key: string;
  readonly delayMs?: number;
  readonly singletonKey?: string;
  /** Sent in this transaction: committed with it, or not at all. */
  readonly tx?: Transaction;
}

export interface JobRunnerOptions {
  /** pg-boss's clock: tests pass its TestClock, which moves the database's time for pg-boss too. */
  readonly clock?: BossClock;
  /** Expiry of dead workers' jobs and maintenance; off where nothing runs jobs (command tests). */
  readonly supervise: boolean;
}

const SCHEMA = 'pgboss';
/** How long stopping waits for running jobs (a delivery slice's requests in flight time out in 10 s). */
const STOP_TIMEOUT_MS = 15_000;

/**
 * pg-boss, on the app's own database pool, with this app's queues. Workers poll in production;
 * tests and benchmarks can instead run whatever is due, one job at a time, until nothing is
 * (workUntilIdle), through the same handlers and the same settlement.
 */
export class JobRunner {
  private readonly boss: PgBoss;
  private readonly handlers = new Map<string, JobHandler<unknown>>();
  private started = false;
  private working = false;

  constructor(
    private readonly db: JobDatabase,
    private readonly queues: readonly QueueDefinition[],
    private readonly settings: JobSettings,
    private readonly logger: Logger,
    options: JobRunnerOptions,
  ) {
    this.boss = new PgBoss({
      db,
      schema: SCHEMA,
      ...(options.clock ? { clock: options.clock } : {}),
      supervise: options.supervise,
      // Nothing is scheduled with cron yet; the timekeeper would only poll for nothing.
      schedule: false,
      superviseIntervalSeconds: settings.superviseIntervalSeconds,
      monitorIntervalSeconds: settings.superviseIntervalSeconds,
    });
    this.boss.on('error', (error) => this.logger.error({ err: error }, 'pg-boss error'));
    this.boss.on('warning', (warning) => this.logger.warn({ warning }, 'pg-boss warning'));
  }

  register<D>(handler: JobHandler<D>): void {
    this.handlers.set(handler.queue, handler);
  }

  /** Installs or migrates pg-boss's schema and the queues (dead-letter queues first). */
  async start(): Promise<void> {
    await this.boss.start();
    this.started = true;
    for (const queue of this.queues) {
      await this.boss.createQueue(queue.name, queue.options);
      // createQueue leaves an existing queue as it was: settings changed since are applied here.
      const { policy: _policy, partition: _partition, ...changeable } = queue.options;
      await this.boss.updateQueue(queue.name, changeable);
    }
  }

  /** Starts polling every registered queue. */
  async startWorkers(): Promise<void> {
    if (this.working) return;
    this.working = true;
    for (const handler of this.handlers.values()) {
      await this.boss.work(
        handler.queue,
        {
          batchSize: 1,
          localConcurrency: handler.concurrency ?? this.settings.concurrency,
          pollingIntervalSeconds: this.settings.pollingIntervalSeconds,
          // Many heartbeats per allowed gap: one slow statement does not make a live job look dead, and a
          // dead instance's last heartbeat is at most a second old when it dies.
          heartbeatRefreshSeconds: Math.max(1, Math.floor(this.settings.heartbeatSeconds / 10)),
        },
        async ([job]) => {
          if (job) await this.execute(handler, job);
        },
      );
    }
  }

  /** True when pg-boss stored it; false when a job with that id exists already (sent before, and kept). */
  async send(queue: string, data: object, request: SendRequest): Promise<boolean> {
    const id = await this.boss.send(queue, data, {
      id: jobIdFor(request.key),
      ...(request.delayMs ? { startAfter: Math.ceil(request.delayMs / 1000) } : {}),
      ...(request.singletonKey ? { singletonKey: request.singletonKey } : {}),
      ...(request.tx ? { db: request.tx } : {}),
    });
    return id !== null;
  }

  /**
   * Runs due jobs one at a time until none is due; returns how many ran. Deterministic: no polling,
   * no timers. A job that throws is failed as a worker would fail it (retried later, then dead-lettered).
   */
  async workUntilIdle(): Promise<number> {
    let runs = 0;
    for (let found = true; found; ) {
      found = false;
      for (const handler of this.handlers.values()) {
        const [job] = await this.boss.fetch<unknown>(handler.queue);
        if (!job) continue;
        found = true;
        runs += 1;
        try {
          await this.execute(handler, job);
        } catch (error) {
          await this.boss.fail(handler.queue, { id: job.id, retryCount: job.retryCount }, { message: error instanceof Error ? error.message : String(error) });
        }
      }
    }
    return runs;
  }

  /** The jobs waiting to run (queued or to be retried), oldest first, per queue: what an operator would look at. */
  async waiting(): Promise<{ queue: string; data: unknown }[]> {
    const waiting: { queue: string; data: unknown }[] = [];
    for (const queue of this.handlers.keys()) {
      for (const job of await this.boss.findJobs(queue, { queued: true })) waiting.push({ queue, data: job.data });
    }
    return waiting;
  }

  /** Whether a job of this queue whose payload contains `data` is queued, running or waiting for a retry. */
  async hasUnfinished(queue: string, data: Record<string, string>): Promise<boolean> {
    const { rows } = await this.db.executeSql(
      `SELECT 1 FROM ${SCHEMA}.job WHERE name = $1 AND state IN ('created', 'retry', 'active') AND data @> $2::jsonb LIMIT 1`,
      [queue, JSON.stringify(data)],
    );
    return rows.length > 0;
  }

  /**
   * Cancels the unfinished jobs of this queue whose payload contains `data` (an operator stopping work
   * that is no longer wanted). Cancelled jobs keep their ids, so the same work is still not sent twice.
   */
  async cancelUnfinished(queue: string, data: Record<string, string>): Promise<number> {
    const { rows } = await this.db.executeSql(
      `SELECT id FROM ${SCHEMA}.job WHERE name = $1 AND state IN ('created', 'retry', 'active') AND data @> $2::jsonb`,
      [queue, JSON.stringify(data)],
    );
    const ids = (rows as { id: string }[]).map((row) => row.id);
    if (ids.length > 0) await this.boss.cancel(queue, ids);
    return ids.length;
  }

  /** When the next waiting job of these queues becomes due (pg-boss's own clock), if any is waiting. */
  async nextDueAt(): Promise<Date | undefined> {
    // A periodic queue always has its next run waiting: counting it, "run until nothing is due" never ends.
    const queues = [...this.handlers.values()].filter((h) => !h.periodic).map((h) => h.queue);
    const { rows } = await this.db.executeSql(
      `SELECT min(start_after) AS next FROM ${SCHEMA}.job WHERE name = ANY($1::text[]) AND state IN ('created', 'retry')`,
      [queues],
    );
    const next = (rows[0] as { next: Date | null } | undefined)?.next;
    return next ? new Date(next) : undefined;
  }

  /** Forgets every job of every queue: for tests that reuse one database, and for an operator starting afresh. */
  async deleteAllJobs(): Promise<void> {
    await this.boss.deleteAllJobs();
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.working = false;
    // Not closing: the pool is the app's, closed by the app after this.
    await this.boss.stop({ graceful: true, close: false, timeout: STOP_TIMEOUT_MS });
  }

  private async execute(handler: JobHandler<unknown>, job: { id: string; data: unknown; retryCount: number }): Promise<void> {
    const parsed = handler.payload.safeParse(job.data);
    if (!parsed.success) throw new Error(`invalid ${handler.queue} payload: ${parsed.error.message}`);
    let completed = false;
    const running = handler.run({
      id: job.id,
      data: parsed.data,
      retryCount: job.retryCount,
      attempt: `${job.id}#${job.retryCount}`,
      complete: async (tx) => {
        await this.boss.complete(handler.queue, { id: job.id, retryCount: job.retryCount }, null, tx ? { db: tx } : {});
        completed = true;
      },
    });
    try {
      await running;
    } catch (error) {
      this.logger.error({ err: error, queue: handler.queue, jobId: job.id, retryCount: job.retryCount }, 'job failed; pg-boss retries it, then dead-letters it');
      throw error;
    }
    if (!completed) await this.boss.complete(handler.queue, { id: job.id, retryCount: job.retryCount });
  }
}
