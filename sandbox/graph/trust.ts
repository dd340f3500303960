import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import {
  type AuthenticationProvider,
  type Context,
  type FetchOptions,
  type Middleware,
  MiddlewareFactory,
  RetryHandler,
  RetryHandlerOptions,
} from '@microsoft/microsoft-graph-client';

/**
 * How the real clients come to trust the sandbox's self-signed certificate, made after the process
 * started. Why not the usual ways:
 * - NODE_EXTRA_CA_CERTS is read once at process start, before the certificate exists, and Node 20 has
 *   no `tls.setDefaultCACertificates` (Node ≥ 22.19) to add one later.
 * - NODE_TLS_REJECT_UNAUTHORIZED=0 would switch verification off for the whole process.
 * - The Graph SDK sends through the global `fetch` (undici): it ignores an `agent` in `fetchOptions`
 *   and takes only an undici `dispatcher`, and Node 20 does not export undici's `Agent` (the `undici`
 *   package is not a dependency of the app).
 * So:
 * - Graph SDK: its own default middleware chain (auth → retry → redirect → telemetry) whose last link,
 *   the one that performs the HTTP call, goes through node:https with an Agent whose `ca` is the
 *   sandbox certificate. Everything above it — the token, the RetryHandler honouring Retry-After,
 *   the error parsing — is the SDK's own code, unchanged. Pass `customHosts` as usual, or the SDK
 *   strips the Authorization header for a non-Graph host.
 * - @azure/identity: every credential accepts `tlsOptions` (core-rest-pipeline's TlsSettings); msal-node
 *   sends its requests through the credential's pipeline, which builds its https.Agent from them.
 */
export interface SandboxTrust {
  /** The sandbox certificate, as given. */
  readonly ca: string;
  /** An https.Agent trusting the certificate, for plain node:https callers. */
  readonly agent: https.Agent;
  /** Spread into any @azure/identity credential's options: `{ authorityHost, disableInstanceDiscovery: true, ...trust.credentialOptions }`. */
  readonly credentialOptions: { readonly tlsOptions: { readonly ca: string } };
  /**
   * The Graph SDK's default middleware chain over this trust, for `Client.initWithMiddleware({ middleware, baseUrl, customHosts })`.
   * `retry` replaces the default RetryHandlerOptions (3 retries, 3 s default delay, Retry-After honoured).
   */
  graphMiddleware(authProvider: AuthenticationProvider, retry?: RetryHandlerOptions): Middleware[];
  /** Closes the agent's idle sockets. */
  close(): void;
}

export function trustSandboxCertificate(pem: string): SandboxTrust {
  const agent = new https.Agent({ ca: pem, keepAlive: true });
  return {
    ca: pem,
    agent,
    credentialOptions: { tlsOptions: { ca: pem } },
    graphMiddleware(authProvider, retry) {
      const chain = MiddlewareFactory.getDefaultMiddlewareChain(authProvider);
      const sender = new HttpsMessageHandler(agent);
      return chain.map((middleware, index) => {
        if (index === chain.length - 1) return sender;
        if (retry && middleware instanceof RetryHandler) return new RetryHandler(retry);
        return middleware;
      });
    },
    close: () => agent.destroy(),
  };
}

/** The last link of a Graph SDK chain: what HTTPMessageHandler does with `fetch`, done with node:https and a given Agent. */
export class HttpsMessageHandler implements Middleware {
  constructor(private readonly agent: https.Agent) {}

  async execute(context: Context): Promise<void> {
    const options: FetchOptions = context.options ?? {};
    // Context.request is typed RequestInfo, a DOM type this project's libs (ES2022 + Node) leave unresolved; the SDK passes a URL or a fetch Request.
    const requestInfo = context.request as string | Request;
    const request = typeof requestInfo === 'string' ? undefined : requestInfo;
    const url = typeof requestInfo === 'string' ? requestInfo : requestInfo.url;
    const headers = new Headers(request?.headers);
    new Headers(options.headers).forEach((value, name) => headers.set(name, value));
    const method = (options.method ?? request?.method ?? 'GET').toUpperCase();
    const body = await bodyBytes(options.body ?? (request && method !== 'GET' && method !== 'HEAD' ? await request.arrayBuffer() : undefined));
    if (body !== undefined) headers.set('content-length', String(body.length));
    context.response = await new Promise<Response>((resolve, reject) => {
      const outgoing = https.request(
        url,
        { method, headers: Object.fromEntries(headers), agent: this.agent, signal: options.signal ?? request?.signal ?? undefined },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', reject);
          incoming.on('end', () => resolve(toResponse(incoming, Buffer.concat(chunks))));
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }
}

async function bodyBytes(body: unknown): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof URLSearchParams) return Buffer.from(body.toString(), 'utf8');
  if (body instanceof Blob) return Buffer.from(await body.arrayBuffer());
  throw new TypeError(`HttpsMessageHandler cannot send a body of type ${Object.prototype.toString.call(body)}.`);
}

/** A fetch Response, which is what the SDK's handlers above expect; statuses that forbid a body get none. */
function toResponse(incoming: IncomingMessage, body: Buffer): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const status = incoming.statusCode ?? 500;
  const bodiless = status === 204 || status === 205 || status === 304;
  return new Response(bodiless ? null : new Uint8Array(body), { status, statusText: incoming.statusMessage ?? '', headers });
}
