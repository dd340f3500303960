import { launchCommunity } from '../../application/community-administration';
import { pick } from '../../domain/model';
import type { CommandHandler } from '../command-context';
import { actorOf, progressReply } from '../community-administration-replies';
import { refusalMessage } from '../refusal-messages';

export const launchCommand: CommandHandler = async ({ identity, locale, t, argument, administration }) => {
  const result = await launchCommunity(administration, actorOf(identity), { query: argument });
  if (!result.ok) return { text: refusalMessage(result.refusal, locale, t, t('commands.launch.usage')) };
  const { outcome, community, converted, provisioning } = result.value;
  const name = pick(community.name, locale);
  const notice =
    outcome === 'launched'
      ? t('outcomes.launched', { community: name, count: converted.length })
      : t(`outcomes.provisioning.${provisioning.outcome}`, { community: name });
  return progressReply(provisioning, locale, t, notice);
};
