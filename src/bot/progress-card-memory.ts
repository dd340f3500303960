import { TurnContext } from 'botbuilder';
import type { Locale } from '../domain/model';
import type { TurnDeps } from './bot-deps';

/**
 * Remembers the message holding a progress card, so the job it follows can update it in place.
 * The card is already in front of the person; if it cannot be remembered, it only misses its updates.
 */
export async function rememberProgressCard(deps: TurnDeps, context: TurnContext, jobReference: string, activityId: string, locale: Locale): Promise<void> {
  const activity = context.activity;
  try {
    const conversation = { ...TurnContext.getConversationReference(activity), activityId: undefined } as Record<string, unknown>;
    await deps.progressMessages.remember({ jobReference, activityId, conversation, locale }, deps.services.clock.now());
  } catch (error) {
    deps.logger.error({ err: error, activityId: activity.id, jobReference }, 'could not remember the progress card');
  }
}
