import { communityInfoCard } from '../../cards/community-cards';
import { describeCommunity } from '../../application/communities';
import type { CommandHandler } from '../command-context';
import { refusalMessage } from '../refusal-messages';

export const infoCommand: CommandHandler = async ({ identity, locale, t, argument, services }) => {
  const details = await describeCommunity(services, identity, { query: argument });
  if (!details.ok) return { text: refusalMessage(details.refusal, locale, t, t('commands.info.usage')) };
  return { card: communityInfoCard(details.value, locale, t) };
};
