import { CardFactory, MessageFactory } from 'botbuilder';
import { provisioningProgressCard } from '../cards/provisioning-cards';
import { DEFAULT_LOCALE, type UserIdentity } from '../domain/model';
import type { PersonalMessageResult, ProgressMessages, ProvisioningMessages, TellingReport } from '../domain/provisioning-ports';
import type { ProvisioningData, ProvisioningFailure, ProvisioningStep } from '../domain/team-provisioning';
import { translatorFor } from '../i18n/translator';
import type { LanguagePreferences } from './language-preferences';
import type { ProactiveMessenger } from './proactive-messenger';

/** Provisioning news as Teams messages: the progress card replaced in place, and a personal word to each new member. */
export class ProactiveProvisioningMessages implements ProvisioningMessages {
  constructor(
    private readonly messenger: ProactiveMessenger,
    private readonly progressMessages: ProgressMessages,
    private readonly languages: LanguagePreferences,
    /** The progress card's key for a community (the reference the organiser's command was answered with). */
    private readonly referenceOf: (communityId: string) => string,
  ) {}

  async showProgress(data: ProvisioningData, step: ProvisioningStep | 'done', failure: ProvisioningFailure | undefined, told?: TellingReport): Promise<void> {
    const message = await this.progressMessages.find(this.referenceOf(data.communityId));
    if (!message) return;
    const card = provisioningProgressCard(data, step, failure, message.locale, translatorFor(message.locale), '', told);
    await this.messenger.updateByReference(message.conversation, message.activityId, MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  async tellAddedPerson(person: UserIdentity, communityName: string): Promise<PersonalMessageResult> {
    const locale = (await this.languages.get(person)) ?? DEFAULT_LOCALE;
    const result = await this.messenger.sendToUser(person, MessageFactory.text(translatorFor(locale)('progress.youAreIn', { community: communityName })));
    return result.sent ? { sent: true } : { sent: false, reason: result.reason };
  }
}
