import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * The only module that reads process.env. Every variable is validated once at start-up;
 * a wrong value stops the process with a message naming the variable and what is expected.
 */

const emptyToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());
const guid = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47');
const optionalGuid = z.preprocess(emptyToUndefined, guid.optional());
const booleanFlag = z.preprocess(
  emptyToUndefined,
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .optional(),
);
const httpsUrl = (fallback: string) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      // The SDK adds the version (/v1.0) and Entra ID paths itself, so only an origin is accepted.
      .refine(isHttpsOrigin, `expected an https:// origin without a path, such as ${fallback}`)
      .transform((v) => new URL(v).origin)
      .default(fallback),
  );

/** Shown as "(got …)" in errors for every variable except these. */
const SECRET_VARIABLES = new Set(['BOT_PASSWORD', 'GRAPH_CLIENT_SECRET']);

const envSchema = z
  .object({
    NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'test', 'production']).default('development')),
    PORT: z.preprocess(
      emptyToUndefined,
      z.coerce.number({ message: 'expected a port number' }).int().min(0).max(65535).default(3978),
    ),
    HOST: optionalString,
    BOT_ID: optionalGuid,
    BOT_PASSWORD: optionalString,
    BOT_TYPE: z.preprocess(
      emptyToUndefined,
      z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI'], { message: 'expected SingleTenant, MultiTenant or UserAssignedMSI' }).default('SingleTenant'),
    ),
    BOT_TENANT_ID: optionalGuid,
    TEAMS_APP_ID: optionalGuid,
    TEAMS_APP_TENANT_ID: optionalGuid,
    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// connection string')
        .optional(),
    ),
    DATABASE_POOL_SIZE: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(100).default(10)),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('.data')),
    DEMO_DATA: booleanFlag,
    ADMIN_AAD_OBJECT_IDS: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s.length > 0))
        .pipe(z.array(guid))
        .default([]),
    ),
    DEFAULT_TIME_ZONE: z.preprocess(emptyToUndefined, z.string().default('America/Toronto')),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    LOG_FORMAT: z.preprocess(emptyToUndefined, z.enum(['pretty', 'json'], { message: 'expected pretty or json' }).optional()),
    GRAPH_BASE_URL: httpsUrl('https://graph.microsoft.com'),
    GRAPH_AUTHORITY_HOST: httpsUrl('https://login.microsoftonline.com'),
    GRAPH_TENANT_ID: optionalGuid,
    GRAPH_CLIENT_ID: optionalGuid,
    GRAPH_CLIENT_SECRET: optionalString,
    GRAPH_CERTIFICATE_PATH: optionalString,
    GRAPH_USE_MANAGED_IDENTITY: booleanFlag,
    JOB_POLLING_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number({ message: 'expected a number of seconds' }).min(0.5).max(60).default(1)),
    // pg-boss refuses a heartbeat under 10 s; with 10 s a killed instance's job runs again elsewhere within 15 s (README).
    JOB_HEARTBEAT_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number({ message: 'expected a number of seconds' }).int().min(10).max(600).default(10)),
    JOB_SUPERVISE_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number({ message: 'expected a number of seconds' }).int().min(1).max(60).default(1)),
    JOB_EXPIRE_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number({ message: 'expected a number of seconds' }).int().min(60).max(86_400).default(900)),
    JOB_RETENTION_DAYS: z.preprocess(emptyToUndefined, z.coerce.number({ message: 'expected a number of days' }).int().min(1).max(365).default(30)),
    JOB_CONCURRENCY: z.preprocess(emptyToUndefined, z.coerce.number({ message: 'expected a whole number' }).int().min(1).max(50).default(4)),
    JOB_RETRY_LIMIT: z.preprocess(emptyToUndefined, z.coerce.number({ message: 'expected a whole number' }).int().min(0).max(20).default(8)),
    // Teams' documented ceiling per app per tenant is 50 requests per second (teams-graph-facts §7.2); 30 for cautious tenants.
    DELIVERY_TENANT_CEILING: z.preprocess(emptyToUndefined, z.coerce.number({ message: 'expected requests per second' }).min(1).max(10_000).default(50)),
    DELIVERY_CONCURRENCY: z.preprocess(emptyToUndefined, z.coerce.number({ message: 'expected a whole number' }).int().min(1).max(100).default(16)),
    DELIVERY_MAX_ATTEMPTS: z.preprocess(emptyToUndefined, z.coerce.number({ message: 'expected a whole number' }).int().min(1).max(50).default(10)),
    DELIVERY_SLICE_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number({ message: 'expected a number of seconds' }).min(1).max(600).default(60)),
    DELIVERY_REPORT_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number({ message: 'expected a number of seconds' }).min(0).max(600).default(2)),
    // Settled proactive messages (and their attempts) are deleted after this many days (a daily job).
    OUTBOX_RETENTION_DAYS: z.preprocess(emptyToUndefined, z.coerce.number({ message: 'expected a number of days' }).int().min(7).max(3650).default(90)),
    BOT_SERVICE_URL: z.preprocess(emptyToUndefined, z.url({ message: 'expected a URL' }).default('https://smba.trafficmanager.net/teams/')),
    MAIL_SENDER: optionalString,
    // The service mailbox whose calendar holds meetings' Teams meetings (README, "Meetings"); none: links added by hand.
    MEETING_MAILBOX: optionalString,
    DIETARY_RETENTION_DAYS: z.preprocess(emptyToUndefined, z.coerce.number({ message: 'expected a number of days' }).int().min(0).max(3650).default(30)),
    // The tenant's Teams meeting recording expiration (Teams admin center; README, "Recordings"): noted on proposals when set.
    RECORDING_EXPIRY_DAYS: z.preprocess(emptyToUndefined, z.coerce.number({ message: 'expected a number of days' }).int().min(1).max(99999).optional()),
    // How long after a meeting ends its recordings are looked for.
    RECORDING_LOOKBACK_DAYS: z.preprocess(emptyToUndefined, z.coerce.number({ message: 'expected a number of days' }).int().min(1).max(365).default(30)),
    // Signs the links of calendar files and CSV exports; at least 32 characters.
    LINK_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, { message: 'expected at least 32 characters' }).optional()),
    PUBLIC_BASE_URL: z.preprocess(emptyToUndefined, z.url({ message: 'expected a URL' }).optional()),
    WEBSITE_HOSTNAME: optionalString,
    // The personal tab's Teams SSO (README, "Tab API").
    SSO_CLIENT_ID: optionalGuid,
    SSO_APP_ID_URI: optionalString,
    SSO_JWKS_URL: z.preprocess(emptyToUndefined, z.url({ message: 'expected a URL' }).default('https://login.microsoftonline.com/common/discovery/v2.0/keys')),
    SSO_AUTHORITY: z.preprocess(emptyToUndefined, z.url({ message: 'expected a URL' }).default('https://login.microsoftonline.com')),
    SSO_V1_ISSUER_BASE: z.preprocess(emptyToUndefined, z.url({ message: 'expected a URL' }).default('https://sts.windows.net')),
    SSO_SCOPE: z.preprocess(emptyToUndefined, z.string().trim().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'expected a scope name such as access_as_user').default('access_as_user')),
    DEV_SIGN_IN: booleanFlag,
    PUBLIC_RATE_LIMIT_PER_MINUTE: z.preprocess(emptyToUndefined, z.coerce.number({ message: 'expected requests per minute' }).int().min(1).max(100_000).default(60)),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.BOT_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['BOT_ID'],
        message: 'is required when NODE_ENV=production (an empty bot id disables inbound authentication)',
      });
    }
    if (env.NODE_ENV === 'production' && env.LOG_FORMAT === 'pretty') {
      // Log collectors (App Service, Log Analytics) read one JSON object per line.
      ctx.addIssue({ code: 'custom', path: ['LOG_FORMAT'], message: 'must be json when NODE_ENV=production' });
    }
    if (env.BOT_ID && env.BOT_TYPE !== 'UserAssignedMSI' && !env.BOT_PASSWORD) {
      ctx.addIssue({ code: 'custom', path: ['BOT_PASSWORD'], message: 'is required when BOT_ID is set (unless BOT_TYPE=UserAssignedMSI)' });
    }
    if (env.BOT_ID && env.BOT_TYPE !== 'MultiTenant' && !env.BOT_TENANT_ID) {
      ctx.addIssue({ code: 'custom', path: ['BOT_TENANT_ID'], message: `is required when BOT_TYPE=${env.BOT_TYPE}` });
    }
    for (const problem of graphCredentialProblems(env)) ctx.addIssue({ code: 'custom', ...problem });
    if (env.DEV_SIGN_IN === true && env.BOT_ID) {
      // The development sign-in lets anyone be anyone: only ever on a console, never with a real bot.
      ctx.addIssue({ code: 'custom', path: ['DEV_SIGN_IN'], message: 'is only available in local mode (without BOT_ID)' });
    }
    if (env.NODE_ENV === 'production') {
      for (const name of ['SSO_JWKS_URL', 'SSO_AUTHORITY', 'SSO_V1_ISSUER_BASE'] as const) {
        if (!env[name].startsWith('https://')) ctx.addIssue({ code: 'custom', path: [name], message: 'must be an https:// URL when NODE_ENV=production' });
      }
    }
  });

