import { randomUUID } from 'node:crypto';
import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import { translatorFor } from '../i18n/translator';
import type { TurnDeps } from './bot-deps';
import { CARD_CONTENT_TYPE, ERROR_CODES, MESSAGE_CONTENT_TYPE, errorResponse } from './invoke-responses';
import { rememberProgressCard } from './progress-card-memory';
import { replyLocale } from './reply-locale';
import { readTurnIdentity } from './turn-identity';
import { actionDataSchema } from './verbs/verb-context';
import { VERBS } from './verbs/verb-registry';

/**
 * A card button (Action.Execute): who clicked comes from the activity, which community from the
 * checked card data; the verb's handler answers with the card that replaces the clicked one, or a message.
 */
export async function answerCardAction(deps: TurnDeps, context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
  const activity = context.activity;
  const data = actionDataSchema.safeParse(invokeValue.action.data ?? {});
  const check = readTurnIdentity(activity, deps.allowedTenantId);
  const cardLanguage = data.success ? data.data.lang : undefined;
  const locale = await replyLocale(deps.languages, activity, check.ok ? check.identity.user : undefined, cardLanguage);
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
      inputs: invokeValue.action.data,
      services: deps.services,
      administration: deps.administration,
      preferences: deps.preferences,
      meetings: deps.meetings,
      recordings: deps.recordings,
      rsvp: deps.rsvp,
      commands: deps.commands,
      replyLanguage: async (typedNow) => {
        const now = await replyLocale(deps.languages, activity, check.identity.user, typedNow ?? cardLanguage);
        return { locale: now, t: translatorFor(now) };
      },
    });
    if ('card' in result) {
      // The returned card replaces the one clicked, in the message the invoke replies to.
      if (result.progressOf && activity.replyToId) await rememberProgressCard(deps, context, result.progressOf, activity.replyToId, locale);
      return { statusCode: 200, type: CARD_CONTENT_TYPE, value: result.card };
    }
    if (result.status) return errorResponse(result.status, ERROR_CODES[result.status], result.message);
    return { statusCode: 200, type: MESSAGE_CONTENT_TYPE, value: result.message as unknown as Record<string, unknown> };
  } catch (error) {
    const reference = activity.id ?? randomUUID();
    deps.logger.error({ err: error, activityId: reference, verb: invokeValue.action.verb }, 'card action failed');
    return errorResponse(500, 'InternalError', t('errors.unexpected', { reference }));
  }
}
