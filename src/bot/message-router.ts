import { type Activity, CardFactory, MessageFactory, TurnContext } from 'botbuilder';
import type { Locale } from '../domain/model';
import { translatorFor } from '../i18n/translator';
import type { TurnDeps } from './bot-deps';
import type { CommandContext, Reply } from './command-context';
import type { CommandParser, ParsedText } from './command-parser';
import { rememberProgressCard } from './progress-card-memory';
import { anonymousReplyLocale, replyLocale } from './reply-locale';
import { readTurnIdentity } from './turn-identity';

/** The text of a message without the bot's @mention, parsed into a command (or not). */
export function parseMessage(parser: CommandParser, activity: Activity): ParsedText {
  const text = typeof activity.text === 'string' ? (TurnContext.removeRecipientMention(activity) ?? activity.text) : '';
  return parser.parse(text ?? '');
}

/** A message turn: who speaks, in which language, then the command's handler and its reply. */
export async function answerMessage(deps: TurnDeps, context: TurnContext, parsed: ParsedText): Promise<void> {
  const activity = context.activity;
  const typedLanguage = parsed.kind === 'command' ? parsed.language : undefined;
  const check = readTurnIdentity(activity, deps.allowedTenantId);
  if (!check.ok) {
    const t = translatorFor(anonymousReplyLocale(activity, typedLanguage));
    await context.sendActivity(t(check.reason === 'foreign_tenant' ? 'errors.foreignTenant' : 'errors.unidentifiedUser'));
    return;
  }
  const locale = await replyLocale(deps.languages, activity, check.identity.user, typedLanguage);
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
    services: deps.services,
    administration: deps.administration,
    externalMembers: deps.externalMembers,
    deliveryReports: deps.deliveryReports,
    preferences: deps.preferences,
    meetings: deps.meetings,
    recordings: deps.recordings,
    commands: deps.commands,
    replyLanguage: async (typedNow) => {
      const now = await replyLocale(deps.languages, activity, check.identity.user, typedNow ?? typedLanguage);
      return { locale: now, t: translatorFor(now) };
    },
  };
  await send(deps, context, await parsed.command.handler(ctx), locale);
}

async function send(deps: TurnDeps, context: TurnContext, reply: Reply, locale: Locale): Promise<void> {
  if (reply.card) {
    const sent = await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(reply.card), reply.text));
    if (reply.progressOf && sent?.id) await rememberProgressCard(deps, context, reply.progressOf, sent.id, locale);
  } else if (reply.text) {
    await context.sendActivity(MessageFactory.text(reply.text));
  }
}