/**
 * Graph credentials are all or nothing: none at all means the offline sandbox, anything else must be one
 * complete credential (client secret, certificate or managed identity) for one tenant.
 */
function graphCredentialProblems(env: {
  GRAPH_TENANT_ID?: string | undefined;
  GRAPH_CLIENT_ID?: string | undefined;
  GRAPH_CLIENT_SECRET?: string | undefined;
  GRAPH_CERTIFICATE_PATH?: string | undefined;
  GRAPH_USE_MANAGED_IDENTITY?: boolean | undefined;
}): { path: string[]; message: string }[] {
  if (!hasGraphCredentials(env)) return [];
  const problems: { path: string[]; message: string }[] = [];
  if (!env.GRAPH_TENANT_ID) problems.push({ path: ['GRAPH_TENANT_ID'], message: 'is required when Graph credentials are configured' });
  if (env.GRAPH_USE_MANAGED_IDENTITY) {
    for (const name of ['GRAPH_CLIENT_SECRET', 'GRAPH_CERTIFICATE_PATH'] as const) {
      if (env[name]) problems.push({ path: [name], message: 'must not be set when GRAPH_USE_MANAGED_IDENTITY=true' });
    }
    return problems;
  }
  if (!env.GRAPH_CLIENT_ID) problems.push({ path: ['GRAPH_CLIENT_ID'], message: 'is required when Graph credentials are configured' });
  if (!env.GRAPH_CLIENT_SECRET && !env.GRAPH_CERTIFICATE_PATH) {
    problems.push({
      path: ['GRAPH_CLIENT_SECRET'],
      message: 'is required with GRAPH_CLIENT_ID (or set GRAPH_CERTIFICATE_PATH, or GRAPH_USE_MANAGED_IDENTITY=true)',
    });
  }
  if (env.GRAPH_CLIENT_SECRET && env.GRAPH_CERTIFICATE_PATH) {
    problems.push({ path: ['GRAPH_CERTIFICATE_PATH'], message: 'must not be set together with GRAPH_CLIENT_SECRET (choose one credential)' });
  }
  return problems;
}

