import type { Chat, UserScopeTeamsAppInstallation } from '@microsoft/microsoft-graph-types';
import { z } from 'zod';
import type { ReachGraph } from '../domain/delivery/reach-graph';
import { TeamsGraphFailure } from '../domain/teams-graph';
import { type GraphCalls, isNotFound, odataString, pageOf, sameId, segment } from './graph-calls';

/** POST /users/{id}/teamwork/installedApps binds the catalog app by URL, as the team install does (reference/teams-graph-facts.md §4.3). */
type InstallationBody = UserScopeTeamsAppInstallation & { readonly 'teamsApp@odata.bind': string };

const installationPageSchema = pageOf(
  z.object({ id: z.string(), teamsApp: z.object({ id: z.string().optional() }).nullish() }) satisfies z.ZodType<UserScopeTeamsAppInstallation>,
);

const chatSchema = z.object({ id: z.string() }) satisfies z.ZodType<Chat>;

/**
 * Our app in a person's personal scope (§4.3): installed by the app itself for someone who never opened
 * it, which opens a 1:1 chat between them and the bot; that chat's id is the conversation to write to.
 */
export class UserInstallationsAdapter implements Pick<ReachGraph, 'installAppForUser' | 'personalChatId'> {
  constructor(private readonly calls: GraphCalls) {}

  async installAppForUser(aadObjectId: string, catalogAppId: string): Promise<'installed' | 'already_installed'> {
    const body: InstallationBody = { 'teamsApp@odata.bind': `${this.calls.bindBase}/appCatalogs/teamsApps/${segment(catalogAppId)}` };
    try {
      // Documented 201 with no body; any 2xx is success. Replaying it is safe: a second install is a 409.
      await this.calls.send('installAppForUser', () => this.calls.client.api(`/users/${segment(aadObjectId)}/teamwork/installedApps`).post(body));
      return 'installed';
    } catch (error) {
      // 409 Conflict: the person has the app already (Company Communicator reads it so, §7.4).
      if (error instanceof TeamsGraphFailure && error.kind === 'conflict') return 'already_installed';
      throw error;
    }
  }

  async personalChatId(aadObjectId: string, catalogAppId: string): Promise<string | undefined> {
    const user = `/users/${segment(aadObjectId)}/teamwork/installedApps`;
    const filter = `teamsApp/id eq ${odataString(catalogAppId)}`;
    const page = await this.calls.read('personalChat', installationPageSchema, () =>
      this.calls.client.api(user).expand('teamsApp').filter(encodeURIComponent(filter)).get(),
    );
    // The teamsAppInstallation id, not the catalog id, is what the chat hangs off (learn teamsappinstallation).
    const installation = page.value.find((item) => sameId(item.teamsApp?.id, catalogAppId));
    if (!installation) return undefined;
    try {
      const chat = await this.calls.read('personalChat', chatSchema, () => this.calls.client.api(`${user}/${segment(installation.id)}/chat`).get());
      return chat.id;
    } catch (error) {
      if (isNotFound(error)) return undefined; // uninstalled between the two calls
      throw error;
    }
  }
}
