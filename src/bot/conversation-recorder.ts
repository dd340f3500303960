import { type Activity, TurnContext } from 'botbuilder';
import type { Locale } from '../domain/model';
import type { Clock } from '../domain/ports';
import type { ConversationReferences } from '../domain/conversation-references';
import type { LanguagePreferences } from './language-preferences';
import { tenantOf } from './turn-identity';
import type { TurnIdentity } from './turn-identity';

const UNCHANGED_SKIP_MS = 10 * 60_000;
const CACHE_LIMIT = 10_000;

/**
 * Keeps every conversation's reference (and the speaker's display name and chosen language) current,
 * on every incoming activity, because Teams sends the install event only once (reference/peers.md,
 * lesson 1). One statement per write; a reference identical to one written in the last few minutes
 * is not written again.
 */
export class ConversationRecorder {
  private readonly recent = new Map<string, { fingerprint: string; at: number }>();

  constructor(
    private readonly references: ConversationReferences,
    private readonly languages: LanguagePreferences,
    private readonly clock: Clock,
  ) {}

  async record(activity: Activity, identity: TurnIdentity | undefined, chosenLocale: Locale | undefined): Promise<void> {
    const tenantId = tenantOf(activity);
    const conversation = activity.conversation;
    if (!tenantId || !conversation?.id || !activity.serviceUrl) return;
    const type = conversation.conversationType === 'channel' || conversation.conversationType === 'groupChat' ? conversation.conversationType : 'personal';
    // Channel posts arrive as "<channel id>;messageid=<root>"; the channel itself is what we keep.
    const conversationId = conversation.id.split(';')[0] ?? conversation.id;
    const reference = TurnContext.getConversationReference(activity);
    const stored = {
      ...reference,
      activityId: undefined,
      conversation: { ...reference.conversation, id: conversationId },
    } as Record<string, unknown>;
    const teamId = (activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
    const speakerKey = identity ? `${identity.user.tenantId}/${identity.user.aadObjectId}` : '';
    const fingerprint = JSON.stringify([stored, speakerKey, identity?.displayName]);
    const now = this.clock.now();
    const seen = this.recent.get(conversationId);
    const unchanged = seen && seen.fingerprint === fingerprint && now.getTime() - seen.at < UNCHANGED_SKIP_MS;
    const newLanguage = identity && chosenLocale && this.languages.cachedLastUsed(identity.user) !== chosenLocale;
    if (unchanged && !newLanguage) return;

    const saved = await this.references.save(
      {
        conversationId,
        tenantId,
        conversationType: type,
        aadObjectId: identity?.user.aadObjectId,
        teamId,
        serviceUrl: activity.serviceUrl,
        reference: stored,
      },
      identity && { user: identity.user, displayName: identity.displayName, locale: chosenLocale },
      now,
    );
    if (identity) this.languages.learn(identity.user, saved.languages);
    if (this.recent.size >= CACHE_LIMIT) this.recent.clear();
    this.recent.set(conversationId, { fingerprint, at: now.getTime() });
  }

  async uninstalled(activity: Activity): Promise<void> {
    const id = activity.conversation?.id?.split(';')[0];
    if (!id) return;
    this.recent.delete(id);
    await this.references.markUninstalled(id, this.clock.now());
  }
}
