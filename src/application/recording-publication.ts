import type { Actor } from '../domain/identity';
import type { Recording } from '../domain/recordings/recording';
import type { RecordingCandidateStore } from '../domain/recordings/recording-candidates';
import type { Transactions } from '../domain/provisioning-ports';
import type { Result } from '../domain/refusals';
import { type PublishRecordingInput, type RecordingDeps, publishRecording } from './recordings';

export interface RecordingPublicationDeps extends RecordingDeps {
  readonly candidates: Pick<RecordingCandidateStore, 'find' | 'settle' | 'pastMeetings'>;
  readonly transactions: Transactions;
}

/**
 * publishRecording, and when it publishes a recording found through Graph, its candidate marked
 * published (a second publication of the same Teams recording is refused by the library's unique
 * graph_recording_id). The expiry comes from the candidate, not from the form.
 */
export async function publishFoundRecording(deps: RecordingPublicationDeps, actor: Actor, input: PublishRecordingInput): Promise<Result<Recording>> {
  const candidate = input.graphRecordingId ? await deps.candidates.find(input.graphRecordingId) : undefined;
  const graph = candidate ? { graphRecordingId: candidate.graphRecordingId, expiresAt: candidate.expiresAt } : { graphRecordingId: undefined, expiresAt: undefined };
  const result = await publishRecording(deps, actor, { ...input, ...graph });
  if (result.ok && candidate) {
    const now = deps.administration.clock.now();
    await deps.transactions.run((tx) => deps.candidates.settle(tx, candidate.graphRecordingId, 'published', now));
  }
  return result;
}
