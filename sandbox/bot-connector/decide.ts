import type { ActivityStore } from './activity-store';
import type { AcceptedOperation, CallOutcome, ConnectorActivity, ConnectorOperation, ConversationOperation } from './contracts';
import {
  ACTIVITY_NOT_FOUND,
  type Answer,
  BAD_GATEWAY,
  badRequest,
  GATEWAY_TIMEOUT,
  NO_SUCH_ENDPOINT,
  PRECONDITION_FAILED,
  refusalAnswer,
  retryAfterSeconds,
  TEAM_NOT_FOUND,
  throttledAnswer,
} from './envelopes';
import type { FaultDice, InjectedFault } from './faults';
import type { ConnectorLimiter, RetryDeadlines, ThreadFamily } from './rate-limits';
import { type Roster, threadKeyOf } from './roster';
import { type Route, parsePath } from './routes';
import type { TrafficStats } from './traffic-stats';

export interface ConnectorParts {
  readonly roster: Roster;
  readonly activities: ActivityStore;
  readonly limiter: ConnectorLimiter;
  readonly deadlines: RetryDeadlines;
  readonly dice: FaultDice;
  readonly stats: TrafficStats;
  readonly enforceLimits: boolean;
  readonly strictRoster: boolean;
  readonly defaultTenantId: string;
}

export interface Decision {
  readonly answer: Answer;
  readonly path: string;
  readonly operation: ConnectorOperation | null;
  readonly conversationId: string | undefined;
  readonly activityId: string | undefined;
  readonly tenantId: string | undefined;
  readonly body: ConnectorActivity;
  readonly outcome: CallOutcome;
  readonly accepted: AcceptedOperation | undefined;
}

/** What a conversation operation addresses, once its ids and tenant are known. */
interface Target {
  readonly operation: ConversationOperation;
  readonly conversationId: string;
  readonly threadKey: string;
  readonly tenantId: string;
  readonly activityId: string | undefined;
  /** The members a create names (for per-user refusals and the roster). */
  readonly members: readonly string[];
  /** A create's first activity, posted with it (a new channel thread). */
  readonly initialActivity: ConnectorActivity | undefined;
  readonly registered: boolean;
}

const FAULT_ANSWERS: Record<Exclude<InjectedFault, 'throttled'>, Answer> = {
  preconditionFailed: PRECONDITION_FAILED,
  badGateway: BAD_GATEWAY,
  gatewayTimeout: GATEWAY_TIMEOUT,
};

/**
 * Decides one request, in this order: the route; the body; a Retry-After not yet elapsed (too soon); a
 * scripted or roster refusal; an injected fault; an update or delete of an unknown activity; the limits;
 * then the operation is carried out. Only that last step fills the windows.
 */
export function decide(parts: ConnectorParts, method: string, url: string, rawBody: string, now: number): Decision {
  const { path, route } = parsePath(method, url);
  const base = { path, operation: route?.operation ?? null, conversationId: route?.conversationId, activityId: route?.activityId, tenantId: undefined, accepted: undefined };
  if (!route) {
    parts.stats.unmatched += 1;
    return { ...base, body: {}, answer: NO_SUCH_ENDPOINT, outcome: 'unmatched' };
  }
  const body = parseBody(rawBody);
  if (body === null) {
    parts.stats.badRequests += 1;
    return { ...base, body: {}, answer: badRequest('The body is not a JSON object.'), outcome: 'badRequest' };
  }
  if (route.operation === 'getTeam') {
    parts.stats.teamLookups += 1;
    const team = parts.roster.teams.get(route.teamId ?? '');
    const answer: Answer = team ? { status: 200, body: { id: route.teamId, name: team.name, aadGroupId: team.aadGroupId } } : TEAM_NOT_FOUND;
    return { ...base, body, answer, outcome: 'teamLookup' };
  }
  const target = targetOf(parts, route, body);
  if (typeof target === 'string') {
    parts.stats.badRequests += 1;
    return { ...base, body, answer: badRequest(target), outcome: 'badRequest' };
  }
  const decided = (answer: Answer, outcome: CallOutcome, accepted?: AcceptedOperation): Decision => ({
    ...base,
    conversationId: accepted?.conversationId ?? target.conversationId,
    activityId: accepted?.activityId ?? target.activityId,
    tenantId: target.tenantId,
    body,
    answer,
    outcome,
    accepted,
  });
  const family: ThreadFamily = target.operation === 'createConversation' ? 'create' : 'thread';

  const deadline = parts.deadlines.pending(family, target.threadKey, target.tenantId, now);
  if (deadline !== undefined) {
    parts.stats.tooSoon += 1;
    return decided(throttledAnswer(retryAfterSeconds(deadline - now), 'the Retry-After given earlier has not elapsed'), 'tooSoon');
  }

  const refusal =
    parts.roster.refusalFor(target.conversationId, target.tenantId, target.members) ??
    (parts.strictRoster && !target.registered ? 'BotNotInConversationRoster' : undefined);
  if (refusal) {
    parts.stats.refused += 1;
    parts.stats.refusedBy[refusal] += 1;
    return decided(refusalAnswer(refusal), 'refused');
  }

  const fault = parts.dice.drawFault();
  if (fault) {
    parts.stats.injected[fault] += 1;
    if (fault !== 'throttled') return decided(FAULT_ANSWERS[fault], 'injected');
    const seconds = parts.dice.throttledRetryAfterSeconds;
    parts.deadlines.setThread(family, target.threadKey, now + seconds * 1000);
    return decided(throttledAnswer(seconds, 'injected'), 'injected');
  }

  if ((target.operation === 'update' || target.operation === 'delete') && !parts.activities.exists(target.conversationId, target.activityId ?? '')) {
    parts.stats.activityNotFound += 1;
    return decided(ACTIVITY_NOT_FOUND, 'activityNotFound');
  }

  const { conversationWaitMs, tenantWaitMs } = parts.limiter.check(family, target.threadKey, target.tenantId, now);
  if (parts.enforceLimits && (conversationWaitMs > 0 || tenantWaitMs > 0)) {
    const seconds = retryAfterSeconds(Math.max(conversationWaitMs, tenantWaitMs));
    parts.stats.overLimit += 1;
    if (conversationWaitMs > 0) {
      parts.stats.overLimitBy.conversation += 1;
      parts.deadlines.setThread(family, target.threadKey, now + seconds * 1000);
    }
    if (tenantWaitMs > 0) {
      parts.stats.overLimitBy.tenant += 1;
      parts.deadlines.setTenant(target.tenantId, now + seconds * 1000);
    }
    return decided(throttledAnswer(seconds, conversationWaitMs > 0 ? 'conversation limit' : 'tenant limit'), 'overLimit');
  }

  const { answer, accepted } = carryOut(parts, target, body, now);
  return decided(answer, 'accepted', accepted);
}

