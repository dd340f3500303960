import type { Actor } from '../domain/identity';
import type { MeetingOverview } from '../domain/meetings/meeting';
import type { MeetingStore } from '../domain/meetings/meeting-ports';
import type { CommunityWithCounts, Organiser, Standing } from '../domain/model';
import type { Administrators, CommunityAdministrationRepository } from '../domain/ports';
import { type CommunityDeps, NO_STANDING, listCommunities } from './communities';

export interface CatalogueDeps {
  readonly community: CommunityDeps;
  readonly administration: Pick<CommunityAdministrationRepository, 'communitiesOrganisedBy'>;
  readonly administrators: Administrators;
  readonly meetings: Pick<MeetingStore, 'upcoming' | 'generalChannelOf'>;
}

/** A community as the tab's list shows it: the catalogue entry and what its card says beside it. */
export interface CommunityCard {
  readonly community: CommunityWithCounts;
  readonly organisers: readonly Organiser[];
  readonly nextMeeting: MeetingOverview | undefined;
  readonly recordingCount: number;
  readonly standing: Standing;
  readonly organiser: boolean;
  /** The General channel of its team, when known (for the deep link). */
  readonly generalChannelId: string | undefined;
}

/** The catalogue (listCommunities, as the bot lists it), a page at a time, each entry with its card's details. */
export async function communityCards(deps: CatalogueDeps, actor: Actor, page: { readonly offset: number; readonly limit: number }): Promise<{ items: CommunityCard[]; total: number }> {
  const [{ communities, standings }, organised] = await Promise.all([listCommunities(deps.community, actor), deps.administration.communitiesOrganisedBy(actor.user)]);
  const shown = communities.slice(page.offset, page.offset + page.limit);
  const items = await Promise.all(shown.map((c) => cardOf(deps, actor, c, standings.get(c.id) ?? NO_STANDING, organised)));
  return { items, total: communities.length };
}

/** One community's card (after a membership change: its counts read again). */
export async function communityCard(deps: CatalogueDeps, actor: Actor, slug: string): Promise<CommunityCard | undefined> {
  const [community, standings, organised] = await Promise.all([
    deps.community.communities.findBySlug(slug),
    deps.community.memberships.standingsOf(actor.user),
    deps.administration.communitiesOrganisedBy(actor.user),
  ]);
  if (!community || community.status === 'archived') return undefined;
  return cardOf(deps, actor, community, standings.get(community.id) ?? NO_STANDING, organised);
}

async function cardOf(deps: CatalogueDeps, actor: Actor, community: CommunityWithCounts, standing: Standing, organised: ReadonlySet<string>): Promise<CommunityCard> {
  const now = deps.community.clock.now();
  const [organisers, upcoming, recordingCount, generalChannelId] = await Promise.all([
    deps.community.communities.organisersOf(community.id),
    deps.meetings.upcoming([community.id], now, 1),
    deps.community.communities.recordingCountOf(community.id),
    community.teamId ? deps.meetings.generalChannelOf(community.id) : Promise.resolve(undefined),
  ]);
  return {
    community,
    organisers,
    nextMeeting: upcoming[0],
    recordingCount,
    standing,
    organiser: organised.has(community.id) || deps.administrators.includes(actor.user),
    generalChannelId,
  };
}
