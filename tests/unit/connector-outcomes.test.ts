import { outcomeOf } from '../../src/bot/teams-delivery';

/** A RestError as botframework-connector's client throws it: status, and the Bot Connector's envelope. */
function restError(statusCode: number | undefined, body?: unknown, headers: Record<string, string> = {}, code?: string) {
  return {
    statusCode,
    code,
    response: { headers: { get: (name: string) => headers[name.toLowerCase()] }, bodyAsText: body === undefined ? null : JSON.stringify(body) },
  };
}

describe('how a Bot Connector answer is treated (teams-graph-facts §7.2, §7.3)', () => {
  it.each([
    ['BotNotInConversationRoster', 403, 'never_opened'],
    ['ConversationNotFound', 404, 'never_opened'],
    ['ConversationBlockedByUser', 403, 'blocked'],
    ['BotDisabledByAdmin', 403, 'bot_disabled'],
  ])('%s (%i) means unreachable this way: %s', (code, status, reason) => {
    expect(outcomeOf(restError(status, { error: { code, message: 'm' } }))).toEqual({ kind: 'unreachable', status, code, reason });
  });

  it('a 1:1 blocked from message writes (errorCode 209 MessageWritesBlocked) is a block', () => {
    const body = { errorCode: 209, message: '{"subCode":"MessageWritesBlocked","details":"Thread is blocked from message writes."}' };
    expect(outcomeOf(restError(403, body))).toMatchObject({ kind: 'unreachable', reason: 'blocked' });
  });

  it('429 is throttling, with Retry-After in seconds or as a date', () => {
    expect(outcomeOf(restError(429, { error: { code: 'Throttled' } }, { 'retry-after': '3' }))).toEqual({ kind: 'throttled', status: 429, retryAfterMs: 3000 });
    expect(outcomeOf(restError(429, undefined))).toEqual({ kind: 'throttled', status: 429, retryAfterMs: undefined });
    const date = new Date(Date.now() + 60_000).toUTCString();
    const outcome = outcomeOf(restError(429, undefined, { 'retry-after': date }));
    expect(outcome.kind === 'throttled' ? outcome.retryAfterMs : 0).toBeGreaterThan(50_000);
  });

  it.each([412, 502, 504, 500, 503])('%i is transient', (status) => {
    expect(outcomeOf(restError(status, { error: { code: 'X' } })).kind).toBe('transient');
  });

  it('a network error (no status) is transient', () => {
    expect(outcomeOf(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toEqual({ kind: 'transient', status: undefined, code: 'ECONNRESET' });
  });

  it.each([400, 401, 413])('%i is a refusal that retrying would not change', (status) => {
    expect(outcomeOf(restError(status, { error: { code: 'BadArgument' } }))).toEqual({ kind: 'rejected', status, code: 'BadArgument' });
  });

  it('another 403 is a refusal, not an unreachable person', () => {
    expect(outcomeOf(restError(403, { error: { code: 'Forbidden' } })).kind).toBe('rejected');
  });
});
