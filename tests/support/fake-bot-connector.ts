import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the bot sent to the Bot Connector: one record per HTTP call. */
export interface ConnectorCall {
  readonly method: string;
  /** Path with the conversation id decoded, e.g. /v3/conversations/a:1/activities/m1 */
  readonly path: string;
  readonly conversationId: string | undefined;
  readonly authorization: string | undefined;
  readonly body: ConnectorActivity;
}

export interface ConnectorActivity {
  readonly type?: string;
  readonly text?: string;
  readonly replyToId?: string;
  readonly locale?: string;
  readonly attachments?: { contentType: string; content: CardJson }[];
  readonly [key: string]: unknown;
}

export type CardJson = Record<string, unknown> & { body?: unknown[]; actions?: unknown[] };

/**
 * An in-process stand-in for the Teams Bot Connector service at the activity's serviceUrl. It accepts
 * what botbuilder sends (send, reply, update) and records it for assertions.
 */
export class FakeBotConnector {
  readonly calls: ConnectorCall[] = [];
  /** Teams the connector knows (GET /v3/teams/{id}): team thread id → Graph group id. */
  readonly teams = new Map<string, string>();
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private waiters: { predicate: (c: ConnectorCall) => boolean; resolve: (c: ConnectorCall) => void }[] = [];
  private nextId = 1;

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get serviceUrl(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  clear(): void {
    this.calls.length = 0;
  }

  /** Resolves with the first call (already received or coming) that matches. */
  waitFor(predicate: (c: ConnectorCall) => boolean, timeoutMs = 5000): Promise<ConnectorCall> {
    const existing = this.calls.find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`No matching Bot Connector call within ${timeoutMs} ms; got ${JSON.stringify(this.calls.map((c) => c.path))}`));
      }, timeoutMs);
      const done = (c: ConnectorCall): void => {
        clearTimeout(timer);
        resolve(c);
      };
      this.waiters.push({ predicate, resolve: done });
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
      const match = /\/v3\/conversations\/([^/]+)/.exec(path);
      const call: ConnectorCall = {
        method: req.method ?? 'GET',
        path,
        conversationId: match?.[1],
        authorization: req.headers.authorization,
        body: raw ? (JSON.parse(raw) as ConnectorActivity) : {},
      };
      this.calls.push(call);
      for (const waiter of [...this.waiters]) {
        if (waiter.predicate(call)) {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          waiter.resolve(call);
        }
      }
      const team = /^\/v3\/teams\/([^/]+)$/.exec(path)?.[1];
      if (req.method === 'GET' && team !== undefined) {
        const aadGroupId = this.teams.get(team);
        res.writeHead(aadGroupId ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(aadGroupId ? { id: team, name: 'Team', aadGroupId } : { error: { code: 'NotFound', message: 'Team not found' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `sent-${this.nextId++}` }));
    });
  }
}

/** All the text of a card, flattened, for "the card says …" assertions. */
export function cardText(card: unknown): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'text' || key === 'title' || key === 'value') && typeof value === 'string') texts.push(value);
        else walk(value);
      }
    }
  };
  walk(card);
  return texts.join('\n');
}

export interface CardAction {
  readonly type: string;
  readonly title: string;
  readonly verb?: string;
  readonly data?: Record<string, unknown>;
}

/** Every Action.Execute / Action.Submit in a card, wherever it sits (actions, ActionSets). */
export function cardActions(card: unknown): CardAction[] {
  const found: CardAction[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.type === 'string' && o.type.startsWith('Action.')) found.push(o as unknown as CardAction);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

export type CardInput = Record<string, unknown> & { id: string; type: string; value?: string; choices?: { title: string; value: string }[] };

/** Every input of a card, by id, wherever it sits. */
export function inputsOf(card: unknown): Map<string, CardInput> {
  const found = new Map<string, CardInput>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const element = node as CardInput;
      if (typeof element.type === 'string' && element.type.startsWith('Input.')) found.set(element.id, element);
      Object.values(element).forEach(walk);
    }
  };
  walk(card);
  return found;
}
