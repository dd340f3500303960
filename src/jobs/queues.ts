import { z } from 'zod';
import type { Queue } from 'pg-boss';

/**
 * The pg-boss queues and what their jobs carry. Payloads are validated with these schemas when a job is
 * run: a job row is data from the database, not a value the compiler has seen.
 */

export const PROVISION_TEAM = 'provision_team';
export const PROVISION_TEAM_FAILED = 'provision_team_failed';
export const ARCHIVE_TEAM = 'archive_team';
export const ARCHIVE_TEAM_FAILED = 'archive_team_failed';

/** The progress card's key: one per community, whatever the number of jobs its provisioning takes. */
export const provisioningReference = (communityId: string): string => `${PROVISION_TEAM}:${communityId}`;
export const archivingReference = (communityId: string): string => `${ARCHIVE_TEAM}:${communityId}`;

/** Advance community N's provisioning, as its run R (team_provisionings.run). */
export const provisionTeamPayload = z.object({ communityId: z.string().regex(/^\d+$/), run: z.number().int().min(1) });
export type ProvisionTeamPayload = z.infer<typeof provisionTeamPayload>;

export const archiveTeamPayload = z.object({
  communityId: z.string().regex(/^\d+$/),
  teamId: z.string().min(1),
  /** The archive operation to poll, once Graph accepted the request. */
  operation: z.string().min(1).optional(),
  /** How many jobs this archiving handed over to (operation polls and waits after throttling). */
  polls: z.number().int().min(0).optional(),
});
export type ArchiveTeamPayload = z.infer<typeof archiveTeamPayload>;

/** A dead-lettered job keeps the payload of the job that ran out of retries. */
export const deadProvisioningPayload = provisionTeamPayload;

/** Business keys of the job ids: a job for the same work is sent at most once (jobIdFor). */
export const provisioningJobKey = (communityId: string, run: number): string => `${PROVISION_TEAM}/${communityId}/${run}`;
export const archivingJobKey = (payload: ArchiveTeamPayload): string => `${ARCHIVE_TEAM}/${payload.communityId}/${payload.teamId}/${payload.polls ?? 0}`;

export interface QueueSettings {
  readonly heartbeatSeconds: number;
  readonly expireInSeconds: number;
  readonly retentionDays: number;
  readonly retryLimit: number;
}

/**
 * The queues, dead-letter queues first (a queue can only name one that exists). Completed jobs are kept
 * `retentionDays`: while kept, their ids refuse a second send of the same work. Dead-lettered jobs wait
 * as long for someone to look at them (README, "Background jobs").
 */
/** Work that is retried: 1 s, then doubling (with jitter) up to 10 minutes; a job killed with its process is retried at once. */
export function retriedQueueOptions(settings: QueueSettings) {
  return {
    retryLimit: settings.retryLimit,
    retryDelay: 1,
    retryBackoff: true,
    retryDelayMax: 600,
    expireInSeconds: settings.expireInSeconds,
    heartbeatSeconds: settings.heartbeatSeconds,
    deleteAfterSeconds: settings.retentionDays * 86_400,
  } satisfies Omit<Queue, 'name'>;
}

export function queueDefinitions(settings: QueueSettings): { readonly name: string; readonly options: Omit<Queue, 'name'> }[] {
  const kept = settings.retentionDays * 86_400;
  const retried = retriedQueueOptions(settings);
  const deadLetters = { deleteAfterSeconds: kept, retentionSeconds: kept, expireInSeconds: settings.expireInSeconds };
  return [
    { name: PROVISION_TEAM_FAILED, options: deadLetters },
    // One active job per community (singletonKey): two instances never run one community's provisioning at once.
    { name: PROVISION_TEAM, options: { ...retried, policy: 'singleton', deadLetter: PROVISION_TEAM_FAILED } },
    { name: ARCHIVE_TEAM_FAILED, options: deadLetters },
    { name: ARCHIVE_TEAM, options: { ...retried, deadLetter: ARCHIVE_TEAM_FAILED } },
  ];
}

/** The one sender of proactive messages per tenant (jobs/deliver-job.ts), and where its dead jobs go. */
export const DELIVER = 'deliver';
export const DELIVER_FAILED = 'deliver_failed';
/** Messages given up after every attempt, one job each, for operators (the report shows them too). */
export const DELIVERY_DEAD_LETTERS = 'delivery_dead_letters';
/** Once a day: settled messages older than OUTBOX_RETENTION_DAYS are deleted. */
export const OUTBOX_PURGE = 'outbox_purge';
export const outboxPurgePayload = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });
export const deadLetterPayload = z.object({ messageId: z.string().min(1), key: z.string(), error: z.string() });

export const deliverPayload = z.object({ tenantId: z.string().min(1) });
export type DeliverPayload = z.infer<typeof deliverPayload>;

/** Why a sender job exists: new messages (after the first new key), a retry due at a second, a slice's continuation, a start. */
export const deliverKey = (tenantId: string, why: 'after' | 'at' | 'continue' | 'start', what: string): string => `${DELIVER}/${tenantId}/${why}/${what}`;

export function deliveryQueueDefinitions(settings: QueueSettings): { readonly name: string; readonly options: Omit<Queue, 'name'> }[] {
  const kept = settings.retentionDays * 86_400;
  return [
    { name: DELIVER_FAILED, options: { deleteAfterSeconds: kept, retentionSeconds: kept, expireInSeconds: settings.expireInSeconds } },
    {
      name: DELIVER,
      options: {
        // One sender per tenant across instances: its token bucket is the tenant's (README, "Delivery").
        policy: 'singleton',
        retryLimit: settings.retryLimit,
        retryDelay: 1,
        retryBackoff: true,
        retryDelayMax: 60,
        expireInSeconds: settings.expireInSeconds,
        heartbeatSeconds: settings.heartbeatSeconds,
        // Sender jobs carry no work of their own (the outbox does): a day is plenty to dedupe their ids.
        deleteAfterSeconds: 86_400,
        deadLetter: DELIVER_FAILED,
      },
    },
    { name: DELIVERY_DEAD_LETTERS, options: { deleteAfterSeconds: kept, retentionSeconds: kept, expireInSeconds: settings.expireInSeconds } },
    { name: OUTBOX_PURGE, options: { ...retriedQueueOptions(settings), deleteAfterSeconds: kept } },
  ];
}
