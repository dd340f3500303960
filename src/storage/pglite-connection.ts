import { EventEmitter } from 'node:events';
import type { PGlite } from '@electric-sql/pglite';
import { serialize } from 'pg-protocol';

/**
 * The connection a `pg` client speaks through to an embedded PGlite database: the wire protocol's
 * messages go to PGlite's `execProtocolStream` and its replies come back as the events `pg` listens to.
 *
 * PGlite's own node-postgres adapter (0.5.16) does the same, but hands every message to PGlite on its
 * own: a prepared statement is Bind, Describe, Execute and Sync, four passes into the WebAssembly
 * engine, each with a fixed cost of 30–100 µs whatever the message (bench:rsvp: Describe and Sync alone
 * were a quarter of the database's time). Here the messages of one exchange are gathered until `pg`
 * ends it (Sync or Flush; a simple query or the end of the connection sends at once) and go in as one
 * buffer, as they would in one TCP write to a server, which processes them in order. Anything still
 * gathered at the end of the current microtask is sent all the same, so nothing can wait for a Sync
 * that never comes. Replies are what PGlite returns, in order, errors included (`throwOnError: false`).
 */
export class PgliteConnection extends EventEmitter {
  // Fields `pg`'s Client and Query read or write on their connection.
  _connecting = false;
  readonly stream = { destroy: () => this.end() };
  parsedStatements: Record<string, string> = {};
  submittedNamedStatements: Record<string, string> = {};

  private pending: Buffer[] = [];
  private sendScheduled = false;
  /** Exchanges run one after the other, in the order `pg` sent them. */
  private queue: Promise<unknown>;
  private listensToMessage = false;

  constructor(private readonly db: PGlite) {
    super();
    this.queue = db.waitReady;
    this.on('newListener', (event) => {
      if (event === 'message') this.listensToMessage = true;
    });
  }

  async connect(): Promise<void> {
    this._connecting = true;
    await this.db.waitReady;
    process.nextTick(() => this.emit('readyForQuery'));
  }

  // No startup, TLS, password or cancel with an embedded engine: it has one session and no network.
  requestSsl(): void {}
  startup(): void {}
  cancel(): void {}
  password(): void {}

  sendSASLInitialResponseMessage(mechanism: string, response: string): void {
    this.gather(serialize.sendSASLInitialResponseMessage(mechanism, response));
  }

  sendSCRAMClientFinalMessage(data: string): void {
    this.gather(serialize.sendSCRAMClientFinalMessage(data));
  }

  query(text: string): void {
    this.gather(serialize.query(text));
    this.sendNow();
  }

  parse(query: Parameters<typeof serialize.parse>[0]): void {
    this.gather(serialize.parse(query));
  }

  bind(config: Parameters<typeof serialize.bind>[0]): void {
    this.gather(serialize.bind(config));
  }

  execute(config: Parameters<typeof serialize.execute>[0]): void {
    this.gather(serialize.execute(config));
  }

  describe(message: Parameters<typeof serialize.describe>[0]): void {
    this.gather(serialize.describe(message));
  }

  close(message: Parameters<typeof serialize.close>[0]): void {
    this.gather(serialize.close(message));
  }

  flush(): void {
    this.gather(serialize.flush());
    this.sendNow();
  }

  sync(): void {
    this.gather(serialize.sync());
    this.sendNow();
  }

  sendCopyFromChunk(chunk: Buffer): void {
    this.gather(serialize.copyData(chunk));
  }

  endCopyFrom(): void {
    this.gather(serialize.copyDone());
    this.sendNow();
  }

  sendCopyFail(message: string): void {
    this.gather(serialize.copyFail(message));
    this.sendNow();
  }

  end(): void {
    this.sendNow();
    // 'end' once everything sent before has been answered; the ending client's listeners go now.
    this.queue = this.queue.then(() => {
      this.emit('end');
    });
    for (const event of this.eventNames()) if (event !== 'newListener') this.removeAllListeners(event);
    this.listensToMessage = false;
  }

  ref(): void {}
  unref(): void {}

  private gather(message: Buffer): void {
    this.pending.push(message);
    if (this.sendScheduled) return;
    this.sendScheduled = true;
    queueMicrotask(() => this.sendNow());
  }

  private sendNow(): void {
    this.sendScheduled = false;
    if (this.pending.length === 0) return;
    const bytes = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
    this.pending = [];
    this.queue = this.queue
      .then(() => this.db.execProtocolStream(bytes, { throwOnError: false }))
      .then((replies) => {
        for (const reply of replies) {
          if (this.listensToMessage) this.emit('message', reply);
          this.emit(reply.name === 'error' ? 'errorMessage' : reply.name, reply);
        }
      })
      .catch((error: unknown) => {
        this.emit('error', error);
      });
  }
}

/** The `pg` client configuration for PGlite: its one connection, and the settings a client expects to find. */
export function pgliteClientConfig(db: PGlite): { connection: PgliteConnection; user: string; password: string; database: string; host: string; port: number } {
  return { connection: new PgliteConnection(db), user: 'postgres', password: 'dummy', database: 'postgres', host: 'localhost', port: 5432 };
}
