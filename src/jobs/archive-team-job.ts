import { TeamsGraphFailure, type TeamsGraph } from '../domain/teams-graph';
import { ARCHIVE_TEAM, type ArchivingData } from '../storage/team-job-requests';
import type { JobHandler } from './job-worker';

/** Archives a community's Teams team (read-only for members). Archiving twice is harmless in Graph. */
export function archiveTeamHandler(graph: TeamsGraph): JobHandler {
  return {
    kind: ARCHIVE_TEAM,
    async run(context) {
      const data = context.job.data as unknown as ArchivingData;
      try {
        await graph.archiveTeam(data.teamId);
        return { status: 'succeeded', data };
      } catch (error) {
        if (!(error instanceof TeamsGraphFailure)) throw error;
        if (error.transient) return { status: 'retry', error: error.message, data, delayMs: error.details.retryAfterMs ?? 30_000 };
        return { status: 'failed', error: `${error.kind}: ${error.message}`, data };
      }
    },
  };
}
