import type { Actor } from '../domain/identity';
import type { Speaker } from '../domain/meetings/meeting';
import { type ExternalMemberDeps, inviteExternalMember } from './external-members';
import type { CommunityPointer } from './communities';

/** Why a speaker was not invited as a guest: the `inviter` outcomes, a refusal (an e-mail Graph would not take), or an unexpected error. */
export type GuestProblemReason = 'guests_not_allowed' | 'no_team' | 'failed' | 'refused' | 'error';

export interface GuestProblem {
  readonly name: string;
  readonly email: string;
  readonly reason: GuestProblemReason;
}

export interface SpeakerGuests {
  /** Speakers Graph invited (added to the team, or invited and not yet in it). */
  readonly invited: number;
  readonly problems: readonly GuestProblem[];
}

/**
 * Speakers with an e-mail invited as external members of the community, through the same path as
 * `inviter` (its rules: guests allowed, the team exists; its record in external_members). Called after the
 * meeting's transaction committed: Graph calls are never made inside one. One speaker's failure is a
 * problem to report, never a failed scheduling.
 */
export async function inviteSpeakersAsGuests(
  deps: ExternalMemberDeps,
  actor: Actor,
  pointer: CommunityPointer,
  speakers: readonly Speaker[],
  logger: { warn(details: object, message: string): void } | undefined,
): Promise<SpeakerGuests> {
  let invited = 0;
  const problems: GuestProblem[] = [];
  for (const speaker of speakers) {
    if (speaker.email === undefined) continue;
    const person = { name: speaker.name, email: speaker.email };
    try {
      const result = await inviteExternalMember(deps, actor, pointer, { email: speaker.email, displayName: speaker.name });
      if (!result.ok) problems.push({ ...person, reason: 'refused' });
      else if (result.value.outcome.status === 'added' || result.value.outcome.status === 'invited') invited += 1;
      else if (result.value.outcome.status === 'not_allowed') problems.push({ ...person, reason: result.value.outcome.reason });
      else problems.push({ ...person, reason: 'failed' });
    } catch (error) {
      // The meeting is scheduled already; the organiser can retry with `inviter`. Logged without the address.
      logger?.warn({ err: error, speaker: speaker.name.slice(0, 40) }, 'inviting a speaker as a guest failed unexpectedly');
      problems.push({ ...person, reason: 'error' });
    }
  }
  return { invited, problems };
}
