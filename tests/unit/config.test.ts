import { ConfigError, loadConfig } from '../../src/config/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('defaults to local mode: port 3978, loopback only, embedded database in .data with demo data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3978,
      host: '127.0.0.1',
      localMode: true,
      database: { kind: 'embedded', dataDir: '.data' },
      demoData: true,
      defaultTimeZone: 'America/Toronto',
      allowedTenantId: undefined,
    });
  });

  it('local mode stays on loopback even when HOST says otherwise', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('127.0.0.1');
  });

  it('a production configuration without a bot id refuses to start, naming the variable', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([expect.stringMatching(/^BOT_ID: is required when NODE_ENV=production/)]);
  });

  it('a bot id needs its password and tenant; it then listens on every interface', () => {
    expect(problemsOf({ BOT_ID: '8a6f5c3e-1d2b-4c5a-9e8f-7a6b5c4d3e2f' })).toEqual([
      expect.stringMatching(/^BOT_PASSWORD: is required/),
      expect.stringMatching(/^BOT_TENANT_ID: is required when BOT_TYPE=SingleTenant/),
    ]);
    const config = loadConfig({
      BOT_ID: '8a6f5c3e-1d2b-4c5a-9e8f-7a6b5c4d3e2f',
      BOT_PASSWORD: 'secret',
      BOT_TENANT_ID: '6f4a9c2e-3b1d-4e8a-9f00-c0ffee000001',
    });
    expect(config.localMode).toBe(false);
    expect(config.host).toBe('0.0.0.0');
  });

  it.each([
    ['PORT', 'abc', /^PORT: expected a port number \(got "abc"\)/],
    ['PORT', '70000', /^PORT: .*\(got "70000"\)/],
    ['BOT_ID', 'not-a-guid', /^BOT_ID: expected a GUID/],
    ['TEAMS_APP_TENANT_ID', '1234', /^TEAMS_APP_TENANT_ID: expected a GUID/],
    ['DATABASE_URL', 'mysql://x', /^DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ connection string/],
    ['DEMO_DATA', 'maybe', /^DEMO_DATA: expected true or false/],
    ['LOG_LEVEL', 'loud', /^LOG_LEVEL: /],
    ['ADMIN_AAD_OBJECT_IDS', 'a,b', /^ADMIN_AAD_OBJECT_IDS\.0: expected a GUID/],
    ['DEFAULT_TIME_ZONE', 'Mars/Olympus', /^DEFAULT_TIME_ZONE: expected an IANA time zone/],
  ])('%s=%s is refused with a message naming it', (name, value, expected) => {
    expect(problemsOf({ [name]: value })[0]).toMatch(expected);
  });

  it('never echoes the bot password in an error', () => {
    const problems = problemsOf({ BOT_ID: 'x', BOT_PASSWORD: 'hunter2' });
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('with DATABASE_URL it uses the server and never loads demo data', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/cop', DEMO_DATA: 'true' });
    expect(config.database).toEqual({ kind: 'server', url: 'postgres://u:p@db:5432/cop', poolSize: 10 });
    expect(config.demoData).toBe(false);
  });

  it('empty values count as unset, as Agents Toolkit env files leave them', () => {
    const config = loadConfig({ BOT_ID: '', BOT_PASSWORD: '', TEAMS_APP_TENANT_ID: '', PORT: '' });
    expect(config.localMode).toBe(true);
    expect(config.port).toBe(3978);
  });

  it('normalises tenant and admin ids to lower case', () => {
    const config = loadConfig({
      TEAMS_APP_TENANT_ID: '6F4A9C2E-3B1D-4E8A-9F00-C0FFEE000001',
      ADMIN_AAD_OBJECT_IDS: ' 6F4A9C2E-3B1D-4E8A-9F00-00000000A001 , 6f4a9c2e-3b1d-4e8a-9f00-00000000a002',
    });
    expect(config.allowedTenantId).toBe('6f4a9c2e-3b1d-4e8a-9f00-c0ffee000001');
    expect(config.adminAadObjectIds).toEqual(['6f4a9c2e-3b1d-4e8a-9f00-00000000a001', '6f4a9c2e-3b1d-4e8a-9f00-00000000a002']);
  });
});
