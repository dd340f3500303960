import { TeamsGraphFailure, type TeamsGraph } from '../domain/teams-graph';
import { ARCHIVE_TEAM, type ArchivingData } from '../storage/team-job-requests';
import type { JobHandler, JobOutcome } from './job-worker';

/** Between polls of the archive operation: quick at first, then Graph's own pace. */
const POLL_DELAYS_MS = [2_000, 5_000, 10_000, 30_000];
/** About half an hour of polls at most; an operation still running after that is reported, not polled forever. */
const MAX_POLLS = 60;

/**
 * Archives a community's Teams team (read-only for members). Archiving is a long-running operation in
 * Graph (202 + Location, reference/teams-graph-facts.md §1): the job records the operation, then polls it
 * until it succeeds or fails, so a failed archiving is a failed job rather than a silent success.
 * Archiving twice is harmless in Graph.
 */
export function archiveTeamHandler(graph: TeamsGraph): JobHandler {
  return {
    kind: ARCHIVE_TEAM,
    async run(context) {
      let data = context.job.data as unknown as ArchivingData;
      try {
        if (!data.operation) {
          const { operation } = await graph.archiveTeam(data.teamId);
          data = { ...data, operation, polls: 0 };
          await context.saveStep('archiving', data);
        }
        return await pollArchiving(graph, data, data.operation ?? '');
      } catch (error) {
        if (!(error instanceof TeamsGraphFailure)) throw error;
        if (error.transient) return { status: 'retry', error: error.message, data, delayMs: error.details.retryAfterMs ?? 30_000 };
        return { status: 'failed', error: `${error.kind}: ${error.message}`, data };
      }
    },
  };
}

async function pollArchiving(graph: TeamsGraph, data: ArchivingData, operation: string): Promise<JobOutcome> {
  const status = await graph.pollOperation(operation);
  if (status.status === 'succeeded') return { status: 'succeeded', data };
  if (status.status === 'failed') return { status: 'failed', error: `archiving failed: ${status.code}: ${status.message}`, data };
  const polls = (data.polls ?? 0) + 1;
  if (polls > MAX_POLLS) return { status: 'failed', error: `archiving still running after ${MAX_POLLS} polls`, data };
  const delayMs = POLL_DELAYS_MS[Math.min(polls - 1, POLL_DELAYS_MS.length - 1)] ?? 30_000;
  return { status: 'retry', error: 'team archiving in progress', data: { ...data, polls }, delayMs };
}
