import { archiveConfirmationCard } from '../../cards/archive-cards';
import { previewArchiving } from '../../application/community-archiving';
import type { CommandHandler } from '../command-context';
import { actorOf } from '../community-administration-replies';
import { refusalMessage } from '../refusal-messages';

/** "archiver <communauté>" archives nothing yet: it shows the community the words matched, to confirm on the card. */
export const archiveCommand: CommandHandler = async ({ identity, locale, t, argument, administration }) => {
  const preview = await previewArchiving(administration, actorOf(identity), { query: argument });
  if (!preview.ok) return { text: refusalMessage(preview.refusal, locale, t, t('commands.archive.usage')) };
  return { card: archiveConfirmationCard(preview.value, locale, t) };
};
