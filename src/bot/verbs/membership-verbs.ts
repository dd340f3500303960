import { type MembershipChange, joinCommunity, leaveCommunity, registerInterest } from '../../application/communities';
import { pick } from '../../domain/model';
import type { InterestOutcome, JoinOutcome, LeaveOutcome } from '../../domain/ports';
import type { Result } from '../../domain/refusals';
import { teamSyncNote, teamSyncProblem } from '../membership-messages';
import { refusalMessage } from '../refusal-messages';
import { renderView } from './community-views';
import type { VerbContext, VerbHandler, VerbResult } from './verb-context';

type Change = Result<MembershipChange<JoinOutcome | LeaveOutcome | InterestOutcome>>;

async function applyChange(ctx: VerbContext, change: (slug: string) => Promise<Change>): Promise<VerbResult> {
  const slug = ctx.data.community;
  if (!slug) return { message: ctx.t('errors.badAction'), status: 400 };
  const result = await change(slug);
  if (!result.ok) return renderView(ctx, slug, { problem: refusalMessage(result.refusal, ctx.locale, ctx.t, '') });
  const { outcome, community, team } = result.value;
  const name = pick(community.name, ctx.locale);
  const notice = [ctx.t(`outcomes.${outcome}`, { community: name }), teamSyncNote(team, name, ctx.t)].filter((line) => line !== undefined).join(' ');
  return renderView(ctx, slug, { notice, problem: teamSyncProblem(team, name, ctx.t) });
}

export const joinVerb: VerbHandler = (ctx) => applyChange(ctx, (slug) => joinCommunity(ctx.services, ctx.identity, { slug }));
export const leaveVerb: VerbHandler = (ctx) => applyChange(ctx, (slug) => leaveCommunity(ctx.services, ctx.identity, { slug }));
export const interestVerb: VerbHandler = (ctx) =>
  applyChange(ctx, (slug) => registerInterest(ctx.services, ctx.identity, { slug }));
