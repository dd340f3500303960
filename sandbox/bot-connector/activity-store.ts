import type { ConnectorActivity, ConnectorAttachment, Delivery } from './contracts';
import { threadKeyOf } from './roster';

interface StoredActivity {
  readonly conversationId: string;
  readonly activityId: string;
  readonly operation: Delivery['operation'];
  readonly tenantId: string;
  readonly replyToId: string | undefined;
  readonly at: number;
  text: string | undefined;
  attachments: readonly ConnectorAttachment[];
  updates: number;
  deleted: boolean;
}

export interface NewDelivery {
  readonly conversationId: string;
  readonly operation: Delivery['operation'];
  readonly tenantId: string;
  readonly at: number;
  readonly activity: ConnectorActivity;
}

/**
 * The messages the connector accepted, per conversation, in order: what a test counts to say each person
 * got a message exactly once, and what updates and deletes must find. Ids are numeric strings, as Teams' are.
 */
export class ActivityStore {
  private readonly byConversation = new Map<string, StoredActivity[]>();
  private readonly byId = new Map<string, StoredActivity>();
  private issued = 0;
  count = 0;

  constructor(private readonly keepContent: boolean) {}

  nextId(): string {
    this.issued += 1;
    return String(1_000_000_000_000 + this.issued);
  }

  deliver(delivery: NewDelivery, activityId: string): void {
    this.store(this.stored(delivery.conversationId, activityId, delivery.operation, delivery.tenantId, delivery.at, delivery.activity), true);
    this.count += 1;
  }

  /** A message the connector did not send but must know (the card a test's user clicks on), so it can be updated. */
  seed(conversationId: string, activityId: string, activity: ConnectorActivity, tenantId: string, at: number): void {
    this.store(this.stored(conversationId, activityId, 'send', tenantId, at, activity), false);
  }

  exists(conversationId: string, activityId: string): boolean {
    const found = this.byId.get(activityKey(conversationId, activityId));
    return found !== undefined && !found.deleted;
  }

  update(conversationId: string, activityId: string, activity: ConnectorActivity): void {
    const found = this.byId.get(activityKey(conversationId, activityId));
    if (!found) return;
    Object.assign(found, this.content(activity));
    found.updates += 1;
  }

  delete(conversationId: string, activityId: string): void {
    const found = this.byId.get(activityKey(conversationId, activityId));
    if (found) found.deleted = true;
  }

  /** Deliveries per conversation (as addressed), oldest first; seeded messages are not deliveries. Copies, safe to keep. */
  deliveries(): Map<string, Delivery[]> {
    const view = new Map<string, Delivery[]>();
    for (const [conversationId, list] of this.byConversation) view.set(conversationId, list.map((a) => ({ ...a })));
    return view;
  }

  private stored(
    conversationId: string,
    activityId: string,
    operation: Delivery['operation'],
    tenantId: string,
    at: number,
    activity: ConnectorActivity,
  ): StoredActivity {
    const replyToId = typeof activity.replyToId === 'string' ? activity.replyToId : undefined;
    return { conversationId, activityId, operation, tenantId, replyToId, at, ...this.content(activity), updates: 0, deleted: false };
  }

  private store(activity: StoredActivity, delivered: boolean): void {
    this.byId.set(activityKey(activity.conversationId, activity.activityId), activity);
    if (!delivered) return;
    const list = this.byConversation.get(activity.conversationId);
    if (list) list.push(activity);
    else this.byConversation.set(activity.conversationId, [activity]);
  }

  private content(activity: ConnectorActivity): { text: string | undefined; attachments: readonly ConnectorAttachment[] } {
    if (!this.keepContent) return { text: undefined, attachments: [] };
    return {
      text: typeof activity.text === 'string' ? activity.text : undefined,
      attachments: Array.isArray(activity.attachments) ? activity.attachments : [],
    };
  }
}

/** Updates and deletes find a message by its thread and id: a channel reply chain's id may or may not carry ;messageid=. */
function activityKey(conversationId: string, activityId: string): string {
  return `${threadKeyOf(conversationId)}\u0000${activityId}`;
}
