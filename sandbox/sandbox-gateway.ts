import { type GraphTeamsGatewayOptions, createGraphTeamsGateway } from '../src/graph/create-graph-teams-gateway';
import type { GraphTeamsGateway } from '../src/graph/graph-teams-gateway';
import type { GraphSandbox } from './graph';

/** The gateway exactly as the app builds it (SDK, credential, retries, limits), pointed at a sandbox and trusting its certificate. */
export function gatewayForSandbox(sandbox: GraphSandbox, options: Partial<GraphTeamsGatewayOptions> = {}): GraphTeamsGateway {
  return createGraphTeamsGateway({
    baseUrl: sandbox.baseUrl,
    authorityHost: sandbox.authorityHost,
    tenantId: sandbox.tenantId,
    credential: { kind: 'secret', clientId: sandbox.clientId, secret: sandbox.clientSecret },
    caCertificatePem: sandbox.caCertificatePem,
    ...options,
  });
}
