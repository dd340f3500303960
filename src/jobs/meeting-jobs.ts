import { z } from 'zod';
import type { Logger } from 'pino';
import type { Queue } from 'pg-boss';
import type { Clock } from '../domain/clock';
import type { Transaction } from '../domain/provisioning-ports';
import type { MeetingRecord } from '../domain/meetings/meeting';
import type { MeetingJobs, ReminderRow } from '../domain/meetings/meeting-ports';
import { nextDailyRun } from './daily-schedule';
import { type QueueSettings, retriedQueueOptions } from './queues';
import type { JobHandler, JobRunner } from './job-runner';

/**
 * The pg-boss queues of meetings. Every job id is a UUID v5 of a business key (jobIdFor): the reminder of
 * a meeting version and offset, the Teams meeting of a version, the purge of a meeting's end, the
 * routine of a day. Sending the same work twice is refused; moving a meeting gives its reminders new keys
 * (its version), and the old jobs find their rows cancelled.
 */
export const MEETING_REMINDER = 'meeting_reminder';
export const ONLINE_MEETING = 'online_meeting';
export const DIETARY_PURGE = 'dietary_purge';
/** Once a day: the dietary sweep and the yearly rule. */
export const MEETING_ROUTINES = 'meeting_routines';
export const MEETING_JOBS_FAILED = 'meeting_jobs_failed';

const id = z.string().regex(/^\d{1,18}$/);
export const reminderPayload = z.object({ meetingId: id, version: z.number().int().min(1), offset: z.string().regex(/^\d{1,3}[dhm]$/) });
export const onlineMeetingPayload = z.object({ meetingId: id, version: z.number().int().min(1) });
export const purgePayload = z.object({ meetingId: id });
export const routinesPayload = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

export const reminderJobKey = (meetingId: string, version: number, offset: string, generation: number): string =>
  `${MEETING_REMINDER}/${meetingId}/${version}/${offset}/${generation}`;
export const onlineMeetingJobKey = (meetingId: string, version: number, status: string): string => `${ONLINE_MEETING}/${meetingId}/${version}/${status}`;
export const routinesJobKey = (day: string): string => `${MEETING_ROUTINES}/${day}`;

/** The routine runs daily at this UTC hour (8:00 or 9:00 in Montréal). */
const ROUTINE_HOUR_UTC = 13;

export function meetingQueueDefinitions(settings: QueueSettings): { readonly name: string; readonly options: Omit<Queue, 'name'> }[] {
  const kept = settings.retentionDays * 86_400;
  const retried = {
    ...retriedQueueOptions(settings),
    // Kept as long as a meeting can be planned ahead: a reminder's id keeps refusing a second send.
    deleteAfterSeconds: Math.max(kept, 400 * 86_400),
    deadLetter: MEETING_JOBS_FAILED,
  };
  return [
    { name: MEETING_JOBS_FAILED, options: { deleteAfterSeconds: kept, retentionSeconds: kept, expireInSeconds: settings.expireInSeconds } },
    { name: MEETING_REMINDER, options: { ...retried, retentionSeconds: 400 * 86_400 } },
    { name: ONLINE_MEETING, options: { ...retried, policy: 'singleton' } },
    { name: DIETARY_PURGE, options: { ...retried, retentionSeconds: 400 * 86_400 } },
    { name: MEETING_ROUTINES, options: retried },
  ];
}

/** MeetingJobs on pg-boss: each job sent in the caller's transaction, so it exists exactly when the change does. */
export class QueuedMeetingJobs implements MeetingJobs {
  constructor(
    private readonly runner: Pick<JobRunner, 'send'>,
    private readonly clock: Clock,
  ) {}

  async scheduleReminders(tx: Transaction | undefined, reminders: readonly ReminderRow[]): Promise<void> {
    for (const r of reminders) {
      await this.runner.send(
        MEETING_REMINDER,
        { meetingId: r.meetingId, version: r.version, offset: r.offset },
        { key: reminderJobKey(r.meetingId, r.version, r.offset, r.generation), delayMs: this.delayUntil(r.dueAt), ...(tx ? { tx } : {}) },
      );
    }
  }

  async syncOnlineMeeting(tx: Transaction, meeting: MeetingRecord): Promise<void> {
    await this.runner.send(
      ONLINE_MEETING,
      { meetingId: meeting.id, version: meeting.version },
      { key: onlineMeetingJobKey(meeting.id, meeting.version, meeting.status), singletonKey: meeting.id, tx },
    );
  }

