import type { Invitation } from '@microsoft/microsoft-graph-types';
import { z } from 'zod';
import type { GuestInvitation, TeamsGraph } from '../domain/teams-graph';
import type { GraphCalls } from './graph-calls';

/** The guest account Graph made is all we keep of the answer. */
const invitationSchema = z.object({ invitedUser: z.object({ id: z.string().optional() }).nullish() }) satisfies z.ZodType<Invitation>;

/** B2B invitations of people outside the tenant, who become guest users (reference/teams-graph-facts.md §2.4). */
export class InvitationsAdapter implements Pick<TeamsGraph, 'inviteGuest'> {
  constructor(private readonly calls: GraphCalls) {}

  async inviteGuest(request: GuestInvitation): Promise<{ aadObjectId: string }> {
    const body: Invitation = {
      invitedUserEmailAddress: request.email,
      invitedUserDisplayName: request.displayName,
      inviteRedirectUrl: request.redirectUrl,
      sendInvitationMessage: true,
    };
    const invitation = await this.calls.read('inviteGuest', invitationSchema, () => this.calls.client.api('/invitations').post(body));
    const aadObjectId = invitation.invitedUser?.id;
    if (!aadObjectId) throw new Error('Graph inviteGuest answered without invitedUser.id');
    return { aadObjectId };
  }
}
