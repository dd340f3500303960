import { z } from 'zod';
import type { Logger } from 'pino';
import type { Queue } from 'pg-boss';
import type { Clock } from '../domain/clock';
import { type QueueSettings, retriedQueueOptions } from './queues';
import type { JobHandler, JobRunner } from './job-runner';

/**
 * Recording discovery (application/recording-discovery.ts) on pg-boss: one round per hour slot, each job's
 * id a UUID v5 of its slot (`recording_discovery/2025-03-13T14`), so every instance scheduling the next
 * round at start-up or after a round makes one job, not one each.
 */
export const RECORDING_DISCOVERY = 'recording_discovery';
export const RECORDING_DISCOVERY_FAILED = 'recording_discovery_failed';

export const discoveryPayload = z.object({ slot: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}$/) });
export const discoveryJobKey = (slot: string): string => `${RECORDING_DISCOVERY}/${slot}`;

/** Minutes past the hour a round runs (off the hour, when the daily routines and reminders cluster). */
const ROUND_MINUTE = 17;

export function recordingQueueDefinitions(settings: QueueSettings): { readonly name: string; readonly options: Omit<Queue, 'name'> }[] {
  const kept = settings.retentionDays * 86_400;
  return [
    { name: RECORDING_DISCOVERY_FAILED, options: { deleteAfterSeconds: kept, retentionSeconds: kept, expireInSeconds: settings.expireInSeconds } },
    { name: RECORDING_DISCOVERY, options: { ...retriedQueueOptions(settings), deadLetter: RECORDING_DISCOVERY_FAILED } },
  ];
}

export class QueuedRecordingJobs {
  constructor(
    private readonly runner: Pick<JobRunner, 'send'>,
    private readonly clock: Clock,
  ) {}

  /** The next round (this hour's, if its minute has not come): sent again at every start, refused when it exists. */
  async scheduleNextRound(): Promise<void> {
    const now = this.clock.now();
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), now.getUTCHours(), ROUND_MINUTE));
    if (next.getTime() <= now.getTime()) next.setUTCHours(next.getUTCHours() + 1);
    const slot = next.toISOString().slice(0, 13);
    await this.runner.send(RECORDING_DISCOVERY, { slot }, { key: discoveryJobKey(slot), delayMs: next.getTime() - now.getTime() });
  }
}

export interface RecordingJobHandlers {
  readonly discover: () => Promise<{ found: number; proposed: number; refused: number }>;
  readonly nextRound: () => Promise<void>;
  readonly logger: Logger;
}

export function recordingJobHandlers(h: RecordingJobHandlers): JobHandler<unknown>[] {
  const discovery: JobHandler<z.infer<typeof discoveryPayload>> = {
    queue: RECORDING_DISCOVERY,
    payload: discoveryPayload,
    concurrency: 1,
    periodic: true,
    async run(job) {
      const round = await h.discover();
      h.logger.debug({ slot: job.data.slot, ...round }, 'recording discovery round ran');
      await h.nextRound();
      await job.complete();
    },
  };
  return [discovery] as JobHandler<unknown>[];
}
