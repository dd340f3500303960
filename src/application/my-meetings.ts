import type { Actor } from '../domain/identity';
import type { MeetingOverview, Registration } from '../domain/meetings/meeting';
import type { MeetingStore, PersonalMeetingPages } from '../domain/meetings/meeting-ports';
import type { MeetingLinks } from '../domain/meetings/meeting-views';
import type { Recording } from '../domain/recordings/recording';
import { type RecordingDeps, recordingsOfMeetings } from './recordings';

export interface MyMeetingsDeps {
  readonly meetings: Pick<MeetingStore, 'registration'> & PersonalMeetingPages;
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
  const { items, total } = await deps.meetings.meetingsOf(actor.user, scope, deps.clock.now(), page.offset, page.limit);
  const [registrations, links, recordings] = await Promise.all([
    Promise.all(items.map((o) => deps.meetings.registration(o.meeting.id, actor.user))),
    Promise.all(items.map((o) => deps.links.calendar(o.meeting.id, actor.user))),
    scope === 'past' ? recordingsOfMeetings(deps.recordings, actor, items.map((o) => o.meeting.id)) : Promise.resolve(new Map<string, Recording[]>()),
  ]);
  return {
    items: items.map((overview, i) => ({ overview, registration: registrations[i], calendarUrl: links[i] ?? '', recordings: recordings.get(overview.meeting.id) ?? [] })),
    total,
  };
}
