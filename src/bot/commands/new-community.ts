import { communityFormCard } from '../../cards/community-form-cards';
import { createCommunity, mayCreateCommunities } from '../../application/community-administration';
import { EMPTY_COMMUNITY_FORM } from '../../domain/community-form';
import type { CommandHandler } from '../command-context';
import { actorOf, creationReply } from '../community-administration-replies';
import { readOneLineForm } from '../one-line-community-form';
import { refusalMessage } from '../refusal-messages';

/** Without an argument, the form card; with one, the one-line form (see readOneLineForm). */
export const newCommunityCommand: CommandHandler = async (ctx) => {
  const { identity, locale, t, argument, administration } = ctx;
  if (!(await mayCreateCommunities(administration, identity.user))) {
    return { text: refusalMessage({ code: 'not_organiser', action: 'create', community: undefined }, locale, t, '') };
  }
  if (argument === '') return { card: communityFormCard(EMPTY_COMMUNITY_FORM, locale, t) };
  const form = readOneLineForm(argument);
  return creationReply(ctx, form, await createCommunity(administration, actorOf(identity), form));
};
