import { registerInterest } from '../../application/communities';
import { pick } from '../../domain/model';
import type { CommandHandler } from '../command-context';
import { refusalMessage } from '../refusal-messages';

export const interestCommand: CommandHandler = async ({ identity, locale, t, argument, services }) => {
  const result = await registerInterest(services, identity, { query: argument });
  if (!result.ok) return { text: refusalMessage(result.refusal, locale, t, t('commands.interest.usage')) };
  return { text: t(`outcomes.${result.value.outcome}`, { community: pick(result.value.community.name, locale) }) };
};
