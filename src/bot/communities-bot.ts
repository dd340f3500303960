import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  TeamsActivityHandler,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import { translatorFor } from '../i18n/translator';
import type { BotDeps, TurnDeps } from './bot-deps';
import { isActivityOfType } from './activity-type';
import { CommandParser, type ParsedText } from './command-parser';
import { COMMANDS } from './command-registry';
import { answerCardAction } from './invoke-router';
import { answerMessage, parseMessage } from './message-router';
import { anonymousReplyLocale } from './reply-locale';
import { greetInstallation } from './team-greeting';
import { passTenantGate } from './tenant-gate';
import { readTurnIdentity } from './turn-identity';

export type { BotDeps } from './bot-deps';

/** The parsed text of a message, computed once per turn (the recorder needs its language first). */
const PARSED_TEXT = Symbol('parsedText');

/**
 * The Teams activity handler: a thin door. The tenant gate, then the conversation reference, then the
 * activity goes to its router: messages to the commands, card actions to the verbs, installations to
 * the greetings.
 */
export class CommunitiesBot extends TeamsActivityHandler {
  private readonly parser: CommandParser;
  private readonly deps: TurnDeps;

  constructor(deps: BotDeps) {
    super();
    this.deps = { ...deps, commands: deps.commands ?? COMMANDS };
    this.parser = new CommandParser(this.deps.commands);

    this.onMessage(async (context, next) => {
      const parsed = context.turnState.get<ParsedText | undefined>(PARSED_TEXT) ?? parseMessage(this.parser, context.activity);
      await answerMessage(this.deps, context, parsed);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await greetInstallation(this.deps, context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.deps.recorder.uninstalled(context.activity);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    if (!(await passTenantGate(context, this.deps.allowedTenantId, this.deps.logger))) return;
    const activity = context.activity;
    const check = readTurnIdentity(activity, this.deps.allowedTenantId);
    const parsed = isActivityOfType(activity, ActivityTypes.Message) ? parseMessage(this.parser, activity) : undefined;
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

  protected override onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    return answerCardAction(this.deps, context, invokeValue);
  }
}

/** Polite last resort for a message turn that failed unexpectedly; the invoke path answers on its own. */
export async function answerUnexpectedError(context: TurnContext, error: unknown, logger: Logger): Promise<void> {
  const activity = context.activity;
  const reference = activity?.id ?? randomUUID();
  logger.error({ err: error, activityId: reference, type: activity?.type }, 'turn failed');
  if (!isActivityOfType(activity, ActivityTypes.Message)) return;
  const t = translatorFor(anonymousReplyLocale(activity));
  try {
    await context.sendActivity(t('errors.unexpected', { reference }));
  } catch (sendError) {
    logger.error({ err: sendError, activityId: reference }, 'could not send the error message either');
  }
}