function hasGraphCredentials(env: Parameters<typeof graphCredentialProblems>[0]): boolean {
  return Boolean(
    env.GRAPH_TENANT_ID || env.GRAPH_CLIENT_ID || env.GRAPH_CLIENT_SECRET || env.GRAPH_CERTIFICATE_PATH || env.GRAPH_USE_MANAGED_IDENTITY,
  );
}

export type Env = z.infer<typeof envSchema>;

export interface MeetingConfig {
  readonly mailbox: string | undefined;
  readonly dietaryRetentionDays: number;
  readonly linkSecret: string;
  /** Where links in cards point (calendar files, CSV): PUBLIC_BASE_URL, App Service's host, or localhost. */
  readonly publicBaseUrl: string;
  /** The tenant's recording expiration in days, when known (RECORDING_EXPIRY_DAYS). */
  readonly recordingExpiryDays: number | undefined;
  /** Meetings ended this many days ago or less have their recordings looked for (RECORDING_LOOKBACK_DAYS). */
  readonly recordingLookbackDays: number;
}

export interface AppConfig {
  readonly nodeEnv: Env['NODE_ENV'];
  readonly port: number;
  /** Address to listen on. Local mode (no bot id) is loopback only. */
  readonly host: string;
  readonly localMode: boolean;
  readonly bot: {
    readonly appId: string;
    readonly password: string;
    readonly appType: Env['BOT_TYPE'];
    readonly tenantId: string;
  };
  readonly teamsAppId: string | undefined;
  /** When set, activities from any other tenant are refused. */
  readonly allowedTenantId: string | undefined;
  readonly database: { readonly kind: 'embedded'; readonly dataDir: string } | { readonly kind: 'server'; readonly url: string; readonly poolSize: number };
  readonly demoData: boolean;
  readonly adminAadObjectIds: readonly string[];
  readonly defaultTimeZone: string;
  readonly logLevel: Env['LOG_LEVEL'];
  /** `pretty`: one readable line per entry, for a person at a console; `json`: one JSON object per line, for collectors. */
  readonly logFormat: 'pretty' | 'json';
  /** Real Microsoft Graph, or (no Graph credentials at all) the offline sandbox the app starts itself. */
  readonly graph: GraphConfig;
  /** pg-boss: polling, crash detection, retention and retries (README, "Background jobs"). */
  readonly jobs: JobConfig;
  /** The outbox sender (README, "Delivery"). */
  readonly delivery: DeliveryConfig;
  readonly meetings: MeetingConfig;
  /** The personal tab's API (README, "Tab API"). */
  readonly tab: TabConfig;
}

