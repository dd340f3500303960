import { z } from 'zod';
import type { AdaptiveCardJson } from '../../cards/render-card';
import type { AdministrationDeps } from '../../application/community-administration';
import type { CommunityDeps } from '../../application/communities';
import type { PreferenceDeps } from '../../application/preferences';
import type { RsvpDeps } from '../../application/rsvp';
import type { RecordingPublicationDeps } from '../../application/recording-publication';
import type { MeetingCommandDeps } from '../command-context';
import type { Locale } from '../../domain/model';
import type { Translate } from '../../i18n/translator';
import type { CommandDefinition, ReplyLanguage } from '../command-context';
import type { TurnIdentity } from '../turn-identity';

/**
 * What a card button may carry. It says *which* community and which view to show, never *who*
 * clicked: that comes from the activity. Anything else is rejected.
 */
export const actionDataSchema = z.object({
  community: z
    .string()
    .max(60)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    .optional(),
  view: z.enum(['list', 'info', 'mine']).optional(),
  /** Which meeting and which version of it the card showed (never who answers). */
  meeting: z.string().regex(/^\d{1,18}$/).optional(),
  version: z.number().int().min(1).max(1_000_000).optional(),
  answer: z.enum(['in_person', 'online', 'declined']).optional(),
  lang: z.enum(['fr-CA', 'en']).optional(),
  /** A page of a long list on the card (the summary's attendance). */
  page: z.number().int().min(0).max(10_000).optional(),
});

export type ActionData = z.infer<typeof actionDataSchema>;

export interface VerbContext {
  readonly identity: TurnIdentity;
  readonly locale: Locale;
  readonly t: Translate;
  readonly data: ActionData;
  /**
   * Everything the card sent, input values included, unchecked: a verb that reads inputs validates
   * them itself. Never a source of identity.
   */
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly services: CommunityDeps;
  readonly administration: AdministrationDeps;
  readonly preferences: PreferenceDeps;
  readonly meetings: MeetingCommandDeps;
  readonly rsvp: RsvpDeps;
  readonly recordings: RecordingPublicationDeps;
  readonly commands: readonly CommandDefinition[];
  /** The reply's language worked out again (after a change of the chosen language). */
  readonly replyLanguage: ReplyLanguage;
}

/**
 * A verb answers with the card that replaces the clicked one for this user (`progressOf`: see Reply),
 * or a short message.
 */
export type VerbResult =
  | { readonly card: AdaptiveCardJson; readonly progressOf?: string }
  | { readonly message: string; readonly status?: 400 | 403 | 404 };

export type VerbHandler = (ctx: VerbContext) => Promise<VerbResult>;
