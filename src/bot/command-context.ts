import type { AdaptiveCardJson } from '../cards/render-card';
import type { AdministrationDeps } from '../application/community-administration';
import type { CommunityDeps } from '../application/communities';
import type { DeliveryReportDeps } from '../application/delivery-reports';
import type { ExternalMemberDeps } from '../application/external-members';
import type { PreferenceDeps } from '../application/preferences';
import type { MeetingDeps } from '../application/meetings';
import type { RecordingPublicationDeps } from '../application/recording-publication';
import type { MeetingLinks } from '../domain/meetings/meeting-views';

/** The meeting use cases' deps, with the signed links of files (the summary's CSV). */
export type MeetingCommandDeps = MeetingDeps & { readonly links: MeetingLinks };
import type { Locale } from '../domain/model';
import type { Translate } from '../i18n/translator';
import type { TurnIdentity } from './turn-identity';

/*
 * The shapes of a command and of what its handler sees live together here, because they refer to each
 * other (a handler sees the command list); the registry only lists commands, so nothing imports back.
 */

export type CommandId =
  | 'help'
  | 'communities'
  | 'info'
  | 'join'
  | 'leave'
  | 'interest'
  | 'mine'
  | 'preferences'
  | 'create'
  | 'launch'
  | 'archive'
  | 'unarchive'
  | 'guests'
  | 'invite'
  | 'delivery'
  | 'schedule'
  | 'meetings'
  | 'move'
  | 'cancel'
  | 'summary'
  | 'link'
  | 'capacity'
  | 'reminders'
  | 'publishRecording';

export interface CommandDefinition {
  readonly id: CommandId;
  /** Words that invoke the command, per language, written as people type them (accents allowed). */
  readonly aliases: Readonly<Record<Locale, readonly string[]>>;
  readonly takesCommunity: boolean;
  /** Organiser commands are listed in the help card only for organisers and administrators. */
  readonly audience: 'everyone' | 'organisers';
  readonly handler: CommandHandler;
  /**
   * False keeps a command out of the manifest's commandLists, which hold at most 10 commands each
   * (reference/teams-graph-facts.md §9, schema v1.19): the bot and the help card still know it.
   */
  readonly inManifest?: boolean;
}

/** Everything a command handler may use. Handlers never see the TurnContext. */
export interface CommandContext {
  readonly identity: TurnIdentity;
  readonly locale: Locale;
  readonly t: Translate;
  readonly argument: string;
  readonly services: CommunityDeps;
  readonly administration: AdministrationDeps;
  readonly externalMembers: ExternalMemberDeps;
  readonly deliveryReports: DeliveryReportDeps;
  readonly preferences: PreferenceDeps;
  readonly meetings: MeetingCommandDeps;
  /** The recordings library's publication (and the candidates found through Graph). */
  readonly recordings: RecordingPublicationDeps;
  readonly commands: readonly CommandDefinition[];
  /** The reply's language worked out again: see ReplyLanguage. */
  readonly replyLanguage: ReplyLanguage;
}

/**
 * The reply's language worked out again, as at the start of the turn: after the person chose another
 * language (the rest of the reply follows the new choice), or given the language of a word in the
 * argument (`préférences rappels non`: the command word is the same in both languages, "rappels" is French).
 */
export type ReplyLanguage = (typedNow?: Locale) => Promise<{ readonly locale: Locale; readonly t: Translate }>;

export interface Reply {
  readonly text?: string;
  readonly card?: AdaptiveCardJson;
  /** The reference of the job whose progress this card shows: the message is remembered so the job can update it. */
  readonly progressOf?: string;
}

export type CommandHandler = (ctx: CommandContext) => Promise<Reply>;
