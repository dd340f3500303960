import type { Logger } from 'pino';
import type { AdministrationDeps } from '../application/community-administration';
import type { CommunityDeps } from '../application/communities';
import type { DeliveryReportDeps } from '../application/delivery-reports';
import type { ExternalMemberDeps } from '../application/external-members';
import type { PreferenceDeps } from '../application/preferences';
import type { ProgressMessages } from '../domain/provisioning-ports';
import type { CommandDefinition, MeetingCommandDeps } from './command-context';
import type { RsvpDeps } from '../application/rsvp';
import type { RecordingPublicationDeps } from '../application/recording-publication';
import type { ConversationRecorder } from './conversation-recorder';
import type { LanguagePreferences } from './language-preferences';

export interface BotDeps {
  readonly services: CommunityDeps;
  readonly administration: AdministrationDeps;
  readonly externalMembers: ExternalMemberDeps;
  readonly deliveryReports: DeliveryReportDeps;
  /** `préférences`: its port should come through `languages.watching(…)`, so a language chosen is followed at once. */
  readonly preferences: PreferenceDeps;
  readonly meetings: MeetingCommandDeps;
  readonly rsvp: RsvpDeps;
  readonly recordings: RecordingPublicationDeps;
  /** Where progress cards are remembered, so the jobs they follow can update them. */
  readonly progressMessages: ProgressMessages;
  readonly recorder: ConversationRecorder;
  readonly languages: LanguagePreferences;
  readonly allowedTenantId: string | undefined;
  readonly logger: Logger;
  readonly commands?: readonly CommandDefinition[];
}

/** What every part of the activity handler works with: the deps, with the command list settled. */
export interface TurnDeps extends BotDeps {
  readonly commands: readonly CommandDefinition[];
}
