import type { User } from '@microsoft/microsoft-graph-types';
import { z } from 'zod';
import type { DirectoryPerson, ReachGraph } from '../domain/delivery/reach-graph';
import { type GraphCalls, isNotFound, segment } from './graph-calls';

/** Only what delivery reads; `userType` needs `$select` (user-get.md: it is not among the default properties). */
const personSchema = z.object({
  displayName: z.string().nullish(),
  mail: z.string().nullish(),
  userType: z.string().nullish(),
}) satisfies z.ZodType<User>;

/** People in the tenant's directory, looked up by object id (reference/teams-graph-facts.md §2.5). */
export class PeopleDirectoryAdapter implements Pick<ReachGraph, 'findPerson'> {
  constructor(private readonly calls: GraphCalls) {}

  async findPerson(aadObjectId: string): Promise<DirectoryPerson | undefined> {
    try {
      const user = await this.calls.read('findPerson', personSchema, () =>
        this.calls.client.api(`/users/${segment(aadObjectId)}`).select('id,displayName,mail,userType').get(),
      );
      return {
        displayName: user.displayName ?? '',
        mail: user.mail || undefined,
        // Entra ID leaves userType null on some older member accounts; only Guest means external.
        userType: user.userType?.toLowerCase() === 'guest' ? 'Guest' : 'Member',
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}