  async schedulePurge(tx: Transaction, meeting: MeetingRecord, at: Date): Promise<void> {
    await this.runner.send(DIETARY_PURGE, { meetingId: meeting.id }, { key: `${DIETARY_PURGE}/${meeting.id}/${at.toISOString()}`, delayMs: this.delayUntil(at), tx });
  }

  /** The next daily routine (and today's, if its hour has not come): sent again at every start, refused when it exists. */
  async scheduleRoutines(): Promise<void> {
    const { day, delayMs } = nextDailyRun(this.clock.now(), ROUTINE_HOUR_UTC);
    await this.runner.send(MEETING_ROUTINES, { day }, { key: routinesJobKey(day), delayMs });
  }

  private delayUntil(at: Date): number {
    return Math.max(0, at.getTime() - this.clock.now().getTime());
  }
}

export interface MeetingJobHandlers {
  readonly reminder: (meetingId: string, version: number, offset: string) => Promise<string>;
  readonly online: (meetingId: string, version: number) => Promise<void>;
  readonly purge: () => Promise<number>;
  readonly routines: () => Promise<{ purged: number; reminded: number }>;
  readonly nextRoutines: () => Promise<void>;
  readonly logger: Logger;
}

export function meetingJobHandlers(h: MeetingJobHandlers): JobHandler<unknown>[] {
  const reminder: JobHandler<z.infer<typeof reminderPayload>> = {
    queue: MEETING_REMINDER,
    payload: reminderPayload,
    async run(job) {
      const result = await h.reminder(job.data.meetingId, job.data.version, job.data.offset);
      // A job run before its time (clocks apart between instances) fails, to be retried with back-off.
      if (result === 'not_due') throw new Error('reminder not due yet');
      await job.complete();
    },
  };
  const online: JobHandler<z.infer<typeof onlineMeetingPayload>> = {
    queue: ONLINE_MEETING,
    payload: onlineMeetingPayload,
    async run(job) {
      await h.online(job.data.meetingId, job.data.version);
      await job.complete();
    },
  };
  const purge: JobHandler<z.infer<typeof purgePayload>> = {
    queue: DIETARY_PURGE,
    payload: purgePayload,
    async run(job) {
      const purged = await h.purge();
      if (purged > 0) h.logger.info({ meetings: purged }, 'dietary answers deleted');
      await job.complete();
    },
  };
  const routines: JobHandler<z.infer<typeof routinesPayload>> = {
    queue: MEETING_ROUTINES,
    payload: routinesPayload,
    concurrency: 1,
    periodic: true,
    async run(job) {
      const done = await h.routines();
      h.logger.info({ day: job.data.day, ...done }, 'daily meeting routines ran');
      await h.nextRoutines();
      await job.complete();
    },
  };
  return [reminder, online, purge, routines, deadMeetingJobs(h)] as JobHandler<unknown>[];
}

/** A meeting job's payload, whichever queue it died in (most specific first: objects keep only their keys). */
const deadMeetingPayload = z.union([reminderPayload, onlineMeetingPayload, purgePayload, routinesPayload]);

/**
 * Meeting jobs that failed on every retry. The daily routine's chain would stop with it (each run schedules
 * the next): the next one is scheduled here. A dietary purge is swept again by every daily routine, so
 * nothing stays past its date for long; a late reminder is not worth sending; a Teams meeting that could not
 * be made shows on the organiser's card. Each is logged for operators, ids only.
 */
function deadMeetingJobs(h: MeetingJobHandlers): JobHandler<z.infer<typeof deadMeetingPayload>> {
  return {
    queue: MEETING_JOBS_FAILED,
    payload: deadMeetingPayload,
    concurrency: 1,
    async run(job) {
      const data = job.data;
      if ('day' in data) {
        h.logger.error({ day: data.day }, 'the daily meeting routines failed on every retry; the next ones are scheduled');
        await h.nextRoutines();
      } else if ('offset' in data) {
        h.logger.error({ meetingId: data.meetingId, version: data.version, offset: data.offset }, 'a meeting reminder failed on every retry; it is not sent late');
      } else if ('version' in data) {
        h.logger.error({ meetingId: data.meetingId, version: data.version }, "a meeting's Teams meeting could not be synchronised on any retry");
      } else {
        h.logger.error({ meetingId: data.meetingId }, 'a dietary purge failed on every retry; the daily routine sweeps it again');
      }
      await job.complete();
    },
  };
}
