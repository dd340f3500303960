import { helpCard } from '../../cards/help-cards';
import { mayCreateCommunities } from '../../application/community-administration';
import type { CommandHandler } from '../command-context';

export const helpCommand: CommandHandler = async ({ identity, locale, t, commands, administration }) => ({
  card: helpCard(commands, locale, t, { forOrganiser: await mayCreateCommunities(administration, identity.user) }),
});