export interface TabConfig {
  readonly sso: SsoConfig;
  /** The development sign-in (choose a demo person): local mode only, never in a production configuration. */
  readonly devSignIn: boolean;
  readonly publicRateLimitPerMinute: number;
}

export interface SsoConfig {
  /** The tab's Entra app id ('' in local mode without SSO_CLIENT_ID: no token is then accepted). */
  readonly clientId: string;
  /** api://<host>/<client id>: the other audience a Teams SSO token may carry. */
  readonly appIdUri: string;
  readonly jwksUrl: string;
  /** v2 issuer: `${authority}/${tid}/v2.0`. */
  readonly authority: string;
  /** v1 issuer: `${v1IssuerBase}/${tid}/`. */
  readonly v1IssuerBase: string;
  readonly scope: string;
}

export interface DeliveryConfig {
  /** Requests per second per tenant the app allows itself (it paces 5 % under it). */
  readonly tenantCeiling: number;
  readonly concurrency: number;
  readonly maxAttempts: number;
  readonly sliceSeconds: number;
  readonly reportIntervalSeconds: number;
  /** Days a settled message stays in the outbox (OUTBOX_RETENTION_DAYS). */
  readonly retentionDays: number;
  readonly serviceUrl: string;
  readonly mailSender: string | undefined;
}

export interface JobConfig {
  readonly pollingIntervalSeconds: number;
  readonly heartbeatSeconds: number;
  readonly superviseIntervalSeconds: number;
  readonly expireInSeconds: number;
  readonly retentionDays: number;
  readonly concurrency: number;
  readonly retryLimit: number;
}

