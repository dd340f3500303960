import type { Actor } from '../domain/identity';
import type { MeetingOverview, Registration } from '../domain/meetings/meeting';
import type { MeetingStore } from '../domain/meetings/meeting-ports';
import type { MeetingLinks } from '../domain/meetings/meeting-views';
import type { Recording } from '../domain/recordings/recording';
import { type RecordingDeps, recordingsOfMeetings } from './recordings';

export interface MyMeetingsDeps {
  readonly meetings: Pick<MeetingStore, 'pageFor'>;
  readonly links: MeetingLinks;
  readonly recordings: RecordingDeps;
  readonly clock: { now(): Date };
}

export interface MyMeetingView {
  readonly overview: MeetingOverview;
  readonly registration: Registration | undefined;
  readonly calendarUrl: string;
  /** Past meetings: their recordings the person may see. */
  readonly recordings: readonly Recording[];
}

/** The meetings of the person's communities, upcoming (soonest first) or past (latest first, with their recordings). */
export async function myMeetings(
  deps: MyMeetingsDeps,
  actor: Actor,
  scope: 'upcoming' | 'past',
  page: { readonly offset: number; readonly limit: number },
): Promise<{ items: MyMeetingView[]; total: number }> {
  // One statement for the page and the person's answers (MeetingStore.pageFor); links are signed here, without the database.
  const { entries, total } = await deps.meetings.pageFor(actor.user, scope, deps.clock.now(), page.offset, page.limit);
  const ids = entries.map((e) => e.overview.meeting.id);
  const [links, recordings] = await Promise.all([
    Promise.all(ids.map((id) => deps.links.calendar(id, actor.user))),
    scope === 'past' ? recordingsOfMeetings(deps.recordings, actor, ids) : Promise.resolve(new Map<string, Recording[]>()),
  ]);
  return {
    items: entries.map(({ overview, registration }, i) => ({ overview, registration, calendarUrl: links[i] ?? '', recordings: recordings.get(overview.meeting.id) ?? [] })),
    total,
  };
}