function carryOut(parts: ConnectorParts, target: Target, body: ConnectorActivity, now: number): { answer: Answer; accepted: AcceptedOperation } {
  const { roster, activities, limiter, stats } = parts;
  const family: ThreadFamily = target.operation === 'createConversation' ? 'create' : 'thread';
  limiter.accept(family, target.threadKey, target.tenantId, now);
  stats.acceptedOne(target.operation, target.tenantId, now, family === 'thread' ? (ms) => limiter.threadCount(target.threadKey, now, ms) : null);
  let answer: Answer;
  let activityId = target.activityId;
  let conversationId = target.conversationId;
  const deliver = (operation: 'send' | 'reply' | 'createConversation', activity: ConnectorActivity, id: string): void =>
    activities.deliver({ conversationId, operation, tenantId: target.tenantId, at: now, activity }, id);
  switch (target.operation) {
    case 'createConversation': {
      if (!target.registered) roster.register(target.threadKey, { tenantId: target.tenantId, userId: target.members[0] });
      if (target.initialActivity) {
        activityId = activities.nextId();
        // A new channel thread is the channel's id with the root message's (teams-graph-facts.md §8.1).
        if (target.members.length === 0) conversationId = `${target.threadKey};messageid=${activityId}`;
        deliver('createConversation', target.initialActivity, activityId);
      }
      answer = { status: 201, body: activityId === undefined ? { id: conversationId } : { id: conversationId, activityId } };
      break;
    }
    case 'send':
    case 'reply': {
      roster.learnTenant(target.conversationId, target.tenantId);
      const replyToId = target.operation === 'reply' ? (body.replyToId ?? target.activityId) : body.replyToId;
      activityId = activities.nextId();
      deliver(target.operation, { ...body, replyToId }, activityId);
      answer = { status: 201, body: { id: activityId } };
      break;
    }
    case 'update':
      activities.update(target.conversationId, activityId ?? '', body);
      answer = { status: 200, body: { id: activityId } };
      break;
    case 'delete':
      activities.delete(target.conversationId, activityId ?? '');
      answer = { status: 200, body: {} };
      break;
  }
  return {
    answer,
    accepted: {
      operation: target.operation,
      conversationId,
      activityId,
      tenantId: target.tenantId,
      at: now,
      acceptedCount: stats.accepted,
      deliveryCount: activities.count,
    },
  };
}

function targetOf(parts: ConnectorParts, route: Route, body: ConnectorActivity): Target | string {
  const { roster, defaultTenantId } = parts;
  const operation = route.operation as ConversationOperation;
  if (operation === 'createConversation') {
    const tenantId = text(record(record(body.channelData)?.tenant)?.id) ?? text(body.tenantId) ?? defaultTenantId;
    const initialActivity = record(body.activity);
    const members = (Array.isArray(body.members) ? body.members : []).map((m) => text(record(m)?.id)).filter((id): id is string => id !== undefined);
    const channelId = text(record(record(body.channelData)?.channel)?.id);
    if (members.length === 0) {
      if (body.isGroup !== true || channelId === undefined) return 'A conversation needs members[0].id, or isGroup with channelData.channel.id.';
      if (!initialActivity) return 'A new channel thread needs its first activity.';
      const tenant = roster.tenantOf(channelId) ?? tenantId;
      return { operation, conversationId: channelId, threadKey: channelId, tenantId: tenant, activityId: undefined, members, initialActivity, registered: roster.isRegistered(channelId) };
    }
    const existing = roster.conversationWith(tenantId, members);
    const conversationId = existing ?? roster.oneOnOneId(tenantId, members[0] as string);
    return { operation, conversationId, threadKey: threadKeyOf(conversationId), tenantId, activityId: undefined, members, initialActivity, registered: existing !== undefined };
  }
  const conversationId = route.conversationId as string;
  if (operation !== 'delete' && Object.keys(body).length === 0) return 'An activity is required.';
  const fromBody = text(record(record(body.channelData)?.tenant)?.id) ?? text(record(body.conversation)?.tenantId);
  return {
    operation,
    conversationId,
    threadKey: threadKeyOf(conversationId),
    tenantId: roster.tenantOf(conversationId) ?? fromBody ?? defaultTenantId,
    activityId: route.activityId,
    members: [],
    initialActivity: undefined,
    registered: roster.isRegistered(conversationId),
  };
}

function parseBody(raw: string): ConnectorActivity | null {
  if (raw.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return record(parsed) ?? null;
  } catch {
    return null;
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
