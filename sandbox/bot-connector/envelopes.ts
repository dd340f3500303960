import type { RefusalCode } from './contracts';

/** An answer the stand-in writes: a status, a JSON body, and Retry-After when it throttles. */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly retryAfterSeconds?: number;
}

/** The Bot Connector's error envelope, `{"error":{"code","message"}}` (reference/teams-graph-facts.md §7.3). */
export function errorAnswer(status: number, code: string, message: string, retryAfterSeconds?: number): Answer {
  return { status, body: { error: { code, message } }, retryAfterSeconds };
}

const REFUSALS: Record<RefusalCode, { status: number; message: string }> = {
  BotNotInConversationRoster: { status: 403, message: 'The bot is not part of the conversation roster.' },
  ConversationBlockedByUser: { status: 403, message: 'User blocked the conversation with the bot.' },
  BotDisabledByAdmin: { status: 403, message: 'The bot is disabled by the tenant admin.' },
  ConversationNotFound: { status: 404, message: 'Conversation not found.' },
};

export const REFUSAL_CODES = Object.keys(REFUSALS) as RefusalCode[];

export function refusalAnswer(code: RefusalCode): Answer {
  const { status, message } = REFUSALS[code];
  return errorAnswer(status, code, message);
}

/** Retry-After is whole seconds (RFC 9110), never 0, or a client would come back into the same full window. */
export function retryAfterSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}

export function throttledAnswer(seconds: number, why: string): Answer {
  return errorAnswer(429, 'Throttled', `Too many requests (${why}). Retry after ${seconds} s.`, seconds);
}

// The bodies of these three are not documented; the codes follow the envelope of the documented ones.
export const PRECONDITION_FAILED = errorAnswer(412, 'PreconditionFailed', 'Conflicting operations on this conversation; retry.');
export const BAD_GATEWAY = errorAnswer(502, 'BadGateway', 'Bad gateway.');
export const GATEWAY_TIMEOUT = errorAnswer(504, 'GatewayTimeout', 'Gateway timeout.');

// Teams' answer to an update or delete of an unknown activity is undocumented: a plain 404 envelope.
export const ACTIVITY_NOT_FOUND = errorAnswer(404, 'NotFound', 'Activity not found.');
export const NO_SUCH_ENDPOINT = errorAnswer(404, 'NotFound', 'No such endpoint on the Bot Connector stand-in.');
export const TEAM_NOT_FOUND = errorAnswer(404, 'NotFound', 'Team not found.');

export function badRequest(message: string): Answer {
  return errorAnswer(400, 'BadArgument', message);
}
