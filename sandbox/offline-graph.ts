import type { GraphTeamsGateway } from '../src/graph/graph-teams-gateway';
import { type GraphSandbox, startGraphSandbox } from './graph';
import { gatewayForSandbox } from './sandbox-gateway';

/** The manifest id the offline catalog knows the app by, when TEAMS_APP_ID is not set. */
export const OFFLINE_MANIFEST_ID = '0c5e8f3a-7d41-4b6e-9a2f-3c0ffee0a77a';

/** Someone the offline directory holds (the Agents Playground's demo people). */
export interface OfflinePerson {
  readonly aadObjectId: string;
  readonly name: string;
  readonly userPrincipalName: string;
}

export interface OfflineGraphOptions {
  /** The only tenant the offline Graph issues tokens for. */
  readonly tenantId: string;
  /** The manifest id its app catalog lists (default OFFLINE_MANIFEST_ID). */
  readonly manifestId: string | undefined;
  readonly directory: readonly OfflinePerson[];
}

export interface OfflineGraph {
  readonly sandbox: GraphSandbox;
  readonly gateway: GraphTeamsGateway;
  readonly manifestId: string;
  stop(): Promise<void>;
}

/**
 * Offline mode, the only way the app reaches the sandbox: without Graph credentials it provisions teams
 * in its own offline Graph (HTTPS on loopback, certificate made now), through the very same gateway,
 * SDK and credential it would use against Microsoft Graph. Its directory holds the people it is given.
 */
export async function startOfflineGraph(options: OfflineGraphOptions): Promise<OfflineGraph> {
  const manifestId = options.manifestId ?? OFFLINE_MANIFEST_ID;
  const sandbox = await startGraphSandbox({
    tenantId: options.tenantId,
    users: options.directory.map((p) => ({
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
