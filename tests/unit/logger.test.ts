import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/logging/create-logger';

/** Collects what the logger writes, chunk by chunk, as its stdout would receive it. */
function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

const isJson = (line: string): boolean => {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
};

describe('the logger', () => {
  it('in local mode writes one readable line per entry, not JSON, with the message, the level and the fields', () => {
    const out = capture();
    const logger = createLogger(loadConfig({}), out.stream);
    logger.info({ communityId: '42', step: 'created' }, 'provisioning step recorded');

    const lines = out.text().split('\n').filter((line) => line !== '');
    expect(lines[0]).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: provisioning step recorded$/);
    expect(lines.some(isJson)).toBe(false);
    expect(out.text()).toContain('communityId: "42"');
    expect(out.text()).toContain('step: "created"');
  });

  it('outside local mode writes JSON lines', () => {
    const out = capture();
    const config = loadConfig({ BOT_ID: '8a6f5c3e-1d2b-4c5a-9e8f-7a6b5c4d3e2f', BOT_PASSWORD: 'p', BOT_TENANT_ID: '6f4a9c2e-3b1d-4e8a-9f00-c0ffee000001' });
    createLogger(config, out.stream).warn({ attempt: 2 }, 'Graph call retried');
    const line = JSON.parse(out.text().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 40, msg: 'Graph call retried', attempt: 2, app: 'communities-of-practice' });
  });

  it.each([['pretty'], ['json']] as const)('never writes a credential found in a logged object (%s)', (format) => {
    const out = capture();
    const logger = createLogger({ logLevel: 'info', logFormat: format }, out.stream);
    logger.error(
      { request: { headers: { authorization: 'Bearer eyJ-token-1' } }, credential: { clientSecret: 'client-secret-2' }, password: 'hunter2', authorization: 'Basic abc3' },
      'Graph call failed',
    );
    const text = out.text();
    expect(text).toContain('Graph call failed');
    expect(text).toContain('[redacted]');
    for (const secret of ['eyJ-token-1', 'client-secret-2', 'hunter2', 'abc3']) expect(text).not.toContain(secret);
  });
});
