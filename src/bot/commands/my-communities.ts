import { myCommunitiesCard } from '../../cards/community-cards';
import { listMyCommunities } from '../../application/communities';
import type { CommandHandler } from '../command-context';

export const myCommunitiesCommand: CommandHandler = async ({ identity, locale, t, services }) => ({
  card: myCommunitiesCard(await listMyCommunities(services, identity), locale, t),
});
