import { setGuestsAllowed } from '../../domain/external-members';
import { pick } from '../../domain/model';
import { foldText } from '../../domain/text-normalization';
import type { CommandHandler } from '../command-context';
import { actorOf } from '../community-administration-replies';
import { refusalMessage } from '../refusal-messages';

const YES = new Set(['oui', 'on', 'yes', 'o', 'y', 'autoriser', 'allow']);
const NO = new Set(['non', 'off', 'no', 'n', 'interdire', 'forbid']);

/** "invités <communauté> oui|non": the last word is the choice; without one, the current setting is shown. */
export const guestsCommand: CommandHandler = async ({ identity, locale, t, argument, externalMembers }) => {
  const words = argument.split(' ').filter((word) => word !== '');
  const last = foldText(words.at(-1) ?? '');
  const allowed = YES.has(last) ? true : NO.has(last) ? false : undefined;
  const query = (allowed === undefined ? words : words.slice(0, -1)).join(' ');
  const result = await setGuestsAllowed(externalMembers, actorOf(identity), { query }, allowed);
  if (!result.ok) return { text: refusalMessage(result.refusal, locale, t, t('commands.guests.usage')) };
  const { community, changed } = result.value;
  const state = result.value.allowed ? 'allowed' : 'forbidden';
  const key = allowed === undefined ? `guests.current.${state}` : `guests.${state}.${changed ? 'changed' : 'unchanged'}`;
  return { text: t(key, { community: pick(community.name, locale) }) };
};
