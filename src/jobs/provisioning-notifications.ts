import type { Outbox } from '../domain/delivery/outbox';
import { launchNoticeEntries, progressCardEntry } from '../domain/delivery/delivery-entries';
import type { ProvisioningObserver, TeamProvisioningStore, Transaction } from '../domain/provisioning-ports';
import type { ProvisioningData, ProvisioningFailure, ProvisioningStep } from '../domain/team-provisioning';

/**
 * What people see of a provisioning, as outbox rows written in the transaction of each step: the
 * organiser's progress card updated in place, and — once the team is ready — a personal notice to each
 * person added to it, followed by a delivery report on that card. Sending is the outbox sender's job:
 * a provisioning never waits for Teams to take 500 messages, and a restart never sends them twice.
 */
export class ProvisioningNotifications implements ProvisioningObserver {
  constructor(
    private readonly outbox: Outbox,
    private readonly people: Pick<TeamProvisioningStore, 'peopleToAdd' | 'externalPeople'>,
  ) {}

  async stepRecorded(tx: Transaction, data: ProvisioningData, step: ProvisioningStep): Promise<void> {
    await this.outbox.enqueue(tx, [progressCardEntry(data.owner.tenantId, data.communityId, `${data.teamId ?? 'new'}-${step}`)]);
  }

  async finished(tx: Transaction, data: ProvisioningData, step: ProvisioningStep | 'done', failure: ProvisioningFailure | undefined): Promise<void> {
    const card = progressCardEntry(data.owner.tenantId, data.communityId, `${data.teamId ?? 'new'}-${failure ? `failed-${step}-${failure.code}` : 'done'}`);
    // A team archived as soon as made (the community was archived meanwhile) is no news to its members.
    if (failure || data.outcome === 'team_archived' || !data.teamId) {
      await this.outbox.enqueue(tx, [card]);
      return;
    }
    // Nobody is messaged who did not choose to be: the people added are organisers, members and people
    // who registered interest, never everyone who merely sits in a team. Graph's refusals are on the card already.
    const failed = new Set((data.memberFailures ?? []).map((f) => `${f.user.tenantId}/${f.user.aadObjectId}`));
    const people = (await this.people.peopleToAdd(data.communityId, tx)).filter(
      (p) => !failed.has(`${p.tenantId}/${p.aadObjectId}`) && !(p.tenantId === data.owner.tenantId && p.aadObjectId === data.owner.aadObjectId),
    );
    const notices = launchNoticeEntries(
      { tenantId: data.owner.tenantId, communityId: data.communityId, communityName: data.displayName, teamUrl: data.webUrl, catalogAppId: data.catalogAppId, launch: data.teamId },
      people.map((p) => ({ tenantId: p.tenantId, aadObjectId: p.aadObjectId })),
      // Externals the organisers invited hear of it by e-mail (peers.md lesson 7), guests of the team or not.
      await this.people.externalPeople(data.communityId, tx),
    );
    // The report first, so that the card's first "done" rendering already counts the notices.
    if (notices.entries.length > 0) await this.outbox.enqueue(tx, notices.entries, notices.report);
    await this.outbox.enqueue(tx, [card]);
  }
}
