import type { StoredConversationReference } from '../conversation-references';
import type { Locale, UserIdentity } from '../model';
import type { ProvisioningFailure, ProvisioningData, ProvisioningStep } from '../team-provisioning';
import type { OutgoingMail } from './reach-graph';
import type { DeliveryReportView } from './outbox-store';
import type { MeetingNoticeKind, UnreachableReason } from './outbox';
import type { MeetingOverview } from '../meetings/meeting';
import type { PersonalMeetingView, YearlyRuleView } from '../meetings/meeting-views';
import type { RecordingCandidateView } from '../recordings/recording-candidate-view';

/** Where a message goes in Teams: a stored conversation reference (SDK-neutral JSON, as the bot keeps it). */
export interface DeliveryTarget {
  readonly conversationId: string;
  readonly serviceUrl: string;
  readonly reference: Record<string, unknown>;
}

/** A message ready to send, in the bot adapter's own shape: the sender passes it along unread. */
export interface RenderedMessage {
  readonly activity: Record<string, unknown>;
}

/**
 * How the Bot Connector answered one request. The adapter makes exactly one request per call (its
 * SDK's own retries are off): retrying is the sender's decision, paced with everything else.
 */
export type ConnectorOutcome =
  | { readonly kind: 'delivered'; readonly activityId: string | undefined }
  /** 429: come back after `retryAfterMs` (Retry-After), or with back-off when Teams did not say. */
  | { readonly kind: 'throttled'; readonly status: number; readonly retryAfterMs: number | undefined }
  /** 412, 5xx, a timeout or a network error: worth another try with back-off. */
  | { readonly kind: 'transient'; readonly status: number | undefined; readonly code: string }
  /** 403 BotNotInConversationRoster / ConversationBlockedByUser / BotDisabledByAdmin, 404 ConversationNotFound. */
  | { readonly kind: 'unreachable'; readonly status: number; readonly code: string; readonly reason: UnreachableReason }
  /** Any other refusal (400, 401, 413…): trying again would not help. */
  | { readonly kind: 'rejected'; readonly status: number | undefined; readonly code: string };

/** The Bot Connector as delivery needs it (bot/ implements it with botframework-connector). */
export interface TeamsDelivery {
  send(target: DeliveryTarget, message: RenderedMessage): Promise<ConnectorOutcome>;
  update(target: DeliveryTarget, activityId: string, message: RenderedMessage): Promise<ConnectorOutcome>;
  delete(target: DeliveryTarget, activityId: string): Promise<ConnectorOutcome>;
  /** The reference of a person's 1:1 chat found through Graph (the app just installed for them). */
  personalReference(user: UserIdentity, chatId: string, serviceUrl: string): StoredConversationReference;
}

/** What a message shows, resolved from the state of the moment it is sent. */
export type DeliveryView =
  | { readonly kind: 'launch_notice'; readonly communityName: string; readonly teamUrl: string | undefined }
  | {
      readonly kind: 'provisioning_progress';
      readonly data: ProvisioningData;
      readonly step: ProvisioningStep | 'done';
      readonly failure: ProvisioningFailure | undefined;
      readonly report: DeliveryReportView | undefined;
    }
  | { readonly kind: 'meeting_card'; readonly view: PersonalMeetingView }
  | { readonly kind: 'meeting_summary'; readonly overview: MeetingOverview }
  | { readonly kind: 'meeting_notice'; readonly notice: MeetingNoticeKind; readonly offset: string | undefined; readonly view: PersonalMeetingView }
  | { readonly kind: 'yearly_rule'; readonly view: YearlyRuleView }
  | { readonly kind: 'recording_candidate'; readonly view: RecordingCandidateView };

/** Turns a view into a Teams message or an e-mail in a language (bot/ implements it with the cards and locale files). */
export interface DeliveryRendering {
  message(view: DeliveryView, locale: Locale): RenderedMessage;
  /** The e-mail for someone Teams cannot reach; undefined for views that are no news by e-mail (a card update). */
  mail(view: DeliveryView, locale: Locale, to: OutgoingMail['to'], from: string): OutgoingMail | undefined;
}
