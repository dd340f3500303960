import { randomUUID } from 'node:crypto';

/** Builders for activities in the shape Teams sends them (reference/teams-graph-facts.md §8). */

export const TENANT_ID = '6f4a9c2e-3b1d-4e8a-9f00-c0ffee000001';
export const OTHER_TENANT_ID = '0badc0de-0000-4000-8000-000000000bad';
export const BOT = { id: '28:00000000-0000-0000-0000-00000000b0b0', name: 'Communautés de pratique' };

export interface Person {
  readonly id: string;
  readonly aadObjectId: string;
  readonly name: string;
}

export function person(n: number, name = `Personne ${n}`): Person {
  const suffix = n.toString(16).padStart(12, '0');
  return { id: `29:user-${n}`, aadObjectId: `11111111-2222-4333-8444-${suffix}`, name };
}

export interface ActivityOptions {
  readonly from?: Person | Record<string, unknown>;
  readonly tenantId?: string;
  readonly locale?: string;
  readonly serviceUrl: string;
  readonly conversationId?: string;
}

type Json = Record<string, unknown>;

function base(type: string, o: ActivityOptions, conversation: Json): Json {
  return {
    type,
    id: `act-${randomUUID()}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: o.serviceUrl,
    from: o.from ?? person(1),
    recipient: BOT,
    conversation,
    channelData: { tenant: { id: o.tenantId ?? TENANT_ID } },
    locale: o.locale ?? 'fr-CA',
    entities: [{ type: 'clientInfo', locale: o.locale ?? 'fr-CA', platform: 'Web', country: 'CA', timezone: 'America/Toronto' }],
  };
}

function personalConversation(o: ActivityOptions): Json {
  const from = (o.from ?? person(1)) as { id?: string };
  return { conversationType: 'personal', id: o.conversationId ?? `a:personal-${String(from.id)}`, tenantId: o.tenantId ?? TENANT_ID };
}

export function personalMessage(text: string, o: ActivityOptions): Json {
  return { ...base('message', o, personalConversation(o)), text, textFormat: 'plain' };
}

export const GENERAL_CHANNEL = '19:general-infonuagique@thread.tacv2';

/** A channel post that @mentions the bot, as Teams delivers it. */
export function channelMessage(text: string, o: ActivityOptions): Json {
  const mention = `<at>${BOT.name}</at>`;
  const activity = base('message', o, {
    isGroup: true,
    conversationType: 'channel',
    id: `${GENERAL_CHANNEL};messageid=1700000000000`,
    tenantId: o.tenantId ?? TENANT_ID,
  });
  return {
    ...activity,
    text: `${mention} ${text}`,
    textFormat: 'plain',
    entities: [...(activity.entities as Json[]), { type: 'mention', text: mention, mentioned: BOT }],
    channelData: {
      tenant: { id: o.tenantId ?? TENANT_ID },
      team: { id: GENERAL_CHANNEL, name: 'Communauté Infonuagique' },
      channel: { id: GENERAL_CHANNEL, name: 'General' },
      teamsTeamId: GENERAL_CHANNEL,
      teamsChannelId: GENERAL_CHANNEL,
    },
  };
}

/** A Universal Action (Action.Execute) click, invoke `adaptiveCard/action`. */
export function cardAction(verb: string, data: unknown, o: ActivityOptions & { replyToId?: string }): Json {
  return {
    ...base('invoke', o, personalConversation(o)),
    name: 'adaptiveCard/action',
    replyToId: o.replyToId ?? 'card-message-1',
    value: { action: { type: 'Action.Execute', id: randomUUID(), verb, data }, trigger: 'manual' },
  };
}

export function installationUpdate(action: 'add' | 'remove', o: ActivityOptions & { scope?: 'personal' | 'team' }): Json {
  if (o.scope === 'team') {
    return {
      ...base('installationUpdate', o, { isGroup: true, conversationType: 'channel', id: GENERAL_CHANNEL, tenantId: o.tenantId ?? TENANT_ID }),
      action,
      channelData: {
        tenant: { id: o.tenantId ?? TENANT_ID },
        team: { id: GENERAL_CHANNEL },
        channel: { id: GENERAL_CHANNEL },
        settings: { selectedChannel: { id: GENERAL_CHANNEL } },
      },
    };
  }
  return { ...base('installationUpdate', o, personalConversation(o)), action };
}

/** conversationUpdate when the bot is added (personal: bot + user; team: the bot). */
export function botAdded(o: ActivityOptions & { scope?: 'personal' | 'team' }): Json {
  const from = (o.from ?? person(1)) as Person;
  if (o.scope === 'team') {
    return {
      ...base('conversationUpdate', o, { isGroup: true, conversationType: 'channel', id: GENERAL_CHANNEL, tenantId: o.tenantId ?? TENANT_ID }),
      membersAdded: [{ id: BOT.id }],
      channelData: { tenant: { id: o.tenantId ?? TENANT_ID }, team: { id: GENERAL_CHANNEL }, eventType: 'teamMemberAdded' },
    };
  }
  return {
    ...base('conversationUpdate', o, personalConversation(o)),
    membersAdded: [{ id: BOT.id }, { id: from.id, aadObjectId: from.aadObjectId }],
  };
}
