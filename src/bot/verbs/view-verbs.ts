import { communityInfoCard, myCommunitiesCard } from '../../cards/community-cards';
import { helpCard } from '../../cards/help-cards';
import { mayCreateCommunities } from '../../application/community-administration';
import { describeCommunity, listMyCommunities } from '../../application/communities';
import { refusalMessage } from '../refusal-messages';
import { renderView } from './community-views';
import type { VerbHandler } from './verb-context';

export const listVerb: VerbHandler = (ctx) => renderView({ ...ctx, data: { ...ctx.data, view: 'list' } }, undefined);

export const infoVerb: VerbHandler = async (ctx) => {
  const slug = ctx.data.community;
  if (!slug) return { message: ctx.t('errors.badAction'), status: 400 };
  const details = await describeCommunity(ctx.services, ctx.identity, { slug });
  if (!details.ok) {
    return renderView({ ...ctx, data: { ...ctx.data, view: 'list' } }, undefined, {
      problem: refusalMessage(details.refusal, ctx.locale, ctx.t, ''),
    });
  }
  return { card: communityInfoCard(details.value, ctx.locale, ctx.t) };
};

export const mineVerb: VerbHandler = async (ctx) => ({
  card: myCommunitiesCard(await listMyCommunities(ctx.services, ctx.identity), ctx.locale, ctx.t),
});

export const helpVerb: VerbHandler = async (ctx) => ({
  card: helpCard(ctx.commands, ctx.locale, ctx.t, { forOrganiser: await mayCreateCommunities(ctx.administration, ctx.identity.user) }),
});
