import type { ConnectorOperation } from './contracts';

export interface Route {
  readonly operation: ConnectorOperation;
  readonly conversationId?: string;
  readonly activityId?: string;
  readonly teamId?: string;
}

export interface ParsedPath {
  /** Each segment decoded (botbuilder encodes ids: `a%3A1xyz`, `19%3Aabc%40thread.tacv2%3Bmessageid%3D1`). */
  readonly path: string;
  readonly route: Route | null;
}

/**
 * The Bot Connector v3 endpoints botbuilder 4.23 calls (reference/teams-graph-facts.md §8.1):
 * POST v3/conversations, POST v3/conversations/{id}/activities, POST|PUT|DELETE
 * v3/conversations/{id}/activities/{activityId}, GET v3/teams/{id}.
 */
export function parsePath(method: string, url: string): ParsedPath {
  const raw = (url.split('?')[0] ?? '').split('/').filter((s) => s !== '');
  let segments: string[];
  try {
    segments = raw.map((s) => decodeURIComponent(s));
  } catch {
    return { path: url, route: null };
  }
  const path = `/${segments.join('/')}`;
  return { path, route: routeOf(method, segments) };
}

const ON_ACTIVITY: Partial<Record<string, ConnectorOperation>> = { POST: 'reply', PUT: 'update', DELETE: 'delete' };

function routeOf(method: string, segments: readonly string[]): Route | null {
  const [version, collection, id, activities, activityId, ...rest] = segments;
  if (version !== 'v3' || rest.length > 0) return null;
  if (collection === 'teams') {
    return method === 'GET' && id !== undefined && activities === undefined ? { operation: 'getTeam', teamId: id } : null;
  }
  if (collection !== 'conversations') return null;
  if (id === undefined) return method === 'POST' ? { operation: 'createConversation' } : null;
  if (activities !== 'activities') return null;
  if (activityId === undefined) return method === 'POST' ? { operation: 'send', conversationId: id } : null;
  // POST …/activities/history is sendConversationHistory, not a reply.
  if (activityId === 'history') return null;
  const operation = ON_ACTIVITY[method];
  return operation ? { operation, conversationId: id, activityId } : null;
}
