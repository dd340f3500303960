import type { MeetingOverview } from '../meetings/meeting';
import type { RecordingCandidate } from './recording-candidates';

/** What a proposal of a recording shows at send time: the candidate and its meeting as it stands. */
export interface RecordingCandidateView {
  readonly candidate: RecordingCandidate;
  readonly overview: MeetingOverview;
}

export interface RecordingCandidateViews {
  candidateView(graphRecordingId: string): Promise<RecordingCandidateView | undefined>;
}
