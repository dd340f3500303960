import { type Activity, ConfigurationBotFrameworkAuthentication, StatusCodes } from 'botbuilder';
import { type AuthenticateRequestResult, AuthenticationError, type ServiceClientCredentialsFactory } from 'botframework-connector';
import type { AppConfig } from '../config/config';

/** Settings that point botbuilder at other token endpoints (tests use a local OpenID document and key set). */
export interface BotAuthenticationOverrides {
  readonly settings?: Record<string, string | boolean | undefined>;
  readonly credentialsFactory?: ServiceClientCredentialsFactory;
}

/**
 * botbuilder's own inbound validation, with one fix: a token signed by an unknown key makes jsonwebtoken
 * throw a plain Error that CloudAdapter turns into a 500 (reference/stack-notes.md §2). Any failure to
 * authenticate is a 401 here.
 */
class TeamsBotAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new AuthenticationError(`Unauthorized: ${message}`, StatusCodes.UNAUTHORIZED);
    }
  }
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
