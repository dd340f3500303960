import type { Actor } from '../domain/identity';
import type { MeetingStore } from '../domain/meetings/meeting-ports';
import type { CommunityWithCounts, Meeting, Organiser, Standing } from '../domain/model';
import type { Administrators, CatalogueEntry, CommunityAdministrationRepository } from '../domain/ports';
import { type CommunityDeps, NO_STANDING, catalogueEntries } from './communities';

export interface CatalogueDeps {
  readonly community: CommunityDeps;
  readonly administration: Pick<CommunityAdministrationRepository, 'communitiesOrganisedBy'>;
  readonly administrators: Administrators;
  readonly meetings: Pick<MeetingStore, 'generalChannelOf'>;
}

/** A community as the tab's list shows it: the catalogue entry and what its card says beside it. */
export interface CommunityCard {
  readonly community: CommunityWithCounts;
  readonly organisers: readonly Organiser[];
  readonly nextMeeting: Meeting | undefined;
  readonly recordingCount: number;
  readonly standing: Standing;
  readonly organiser: boolean;
  /** The General channel of its team, when known (for the deep link). */
  readonly generalChannelId: string | undefined;
}

/** The catalogue (catalogueEntries: one statement per page), each entry with whether the viewer organises it and its team's channel. */
export async function communityCards(deps: CatalogueDeps, actor: Actor, page: { readonly offset: number; readonly limit: number }): Promise<{ items: CommunityCard[]; total: number }> {
  const [{ entries, total }, organised] = await Promise.all([
    catalogueEntries(deps.community, actor, page.offset, page.limit),
    deps.administration.communitiesOrganisedBy(actor.user),
  ]);
  return { items: await Promise.all(entries.map((entry) => cardOf(deps, actor, entry, organised))), total };
}

/** One community's card (after a membership change: its counts read again). */
export async function communityCard(deps: CatalogueDeps, actor: Actor, slug: string): Promise<CommunityCard | undefined> {
  const community = await deps.community.communities.findBySlug(slug);
  if (!community || community.status === 'archived') return undefined;
  const now = deps.community.clock.now();
  const [standings, organised, organisers, nextMeeting, recordingCount] = await Promise.all([
    deps.community.memberships.standingsOf(actor.user),
    deps.administration.communitiesOrganisedBy(actor.user),
    deps.community.communities.organisersOf(community.id),
    deps.community.communities.nextMeetingOf(community.id, now),
    deps.community.communities.recordingCountOf(community.id),
  ]);
  return cardOf(deps, actor, { community, standing: standings.get(community.id) ?? NO_STANDING, organisers, nextMeeting, recordingCount }, organised);
}

async function cardOf(deps: CatalogueDeps, actor: Actor, entry: CatalogueEntry, organised: ReadonlySet<string>): Promise<CommunityCard> {
  const generalChannelId = entry.community.teamId ? await deps.meetings.generalChannelOf(entry.community.id) : undefined;
  return {
    ...entry,
    organiser: organised.has(entry.community.id) || deps.administrators.includes(actor.user),
    generalChannelId,
  };
}
