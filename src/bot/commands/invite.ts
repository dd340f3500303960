import { inviteExternalMember } from '../../application/external-members';
import type { CommandHandler } from '../command-context';
import { actorOf } from '../community-administration-replies';
import { externalInvitationReply } from '../external-member-replies';
import { refusalMessage } from '../refusal-messages';

/**
 * "inviter <communauté> <courriel> [nom]": the first word holding an "@" is the address; the words before
 * it name the community, the words after it the person.
 */
export const inviteCommand: CommandHandler = async ({ identity, locale, t, argument, externalMembers }) => {
  const words = argument.split(' ').filter((word) => word !== '');
  const at = words.findIndex((word) => word.includes('@'));
  const query = (at < 0 ? words : words.slice(0, at)).join(' ');
  const email = at < 0 ? '' : (words[at] ?? '');
  const displayName = at < 0 ? '' : words.slice(at + 1).join(' ');
  const actor = actorOf(identity);
  const result = await inviteExternalMember(externalMembers, actor, { query }, { email, displayName });
  if (!result.ok) return { text: refusalMessage(result.refusal, locale, t, t('commands.invite.usage')) };
  return { text: externalInvitationReply(result.value, actor.displayName, locale, t) };
};
