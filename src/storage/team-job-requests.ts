import type { Clock, TeamJobOutcome, TeamJobRequest, TeamJobs } from '../domain/ports';
import type { ProvisioningData } from '../domain/team-provisioning';
import type { PgJobQueue } from '../jobs/job-queue';
import { PROVISION_TEAM, provisioningReference } from '../jobs/provision-team-job';

export const ARCHIVE_TEAM = 'archive_team';
export const archivingReference = (communityId: string): string => `${ARCHIVE_TEAM}:${communityId}`;

export interface ArchivingData {
  readonly communityId: string;
  readonly teamId: string;
  /** The archive operation to poll, once Graph accepted the request. */
  readonly operation?: string;
  readonly polls?: number;
}

/**
 * The TeamJobs port on the durable job queue. One job per community and purpose (the reference is
 * unique), so asking twice returns the job already there; a failed provisioning is started again from
 * its recorded step.
 */
export class QueuedTeamJobs implements TeamJobs {
  constructor(
    private readonly queue: PgJobQueue,
    private readonly clock: Clock,
  ) {}

  requestProvisioning(data: ProvisioningData): Promise<TeamJobRequest> {
    return this.request(PROVISION_TEAM, provisioningReference(data.communityId), data);
  }

  requestArchiving(communityId: string, teamId: string): Promise<TeamJobRequest> {
    const data: ArchivingData = { communityId, teamId };
    return this.request(ARCHIVE_TEAM, archivingReference(communityId), data);
  }

  async isProvisioningUnderway(communityId: string): Promise<boolean> {
    const job = await this.queue.findByReference(provisioningReference(communityId));
    return job?.state === 'pending' || job?.state === 'running';
  }

  async isArchivingUnderway(communityId: string): Promise<boolean> {
    const job = await this.queue.findByReference(archivingReference(communityId));
    return job?.state === 'pending' || job?.state === 'running';
  }

  private async request(kind: string, reference: string, data: object): Promise<TeamJobRequest> {
    const { job, created } = await this.queue.enqueue(kind, reference, data, this.clock.now());
    let outcome: TeamJobOutcome = created ? 'queued' : 'already_queued';
    if (job.state === 'failed' && (await this.queue.restart(reference, this.clock.now()))) outcome = 'restarted';
    return { outcome, reference, step: job.step };
  }
}
