import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import type { UserIdentity } from '../domain/model';
import type { ConversationReferences } from '../domain/conversation-references';

export type ProactiveResult =
  | { readonly sent: true; readonly conversationId: string; readonly activityId: string | undefined }
  | { readonly sent: false; readonly reason: 'no_conversation' | 'not_installed' | 'failed'; readonly detail?: string };

/**
 * Messages people outside of a turn (progress cards, launch notices), through the conversation
 * references the recorder keeps. Failures are values: the caller lists who could not be reached.
 */
export class ProactiveMessenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
    private readonly references: ConversationReferences,
    private readonly logger: Logger,
  ) {}

  async sendToUser(user: UserIdentity, activity: Partial<Activity>): Promise<ProactiveResult> {
    const stored = await this.references.findPersonal(user.tenantId, user.aadObjectId);
    if (!stored) return { sent: false, reason: 'no_conversation' };
    return this.send(stored.reference, stored.conversationId, activity);
  }

  async sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<ProactiveResult> {
    const stored = await this.references.find(conversationId);
    if (!stored) return { sent: false, reason: 'no_conversation' };
    return this.send(stored.reference, conversationId, activity);
  }

  /** Replaces a message the bot sent earlier (a progress card moving to its next step). */
  async updateByReference(reference: Partial<ConversationReference>, activityId: string, activity: Partial<Activity>): Promise<boolean> {
    const conversationId = reference.conversation?.id;
    try {
      await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
        await context.updateActivity({ ...activity, id: activityId });
      });
      return true;
    } catch (error) {
      this.logger.warn({ err: error, conversationId, activityId }, 'could not update a message');
      return false;
    }
  }

  private async send(reference: Partial<ConversationReference>, conversationId: string, activity: Partial<Activity>): Promise<ProactiveResult> {
    let activityId: string | undefined;
    try {
      await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
        activityId = (await context.sendActivity(activity))?.id;
      });
      return { sent: true, conversationId, activityId };
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      this.logger.warn({ err: error, conversationId, status }, 'proactive message not delivered');
      // 403 from the Bot Connector: the bot is not (or no longer) in that conversation (teams-graph-facts §7.3).
      return { sent: false, reason: status === 403 ? 'not_installed' : 'failed', detail: error instanceof Error ? error.message : String(error) };
    }
  }
}