export type GraphConfig =
  | { readonly mode: 'sandbox' }
  | {
      readonly mode: 'graph';
      /** Origin of Graph, without the version: https://graph.microsoft.com. */
      readonly baseUrl: string;
      /** Origin of Entra ID: https://login.microsoftonline.com. */
      readonly authorityHost: string;
      readonly tenantId: string;
      readonly credential: GraphCredentialConfig;
    };

export type GraphCredentialConfig =
  | { readonly kind: 'secret'; readonly clientId: string; readonly secret: string }
  | { readonly kind: 'certificate'; readonly clientId: string; readonly certificatePath: string }
  /** clientId: a user-assigned identity; absent for the system-assigned one. */
  | { readonly kind: 'managedIdentity'; readonly clientId?: string };

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.') || '(environment)';
        const given = typeof env[name] === 'string' && !SECRET_VARIABLES.has(name) ? ` (got "${env[name]}")` : '';
        return `${name}: ${issue.message}${given}`;
      }),
    );
  }
  const e = parsed.data;
  if (!isValidTimeZone(e.DEFAULT_TIME_ZONE)) {
    throw new ConfigError([`DEFAULT_TIME_ZONE: expected an IANA time zone such as America/Toronto (got "${e.DEFAULT_TIME_ZONE}")`]);
  }
  const graph = graphConfigOf(e);
  if (e.NODE_ENV === 'production' && graph.mode === 'sandbox') {
    // Checked after the schema so that a production start without a bot id reports that first.
    throw new ConfigError([
      'GRAPH_CLIENT_ID: is required when NODE_ENV=production (with GRAPH_TENANT_ID and GRAPH_CLIENT_SECRET, GRAPH_CERTIFICATE_PATH or GRAPH_USE_MANAGED_IDENTITY=true); without Graph credentials teams would only be created in the offline sandbox',
    ]);
  }
  const localMode = !e.BOT_ID;
  const database: AppConfig['database'] = e.DATABASE_URL
    ? { kind: 'server', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
    : { kind: 'embedded', dataDir: e.DATA_DIR };
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: localMode ? '127.0.0.1' : (e.HOST ?? '0.0.0.0'),
    localMode,
    bot: { appId: e.BOT_ID ?? '', password: e.BOT_PASSWORD ?? '', appType: e.BOT_TYPE, tenantId: e.BOT_TENANT_ID ?? '' },
    teamsAppId: e.TEAMS_APP_ID,
    allowedTenantId: e.TEAMS_APP_TENANT_ID?.toLowerCase(),
    database,
    // Demo data only ever goes into the embedded database, never into a configured server.
    demoData: database.kind === 'embedded' && (e.DEMO_DATA ?? true),
    adminAadObjectIds: e.ADMIN_AAD_OBJECT_IDS.map((id) => id.toLowerCase()),
    defaultTimeZone: e.DEFAULT_TIME_ZONE,
    logLevel: e.LOG_LEVEL,
    // Local mode is someone trying the app at their console; anything else feeds a log collector.
    logFormat: e.LOG_FORMAT ?? (localMode ? 'pretty' : 'json'),
    graph,
    jobs: {
      pollingIntervalSeconds: e.JOB_POLLING_SECONDS,
      heartbeatSeconds: e.JOB_HEARTBEAT_SECONDS,
      superviseIntervalSeconds: e.JOB_SUPERVISE_SECONDS,
      expireInSeconds: e.JOB_EXPIRE_SECONDS,
      retentionDays: e.JOB_RETENTION_DAYS,
      concurrency: e.JOB_CONCURRENCY,
      retryLimit: e.JOB_RETRY_LIMIT,
    },
    meetings: {
      mailbox: e.MEETING_MAILBOX,
      dietaryRetentionDays: e.DIETARY_RETENTION_DAYS,
      recordingExpiryDays: e.RECORDING_EXPIRY_DAYS,
      recordingLookbackDays: e.RECORDING_LOOKBACK_DAYS,
      // Without LINK_SECRET, one derived from the bot's password (the same on every instance), or a
      // random one in local mode (links then last until the app restarts).
      linkSecret: e.LINK_SECRET ?? (e.BOT_PASSWORD ? createHash('sha256').update(`meeting-links:${e.BOT_PASSWORD}`).digest('hex') : randomBytes(32).toString('hex')),
      publicBaseUrl: (e.PUBLIC_BASE_URL ?? (e.WEBSITE_HOSTNAME ? `https://${e.WEBSITE_HOSTNAME}` : `http://localhost:${e.PORT}`)).replace(/\/+$/, ''),
    },
    tab: tabConfigOf(e, localMode),
    delivery: {
      tenantCeiling: e.DELIVERY_TENANT_CEILING,
      concurrency: e.DELIVERY_CONCURRENCY,
      maxAttempts: e.DELIVERY_MAX_ATTEMPTS,
      sliceSeconds: e.DELIVERY_SLICE_SECONDS,
      reportIntervalSeconds: e.DELIVERY_REPORT_SECONDS,
      retentionDays: e.OUTBOX_RETENTION_DAYS,
      serviceUrl: e.BOT_SERVICE_URL,
      mailSender: e.MAIL_SENDER,
    },
  };
}

