/**
 * Recordings of the Teams meetings the app created, found through Microsoft Graph (teams-graph-facts §6):
 * the port graph/recordings-adapter.ts implements with the Graph SDK (and the offline sandbox answers).
 * App-only reads need OnlineMeetingRecording.Read.All (OnlineMeetings.Read.All to find a meeting by its
 * join link) and the Teams application access policy granted for the organiser's mailbox; without them
 * calls fail with TeamsGraphFailure `permission_denied` (domain/teams-graph.ts): `permission` set when a
 * permission is missing, unset when the access policy is.
 */
export interface DiscoveredRecording {
  /** callRecording.id: unique across the tenant, what a candidate and a publication are keyed on. */
  readonly graphRecordingId: string;
  /** The onlineMeeting id (`MSo…`) it belongs to. */
  readonly onlineMeetingId: string;
  readonly contentUrl: string | undefined;
  readonly createdAt: Date;
  readonly endedAt: Date | undefined;
}

export interface RecordingsPage {
  readonly recordings: readonly DiscoveredRecording[];
  /** The @odata.deltaLink to ask next time: it returns only what arrived since. */
  readonly deltaLink: string;
}

/** A meeting's Teams meeting as the app knows it: the organiser's mailbox and the join link of its event. */
export interface TeamsMeetingPointer {
  readonly mailbox: string;
  readonly joinUrl: string;
}

export interface RecordingSource {
  /**
   * getAllRecordings(meetingOrganizerUserId=…, startDateTime=since)/delta for one organiser's mailbox,
   * every page followed; `deltaLink` from the previous call, or undefined for the first.
   */
  recordingsSince(organizer: string, deltaLink: string | undefined, since: Date): Promise<RecordingsPage>;
  /** The onlineMeeting id behind an event's join link; undefined when Graph finds none. */
  onlineMeetingIdOf(meeting: TeamsMeetingPointer): Promise<string | undefined>;
  /** One meeting's recordings (GET …/onlineMeetings/{id}/recordings); none when the meeting is not found. */
  recordingsOf(meeting: TeamsMeetingPointer): Promise<readonly DiscoveredRecording[]>;
}
