import { type CardNotice, communityInfoCard, communityListCard } from '../../cards/community-cards';
import { describeCommunity, listCommunities } from '../../application/communities';
import type { VerbContext, VerbResult } from './verb-context';

/** Re-renders the view the button came from (list or one community), with a notice at the top. */
export async function renderView(ctx: VerbContext, slug: string | undefined, notice: CardNotice = {}): Promise<VerbResult> {
  if (ctx.data.view === 'info' && slug) {
    const details = await describeCommunity(ctx.services, ctx.identity, { slug });
    if (details.ok) return { card: communityInfoCard(details.value, ctx.locale, ctx.t, notice) };
  }
  const { communities, standings } = await listCommunities(ctx.services, ctx.identity);
  return { card: communityListCard(communities, standings, ctx.locale, ctx.t, notice) };
}
