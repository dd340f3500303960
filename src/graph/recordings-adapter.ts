import type { CallRecording, OnlineMeeting, User } from '@microsoft/microsoft-graph-types';
import { z } from 'zod';
import type { DiscoveredRecording, RecordingSource, RecordingsPage, TeamsMeetingPointer } from '../domain/recordings/recording-discovery';
import { type GraphCalls, isNotFound, segment } from './graph-calls';

const recordingSchema = z.object({
  id: z.string().min(1),
  meetingId: z.string().min(1),
  recordingContentUrl: z.string().nullish(),
  createdDateTime: z.string().min(1),
  endDateTime: z.string().nullish(),
}) satisfies z.ZodType<CallRecording>;

const recordingListSchema = z.object({ value: z.array(recordingSchema), '@odata.count': z.number().optional() });

const deltaPageSchema = z.object({
  value: z.array(recordingSchema),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});

const meetingListSchema = z.object({ value: z.array(z.object({ id: z.string().min(1), joinWebUrl: z.string().nullish() }) satisfies z.ZodType<OnlineMeeting>) });

const userIdSchema = z.object({ id: z.string().min(1) }) satisfies z.ZodType<User>;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A delta round never needs more pages than this; more is a loop to stop, not data to read. */
const MAX_DELTA_PAGES = 500;

/**
 * Recordings of the Teams meetings behind the app's calendar events (teams-graph-facts §6.1, §6.2): the
 * onlineMeeting of an event by its join link, its recordings, and an organiser's recordings by delta.
 * Calls go through the same client, middleware and error mapping as the other adapters.
 */
export class RecordingsAdapter implements RecordingSource {
  private readonly objectIds = new Map<string, string>();

  constructor(private readonly calls: GraphCalls) {}

  async recordingsSince(organizer: string, deltaLink: string | undefined, since: Date): Promise<RecordingsPage> {
    const start = since.toISOString();
    let next: string = deltaLink ?? `/users/${segment(organizer)}/onlineMeetings/getAllRecordings(meetingOrganizerUserId='${segment(await this.objectIdOf(organizer))}',startDateTime=${start})/delta`;
    const recordings: DiscoveredRecording[] = [];
    for (let page = 0; page < MAX_DELTA_PAGES; page += 1) {
      const url = next;
      const body = await this.calls.read('recordingsDelta', deltaPageSchema, () => this.calls.client.api(url).get());
      recordings.push(...body.value.map(discovered));
      if (body['@odata.deltaLink']) return { recordings, deltaLink: body['@odata.deltaLink'] };
      if (!body['@odata.nextLink']) throw new Error('Graph recordingsDelta answered a page with neither @odata.nextLink nor @odata.deltaLink');
      next = body['@odata.nextLink'];
    }
    throw new Error(`Graph recordingsDelta: more than ${MAX_DELTA_PAGES} pages in one round`);
  }

  /** meetingOrganizerUserId is the organiser's object id: a mailbox given by address is looked up once. */
  private async objectIdOf(organizer: string): Promise<string> {
    if (GUID.test(organizer)) return organizer;
    const cached = this.objectIds.get(organizer.toLowerCase());
    if (cached) return cached;
    const user = await this.calls.read('findPerson', userIdSchema, () => this.calls.client.api(`/users/${segment(organizer)}`).select('id').get());
    this.objectIds.set(organizer.toLowerCase(), user.id);
    return user.id;
  }

  async onlineMeetingIdOf(meeting: TeamsMeetingPointer): Promise<string | undefined> {
    // The docs' example encodes the join link inside the filter: the query string is decoded once.
    const filter = `JoinWebUrl eq '${encodeURIComponent(meeting.joinUrl).replace(/'/g, "''")}'`;
    const found = await this.calls.read('findOnlineMeeting', meetingListSchema, () =>
      this.calls.client.api(`/users/${segment(meeting.mailbox)}/onlineMeetings`).filter(filter).get(),
    );
    return found.value.find((candidate) => candidate.joinWebUrl === meeting.joinUrl)?.id ?? found.value[0]?.id;
  }

  async recordingsOf(meeting: TeamsMeetingPointer): Promise<readonly DiscoveredRecording[]> {
    const meetingId = await this.onlineMeetingIdOf(meeting);
    if (!meetingId) return [];
    try {
      const list = await this.calls.read('listRecordings', recordingListSchema, () =>
        this.calls.client.api(`/users/${segment(meeting.mailbox)}/onlineMeetings/${segment(meetingId)}/recordings`).get(),
      );
      return list.value.map(discovered);
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }
}

function discovered(recording: z.infer<typeof recordingSchema>): DiscoveredRecording {
  return {
    graphRecordingId: recording.id,
    onlineMeetingId: recording.meetingId,
    contentUrl: recording.recordingContentUrl ?? undefined,
    createdAt: new Date(recording.createdDateTime),
    endedAt: recording.endDateTime ? new Date(recording.endDateTime) : undefined,
  };
}
