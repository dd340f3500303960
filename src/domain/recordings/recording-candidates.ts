import type { Transaction } from '../provisioning-ports';
import type { DiscoveredRecording } from './recording-discovery';

export type CandidateStatus = 'proposed' | 'published' | 'dismissed';

/** A recording found through Graph for one of the app's meetings, proposed once to its organisers. */
export interface RecordingCandidate extends DiscoveredRecording {
  readonly meetingId: string;
  readonly expiresAt: Date | undefined;
  readonly status: CandidateStatus;
  readonly foundAt: Date;
}

/** A meeting the app gave a Teams meeting (an event on `mailbox`'s calendar), as discovery needs it. */
export interface TeamsMeetingRow {
  readonly meetingId: string;
  readonly communityId: string;
  readonly mailbox: string;
  readonly joinUrl: string;
  /** The onlineMeeting behind its event, once found. */
  readonly onlineMeetingId: string | undefined;
  readonly titleFr: string;
  readonly titleEn: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
}

export interface PastMeeting {
  readonly meetingId: string;
  readonly title: string;
  readonly startsAt: Date;
}

/** Candidates, the onlineMeeting ids of meetings, and each organiser mailbox's delta link (storage/recording-candidate-repository.ts). */
export interface RecordingCandidateStore {
  /** Stores it unless its Graph recording id is known; true when this call stored it (so it is proposed once). */
  addIfNew(tx: Transaction, candidate: Omit<RecordingCandidate, 'status'>): Promise<boolean>;
  find(graphRecordingId: string): Promise<RecordingCandidate | undefined>;
  /** proposed → published or dismissed; false when it was not proposed (already settled, or unknown). */
  settle(tx: Transaction, graphRecordingId: string, status: 'published' | 'dismissed', at: Date): Promise<boolean>;
  /** The scheduled (not cancelled) meetings with a Teams meeting that ended between `from` and `to`. */
  teamsMeetingsEnded(from: Date, to: Date): Promise<TeamsMeetingRow[]>;
  /** The community's meetings already begun (not cancelled), latest first: the publish form's choices. */
  pastMeetings(communityId: string, before: Date, limit: number): Promise<PastMeeting[]>;
  rememberOnlineMeetingId(meetingId: string, onlineMeetingId: string, at: Date): Promise<void>;
  deltaLinkOf(mailbox: string): Promise<string | undefined>;
  saveDeltaLink(mailbox: string, deltaLink: string, at: Date): Promise<void>;
}
