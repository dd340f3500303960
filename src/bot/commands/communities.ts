import { communityListCard } from '../../cards/community-cards';
import { listCommunities } from '../../application/communities';
import type { CommandHandler } from '../command-context';

export const communitiesCommand: CommandHandler = async ({ identity, locale, t, services }) => {
  const { communities, standings } = await listCommunities(services, identity);
  return { card: communityListCard(communities, standings, locale, t) };
};
