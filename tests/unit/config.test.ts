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

  it('logs readable lines in local mode and JSON lines otherwise, unless LOG_FORMAT says which', () => {
    const bot = { BOT_ID: '8a6f5c3e-1d2b-4c5a-9e8f-7a6b5c4d3e2f', BOT_PASSWORD: 'p', BOT_TENANT_ID: '6f4a9c2e-3b1d-4e8a-9f00-c0ffee000001' };
    expect(loadConfig({}).logFormat).toBe('pretty');
    expect(loadConfig(bot).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(loadConfig({ ...bot, LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(problemsOf({ LOG_FORMAT: 'fancy' })).toEqual([expect.stringMatching(/^LOG_FORMAT: expected pretty or json \(got "fancy"\)/)]);
  });

  it('production always logs JSON lines: LOG_FORMAT=pretty is refused there', () => {
    const production = { NODE_ENV: 'production', BOT_ID: '8a6f5c3e-1d2b-4c5a-9e8f-7a6b5c4d3e2f', BOT_PASSWORD: 'p', BOT_TENANT_ID: '6f4a9c2e-3b1d-4e8a-9f00-c0ffee000001' };
    expect(problemsOf({ ...production, LOG_FORMAT: 'pretty' })).toEqual([expect.stringMatching(/^LOG_FORMAT: must be json when NODE_ENV=production/)]);
  });

  it('job settings default to a 10 s heartbeat and 30 days of retention, and refuse a heartbeat pg-boss would refuse', () => {
    expect(loadConfig({}).jobs).toEqual({
      pollingIntervalSeconds: 1,
      heartbeatSeconds: 10,
      superviseIntervalSeconds: 1,
      expireInSeconds: 900,
      retentionDays: 30,
      concurrency: 4,
      retryLimit: 8,
    });
    expect(loadConfig({ JOB_RETENTION_DAYS: '90', JOB_POLLING_SECONDS: '0.5' }).jobs).toMatchObject({ retentionDays: 90, pollingIntervalSeconds: 0.5 });
    expect(problemsOf({ JOB_HEARTBEAT_SECONDS: '5' })).toEqual([expect.stringMatching(/^JOB_HEARTBEAT_SECONDS: .*\(got "5"\)$/)]);
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

  describe('Microsoft Graph', () => {
    const TENANT = '6f4a9c2e-3b1d-4e8a-9f00-c0ffee000001';
    const CLIENT = '8a6f5c3e-1d2b-4c5a-9e8f-7a6b5c4d3e2f';

    it('without Graph credentials, teams are provisioned in the offline sandbox', () => {
      expect(loadConfig({}).graph).toEqual({ mode: 'sandbox' });
      expect(loadConfig({ GRAPH_TENANT_ID: '', GRAPH_CLIENT_ID: '', GRAPH_USE_MANAGED_IDENTITY: 'false' }).graph).toEqual({ mode: 'sandbox' });
    });

    it('a client secret: Microsoft Graph and Entra ID at their public addresses by default', () => {
      expect(loadConfig({ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT.toUpperCase(), GRAPH_CLIENT_SECRET: 's3cret' }).graph).toEqual({
        mode: 'graph',
        baseUrl: 'https://graph.microsoft.com',
        authorityHost: 'https://login.microsoftonline.com',
        tenantId: TENANT,
        credential: { kind: 'secret', clientId: CLIENT, secret: 's3cret' },
      });
    });

    it('a certificate, with Graph and the authority pointed elsewhere', () => {
      const config = loadConfig({
        GRAPH_TENANT_ID: TENANT,
        GRAPH_CLIENT_ID: CLIENT,
        GRAPH_CERTIFICATE_PATH: '/run/secrets/graph.pem',
        GRAPH_BASE_URL: 'https://graph.microsoft.us/',
        GRAPH_AUTHORITY_HOST: 'https://login.microsoftonline.us',
      });
      expect(config.graph).toMatchObject({
        baseUrl: 'https://graph.microsoft.us',
        authorityHost: 'https://login.microsoftonline.us',
        credential: { kind: 'certificate', clientId: CLIENT, certificatePath: '/run/secrets/graph.pem' },
      });
      const local = loadConfig({ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT, GRAPH_CLIENT_SECRET: 's', GRAPH_BASE_URL: 'https://127.0.0.1:8443' });
      expect(local.graph).toMatchObject({ baseUrl: 'https://127.0.0.1:8443' });
    });

    it('a managed identity, system-assigned or user-assigned by GRAPH_CLIENT_ID', () => {
      expect(loadConfig({ GRAPH_TENANT_ID: TENANT, GRAPH_USE_MANAGED_IDENTITY: 'true' }).graph).toMatchObject({
        mode: 'graph',
        credential: { kind: 'managedIdentity' },
      });
      expect(loadConfig({ GRAPH_TENANT_ID: TENANT, GRAPH_USE_MANAGED_IDENTITY: 'yes', GRAPH_CLIENT_ID: CLIENT }).graph).toMatchObject({
        credential: { kind: 'managedIdentity', clientId: CLIENT },
      });
    });

    it.each([
      [{ GRAPH_CLIENT_ID: CLIENT, GRAPH_CLIENT_SECRET: 's' }, /^GRAPH_TENANT_ID: is required when Graph credentials are configured/],
      [{ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_SECRET: 's' }, /^GRAPH_CLIENT_ID: is required/],
      [{ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT }, /^GRAPH_CLIENT_SECRET: is required with GRAPH_CLIENT_ID \(or set GRAPH_CERTIFICATE_PATH/],
      [{ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT, GRAPH_CLIENT_SECRET: 's', GRAPH_CERTIFICATE_PATH: '/c.pem' }, /^GRAPH_CERTIFICATE_PATH: must not be set together with GRAPH_CLIENT_SECRET/],
      [{ GRAPH_TENANT_ID: TENANT, GRAPH_USE_MANAGED_IDENTITY: 'true', GRAPH_CLIENT_SECRET: 's' }, /^GRAPH_CLIENT_SECRET: must not be set when GRAPH_USE_MANAGED_IDENTITY=true/],
      [{ GRAPH_USE_MANAGED_IDENTITY: 'true' }, /^GRAPH_TENANT_ID: is required/],
    ])('partial Graph credentials %j are refused, naming what is missing', (env, expected) => {
      expect(problemsOf(env)).toEqual([expect.stringMatching(expected)]);
    });

    it.each([
      ['GRAPH_TENANT_ID', 'contoso', /^GRAPH_TENANT_ID: expected a GUID/],
      ['GRAPH_CLIENT_ID', '42', /^GRAPH_CLIENT_ID: expected a GUID/],
      ['GRAPH_BASE_URL', 'http://127.0.0.1:8443', /^GRAPH_BASE_URL: expected an https:\/\/ origin without a path, such as https:\/\/graph.microsoft.com \(got "http:\/\/127.0.0.1:8443"\)/],
      ['GRAPH_BASE_URL', 'https://graph.microsoft.com/v1.0', /^GRAPH_BASE_URL: expected an https:\/\/ origin without a path/],
      ['GRAPH_AUTHORITY_HOST', 'login', /^GRAPH_AUTHORITY_HOST: expected an https:\/\/ origin without a path, such as https:\/\/login.microsoftonline.com/],
      ['GRAPH_USE_MANAGED_IDENTITY', 'sometimes', /^GRAPH_USE_MANAGED_IDENTITY: expected true or false/],
    ])('%s=%s is refused with a message naming it', (name, value, expected) => {
      expect(problemsOf({ [name]: value })[0]).toMatch(expected);
    });

    it('never echoes the Graph client secret in an error', () => {
      expect(problemsOf({ GRAPH_CLIENT_ID: 'x', GRAPH_CLIENT_SECRET: 'hunter2' }).join('\n')).not.toContain('hunter2');
    });

    it('production refuses to start on the sandbox, naming GRAPH_CLIENT_ID', () => {
      const bot = { BOT_ID: CLIENT, BOT_PASSWORD: 'p', BOT_TENANT_ID: TENANT };
      expect(problemsOf({ NODE_ENV: 'production', ...bot })).toEqual([expect.stringMatching(/^GRAPH_CLIENT_ID: is required when NODE_ENV=production/)]);
      const config = loadConfig({ NODE_ENV: 'production', ...bot, GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT, GRAPH_CLIENT_SECRET: 's' });
      expect(config.graph.mode).toBe('graph');
    });
  });
});