function tabConfigOf(e: Env, localMode: boolean): TabConfig {
  const clientId = (e.SSO_CLIENT_ID ?? e.BOT_ID ?? '').toLowerCase();
  const publicBaseUrl = e.PUBLIC_BASE_URL ?? (e.WEBSITE_HOSTNAME ? `https://${e.WEBSITE_HOSTNAME}` : `http://localhost:${e.PORT}`);
  const trim = (url: string) => url.replace(/\/+$/, '');
  return {
    sso: {
      clientId,
      appIdUri: e.SSO_APP_ID_URI ?? `api://${new URL(publicBaseUrl).host}/${clientId}`,
      jwksUrl: e.SSO_JWKS_URL,
      authority: trim(e.SSO_AUTHORITY),
      v1IssuerBase: trim(e.SSO_V1_ISSUER_BASE),
      scope: e.SSO_SCOPE,
    },
    // The schema refused DEV_SIGN_IN=true outside local mode; in local mode it is on unless turned off.
    devSignIn: localMode && (e.DEV_SIGN_IN ?? true),
    publicRateLimitPerMinute: e.PUBLIC_RATE_LIMIT_PER_MINUTE,
  };
}

/** The schema has already refused partial credentials (graphCredentialProblems). */
function graphConfigOf(e: Env): GraphConfig {
  if (!hasGraphCredentials(e) || !e.GRAPH_TENANT_ID) return { mode: 'sandbox' };
  const clientId = e.GRAPH_CLIENT_ID?.toLowerCase();
  let credential: GraphCredentialConfig;
  if (e.GRAPH_USE_MANAGED_IDENTITY) credential = clientId ? { kind: 'managedIdentity', clientId } : { kind: 'managedIdentity' };
  else if (clientId && e.GRAPH_CLIENT_SECRET) credential = { kind: 'secret', clientId, secret: e.GRAPH_CLIENT_SECRET };
  else if (clientId && e.GRAPH_CERTIFICATE_PATH) credential = { kind: 'certificate', clientId, certificatePath: e.GRAPH_CERTIFICATE_PATH };
  else throw new ConfigError(['GRAPH_CLIENT_ID: is required when Graph credentials are configured']);
  return { mode: 'graph', baseUrl: e.GRAPH_BASE_URL, authorityHost: e.GRAPH_AUTHORITY_HOST, tenantId: e.GRAPH_TENANT_ID.toLowerCase(), credential };
}

function isHttpsOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' && url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '';
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
