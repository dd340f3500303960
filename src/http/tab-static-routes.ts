import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Logger } from 'pino';
import type { Next, Request, Response, Server } from 'restify';

/**
 * The personal tab and the public recordings page, as Vite built them into dist/tab:
 *
 *   GET /tab, /tab/, /tab/index.html  the tab (no-cache: a new build is seen at once)
 *   GET /tab/assets/<hashed file>     a year, immutable (the name changes with the content)
 *   GET /public, /public/             the public recordings page
 *
 * Only the files found in the build are served, looked up by exact name in a table made when the build is
 * read: no path from a request ever reaches the file system, so no "..", encoded or not, can escape it.
 */

/** Teams loads the tab in an iframe of these hosts (teams-graph-facts §9–10); nobody else may frame it. */
export const TAB_FRAME_ANCESTORS = ["'self'", 'teams.microsoft.com', '*.teams.microsoft.com', '*.office.com', '*.cloud.microsoft'] as const;

const contentSecurityPolicy = (frameAncestors: readonly string[]): string =>
  [
    "default-src 'self'",
    "script-src 'self'",
    // Fluent UI (Griffel) writes its styles into <style> elements at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "media-src 'self' https:",
    // teams-js reads its list of valid host origins from the Office CDN.
    "connect-src 'self' https://res.cdn.office.net",
    "font-src 'self' data: https://res-1.cdn.office.net https://res.cdn.office.net",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors.join(' ')}`,
  ].join('; ');

export const TAB_CSP = contentSecurityPolicy(TAB_FRAME_ANCESTORS);
export const PUBLIC_PAGE_CSP = contentSecurityPolicy(["'self'"]);

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.map']);
const ASSET_NAME = /^[A-Za-z0-9._-]{1,200}$/;

interface BuiltFile {
  readonly body: Buffer;
  readonly gzipped: Buffer | undefined;
  readonly contentType: string;
}

interface Build {
  readonly tab: BuiltFile | undefined;
  readonly publicPage: BuiltFile | undefined;
  readonly assets: ReadonlyMap<string, BuiltFile>;
}

function readBuiltFile(file: string): BuiltFile {
  const body = fs.readFileSync(file);
  const extension = path.extname(file).toLowerCase();
  return {
    body,
    gzipped: COMPRESSIBLE.has(extension) && body.length > 1024 ? gzipSync(body, { level: 9 }) : undefined,
    contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
  };
}

function readBuild(directory: string): Build {
  const optional = (file: string): BuiltFile | undefined => (fs.existsSync(file) ? readBuiltFile(file) : undefined);
  const assets = new Map<string, BuiltFile>();
  const assetDirectory = path.join(directory, 'assets');
  if (fs.existsSync(assetDirectory)) {
    for (const entry of fs.readdirSync(assetDirectory, { withFileTypes: true })) {
      if (entry.isFile() && ASSET_NAME.test(entry.name)) assets.set(entry.name, readBuiltFile(path.join(assetDirectory, entry.name)));
    }
  }
  return { tab: optional(path.join(directory, 'index.html')), publicPage: optional(path.join(directory, 'public', 'index.html')), assets };
}

/** dist/tab seen from the compiled app (dist/src/http) or from the sources (src/http, under ts-jest). */
export function defaultTabBuildDirectory(): string {
  const candidates = [path.resolve(__dirname, '..', '..', 'tab'), path.resolve(__dirname, '..', '..', 'dist', 'tab')];
  return candidates.find((candidate) => fs.existsSync(path.join(candidate, 'index.html'))) ?? (candidates[1] as string);
}

export interface TabStaticOptions {
  readonly directory: string;
  readonly logger: Logger;
}

export function addTabStaticRoutes(server: Server, options: TabStaticOptions): void {
  let build: Build | undefined;
  // Read once; read again while the build is missing (npm run build:tab after the server started).
  const current = (): Build => {
    if (!build?.tab) {
      build = readBuild(options.directory);
      if (!build.tab) options.logger.warn({ directory: options.directory }, 'the tab is not built: run `npm run build:tab`');
    }
    return build;
  };

  const send = (req: Request, res: Response, file: BuiltFile, headers: Record<string, string>) => {
    const gzip = file.gzipped && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip && file.gzipped ? file.gzipped : file.body;
    res.writeHead(200, {
      'Content-Type': file.contentType,
      'Content-Length': String(body.length),
      'X-Content-Type-Options': 'nosniff',
      ...(file.gzipped ? { Vary: 'Accept-Encoding' } : {}),
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
      ...headers,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const notBuilt = (res: Response) => {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'Retry-After': '5' });
    res.end("L'onglet n'est pas encore construit (npm run build:tab). / The tab is not built yet (npm run build:tab).\n");
  };
  const notFound = (res: Response) => {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    res.end('Introuvable. / Not found.\n');
  };
  const page = (which: 'tab' | 'publicPage', csp: string) => (req: Request, res: Response, next: Next) => {
    const file = current()[which];
    if (!file) notBuilt(res);
    else send(req, res, file, { 'Cache-Control': 'no-cache', 'Content-Security-Policy': csp, 'Referrer-Policy': 'strict-origin-when-cross-origin' });
    next();
  };
  const asset = (req: Request, res: Response, next: Next) => {
    const raw = (req.params as { file?: unknown }).file;
    const file = typeof raw === 'string' && ASSET_NAME.test(raw) ? current().assets.get(raw) : undefined;
    if (!file) notFound(res);
    else send(req, res, file, { 'Cache-Control': 'public, max-age=31536000, immutable' });
    next();
  };
  const unknown = (_req: Request, res: Response, next: Next) => {
    notFound(res);
    next();
  };

  for (const method of ['get', 'head'] as const) {
    for (const route of ['/tab', '/tab/', '/tab/index.html']) server[method](route, page('tab', TAB_CSP));
    for (const route of ['/public', '/public/']) server[method](route, page('publicPage', PUBLIC_PAGE_CSP));
    server[method]('/tab/assets/:file', asset);
    server[method]('/tab/*', unknown);
  }
}
