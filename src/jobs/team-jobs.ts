import type { ProvisioningRun, ProvisioningRuns, TeamJobRequest, TeamJobs, Transaction, Transactions } from '../domain/provisioning-ports';
import type { ProvisioningData } from '../domain/team-provisioning';
import type { JobRunner } from './job-runner';
import { ARCHIVE_TEAM, PROVISION_TEAM, archivingJobKey, archivingReference, provisioningJobKey, provisioningReference } from './queues';

/**
 * The TeamJobs port on pg-boss. A provisioning is a row of team_provisionings (one per community) and
 * the job that carries it forward, written in one transaction; asking again while it is underway or
 * done changes nothing, and asking again after a failure starts the next run from the saved step.
 * An archiving is one job per team, its id derived from the team: asking twice sends it once.
 */
export class QueuedTeamJobs implements TeamJobs {
  constructor(
    private readonly runner: JobRunner,
    private readonly runs: ProvisioningRuns,
    private readonly transactions: Transactions,
  ) {}

  requestProvisioning(data: ProvisioningData): Promise<TeamJobRequest> {
    const reference = provisioningReference(data.communityId);
    return this.transactions.run(async (tx) => {
      const existing =
        (await this.runs.lock(tx, data.communityId)) ?? (await this.runs.create(tx, data)) ?? (await this.runs.lock(tx, data.communityId));
      if (!existing) throw new Error(`The provisioning of community ${data.communityId} vanished while requested`);
      if (existing.status === 'failed') {
        const restarted = await this.runs.restart(tx, data.communityId);
        await this.sendRun(restarted, tx);
        return { outcome: 'restarted', reference, step: restarted.step };
      }
      if (existing.run === 1 && existing.step === 'start' && existing.holder === null && (await this.sendRun(existing, tx))) {
        return { outcome: 'queued', reference, step: existing.step };
      }
      return { outcome: 'already_queued', reference, step: existing.step };
    });
  }

  async requestArchiving(communityId: string, teamId: string): Promise<TeamJobRequest> {
    const payload = { communityId, teamId };
    const sent = await this.runner.send(ARCHIVE_TEAM, payload, { key: archivingJobKey(payload) });
    return { outcome: sent ? 'queued' : 'already_queued', reference: archivingReference(communityId), step: 'start' };
  }

  async isProvisioningUnderway(communityId: string): Promise<boolean> {
    return (await this.runs.find(communityId))?.status === 'underway';
  }

  isArchivingUnderway(communityId: string): Promise<boolean> {
    return this.runner.hasUnfinished(ARCHIVE_TEAM, { communityId });
  }

  /** False when that run's job was sent already (its id is derived from the community and the run). */
  private sendRun(run: ProvisioningRun, tx: Transaction): Promise<boolean> {
    const { communityId } = run;
    return this.runner.send(PROVISION_TEAM, { communityId, run: run.run }, { key: provisioningJobKey(communityId, run.run), singletonKey: communityId, tx });
  }
}
