import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What one reply looked like, enough to tell a real answer from an error message. */
export interface ReplySummary {
  readonly text: string;
  readonly hasCard: boolean;
}

/**
 * A Bot Connector stand-in for benchmarks: answers 200 `{"id":…}` to every POST and remembers, per
 * replyToId, what was sent, so a run can prove that each request the bot answered produced one reply.
 * It keeps only a small summary per reply (not the bodies), so it stays cheap at thousands of replies.
 */
export class CountingConnector {
  readonly replies = new Map<string, ReplySummary[]>();
  private received = 0;
  private lastReplyAt = 0;
  private readonly server = http.createServer((req, res) => this.handle(req, res));

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get serviceUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  get count(): number {
    return this.received;
  }

  /** Resolves once no reply has arrived for `quietMs` (or after `maxMs`), so stragglers are counted. */
  async settle(quietMs = 300, maxMs = 5000): Promise<void> {
    const until = Date.now() + maxMs;
    while (Date.now() < until && Date.now() - this.lastReplyAt < quietMs) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'POST') this.record(req.url ?? '', Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${this.received}` }));
    });
  }

  private record(url: string, rawBody: string): void {
    this.received += 1;
    this.lastReplyAt = Date.now();
    let body: { replyToId?: unknown; text?: unknown; attachments?: { contentType?: string }[] } = {};
    try {
      body = JSON.parse(rawBody) as typeof body;
    } catch {
      // Kept as a reply with no text, which the benchmark reports as unexpected.
    }
    // /v3/conversations/{id}/activities/{replyToId}: the body's replyToId is the same; the path is the fallback.
    const fromPath = decodeURIComponent(url.split('/activities/')[1] ?? '');
    const replyToId = typeof body.replyToId === 'string' ? body.replyToId : fromPath;
    const summary: ReplySummary = {
      text: typeof body.text === 'string' ? body.text : '',
      hasCard: (body.attachments ?? []).some((a) => a.contentType === 'application/vnd.microsoft.card.adaptive'),
    };
    const list = this.replies.get(replyToId);
    if (list) list.push(summary);
    else this.replies.set(replyToId, [summary]);
  }
}
