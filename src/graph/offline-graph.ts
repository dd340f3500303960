import { DEMO_DIRECTORY, DEMO_TENANT_ID } from '../storage/demo-data';
import { type GraphTeamsGatewayOptions, createGraphTeamsGateway } from './create-graph-teams-gateway';
import type { GraphTeamsGateway } from './graph-teams-gateway';
import { type GraphSandbox, startGraphSandbox } from './sandbox';

/** The manifest id the offline catalog knows the app by, when TEAMS_APP_ID is not set. */
export const OFFLINE_MANIFEST_ID = '0c5e8f3a-7d41-4b6e-9a2f-3c0ffee0a77a';

export interface OfflineGraph {
  readonly sandbox: GraphSandbox;
  readonly gateway: GraphTeamsGateway;
  readonly manifestId: string;
  stop(): Promise<void>;
}

/**
 * Without Graph credentials the app provisions teams in its own offline Graph sandbox (HTTPS on
 * loopback, certificate made now), through the very same gateway, SDK and credential it would use
 * against Microsoft Graph. Its directory holds the demo people of the Agents Playground.
 */
export async function startOfflineGraph(options: { tenantId: string | undefined; manifestId: string | undefined }): Promise<OfflineGraph> {
  const manifestId = options.manifestId ?? OFFLINE_MANIFEST_ID;
  const sandbox = await startGraphSandbox({
    tenantId: options.tenantId ?? DEMO_TENANT_ID,
    users: DEMO_DIRECTORY.map((p) => ({
      id: p.aadObjectId,
      displayName: p.name,
      userPrincipalName: p.userPrincipalName,
      mail: p.userPrincipalName,
    })),
    catalogApps: [{ id: 'f1b2c3d4-0000-4000-8000-00000000ca7a', externalId: manifestId, displayName: 'Communautés de pratique' }],
  });
  const gateway = gatewayForSandbox(sandbox);
  return {
    sandbox,
    gateway,
    manifestId,
    async stop() {
      gateway.close();
      await sandbox.stop();
    },
  };
}

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
