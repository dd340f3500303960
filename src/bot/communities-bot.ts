import { randomUUID } from 'node:crypto';
import {
  type Activity,
  ActivityTypes,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import { teamWelcomeCard, welcomeCard } from '../cards/help-cards';
import type { AdministrationDeps } from '../domain/community-administration';
import type { CommunityDeps } from '../domain/community-services';
import type { ExternalMemberDeps } from '../domain/external-members';
import { DEFAULT_LOCALE, type Locale } from '../domain/model';
import { translatorFor } from '../i18n/translator';
import type { PgProgressMessageRepository } from '../storage/progress-message-repository';
import type { CommandContext, Reply } from './command-context';
import { CommandParser, type ParsedText } from './command-parser';
import { COMMANDS, type CommandDefinition } from './command-registry';
import type { ConversationRecorder } from './conversation-recorder';
import type { LanguagePreferences } from './language-preferences';
import { type IdentityCheck, activityLocale, isForeignTenant, readTurnIdentity } from './turn-identity';
import { actionDataSchema } from './verbs/verb-context';
import { VERBS } from './verbs/verb-registry';

export interface BotDeps {
  readonly services: CommunityDeps;
  readonly administration: AdministrationDeps;
  readonly externalMembers: ExternalMemberDeps;
  /** Where progress cards are remembered, so the jobs they follow can update them. */
  readonly progressMessages: PgProgressMessageRepository;
  readonly recorder: ConversationRecorder;
  readonly languages: LanguagePreferences;
  readonly allowedTenantId: string | undefined;
  readonly logger: Logger;
  readonly commands?: readonly CommandDefinition[];
}

/** The parsed text of a message, computed once per turn (the recorder needs its language first). */
const PARSED_TEXT = Symbol('parsedText');
const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
const ERROR_CONTENT_TYPE = 'application/vnd.microsoft.error';
const MESSAGE_CONTENT_TYPE = 'application/vnd.microsoft.activity.message';
const ERROR_CODES = { 400: 'BadRequest', 403: 'Forbidden', 404: 'NotFound' } as const;

/**
 * The Teams activity handler: a thin door. It checks who is speaking, keeps the conversation reference,
 * parses commands and card verbs, and hands them to the handlers in commands/ and verbs/.
 */
export class CommunitiesBot extends TeamsActivityHandler {
  private readonly parser: CommandParser;
  private readonly commands: readonly CommandDefinition[];

  constructor(private readonly deps: BotDeps) {
    super();
    this.commands = deps.commands ?? COMMANDS;
    this.parser = new CommandParser(this.commands);

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.greet(context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.deps.recorder.uninstalled(context.activity);
      await next();
    });
  }

  /** Every activity passes here first: the tenant gate, then the conversation reference. */
  override async run(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (isForeignTenant(activity, this.deps.allowedTenantId)) {
      await this.refuseForeignTenant(context);
      return;
    }
    const check = readTurnIdentity(activity, this.deps.allowedTenantId);
    const parsed = activity.type === ActivityTypes.Message ? this.parseText(activity) : undefined;
    if (parsed) context.turnState.set(PARSED_TEXT, parsed);
    try {
      const chosen = parsed?.kind === 'command' ? parsed.language : undefined;
      await this.deps.recorder.record(activity, check.ok ? check.identity : undefined, chosen);
    } catch (error) {
      // Answering the person matters more than refreshing the reference; the next activity retries.
      this.deps.logger.error({ err: error, activityId: activity.id }, 'could not store the conversation reference');
    }
    await super.run(context);
  }

  private parseText(activity: Activity): ParsedText {
    const text = typeof activity.text === 'string' ? (TurnContext.removeRecipientMention(activity) ?? activity.text) : '';
    return this.parser.parse(text ?? '');
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const parsed = (context.turnState.get(PARSED_TEXT) as ParsedText | undefined) ?? this.parseText(activity);
    const typedLanguage = parsed.kind === 'command' ? parsed.language : undefined;
    const check = readTurnIdentity(activity, this.deps.allowedTenantId);
    if (!check.ok) {
      const t = translatorFor(typedLanguage ?? activityLocale(activity) ?? DEFAULT_LOCALE);
      await context.sendActivity(t(check.reason === 'foreign_tenant' ? 'errors.foreignTenant' : 'errors.unidentifiedUser'));
      return;
    }
    const user = check.identity.user;
    const locale = typedLanguage ?? (await this.deps.languages.get(user)) ?? activityLocale(activity) ?? DEFAULT_LOCALE;
    const t = translatorFor(locale);
    if (parsed.kind === 'empty') {
      await context.sendActivity(t('errors.emptyMessage'));
      return;
    }
    if (parsed.kind === 'unknown') {
      await context.sendActivity(
        parsed.suggestion
          ? t('errors.unknownCommandSuggestion', { text: parsed.text, suggestion: parsed.suggestion })
          : t('errors.unknownCommand', { text: parsed.text }),
      );
      return;
    }
    const ctx: CommandContext = {
      identity: check.identity,
      locale,
      t,
      argument: parsed.argument,
      services: this.deps.services,
      administration: this.deps.administration,
      externalMembers: this.deps.externalMembers,
      commands: this.commands,
    };
    await this.send(context, await parsed.command.handler(ctx), locale);
  }

  private async send(context: TurnContext, reply: Reply, locale: Locale): Promise<void> {
    if (reply.card) {
      const sent = await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(reply.card), reply.text));
      if (reply.progressOf && sent?.id) await this.rememberProgressCard(context, reply.progressOf, sent.id, locale);
    } else if (reply.text) {
      await context.sendActivity(MessageFactory.text(reply.text));
    }
  }

  /** The card is already in front of the person; if it cannot be remembered, it only misses its updates. */
  private async rememberProgressCard(context: TurnContext, jobReference: string, activityId: string, locale: Locale): Promise<void> {
    const activity = context.activity;
    try {
      const conversation = { ...TurnContext.getConversationReference(activity), activityId: undefined } as Record<string, unknown>;
      await this.deps.progressMessages.remember({ jobReference, activityId, conversation, locale }, this.deps.services.clock.now());
    } catch (error) {
      this.deps.logger.error({ err: error, activityId: activity.id, jobReference }, 'could not remember the progress card');
    }
  }

  private async greet(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const check = readTurnIdentity(activity, this.deps.allowedTenantId);
    const preferred = check.ok ? await this.deps.languages.get(check.identity.user) : undefined;
    const locale = preferred ?? activityLocale(activity) ?? DEFAULT_LOCALE;
    const t = translatorFor(locale);
    if (activity.conversation?.conversationType === 'channel' || activity.conversation?.isGroup) {
      await this.greetTeam(context, locale);
      return;
    }
    const name = check.ok ? check.identity.displayName?.split(' ')[0] : undefined;
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(welcomeCard(name, locale, t))));
  }

  /**
   * Installed in a team: if it is a community's team, welcome the community with its card and remember
   * the General channel for community-wide cards; otherwise a short hello.
   */
  private async greetTeam(context: TurnContext, locale: Locale): Promise<void> {
    const activity = context.activity;
    const t = translatorFor(locale);
    const botName = activity.recipient?.name ?? t('app.name');
    const team = (activity.channelData as { team?: { id?: string; aadGroupId?: string } } | undefined)?.team;
    let groupId = team?.aadGroupId;
    if (!groupId && team?.id) {
      // Teams does not always put the group id in channelData; the Bot Connector knows it (teams-graph-facts §8.2).
      groupId = await TeamsInfo.getTeamDetails(context)
        .then((details) => details.aadGroupId)
        .catch((error: unknown) => {
          this.deps.logger.warn({ err: error, activityId: activity.id }, 'could not read the team details');
          return undefined;
        });
    }
    const community = groupId ? await this.deps.services.communities.findByTeamId(groupId.toLowerCase()) : undefined;
    if (!community || !team?.id) {
      await context.sendActivity(t('welcome.team', { bot: botName }));
      return;
    }
    await this.deps.services.communities.recordGeneralChannel(community.id, team.id);
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(teamWelcomeCard(community, botName, locale, t))));
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const activity = context.activity;
    const data = actionDataSchema.safeParse(invokeValue.action.data ?? {});
    const check: IdentityCheck = readTurnIdentity(activity, this.deps.allowedTenantId);
    const preferred = check.ok ? await this.deps.languages.get(check.identity.user) : undefined;
    const locale: Locale = (data.success ? data.data.lang : undefined) ?? preferred ?? activityLocale(activity) ?? DEFAULT_LOCALE;
    const t = translatorFor(locale);
    if (!check.ok) {
      return errorResponse(403, 'Forbidden', t(check.reason === 'foreign_tenant' ? 'errors.foreignTenant' : 'errors.unidentifiedUser'));
    }
    const handler = VERBS.get(invokeValue.action.verb);
    if (!handler || !data.success) return errorResponse(400, 'BadRequest', t('errors.badAction'));
    try {
      const result = await handler({
        identity: check.identity,
        locale,
        t,
        data: data.data,
        inputs: invokeValue.action.data as Record<string, unknown>,
        services: this.deps.services,
        administration: this.deps.administration,
        commands: this.commands,
      });
      if ('card' in result) {
        // The returned card replaces the one clicked, in the message the invoke replies to.
        if (result.progressOf && activity.replyToId) await this.rememberProgressCard(context, result.progressOf, activity.replyToId, locale);
        return { statusCode: 200, type: CARD_CONTENT_TYPE, value: result.card as Record<string, unknown> };
      }
      if (result.status) return errorResponse(result.status, ERROR_CODES[result.status], result.message);
      return { statusCode: 200, type: MESSAGE_CONTENT_TYPE, value: result.message as unknown as Record<string, unknown> };
    } catch (error) {
      const reference = activity.id ?? randomUUID();
      this.deps.logger.error({ err: error, activityId: reference, verb: invokeValue.action.verb }, 'card action failed');
      return errorResponse(500, 'InternalError', t('errors.unexpected', { reference }));
    }
  }

  private async refuseForeignTenant(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const t = translatorFor(activityLocale(activity) ?? DEFAULT_LOCALE);
    this.deps.logger.warn({ activityId: activity.id, type: activity.type }, 'refused an activity from another tenant');
    if (activity.type === ActivityTypes.Message) {
      await context.sendActivity(t('errors.foreignTenant'));
    } else if (activity.type === ActivityTypes.Invoke) {
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: { status: 403, body: errorResponse(403, 'Forbidden', t('errors.foreignTenant')) },
      } as Partial<Activity>);
    }
  }
}

function errorResponse(statusCode: number, code: string, message: string): AdaptiveCardInvokeResponse {
  return { statusCode, type: ERROR_CONTENT_TYPE, value: { code, message } };
}

/** Polite last resort for a message turn that failed unexpectedly; the invoke path answers on its own. */
export async function answerUnexpectedError(context: TurnContext, error: unknown, logger: Logger): Promise<void> {
  const activity = context.activity;
  const reference = activity?.id ?? randomUUID();
  logger.error({ err: error, activityId: reference, type: activity?.type }, 'turn failed');
  if (activity?.type !== ActivityTypes.Message) return;
  const t = translatorFor(activityLocale(activity) ?? DEFAULT_LOCALE);
  try {
    await context.sendActivity(t('errors.unexpected', { reference }));
  } catch (sendError) {
    logger.error({ err: sendError, activityId: reference }, 'could not send the error message either');
  }
}
