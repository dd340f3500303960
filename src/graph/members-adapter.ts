import type { AadUserConversationMember, AadUserConversationMemberResult } from '@microsoft/microsoft-graph-types';
import { z } from 'zod';
import type { UserIdentity } from '../domain/model';
import type { MemberAddResult, TeamMembership, TeamsGraph } from '../domain/teams-graph';
import { type GraphCalls, type MemberBinding, isNotFound, odataString, pageOf, sameId, segment } from './graph-calls';

/** members/add takes at most 200 members per request (reference/teams-graph-facts.md §2.2). */
export const MEMBERS_ADD_BATCH_SIZE = 200;

interface MembersAddBody {
  readonly values: MemberBinding[];
}

/** One result per member asked for; `error` set for those Graph did not add (§2.2). */
const addResultsSchema = z.object({
  value: z.array(
    z.object({
      userId: z.string().nullish(),
      error: z.object({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
    }) satisfies z.ZodType<AadUserConversationMemberResult>,
  ),
});
type AddResultItem = z.infer<typeof addResultsSchema>['value'][number];

const memberPageSchema = pageOf(
  z.object({ id: z.string(), userId: z.string().nullish(), roles: z.array(z.string()).nullish() }) satisfies z.ZodType<AadUserConversationMember>,
);

/** A team's members: bulk adds, and one membership looked up or removed (§2.1, §2.2). */
export class MembersAdapter implements Pick<TeamsGraph, 'addMembers' | 'findMembership' | 'removeMembership'> {
  constructor(private readonly calls: GraphCalls) {}

  async addMembers(teamId: string, users: readonly UserIdentity[]): Promise<MemberAddResult[]> {
    const results: MemberAddResult[] = [];
    for (let start = 0; start < users.length; start += MEMBERS_ADD_BATCH_SIZE) {
      const batch = users.slice(start, start + MEMBERS_ADD_BATCH_SIZE);
      const body: MembersAddBody = { values: batch.map((user) => this.calls.memberBinding(user, [])) };
      // 200 when all were added, 207 with one result per member when some were not (§2.2).
      const answer = await this.calls.read('members', addResultsSchema, () => this.calls.client.api(`/teams/${segment(teamId)}/members/add`).post(body));
      results.push(...batch.map((user) => memberAddResultOf(user, answer.value)));
    }
    return results;
  }

  async findMembership(teamId: string, user: UserIdentity): Promise<TeamMembership | undefined> {
    const filter = `(microsoft.graph.aadUserConversationMember/userId eq ${odataString(user.aadObjectId)})`;
    const page = await this.calls.read('members', memberPageSchema, () =>
      this.calls.client.api(`/teams/${segment(teamId)}/members`).filter(encodeURIComponent(filter)).get(),
    );
    const membership = page.value.find((member) => sameId(member.userId, user.aadObjectId));
    if (!membership) return undefined;
    return { id: membership.id, owner: membership.roles?.some((role) => role.toLowerCase() === 'owner') ?? false };
  }

  async removeMembership(teamId: string, membershipId: string): Promise<'removed' | 'not_member'> {
    try {
      await this.calls.send('members', () => this.calls.client.api(`/teams/${segment(teamId)}/members/${segment(membershipId)}`).delete());
      return 'removed';
    } catch (error) {
      if (isNotFound(error)) return 'not_member'; // removed meanwhile, by someone else or an earlier attempt
      throw error;
    }
  }
}

function memberAddResultOf(user: UserIdentity, answers: readonly AddResultItem[]): MemberAddResult {
  const answer = answers.find((item) => sameId(item.userId, user.aadObjectId));
  if (!answer) return { user, ok: false, code: 'NoResult', message: 'Graph returned no result for this member' };
  if (!answer.error) return { user, ok: true };
  return { user, ok: false, code: answer.error.code ?? 'Unknown', message: answer.error.message ?? '' };
}
