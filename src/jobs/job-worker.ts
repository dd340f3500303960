import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../domain/ports';
import { type Job, LeaseLostError, type PgJobQueue } from './job-queue';

/** What a handler decides after running a job from its recorded step. */
export type JobOutcome =
  | { readonly status: 'succeeded'; readonly data: object }
  | { readonly status: 'failed'; readonly error: string; readonly data: object }
  | { readonly status: 'retry'; readonly error: string; readonly data: object; readonly delayMs: number };

export interface JobContext {
  readonly job: Job;
  /** Persists a finished step before the next one starts (and renews the lease). */
  saveStep(step: string, data: object): Promise<void>;
}

export interface JobHandler {
  readonly kind: string;
  run(context: JobContext): Promise<JobOutcome>;
}

export interface JobWorkerOptions {
  readonly pollIntervalMs?: number;
  readonly leaseMs?: number;
  /** Back-off after an unexpected exception, doubled per attempt up to maxRetryDelayMs. */
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  readonly workerId?: string;
}

/**
 * Runs due jobs one at a time: claim (atomic, leased) → handler → record the outcome. Several
 * instances can run workers on the same database; a crashed worker's job is taken over when its
 * lease expires and resumes from its last saved step.
 */
export class JobWorker {
  readonly workerId: string;
  private readonly handlers: Map<string, JobHandler>;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly queue: PgJobQueue,
    handlers: readonly JobHandler[],
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: JobWorkerOptions = {},
  ) {
    this.handlers = new Map(handlers.map((h) => [h.kind, h]));
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.retryDelayMs = options.retryDelayMs ?? 5_000;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 10 * 60_000;
    this.workerId = options.workerId ?? `worker-${randomUUID()}`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Asks the worker to look for work now instead of at the next poll. */
  nudge(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Claims and runs due jobs until none is left; returns how many ran. For tests and benchmarks. */
  async drain(): Promise<number> {
    let count = 0;
    while (await this.runOne()) count += 1;
    return count;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let ran = false;
      try {
        ran = await this.runOne();
      } catch (error) {
        this.logger.error({ err: error }, 'job worker could not claim a job');
      }
      if (!ran && this.running) await this.sleep(this.pollIntervalMs);
    }
  }

  private async runOne(): Promise<boolean> {
    const job = await this.queue.claim(this.workerId, [...this.handlers.keys()], this.clock.now(), this.leaseMs);
    if (!job) return false;
    const handler = this.handlers.get(job.kind);
    if (!handler) return true;
    const log = this.logger.child({ jobId: job.id, kind: job.kind, reference: job.reference });
    let current: Job = job;
    try {
      const outcome = await handler.run({
        job,
        saveStep: async (step, data) => {
          await this.queue.saveStep(current, this.workerId, step, data, this.clock.now(), this.leaseMs);
          current = { ...current, step, data: data as Record<string, unknown> };
        },
      });
      const now = this.clock.now();
      if (outcome.status === 'succeeded') await this.queue.succeed(current, this.workerId, outcome.data, now);
      else if (outcome.status === 'failed') {
        log.warn({ error: outcome.error }, 'job failed');
        await this.queue.fail(current, this.workerId, outcome.error, outcome.data, now);
      } else {
        await this.queue.retryLater(current, this.workerId, outcome.error, outcome.data, new Date(now.getTime() + outcome.delayMs), now);
      }
    } catch (error) {
      if (error instanceof LeaseLostError) {
        log.warn('lease lost: another worker took the job over');
        return true;
      }
      const delay = Math.min(this.maxRetryDelayMs, this.retryDelayMs * 2 ** Math.max(0, job.attempts - 1));
      log.error({ err: error, retryInMs: delay }, 'job threw; it will run again');
      const now = this.clock.now();
      await this.queue
        .retryLater(current, this.workerId, error instanceof Error ? error.message : String(error), current.data, new Date(now.getTime() + delay), now)
        .catch((e: unknown) => log.error({ err: e }, 'could not reschedule the job'));
    }
    return true;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
