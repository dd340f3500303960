import type { AdaptiveCardInvokeResponse } from 'botbuilder';

/** The content types of an adaptiveCard/action answer (Universal Actions). */
export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const MESSAGE_CONTENT_TYPE = 'application/vnd.microsoft.activity.message';
const ERROR_CONTENT_TYPE = 'application/vnd.microsoft.error';

export const ERROR_CODES = { 400: 'BadRequest', 403: 'Forbidden', 404: 'NotFound' } as const;

export function errorResponse(statusCode: number, code: string, message: string): AdaptiveCardInvokeResponse {
  return { statusCode, type: ERROR_CONTENT_TYPE, value: { code, message } };
}
