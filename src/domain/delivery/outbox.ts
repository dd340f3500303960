import type { UserIdentity } from '../model';
import type { Transaction } from '../provisioning-ports';
import type { MessageCategory } from './message-preferences';

/**
 * The outbox: every proactive message (a new message, an update of an earlier card, a deletion) is one
 * row per recipient, written in the same transaction as the business change that causes it, and sent
 * later by the one rate-limited sender (jobs/outbox-sender.ts). Its idempotency key names what, about
 * which object, which version and for whom: writing the same key twice keeps the first.
 */
export type DeliveryOperation = 'send' | 'update' | 'delete';

/** Who receives it: a person in their 1:1 chat with the bot, or the organiser's progress card of a community. */
export type DeliveryRecipient =
  | { readonly kind: 'person'; readonly user: UserIdentity }
  | { readonly kind: 'progress_card'; readonly communityId: string }
  /** Someone outside the tenant the organisers invited (`inviter`): e-mail is the only way to them. */
  | { readonly kind: 'email'; readonly address: string; readonly name: string }
  /** The General channel of the community's team (a new message there starts a thread). */
  | { readonly kind: 'channel'; readonly communityId: string }
  /**
   * A card sent earlier with `card` set (posted_cards): updated where it is. `user` is whose card it is
   * (a person's RSVP card shows their own answer); none for a channel's card.
   */
  | { readonly kind: 'posted_card'; readonly cardKey: string; readonly user?: UserIdentity };

/**
 * What the message says, as data: it is rendered when it is sent, in the recipient's language of that
 * moment and from the state of that moment (a card update shows the latest progress, not a stale one).
 */
export type DeliveryContent =
  | {
      readonly kind: 'launch_notice';
      readonly communityId: string;
      readonly communityName: string;
      readonly teamUrl?: string | undefined;
      /** The app's org-catalog id the provisioning found: what installing the app for someone takes. */
      readonly catalogAppId?: string | undefined;
    }
  | { readonly kind: 'provisioning_progress'; readonly communityId: string }
  /** A person's RSVP card (their own answer, the live counts), or an update of it. */
  | { readonly kind: 'meeting_invitation'; readonly meetingId: string }
  /** The channel's summary card of a meeting (live counts, a button to answer), or an update of it. */
  | { readonly kind: 'meeting_summary'; readonly meetingId: string }
  /** A short message about a meeting to one person: it moved, it is cancelled, they got a seat, a reminder, its Teams link. */
  | { readonly kind: 'meeting_notice'; readonly meetingId: string; readonly notice: MeetingNoticeKind; readonly offset?: string }
  /** To a community's organisers: no in-person meeting in the past 12 months and none planned in the next 12. */
  | { readonly kind: 'yearly_rule'; readonly communityId: string }
  /** A recording found through Graph, proposed to one of its community's organisers (application/recording-discovery.ts). */
  | { readonly kind: 'recording_candidate'; readonly graphRecordingId: string };

/** link_needed: to the organiser, the tenant refused the Teams meeting: add the link by hand (`lien`). */
export type MeetingNoticeKind = 'moved' | 'cancelled' | 'promoted' | 'reminder' | 'link_added' | 'link_needed';

export interface OutboxEntry {
  readonly key: string;
  readonly tenantId: string;
  readonly category: MessageCategory;
  readonly communityId: string | null;
  readonly recipient: DeliveryRecipient;
  readonly operation: DeliveryOperation;
  readonly content: DeliveryContent;
  /**
   * Entries with the same value replace each other while unsent: only the latest update of a card is
   * worth sending (the card is rendered from the current state anyway).
   */
  readonly replaces?: string;
  /** Sent before ordinary messages (an organiser's card update is not stuck behind 500 notices). */
  readonly urgent?: boolean;
  /** Remember where this message lands (posted_cards) under this key, so later changes update it in place. */
  readonly card?: string;
  /** Not sent before this moment (a card's updates gathered over a few seconds go as one). */
  readonly notBefore?: Date;
}

/** A delivery report groups the messages of one send-out (a launch's notices), for the organiser. */
export interface NewDeliveryReport {
  readonly key: string;
  readonly tenantId: string;
  readonly communityId: string;
  readonly kind: 'launch_notice' | 'invitation' | 'reminder' | 'meeting_change';
  readonly meetingId?: string;
  /** The organiser's card that shows the report, updated as it progresses. */
  readonly card: DeliveryRecipient | null;
}

export interface Outbox {
  /**
   * Writes the entries (and their report, if any) inside `tx` and asks the sender to run once `tx`
   * commits. Returns how many entries were new (an entry whose key exists already is kept as it was).
   */
  enqueue(tx: Transaction, entries: readonly OutboxEntry[], report?: NewDeliveryReport): Promise<number>;
}

/** Where a message stands (outbox_messages.status). */
export type DeliveryStatus = 'queued' | 'sending' | 'retrying' | 'sent' | 'unreachable' | 'failed' | 'skipped' | 'superseded';

/**
 * Why someone could not be reached in Teams, in terms an organiser understands:
 * - never_opened: the app is not installed for them (no conversation, 403 BotNotInConversationRoster,
 *   404 ConversationNotFound) and installing it for them was not possible;
 * - blocked: they blocked the bot (403 ConversationBlockedByUser);
 * - bot_disabled: the tenant's admin blocked the app (403 BotDisabledByAdmin);
 * - not_in_directory: Entra ID does not know them (Graph 404);
 * - external: a guest or external person, reachable by e-mail only;
 * - muted: they chose not to receive this kind of message (`préférences`);
 * - gave_up: Teams kept failing after every attempt;
 * - card_gone: the card to update was deleted or never sent;
 * - no_channel: the community's channel is not known (its team is not launched or lacks the app).
 */
export type UnreachableReason =
  | 'never_opened'
  | 'blocked'
  | 'bot_disabled'
  | 'not_in_directory'
  | 'external'
  | 'muted'
  | 'gave_up'
  | 'card_gone'
  /** The community's team has no General channel known to the bot (not launched, or the app not in the team). */
  | 'no_channel';

/** What was done instead: the app installed for them through Graph (then reached), an e-mail, or nothing possible. */
export type DeliveryFallback = 'installed' | 'email_sent' | 'none';
