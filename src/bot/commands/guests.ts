import { setGuestsAllowed } from '../../application/external-members';
import { pick } from '../../domain/model';
import type { CommandHandler } from '../command-context';
import { actorOf } from '../community-administration-replies';
import { refusalMessage } from '../refusal-messages';
import { readYesNo } from '../yes-no-words';

/** "invités <communauté> oui|non": the last word is the choice; without one, the current setting is shown. */
export const guestsCommand: CommandHandler = async ({ identity, locale, t, argument, externalMembers }) => {
  const words = argument.split(' ').filter((word) => word !== '');
  const allowed = readYesNo(words.at(-1) ?? '');
  const query = (allowed === undefined ? words : words.slice(0, -1)).join(' ');
  const result = await setGuestsAllowed(externalMembers, actorOf(identity), { query }, allowed);
  if (!result.ok) return { text: refusalMessage(result.refusal, locale, t, t('commands.guests.usage')) };
  const { community, changed } = result.value;
  const state = result.value.allowed ? 'allowed' : 'forbidden';
  const key = allowed === undefined ? `guests.current.${state}` : `guests.${state}.${changed ? 'changed' : 'unchanged'}`;
  return { text: t(key, { community: pick(community.name, locale) }) };
};
