import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type TestApp, startTestApp } from '../support/test-app';

/** A raw request: fetch would resolve "/tab/../x" before sending it, and the point here is what the server does with it. */
function rawGet(base: string, rawPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: url.hostname, port: url.port, path: rawPath, method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('serving the built tab and the public page under /tab and /public', () => {
  let t: TestApp;
  const build = fs.mkdtempSync(path.join(os.tmpdir(), 'tab-build-'));
  const script = `console.log(${JSON.stringify('x'.repeat(4000))});\n`;

  beforeAll(async () => {
    fs.mkdirSync(path.join(build, 'assets'));
    fs.mkdirSync(path.join(build, 'public'));
    fs.writeFileSync(path.join(build, 'index.html'), '<!doctype html><title>tab</title><script type="module" src="/tab/assets/tab-AbC123.js"></script>');
    fs.writeFileSync(path.join(build, 'public', 'index.html'), '<!doctype html><title>public</title>');
    fs.writeFileSync(path.join(build, 'assets', 'tab-AbC123.js'), script);
    fs.writeFileSync(path.join(build, 'assets', 'tab-AbC123.css'), 'body{margin:0}');
    // A secret next to the build: nothing a request says may reach it.
    fs.writeFileSync(path.join(os.tmpdir(), `${path.basename(build)}-secret.txt`), 'SECRET');
    t = await startTestApp({}, { tabDirectory: build });
  });
  afterAll(async () => {
    await t.stop();
    fs.rmSync(build, { recursive: true, force: true });
    fs.rmSync(path.join(os.tmpdir(), `${path.basename(build)}-secret.txt`), { force: true });
  });

  it.each(['/tab', '/tab/', '/tab/index.html', '/tab/?entity=communities&locale=fr-ca&theme=dark'])(
    '%s is the tab, never cached without asking, framable by Teams only',
    async (route) => {
      const response = await fetch(`${t.app.url()}${route}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'self' teams.microsoft.com *.teams.microsoft.com *.office.com *.cloud.microsoft");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(await response.text()).toContain('<title>tab</title>');
    },
  );

  it('/public and /public/ are the public page, which no other site may frame', async () => {
    for (const route of ['/public', '/public/']) {
      const response = await fetch(`${t.app.url()}${route}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
      expect(response.headers.get('content-security-policy')).not.toContain('teams.microsoft.com');
      expect(await response.text()).toContain('<title>public</title>');
    }
  });

  it('hashed assets are cached for a year with their content type, gzipped when the browser accepts it', async () => {
    const plain = await rawGet(t.app.url(), '/tab/assets/tab-AbC123.js');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toBe(script);

    const gzipped = await rawGet(t.app.url(), '/tab/assets/tab-AbC123.js', { 'accept-encoding': 'gzip, br' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toBe('Accept-Encoding');
    expect(gzipped.body.length).toBeLessThan(plain.body.length / 10);
    expect(gunzipSync(gzipped.body).toString('utf8')).toBe(script);

    const css = await rawGet(t.app.url(), '/tab/assets/tab-AbC123.css');
    expect([css.status, css.headers['content-type']]).toEqual([200, 'text/css; charset=utf-8']);

    const head = await rawGet(t.app.url(), '/tab/assets/tab-AbC123.js', {}, 'HEAD');
    expect([head.status, head.body.length, head.headers['content-length']]).toEqual([200, 0, String(Buffer.byteLength(script))]);
  });

  it.each([
    '/tab/assets/missing-123.js',
    '/tab/assets/../../package.json',
    '/tab/assets/..%2F..%2Fpackage.json',
    '/tab/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/tab/assets/..%5C..%5Cpackage.json',
    '/tab/../package.json',
    `/tab/assets/..%2F..%2F${path.basename(build)}-secret.txt`,
    '/tab/public/index.html',
    '/tab/src/app.ts',
  ])('%s is not served: only the files of the build, by exact name', async (route) => {
    const response = await rawGet(t.app.url(), route);
    expect(response.status).not.toBe(200);
    const body = response.body.toString('utf8');
    expect(body).not.toContain('SECRET');
    expect(body).not.toContain('"dependencies"');
    expect(body).not.toContain('<title>tab</title>');
  });
});

describe('the tab before it is built', () => {
  let t: TestApp;
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tab-unbuilt-'));
  beforeAll(async () => {
    t = await startTestApp({}, { tabDirectory: empty });
  });
  afterAll(async () => {
    await t.stop();
    fs.rmSync(empty, { recursive: true, force: true });
  });

  it('answers 503 saying how to build it, and serves it as soon as it is built', async () => {
    const before = await fetch(`${t.app.url()}/tab/`);
    expect(before.status).toBe(503);
    expect(await before.text()).toContain('npm run build:tab');

    fs.writeFileSync(path.join(empty, 'index.html'), '<!doctype html><title>now built</title>');
    const after = await fetch(`${t.app.url()}/tab/`);
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('now built');
  });
});
