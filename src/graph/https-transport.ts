import https from 'node:https';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { GraphTransportError } from './graph-transport-error';

export interface HttpsTransportOptions {
  /** A request with no complete answer after this long is abandoned as a timeout. */
  readonly timeoutMs: number;
  /**
   * A certificate authority to trust instead of the public ones (the offline sandbox's self-signed
   * certificate). NODE_EXTRA_CA_CERTS cannot serve: Node reads it only at start-up, before the sandbox exists.
   */
  readonly caCertificatePem?: string | undefined;
}

/**
 * The last link of the Graph middleware chain: sends the request with node:https and a keep-alive agent
 * instead of the SDK's HTTPMessageHandler (global fetch), because Node's global fetch cannot be given a
 * trusted CA per client, and a per-request timeout belongs here.
 */
export class HttpsTransport implements Middleware {
  private readonly agent: https.Agent;

  constructor(private readonly options: HttpsTransportOptions) {
    this.agent = new https.Agent({ keepAlive: true, ...(options.caCertificatePem ? { ca: options.caCertificatePem } : {}) });
  }

  async execute(context: Context): Promise<void> {
    if (typeof context.request !== 'string') throw new Error('HttpsTransport expects the request URL as a string');
    const init = context.options ?? {};
    const headers = headersOf(init.headers);
    const body = bodyOf(init.body);
    if (body) headers['content-length'] = String(body.length);
    context.response = await this.send(context.request, init.method ?? 'GET', headers, body);
  }

  /** Closes idle keep-alive connections (tests and shutdown). */
  close(): void {
    this.agent.destroy();
  }

  private send(url: string, method: string, headers: Record<string, string>, body: Buffer | undefined): Promise<Response> {
    return new Promise((resolve, reject) => {
      const request = https.request(url, { method, headers, agent: this.agent }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', (error) => fail(new GraphTransportError('network', error.message, 1, error)));
        incoming.on('end', () => {
          clearTimeout(timer);
          const status = incoming.statusCode ?? 0;
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) {
            for (const one of Array.isArray(value) ? value : [value ?? '']) responseHeaders.append(name, one);
          }
          const hasBody = ![204, 205, 304].includes(status) && method !== 'HEAD';
          resolve(new Response(hasBody ? Buffer.concat(chunks) : null, { status, statusText: incoming.statusMessage ?? '', headers: responseHeaders }));
        });
      });
      const timer = setTimeout(() => fail(new GraphTransportError('timeout', `no answer within ${this.options.timeoutMs} ms`, 1)), this.options.timeoutMs);
      const fail = (error: GraphTransportError) => {
        clearTimeout(timer);
        request.destroy();
        reject(error);
      };
      request.on('error', (error) => fail(new GraphTransportError('network', error.message, 1, error)));
      request.end(body);
    });
  }
}

function headersOf(headers: ConstructorParameters<typeof Headers>[0]): Record<string, string> {
  const result: Record<string, string> = {};
  new Headers(headers).forEach((value, name) => {
    result[name] = value;
  });
  return result;
}

function bodyOf(body: unknown): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new Error('HttpsTransport sends only string or binary bodies');
}
