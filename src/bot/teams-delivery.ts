import { type Activity, ActivityTypes, type ConversationReference } from 'botbuilder';
import { AuthenticationConstants, type BotFrameworkAuthentication, ClaimsIdentity, type ConnectorClient } from 'botframework-connector';
import type { StoredConversationReference } from '../domain/conversation-references';
import type { UserIdentity } from '../domain/model';
import type { UnreachableReason } from '../domain/delivery/outbox';
import type { ConnectorOutcome, DeliveryTarget, RenderedMessage, TeamsDelivery } from '../domain/delivery/teams-delivery';

/** The Bot Connector's refusals that mean "not this way", by their error code (teams-graph-facts §7.3). */
const UNREACHABLE: Record<string, UnreachableReason> = {
  BotNotInConversationRoster: 'never_opened',
  ConversationNotFound: 'never_opened',
  ConversationBlockedByUser: 'blocked',
  BotDisabledByAdmin: 'bot_disabled',
};

/** A request the connector client could not even make answer within this (the sender retries it). */
const REQUEST_TIMEOUT_MS = 10_000;

interface PipelineOwner {
  client?: { pipeline?: { removePolicy(options: { phase?: string }): unknown } };
}

/**
 * Proactive sends through botframework-connector's own client, one HTTP request per call. The client's
 * built-in retry policy (3 retries, 429 waits inside the call) is removed: the outbox sender decides
 * when to try again, paced with every other request of the tenant, and records each answer.
 */
export class ConnectorTeamsDelivery implements TeamsDelivery {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();

  constructor(
    private readonly authentication: BotFrameworkAuthentication,
    private readonly botAppId: string,
  ) {}

  async send(target: DeliveryTarget, message: RenderedMessage): Promise<ConnectorOutcome> {
    return this.call(target, async (client) => {
      const sent = await client.conversations.sendToConversation(target.conversationId, this.activityFor(target, message));
      return sent.id;
    });
  }

  async update(target: DeliveryTarget, activityId: string, message: RenderedMessage): Promise<ConnectorOutcome> {
    return this.call(target, async (client) => {
      await client.conversations.updateActivity(target.conversationId, activityId, { ...this.activityFor(target, message), id: activityId });
      return activityId;
    });
  }

  async delete(target: DeliveryTarget, activityId: string): Promise<ConnectorOutcome> {
    return this.call(target, async (client) => {
      await client.conversations.deleteActivity(target.conversationId, activityId);
      return activityId;
    });
  }

  personalReference(user: UserIdentity, chatId: string, serviceUrl: string): StoredConversationReference {
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl,
      bot: { id: `28:${this.botAppId}`, name: '' },
      user: { id: '', name: '', aadObjectId: user.aadObjectId },
      conversation: { id: chatId, isGroup: false, conversationType: 'personal', tenantId: user.tenantId, name: '' },
    };
    return {
      conversationId: chatId,
      tenantId: user.tenantId,
      conversationType: 'personal',
      aadObjectId: user.aadObjectId,
      teamId: undefined,
      serviceUrl,
      reference: reference,
    };
  }

  private activityFor(target: DeliveryTarget, message: RenderedMessage): Partial<Activity> {
    const reference = target.reference as Partial<ConversationReference>;
    return {
      type: ActivityTypes.Message,
      channelId: 'msteams',
      serviceUrl: target.serviceUrl,
      ...(reference.bot ? { from: reference.bot } : {}),
      ...(reference.user ? { recipient: reference.user } : {}),
      conversation: { ...(reference.conversation ?? {}), id: target.conversationId } as Activity['conversation'],
      ...(message.activity as Partial<Activity>),
    };
  }

  private async call(target: DeliveryTarget, request: (client: ConnectorClient) => Promise<string | undefined>): Promise<ConnectorOutcome> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const client = await this.clientFor(target.serviceUrl);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('Bot Connector request timed out'), { code: 'Timeout' })), REQUEST_TIMEOUT_MS);
      });
      const activityId = await Promise.race([request(client), timeout]);
      return { kind: 'delivered', activityId };
    } catch (error) {
      return outcomeOf(error);
    } finally {
      clearTimeout(timer);
    }
  }

  private clientFor(serviceUrl: string): Promise<ConnectorClient> {
    const known = this.clients.get(serviceUrl);
    if (known) return known;
    {
      const identity = new ClaimsIdentity([
        { type: AuthenticationConstants.AudienceClaim, value: this.botAppId },
        { type: AuthenticationConstants.AppIdClaim, value: this.botAppId },
      ]);
      const client = this.authentication
        .createConnectorFactory(identity)
        .create(serviceUrl)
        .then((created: ConnectorClient) => {
          // The SDK's private pipeline: its retry phase is the only thing taken out.
          (created as unknown as PipelineOwner).client?.pipeline?.removePolicy({ phase: 'Retry' });
          return created;
        });
      client.catch(() => this.clients.delete(serviceUrl));
      this.clients.set(serviceUrl, client);
      return client;
    }
  }
}

interface ConnectorError {
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { headers?: { get(name: string): string | undefined }; bodyAsText?: string | null };
}

/** How one failed request is to be treated, from its status, its error code and Retry-After. */
export function outcomeOf(error: unknown): ConnectorOutcome {
  const e = (error ?? {}) as ConnectorError;
  const status = e.statusCode;
  const code = errorCode(e) ?? e.code ?? 'NetworkError';
  if (status === 429) return { kind: 'throttled', status, retryAfterMs: retryAfterMs(e.response?.headers?.get('retry-after')) };
  if (status === 403 || status === 404) {
    const reason = UNREACHABLE[code] ?? (/MessageWritesBlocked/.test(e.response?.bodyAsText ?? '') ? 'blocked' : undefined);
    if (reason) return { kind: 'unreachable', status, code, reason };
    return { kind: 'rejected', status, code };
  }
  if (status === undefined || status === 408 || status === 412 || status >= 500) return { kind: 'transient', status, code };
  return { kind: 'rejected', status, code };
}

function errorCode(e: ConnectorError): string | undefined {
  const text = e.response?.bodyAsText;
  if (!text) return undefined;
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown } };
    return typeof body.error?.code === 'string' ? body.error.code : undefined;
  } catch {
    return undefined;
  }
}

/** Retry-After in seconds or as an HTTP date. */
function retryAfterMs(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
