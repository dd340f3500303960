import { createHash, randomBytes } from 'node:crypto';
import type { EventRecord } from './calendar-events';
import type { SandboxRecordingView } from './contracts';

/** The onlineMeeting behind a calendar event with a Teams meeting (teams-graph-facts §5.2): derived from the event, never stored apart. */
export interface OnlineMeetingRecord {
  /** `MSo…`: base64 of `1*{organizerId}*0**{threadId}`, the shape Graph's onlineMeeting ids have. */
  readonly id: string;
  readonly event: EventRecord;
  readonly organizerId: string;
  readonly joinWebUrl: string;
  readonly threadId: string;
}

export interface RecordingRecord {
  readonly id: string;
  readonly meetingId: string;
  readonly organizerId: string;
  readonly eventId: string;
  readonly createdDateTime: string;
  readonly endDateTime: string;
  readonly contentCorrelationId: string;
  /** Order of arrival (1, 2, …): what delta tokens remember. */
  readonly sequence: number;
}

/** The onlineMeeting of an event, or undefined when the event has no Teams meeting. */
export function onlineMeetingOf(event: EventRecord): OnlineMeetingRecord | undefined {
  if (!event.joinUrl) return undefined;
  const threadId = decodeURIComponent(/meetup-join\/([^/]+)\//.exec(event.joinUrl)?.[1] ?? '');
  const id = `MSo${Buffer.from(`1*${event.mailbox.id}*0**${threadId}`).toString('base64url')}`;
  return { id, event, organizerId: event.mailbox.id, joinWebUrl: event.joinUrl, threadId };
}

/**
 * Recordings of the Teams meetings behind calendar events (onlinemeeting-list-recordings.md,
 * callrecording-delta.md; teams-graph-facts §6). Tests and the local demo make one available with
 * `sandbox.recordings.makeAvailable`, or let `recordEndedMeetings` record each meeting once it has ended.
 */
export class OnlineMeetingRecordings {
  private readonly byId = new Map<string, RecordingRecord>();
  private readonly recordedEvents = new Set<string>();
  private sequence = 0;

  add(meeting: OnlineMeetingRecord, times: { readonly createdDateTime: string; readonly endDateTime: string }): RecordingRecord {
    this.sequence += 1;
    const record: RecordingRecord = {
      id: recordingId(),
      meetingId: meeting.id,
      organizerId: meeting.organizerId,
      eventId: meeting.event.id,
      createdDateTime: times.createdDateTime,
      endDateTime: times.endDateTime,
      contentCorrelationId: createHash('sha256').update(randomBytes(16)).digest('hex').slice(0, 32),
      sequence: this.sequence,
    };
    this.byId.set(record.id, record);
    this.recordedEvents.add(meeting.event.id);
    return record;
  }

  hasRecorded(eventId: string): boolean {
    return this.recordedEvents.has(eventId);
  }

  get latestSequence(): number {
    return this.sequence;
  }

  ofMeeting(meetingId: string): RecordingRecord[] {
    return [...this.byId.values()].filter((recording) => recording.meetingId === meetingId);
  }

  find(meetingId: string, recordingId: string): RecordingRecord | undefined {
    const recording = this.byId.get(recordingId);
    return recording && recording.meetingId === meetingId ? recording : undefined;
  }

  /** An organiser's recordings created at or after `since`, with a sequence in (after, upTo], in arrival order. */
  ofOrganizer(organizerId: string, since: Date, after: number, upTo: number): RecordingRecord[] {
    return [...this.byId.values()].filter(
      (recording) =>
        recording.organizerId.toLowerCase() === organizerId.toLowerCase() &&
        recording.sequence > after &&
        recording.sequence <= upTo &&
        new Date(recording.createdDateTime) >= since,
    );
  }

  views(): SandboxRecordingView[] {
    return [...this.byId.values()].map(recordingView);
  }
}

export function recordingView(recording: RecordingRecord): SandboxRecordingView {
  return {
    id: recording.id,
    meetingId: recording.meetingId,
    organizerId: recording.organizerId,
    eventId: recording.eventId,
    createdDateTime: recording.createdDateTime,
    endDateTime: recording.endDateTime,
  };
}

/** Recording ids are long base64 strings in Graph's examples. */
function recordingId(): string {
  return randomBytes(60).toString('base64url');
}
