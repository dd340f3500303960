import { CardFactory, type ConversationReference, MessageFactory } from 'botbuilder';
import type { Logger } from 'pino';
import type { LanguagePreferences } from '../bot/language-preferences';
import type { ProactiveMessenger } from '../bot/proactive-messenger';
import { type ProgressStep, type TellingReport, provisioningProgressCard } from '../cards/provisioning-cards';
import { DEFAULT_LOCALE } from '../domain/model';
import type { ProvisioningData, ProvisioningFailure, ProvisioningStep } from '../domain/team-provisioning';
import { translatorFor } from '../i18n/translator';
import type { PgProgressMessageRepository } from '../storage/progress-message-repository';
import type { PgTeamProvisioningStore } from '../storage/team-provisioning-store';
import { type ProvisioningObserver, provisioningReference } from './provision-team-job';

/**
 * What people see of a provisioning: the organiser's progress card updated in place at every recorded
 * step, and — once the team is ready — a personal message to each person added to it. Notifications are
 * best effort: a message that cannot be delivered is logged, never a reason to fail the job.
 */
export class ProvisioningNotifications implements ProvisioningObserver {
  constructor(
    private readonly messenger: ProactiveMessenger,
    private readonly progressMessages: PgProgressMessageRepository,
    private readonly people: PgTeamProvisioningStore,
    private readonly languages: LanguagePreferences,
    private readonly logger: Logger,
  ) {}

  async stepRecorded(data: ProvisioningData, step: ProvisioningStep): Promise<void> {
    await this.updateCard(data, step, undefined);
  }

  async finished(data: ProvisioningData, step: ProvisioningStep, failure: ProvisioningFailure | undefined): Promise<void> {
    await this.updateCard(data, failure ? step : 'done', failure);
    // A team archived as soon as made (the community was archived meanwhile) is no news to its members.
    if (failure || data.outcome === 'team_archived') return;
    const told = await this.welcomeNewMembers(data);
    // The organiser learns who heard about it personally, and that the others will find the team in Teams.
    if (told.reached + told.unreachable > 0) await this.updateCard(data, 'done', undefined, told);
  }

  private async updateCard(
    data: ProvisioningData,
    step: ProgressStep,
    failure: ProvisioningFailure | undefined,
    told?: TellingReport,
  ): Promise<void> {
    try {
      const message = await this.progressMessages.find(provisioningReference(data.communityId));
      if (!message) return;
      const card = provisioningProgressCard(data, step, failure, message.locale, translatorFor(message.locale), '', told);
      await this.messenger.updateByReference(
        message.conversation as Partial<ConversationReference>,
        message.activityId,
        MessageFactory.attachment(CardFactory.adaptiveCard(card)),
      );
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
      const locale = (await this.languages.get(person)) ?? DEFAULT_LOCALE;
      const result = await this.messenger.sendToUser(person, MessageFactory.text(translatorFor(locale)('progress.youAreIn', { community: data.displayName })));
      if (!result.sent) unreachable.push(`${person.aadObjectId} (${result.reason})`);
    }
    if (unreachable.length > 0) {
      this.logger.info({ communityId: data.communityId, unreachable }, 'some new members could not be told personally');
    }
    return { reached: people.length - unreachable.length, unreachable: unreachable.length };
  }
}
