import { unarchiveCommunity } from '../../application/community-archiving';
import type { CommandHandler } from '../command-context';
import { unarchivedMessage } from '../archived-community-replies';
import { actorOf } from '../community-administration-replies';
import { refusalMessage } from '../refusal-messages';

/** "désarchiver <communauté>": undoing an archive is harmless, so it acts at once. */
export const unarchiveCommand: CommandHandler = async ({ identity, locale, t, argument, administration }) => {
  const result = await unarchiveCommunity(administration, actorOf(identity), { query: argument });
  if (!result.ok) return { text: refusalMessage(result.refusal, locale, t, t('commands.unarchive.usage')) };
  return { text: unarchivedMessage(result.value, locale, t) };
};
