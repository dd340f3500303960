import { DateTime } from 'luxon';
import type { Actor } from '../domain/identity';
import type { MeetingStore } from '../domain/meetings/meeting-ports';
import type { CommunityWithCounts, Localized } from '../domain/model';
import type { CommunityRepository, MembershipRepository } from '../domain/ports';
import type { Recording, RecordingFacets, RecordingPage, RecordingStore, RecordingViewer } from '../domain/recordings/recording';
import { type RecordingDraft, checkRecordingDraft, searchTextOf, searchWords } from '../domain/recordings/recording-form';
import { foldText } from '../domain/text-normalization';
import { type Result, ok, refuse } from '../domain/refusals';
import { type AdministrationDeps, findForOrganiser } from './community-administration';
import type { CommunityPointer } from './communities';

/** What the recordings library needs; the bot's publish form and the tab's pages both call through here. */
export interface RecordingDeps {
  readonly recordings: RecordingStore;
  readonly administration: AdministrationDeps;
  readonly memberships: Pick<MembershipRepository, 'standingsOf'>;
  readonly communities: Pick<CommunityRepository, 'listVisible'>;
  readonly meetings: Pick<MeetingStore, 'find'>;
}

export interface PublishRecordingInput extends RecordingDraft {
  readonly community: CommunityPointer;
  /** The community's meeting it was recorded at (its number), if any. */
  readonly meetingId?: string | undefined;
  /** Publishing a recording found through Graph: one publication per Teams recording. */
  readonly graphRecordingId?: string | undefined;
  readonly expiresAt?: Date | undefined;
}

/** Organisers of the community (and administrators) publish; every problem of the form comes back at once. */
export async function publishRecording(deps: RecordingDeps, actor: Actor, input: PublishRecordingInput): Promise<Result<Recording>> {
  const found = await findForOrganiser(deps.administration, actor, input.community, 'recording');
  if (!found.ok) return found;
  const community = found.value;
  if (community.status === 'archived') return refuse({ code: 'community_archived', community: community.name });
  const today = DateTime.fromJSDate(deps.administration.clock.now()).setZone(community.timeZone).toISODate() ?? '';
  const checked = checkRecordingDraft(input, today);
  const meeting = input.meetingId ? await meetingOf(deps, community, input.meetingId) : null;
  const problems = [...(checked.ok ? [] : checked.problems), ...(meeting === undefined ? [{ field: 'meeting' as const, code: 'not_found' as const }] : [])];
  if (!checked.ok || meeting === undefined) return refuse({ code: 'invalid_recording_form', problems });
  const draft = checked.value;
  const published = await deps.recordings.publish({
    communityId: community.id,
    meetingId: meeting?.id ?? null,
    ...draft,
    graphRecordingId: input.graphRecordingId ?? null,
    expiresAt: input.expiresAt ?? null,
    searchText: searchTextOf([draft.title, ...draft.speakers, draft.description, community.name.fr, community.name.en, meeting?.title ?? '']),
    publishedBy: actor.user.aadObjectId,
  });
  if (!published) return refuse({ code: 'recording_already_published', title: draft.title });
  return ok(published);
}

/** The meeting, when it is one of the community's; undefined when it is not (null: none given). */
async function meetingOf(deps: RecordingDeps, community: CommunityWithCounts, meetingId: string): Promise<{ id: string; title: string } | undefined> {
  if (!/^\d{1,18}$/.test(meetingId)) return undefined;
  const meeting = await deps.meetings.find(meetingId);
  return meeting && meeting.communityId === community.id ? { id: meeting.id, title: meeting.title } : undefined;
}

export interface RecordingSearch {
  readonly text?: string | undefined;
  readonly communitySlug?: string | undefined;
  readonly speaker?: string | undefined;
  readonly year?: number | undefined;
  readonly offset: number;
  readonly limit: number;
}

/**
 * The library as this person may see it (undefined: the public page): public recordings, and the
 * members-only ones of the communities they belong to or organise (administrators: all). Newest first.
 */
export async function searchRecordings(deps: RecordingDeps, viewer: Actor | undefined, search: RecordingSearch): Promise<RecordingPage> {
  const speaker = search.speaker === undefined ? undefined : foldText(search.speaker);
  return deps.recordings.search(await viewerOf(deps, viewer), {
    words: searchWords(search.text),
    communitySlug: search.communitySlug,
    speaker: speaker === '' ? undefined : speaker,
    year: search.year,
    offset: search.offset,
    limit: search.limit,
  });
}

/** The choices of the library's filters: communities, speakers and years that have recordings this person may see. */
export async function recordingFacets(deps: RecordingDeps, viewer: Actor | undefined): Promise<RecordingFacets> {
  return deps.recordings.facets(await viewerOf(deps, viewer));
}

/** The recordings of these meetings this person may see (a past meeting shows its recordings). */
export async function recordingsOfMeetings(deps: RecordingDeps, viewer: Actor, meetingIds: readonly string[]): Promise<Map<string, Recording[]>> {
  if (meetingIds.length === 0) return new Map();
  return deps.recordings.ofMeetings(await viewerOf(deps, viewer), meetingIds);
}

export interface PublicCommunity {
  readonly slug: string;
  readonly name: Localized;
  readonly summary: Localized;
  readonly description: Localized;
  readonly status: 'active' | 'en_preparation';
  readonly publicRecordingCount: number;
}

/** The communities as the public page shows them: what they are about and how many public recordings; no member data. */
export async function publicCommunities(deps: RecordingDeps): Promise<PublicCommunity[]> {
  const [communities, counts] = await Promise.all([deps.communities.listVisible(), deps.recordings.publicCountsByCommunity()]);
  return communities.flatMap((c) =>
    c.status === 'archived'
      ? []
      : [{ slug: c.slug, name: c.name, summary: c.summary, description: c.description, status: c.status, publicRecordingCount: counts.get(c.id) ?? 0 }],
  );
}

async function viewerOf(deps: RecordingDeps, actor: Actor | undefined): Promise<RecordingViewer> {
  if (!actor) return { kind: 'public' };
  if (deps.administration.administrators.includes(actor.user)) return { kind: 'person', communityIds: 'all' };
  const [standings, organised] = await Promise.all([deps.memberships.standingsOf(actor.user), deps.administration.administration.communitiesOrganisedBy(actor.user)]);
  const ids = new Set(organised);
  for (const [id, standing] of standings) if (standing.member) ids.add(id);
  return { kind: 'person', communityIds: [...ids] };
}
