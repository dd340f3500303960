import type { Locale, UserIdentity } from './model';
import type { PersonLanguages } from './ports';

/** A conversation the bot can write to later, in the SDK-neutral shape the bot adapter stores. */
export interface StoredConversationReference {
  readonly conversationId: string;
  readonly tenantId: string;
  readonly conversationType: 'personal' | 'groupChat' | 'channel';
  readonly aadObjectId: string | undefined;
  readonly teamId: string | undefined;
  readonly serviceUrl: string;
  readonly reference: Record<string, unknown>;
}

/** Who spoke in the conversation, as the authenticated activity says. */
export interface SpeakerProfile {
  readonly user: UserIdentity;
  readonly displayName: string | undefined;
  /** A language the person just chose by typing a French or English command word. */
  readonly locale: Locale | undefined;
}

export interface SavedReference {
  /** The speaker's languages as stored after the save: the one last used, the one chosen with `préférences`. */
  readonly languages: PersonLanguages | undefined;
}

/**
 * Where the bot can write to later (proactive messages): refreshed on every incoming activity, because
 * Teams sends its install events only once.
 */
export interface ConversationReferences {
  /** Upserts the reference and the speaker's profile; returns the speaker's stored languages. */
  save(ref: StoredConversationReference, speaker: SpeakerProfile | undefined, at: Date): Promise<SavedReference>;
  markUninstalled(conversationId: string, at: Date): Promise<void>;
  find(conversationId: string): Promise<StoredConversationReference | undefined>;
  /** The person's 1:1 conversation with the bot, while the app is installed for them. */
  findPersonal(tenantId: string, aadObjectId: string): Promise<StoredConversationReference | undefined>;
  /** The Bot Connector Teams last used for the tenant (a chat opened through Graph is reached there). */
  serviceUrlOf(tenantId: string): Promise<string | undefined>;
}
