import type { Pool } from 'pg';

export type JobState = 'pending' | 'running' | 'succeeded' | 'failed';

export interface Job<D = Record<string, unknown>> {
  readonly id: string;
  readonly kind: string;
  readonly reference: string;
  readonly state: JobState;
  readonly step: string;
  readonly data: D;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly runAfter: Date;
}

interface JobRow {
  id: string;
  kind: string;
  reference: string;
  state: JobState;
  step: string;
  data: Record<string, unknown>;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  run_after: Date;
}

const COLUMNS = 'id::text, kind, reference, state, step, data, attempts, last_error, created_at, run_after';

/** Thrown when a worker's lease was taken over (it was too slow, or presumed dead): it must stop. */
export class LeaseLostError extends Error {
  constructor(jobId: string) {
    super(`Lost the lease on job ${jobId}`);
    this.name = 'LeaseLostError';
  }
}

/**
 * The durable queue. Every write that follows a claim checks the lease (locked_by), so a worker that
 * lost its job can never overwrite the progress of the one that took it over.
 */
export class PgJobQueue {
  constructor(private readonly pool: Pool) {}

  /** Enqueues once per reference: the same reference returns the job already there, whatever its state. */
  async enqueue<D extends object>(kind: string, reference: string, data: D, runAfter = new Date()): Promise<{ job: Job<D>; created: boolean }> {
    const inserted = await this.pool.query<JobRow>(
      `INSERT INTO jobs (kind, reference, data, run_after) VALUES ($1, $2, $3, $4)
       ON CONFLICT (reference) DO NOTHING RETURNING ${COLUMNS}`,
      [kind, reference, JSON.stringify(data), runAfter],
    );
    if (inserted.rows[0]) return { job: toJob<D>(inserted.rows[0]), created: true };
    const existing = await this.findByReference<D>(reference);
    if (!existing) throw new Error(`Job ${reference} vanished while enqueuing`);
    return { job: existing, created: false };
  }

  /** Starts again a finished job under the same reference (e.g. a failed provisioning the organiser retries). */
  async restart(reference: string, at: Date): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE jobs SET state = 'pending', run_after = $2, last_error = NULL, attempts = 0, finished_at = NULL, updated_at = $2
        WHERE reference = $1 AND state = 'failed'`,
      [reference, at],
    );
    return rowCount === 1;
  }

  async findByReference<D = Record<string, unknown>>(reference: string): Promise<Job<D> | undefined> {
    const { rows } = await this.pool.query<JobRow>(`SELECT ${COLUMNS} FROM jobs WHERE reference = $1`, [reference]);
    return rows[0] && toJob<D>(rows[0]);
  }

  /**
   * Claims the next due job whose lease is free or expired. SKIP LOCKED lets several instances claim
   * at once without waiting on, or taking, each other's rows.
   */
  async claim(workerId: string, kinds: readonly string[], now: Date, leaseMs: number): Promise<Job | undefined> {
    const { rows } = await this.pool.query<JobRow>(
      `UPDATE jobs SET state = 'running', locked_by = $1, locked_until = $3::timestamptz + make_interval(secs => $4 / 1000.0),
              attempts = attempts + 1, updated_at = $3
        WHERE id = (
          SELECT id FROM jobs
           WHERE state IN ('pending', 'running') AND kind = ANY($2::text[]) AND run_after <= $3
             AND (locked_until IS NULL OR locked_until < $3)
           ORDER BY run_after, id
           FOR UPDATE SKIP LOCKED
           LIMIT 1)
        RETURNING ${COLUMNS}`,
      [workerId, kinds, now, leaseMs],
    );
    return rows[0] && toJob(rows[0]);
  }

  /** Records a finished step (and the data it produced) before the next one starts; extends the lease. */
  async saveStep(job: Job, workerId: string, step: string, data: object, now: Date, leaseMs: number): Promise<void> {
    await this.guarded(
      job,
      `UPDATE jobs SET step = $3, data = $4, locked_until = $5::timestamptz + make_interval(secs => $6 / 1000.0), updated_at = $5
        WHERE id = $1 AND locked_by = $2 AND state = 'running'`,
      [job.id, workerId, step, JSON.stringify(data), now, leaseMs],
    );
  }

  async succeed(job: Job, workerId: string, data: object, now: Date): Promise<void> {
    await this.guarded(
      job,
      `UPDATE jobs SET state = 'succeeded', step = 'done', data = $3, locked_by = NULL, locked_until = NULL,
              last_error = NULL, finished_at = $4, updated_at = $4
        WHERE id = $1 AND locked_by = $2 AND state = 'running'`,
      [job.id, workerId, JSON.stringify(data), now],
    );
  }

  /** A permanent failure: the job stops here and keeps its step, so a retry resumes there. */
  async fail(job: Job, workerId: string, error: string, data: object, now: Date): Promise<void> {
    await this.guarded(
      job,
      `UPDATE jobs SET state = 'failed', data = $4, last_error = $3, locked_by = NULL, locked_until = NULL,
              finished_at = $5, updated_at = $5
        WHERE id = $1 AND locked_by = $2 AND state = 'running'`,
      [job.id, workerId, error, JSON.stringify(data), now],
    );
  }

  /** A transient failure: release the job to run again after `runAfter`. */
  async retryLater(job: Job, workerId: string, error: string, data: object, runAfter: Date, now: Date): Promise<void> {
    await this.guarded(
      job,
      `UPDATE jobs SET state = 'pending', data = $4, last_error = $3, run_after = $5, locked_by = NULL, locked_until = NULL,
              updated_at = $6
        WHERE id = $1 AND locked_by = $2 AND state = 'running'`,
      [job.id, workerId, error, JSON.stringify(data), runAfter, now],
    );
  }

  private async guarded(job: Job, sql: string, params: unknown[]): Promise<void> {
    const { rowCount } = await this.pool.query(sql, params);
    if (rowCount !== 1) throw new LeaseLostError(job.id);
  }
}

function toJob<D>(r: JobRow): Job<D> {
  return {
    id: r.id,
    kind: r.kind,
    reference: r.reference,
    state: r.state,
    step: r.step,
    data: r.data as D,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: new Date(r.created_at),
    runAfter: new Date(r.run_after),
  };
}
