import type { Client } from '@microsoft/microsoft-graph-client';
import type { AadUserConversationMember } from '@microsoft/microsoft-graph-types';
import { z } from 'zod';
import type { UserIdentity } from '../domain/model';
import { TeamsGraphFailure } from '../domain/teams-graph';
import { type GraphCall, teamsGraphFailureOf, teamsGraphFailureOfResponse } from './graph-errors';

/** A member as POST /teams and members/add take it: bound to the user by URL (reference/teams-graph-facts.md §2.1). */
export type MemberBinding = AadUserConversationMember & {
  readonly '@odata.type': '#microsoft.graph.aadUserConversationMember';
  readonly 'user@odata.bind': string;
  readonly roles: string[];
};

/**
 * What every Graph adapter shares: the SDK client, the absolute `@odata.bind` base, and one way to make
 * a call, so that whatever leaves an adapter is a checked result or a TeamsGraphFailure.
 */
export class GraphCalls {
  /** Absolute `@odata.bind` URLs point at the same Graph as the client (graph.microsoft.com, or the sandbox). */
  readonly bindBase: string;

  constructor(
    readonly client: Client,
    baseUrl: string,
  ) {
    this.bindBase = `${baseUrl.replace(/\/+$/, '')}/v1.0`;
  }

  /** Runs one SDK call and checks the body it answers against `schema` before anything reads it. */
  async read<S extends z.ZodType>(call: GraphCall, schema: S, send: () => Promise<unknown>): Promise<z.infer<S>> {
    const body: unknown = await this.send(call, send);
    const parsed = schema.safeParse(body);
    // Graph answering a shape it documents otherwise is a bug to see, not a refusal to report.
    if (!parsed.success) throw new Error(`Graph ${call} answered an unexpected body: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }

  /** Runs one SDK call whose body nothing reads, turning whatever it throws into a TeamsGraphFailure. */
  async send<T>(call: GraphCall, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw teamsGraphFailureOf(error, call);
    }
  }

  /** A `.responseType(RAW)` call (the 202s whose headers matter): the SDK does not check those answers. */
  async accepted(call: GraphCall, send: () => Promise<Response>): Promise<Response> {
    const response = await this.send(call, send);
    if (!response.ok) throw await teamsGraphFailureOfResponse(response, call);
    return response;
  }

  memberBinding(user: UserIdentity, roles: string[]): MemberBinding {
    return {
      '@odata.type': '#microsoft.graph.aadUserConversationMember',
      roles,
      'user@odata.bind': `${this.bindBase}/users('${segment(user.aadObjectId)}')`,
    };
  }
}

/** A collection answer: one page of items and, when there are more, the link to the next. */
export function pageOf<S extends z.ZodType>(item: S) {
  return z.object({ value: z.array(item), '@odata.nextLink': z.string().optional() });
}

/** An OData string literal: quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function segment(id: string): string {
  return encodeURIComponent(id);
}

export function sameId(a: string | null | undefined, b: string): boolean {
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}

export function isNotFound(error: unknown): boolean {
  return error instanceof TeamsGraphFailure && error.kind === 'not_found';
}
