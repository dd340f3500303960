import { type Activity, ConfigurationBotFrameworkAuthentication, StatusCodes } from 'botbuilder';
import {
  type AuthenticateRequestResult,
  AuthenticationConstants,
  AuthenticationError,
  type ClaimsIdentity,
  type ConnectorClient,
  ConnectorFactory,
  type ServiceClientCredentialsFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { AppConfig } from '../config/config';

/** Settings that point botbuilder at other token endpoints (tests use a local OpenID document and key set). */
export interface BotAuthenticationOverrides {
  readonly settings?: Record<string, string | boolean | undefined>;
  readonly credentialsFactory?: ServiceClientCredentialsFactory;
}

/** Clients kept per app id, service URL and audience: a handful in practice; a bound all the same. */
const MAX_CLIENTS = 100;

/**
 * ConnectorClients are stateless beyond their credentials (which cache and renew their own tokens),
 * so one per app id, service URL and audience is enough, as botbuilder's older BotFrameworkAdapter
 * kept them. CloudAdapter builds a new one (and its HTTP pipeline) for every turn, even for an
 * invoke that never calls out: a quarter of a millisecond each in a rush of answers (bench:rsvp).
 */
class ReusedConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly clients: Map<string, Promise<ConnectorClient>>,
  ) {
    super();
  }

  override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const key = `${this.appId}|${serviceUrl}|${audience ?? ''}`;
    return reused(this.clients, key, () => this.inner.create(serviceUrl, audience));
  }
}

/** The kept promise for `key`, or a new one from `create`; a failed one is forgotten so the next call tries again. */
function reused<T>(cache: Map<string, Promise<T>>, key: string, create: () => Promise<T>): Promise<T> {
  const known = cache.get(key);
  if (known) return known;
  if (cache.size >= MAX_CLIENTS) cache.clear();
  const created = create();
  cache.set(key, created);
  created.catch(() => cache.delete(key));
  return created;
}

/**
 * botbuilder's own inbound validation, with one fix: a token signed by an unknown key makes jsonwebtoken
 * throw a plain Error that CloudAdapter turns into a 500 (reference/stack-notes.md §2). Any failure to
 * authenticate is a 401 here. Connector and user-token clients are reused across turns (see above).
 */
class TeamsBotAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectorClients = new Map<string, Promise<ConnectorClient>>();
  private readonly userTokenClients = new Map<string, Promise<UserTokenClient>>();

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new ReusedConnectorFactory(super.createConnectorFactory(claimsIdentity), appIdOf(claimsIdentity), this.connectorClients);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return reused(this.userTokenClients, appIdOf(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    let result: AuthenticateRequestResult;
    try {
      result = await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new AuthenticationError(`Unauthorized: ${message}`, StatusCodes.UNAUTHORIZED);
    }
    // An incoming turn gets its factory here, not from createConnectorFactory: it is wrapped the same way.
    const { connectorFactory } = result;
    if (!connectorFactory) return result;
    return { ...result, connectorFactory: new ReusedConnectorFactory(connectorFactory, appIdOf(result.claimsIdentity), this.connectorClients) };
  }
}

/** The app id a turn speaks as, read as botbuilder reads it: the audience claim, else the app id claim (the Emulator's). */
function appIdOf(identity: ClaimsIdentity): string {
  return identity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? identity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

export function createBotAuthentication(config: AppConfig, overrides: BotAuthenticationOverrides = {}): ConfigurationBotFrameworkAuthentication {
  const settings = {
    MicrosoftAppId: config.bot.appId,
    MicrosoftAppPassword: config.bot.password,
    MicrosoftAppType: config.bot.appId ? config.bot.appType : undefined,
    MicrosoftAppTenantId: config.bot.tenantId || undefined,
    ...overrides.settings,
  };
  return new TeamsBotAuthentication(settings, overrides.credentialsFactory);
}
