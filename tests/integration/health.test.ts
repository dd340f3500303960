import { type TestApp, startTestApp } from '../support/test-app';

describe('health endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.stop());

  it('/healthz says the process is up', async () => {
    const response = await fetch(`${t.app.url()}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('/readyz is 200 when the database answers and every migration is applied', async () => {
    const response = await fetch(`${t.app.url()}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });

  it('/readyz is 503 when a migration is missing', async () => {
    await t.database.pool.query("DELETE FROM schema_migrations WHERE name = '001_initial_schema.sql'");
    const response = await fetch(`${t.app.url()}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable' });
    await t.database.pool.query("INSERT INTO schema_migrations (name) VALUES ('001_initial_schema.sql')");
  });

  it('only POST is served on /api/messages', async () => {
    const response = await fetch(`${t.app.url()}/api/messages`);
    expect(response.status).toBe(405);
  });

  it('the local-mode app listens on loopback only', () => {
    expect(t.app.config.localMode).toBe(true);
    expect(t.app.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
