import { leaveCommunity } from '../../application/communities';
import { pick } from '../../domain/model';
import type { CommandHandler } from '../command-context';
import { teamSyncNote } from '../membership-messages';
import { refusalMessage } from '../refusal-messages';

export const leaveCommand: CommandHandler = async ({ identity, locale, t, argument, services }) => {
  const result = await leaveCommunity(services, identity, { query: argument });
  if (!result.ok) return { text: refusalMessage(result.refusal, locale, t, t('commands.leave.usage')) };
  const { outcome, community, team } = result.value;
  const name = pick(community.name, locale);
  const lines = [t(`outcomes.${outcome}`, { community: name }), teamSyncNote(team, name, t)];
  return { text: lines.filter((line) => line !== undefined).join('\n\n') };
};
