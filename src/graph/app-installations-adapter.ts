import type { TeamsApp, TeamsAppInstallation } from '@microsoft/microsoft-graph-types';
import { z } from 'zod';
import { type TeamsGraph, TeamsGraphFailure } from '../domain/teams-graph';
import { type GraphCalls, odataString, pageOf, segment } from './graph-calls';

/** POST /teams/{id}/installedApps binds the catalog app by URL (reference/teams-graph-facts.md §4.2). */
type InstallationBody = TeamsAppInstallation & { readonly 'teamsApp@odata.bind': string };

const catalogPageSchema = pageOf(z.object({ id: z.string() }) satisfies z.ZodType<TeamsApp>);

/** Our app in the organisation's catalog, and its installation in a team (§4). */
export class AppInstallationsAdapter implements Pick<TeamsGraph, 'findCatalogApp' | 'installApp'> {
  constructor(private readonly calls: GraphCalls) {}

  async findCatalogApp(manifestId: string): Promise<string | undefined> {
    const filter = `externalId eq ${odataString(manifestId)}`;
    const page = await this.calls.read('findCatalogApp', catalogPageSchema, () =>
      this.calls.client.api('/appCatalogs/teamsApps').filter(encodeURIComponent(filter)).get(),
    );
    return page.value[0]?.id;
  }

  async installApp(teamId: string, catalogAppId: string): Promise<'installed' | 'already_installed'> {
    const body: InstallationBody = { 'teamsApp@odata.bind': `${this.calls.bindBase}/appCatalogs/teamsApps/${segment(catalogAppId)}` };
    try {
      await this.calls.send('installApp', () => this.calls.client.api(`/teams/${segment(teamId)}/installedApps`).post(body));
      return 'installed';
    } catch (error) {
      // Graph answers 409 Conflict for an app the team already has (§4.2, as Company Communicator reads it).
      if (error instanceof TeamsGraphFailure && error.kind === 'conflict') return 'already_installed';
      throw error;
    }
  }
}
