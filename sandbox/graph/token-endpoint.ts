import { randomUUID } from 'node:crypto';
import { GRAPH_AUDIENCE } from './token-issuer';
import { jsonResponse, type SandboxResponse } from './http-exchange';
import { GRANTED_ROLES } from './permissions';
import type { Route, RouteContext } from './route';

const TOKEN_CONTENT_TYPE = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store, no-cache' };

/**
 * The Entra ID side @azure/identity (through msal-node) talks to. With `authorityHost` pointing here
 * and `disableInstanceDiscovery: true`, msal-node reads `/{tenant}/v2.0/.well-known/openid-configuration`
 * and posts to its `token_endpoint`; nothing else (measured). Without `disableInstanceDiscovery` it asks
 * login.microsoftonline.com for instance metadata instead, which no local server can answer: the
 * credential fails with endpoints_resolution_error before reaching the sandbox.
 */
export const tokenRoutes: readonly Route[] = [
  { method: 'GET', pattern: '/{tenant}/v2.0/.well-known/openid-configuration', endpoint: 'token', anonymous: true, handle: openIdConfiguration },
  { method: 'GET', pattern: '/{tenant}/discovery/v2.0/keys', endpoint: 'token', anonymous: true, handle: () => jsonResponse(200, { keys: [] }, TOKEN_CONTENT_TYPE) },
  { method: 'POST', pattern: '/{tenant}/oauth2/v2.0/token', endpoint: 'token', anonymous: true, handle: issueToken },
];

function knownTenant(context: RouteContext): boolean {
  return context.params.tenant?.toLowerCase() === context.tokens.tenantId.toLowerCase();
}

function openIdConfiguration(context: RouteContext): SandboxResponse {
  if (!knownTenant(context)) return tenantNotFound(context);
  const authority = `${context.origin}/${context.tokens.tenantId}`;
  return jsonResponse(
    200,
    {
      token_endpoint: `${authority}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${authority}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${authority}/v2.0`,
      request_uri_parameter_supported: false,
      authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${authority}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
      tenant_region_scope: 'NA',
      cloud_instance_name: 'microsoftonline.com',
    },
    TOKEN_CONTENT_TYPE,
  );
}

function issueToken(context: RouteContext): SandboxResponse {
  if (!knownTenant(context)) return tenantNotFound(context);
  const form = new URLSearchParams(context.request.rawBody);
  const basic = basicCredentials(context.request.headers.authorization);
  const clientId = form.get('client_id') ?? basic?.clientId;
  const clientSecret = form.get('client_secret') ?? basic?.clientSecret;
  if (form.get('grant_type') !== 'client_credentials') {
    return aadError(context, 400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${form.get('grant_type') ?? ''}'.`);
  }
  if (clientId !== context.tokens.clientId) {
    return aadError(context, 400, 'unauthorized_client', 700016, `Application with identifier '${clientId ?? ''}' was not found in the directory '${context.tokens.tenantId}'.`);
  }
  if (clientSecret !== undefined && context.tokens.expiredClientSecrets.includes(clientSecret)) {
    return aadError(context, 401, 'invalid_client', 7000222, `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`);
  }
  if (clientSecret !== context.tokens.clientSecret) {
    return aadError(context, 401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
  }
  const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
  if (scopes.length !== 1 || scopes[0] !== `${GRAPH_AUDIENCE}/.default`) {
    return aadError(context, 400, 'invalid_scope', 1002012, `The provided value for scope ${scopes.join(' ')} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
  }
  const { accessToken, expiresIn } = context.tokens.issue(GRANTED_ROLES);
  return jsonResponse(200, { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: accessToken }, TOKEN_CONTENT_TYPE);
}

function basicCredentials(header: string | undefined): { clientId: string; clientSecret: string } | undefined {
  const encoded = /^Basic\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!encoded) return undefined;
  const [clientId, ...secret] = Buffer.from(encoded, 'base64').toString('utf8').split(':');
  return clientId === undefined ? undefined : { clientId: decodeURIComponent(clientId), clientSecret: decodeURIComponent(secret.join(':')) };
}

function tenantNotFound(context: RouteContext): SandboxResponse {
  return aadError(context, 400, 'invalid_tenant', 90002, `Tenant '${context.params.tenant ?? ''}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
}

/** Entra ID's OAuth error body: `error`, `error_description` starting with the AADSTS code, `error_codes`. */
function aadError(context: RouteContext, status: number, error: string, code: number, description: string): SandboxResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = context.request.receivedAt.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return jsonResponse(
    status,
    {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
    TOKEN_CONTENT_TYPE,
  );
}
