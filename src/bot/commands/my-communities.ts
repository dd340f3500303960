import { myCommunitiesCard } from '../../cards/community-cards';
import { listMyCommunities } from '../../domain/community-services';
import type { CommandHandler } from '../command-context';

export const myCommunitiesCommand: CommandHandler = async ({ identity, locale, t, services }) => ({
  card: myCommunitiesCard(await listMyCommunities(services, identity.user), locale, t),
});
