import type { AdaptiveCardJson } from '../cards/render-card';
import type { AdministrationDeps } from '../domain/community-administration';
import type { CommunityDeps } from '../domain/community-services';
import type { ExternalMemberDeps } from '../domain/external-members';
import type { Locale } from '../domain/model';
import type { Translate } from '../i18n/translator';
import type { CommandDefinition } from './command-registry';
import type { TurnIdentity } from './turn-identity';

/** Everything a command handler may use. Handlers never see the TurnContext. */
export interface CommandContext {
  readonly identity: TurnIdentity;
  readonly locale: Locale;
  readonly t: Translate;
  readonly argument: string;
  readonly services: CommunityDeps;
  readonly administration: AdministrationDeps;
  readonly externalMembers: ExternalMemberDeps;
  readonly commands: readonly CommandDefinition[];
}

export interface Reply {
  readonly text?: string;
  readonly card?: AdaptiveCardJson;
  /** The reference of the job whose progress this card shows: the message is remembered so the job can update it. */
  readonly progressOf?: string;
}

export type CommandHandler = (ctx: CommandContext) => Promise<Reply>;
