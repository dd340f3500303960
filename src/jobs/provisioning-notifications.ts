import type { Logger } from 'pino';
import type { ProvisioningMessages, ProvisioningObserver, TeamProvisioningStore, TellingReport } from '../domain/provisioning-ports';
import type { ProvisioningData, ProvisioningFailure, ProvisioningStep } from '../domain/team-provisioning';

/**
 * What people see of a provisioning: the organiser's progress card updated in place at every recorded
 * step, and — once the team is ready — a personal message to each person added to it. Notifications are
 * best effort: a message that cannot be delivered is logged, never a reason to fail the job.
 */
export class ProvisioningNotifications implements ProvisioningObserver {
  constructor(
    private readonly messages: ProvisioningMessages,
    private readonly people: Pick<TeamProvisioningStore, 'peopleToAdd'>,
    private readonly logger: Logger,
  ) {}

  async stepRecorded(data: ProvisioningData, step: ProvisioningStep): Promise<void> {
    await this.updateCard(data, step, undefined);
  }

  async finished(data: ProvisioningData, step: ProvisioningStep | 'done', failure: ProvisioningFailure | undefined): Promise<void> {
    await this.updateCard(data, failure ? step : 'done', failure);
    // A team archived as soon as made (the community was archived meanwhile) is no news to its members.
    if (failure || data.outcome === 'team_archived') return;
    const told = await this.welcomeNewMembers(data);
    // The organiser learns who heard about it personally, and that the others will find the team in Teams.
    if (told.reached + told.unreachable > 0) await this.updateCard(data, 'done', undefined, told);
  }

  private async updateCard(data: ProvisioningData, step: ProvisioningStep | 'done', failure: ProvisioningFailure | undefined, told?: TellingReport): Promise<void> {
    try {
      await this.messages.showProgress(data, step, failure, told);
    } catch (error) {
      this.logger.warn({ err: error, communityId: data.communityId, step }, 'could not update the progress card');
    }
  }

  private async welcomeNewMembers(data: ProvisioningData): Promise<TellingReport> {
    const failed = new Set((data.memberFailures ?? []).map((f) => `${f.user.tenantId}/${f.user.aadObjectId}`));
    const people = (await this.people.peopleToAdd(data.communityId)).filter(
      (p) => !failed.has(`${p.tenantId}/${p.aadObjectId}`) && !(p.tenantId === data.owner.tenantId && p.aadObjectId === data.owner.aadObjectId),
    );
    const unreachable: string[] = [];
    for (const person of people) {
      const result = await this.messages.tellAddedPerson({ tenantId: person.tenantId, aadObjectId: person.aadObjectId }, data.displayName);
      if (!result.sent) unreachable.push(`${person.aadObjectId} (${result.reason})`);
    }
    if (unreachable.length > 0) {
      this.logger.info({ communityId: data.communityId, unreachable }, 'some new members could not be told personally');
    }
    return { reached: people.length - unreachable.length, unreachable: unreachable.length };
  }
}
