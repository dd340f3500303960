import { archiveCommunity } from '../../domain/community-administration';
import { pick } from '../../domain/model';
import type { CommandHandler } from '../command-context';
import { actorOf } from '../community-administration-replies';
import { refusalMessage } from '../refusal-messages';

export const archiveCommand: CommandHandler = async ({ identity, locale, t, argument, administration }) => {
  const result = await archiveCommunity(administration, actorOf(identity), { query: argument });
  if (!result.ok) return { text: refusalMessage(result.refusal, locale, t, t('commands.archive.usage')) };
  const { community, team } = result.value;
  const key = team === 'no_team' ? 'outcomes.archived.noTeam' : team === 'team_in_creation' ? 'outcomes.archived.teamInCreation' : 'outcomes.archived.withTeam';
  return { text: t(key, { community: pick(community.name, locale) }) };
};
