import { joinCommunity } from '../../application/communities';
import { pick } from '../../domain/model';
import type { CommandHandler } from '../command-context';
import { teamSyncProblem } from '../membership-messages';
import { refusalMessage } from '../refusal-messages';

export const joinCommand: CommandHandler = async ({ identity, locale, t, argument, services }) => {
  const result = await joinCommunity(services, identity, { query: argument });
  if (!result.ok) return { text: refusalMessage(result.refusal, locale, t, t('commands.join.usage')) };
  const { outcome, community, team } = result.value;
  const name = pick(community.name, locale);
  const text = t(`outcomes.${outcome}`, { community: name });
  const problem = teamSyncProblem(team, name, t);
  return { text: problem ? `${text}\n\n${problem}` : text };
};
