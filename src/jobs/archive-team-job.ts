import type { Transactions } from '../domain/provisioning-ports';
import { TeamsGraphFailure, type TeamsGraph } from '../domain/teams-graph';
import type { JobHandler, JobRunner, RunningJob } from './job-runner';
import { ARCHIVE_TEAM, type ArchiveTeamPayload, archiveTeamPayload, archivingJobKey } from './queues';

/** Between polls of the archive operation: quick at first, then Graph's own pace. */
const POLL_DELAYS_MS = [2_000, 5_000, 10_000, 30_000];
/** About half an hour of polls at most; an operation still running after that is reported, not polled forever. */
const MAX_POLLS = 60;

/**
 * Archives a community's Teams team (read-only for members). Archiving is a long-running operation in
 * Graph (202 + Location, reference/teams-graph-facts.md §1): the job records the operation in the job it
 * hands over to, due at the next poll, until the operation succeeds or fails. A failure is thrown, so
 * the job is retried and, in the end, dead-lettered rather than silently done. Archiving twice is
 * harmless in Graph, so a retry may start again from the request.
 */
export function archiveTeamHandler(graph: TeamsGraph, transactions: Transactions, runner: JobRunner): JobHandler<ArchiveTeamPayload> {
  const handOver = (job: RunningJob<ArchiveTeamPayload>, next: ArchiveTeamPayload, delayMs: number) =>
    transactions.run(async (tx) => {
      await runner.send(ARCHIVE_TEAM, next, { key: archivingJobKey(next), delayMs, tx });
      await job.complete(tx);
    });
  return {
    queue: ARCHIVE_TEAM,
    payload: archiveTeamPayload,
    async run(job) {
      let data = job.data;
      const polls = (data.polls ?? 0) + 1;
      try {
        if (!data.operation) data = { ...data, operation: (await graph.archiveTeam(data.teamId)).operation };
        const status = await graph.pollOperation(data.operation ?? '');
        if (status.status === 'succeeded') return;
        if (status.status === 'failed') throw new Error(`archiving failed: ${status.code}: ${status.message}`);
        if (polls > MAX_POLLS) throw new Error(`archiving still running after ${MAX_POLLS} polls`);
        await handOver(job, { ...data, polls }, POLL_DELAYS_MS[Math.min(polls - 1, POLL_DELAYS_MS.length - 1)] ?? 30_000);
      } catch (error) {
        if (!(error instanceof TeamsGraphFailure) || !error.transient || polls > MAX_POLLS) throw error;
        await handOver(job, { ...data, polls }, error.details.retryAfterMs ?? 30_000);
      }
    },
  };
}
