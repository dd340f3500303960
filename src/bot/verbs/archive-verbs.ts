import { archiveOutcomeCard } from '../../cards/archive-cards';
import { archiveCommunity, findForOrganiser } from '../../application/community-administration';
import { pick } from '../../domain/model';
import { archivedMessage } from '../archived-community-replies';
import { actorOf } from '../community-administration-replies';
import { refusalMessage } from '../refusal-messages';
import type { VerbHandler } from './verb-context';

/**
 * "Archiver" on the confirmation card: the community comes from the card, the right to archive it is
 * checked again for whoever Teams says clicked (the card may have been forwarded, or their role changed).
 */
export const archiveVerb: VerbHandler = async (ctx) => {
  const slug = ctx.data.community;
  if (!slug) return { message: ctx.t('errors.badAction'), status: 400 };
  const result = await archiveCommunity(ctx.administration, actorOf(ctx.identity), { slug });
  if (!result.ok) {
    const problem = refusalMessage(result.refusal, ctx.locale, ctx.t, '');
    if (result.refusal.code === 'not_organiser') return { message: problem, status: 403 };
    return { card: archiveOutcomeCard('community' in result.refusal ? result.refusal.community : undefined, { problem }, ctx.locale) };
  }
  return { card: archiveOutcomeCard(result.value.community.name, { notice: archivedMessage(result.value, ctx.locale, ctx.t) }, ctx.locale) };
};

/** "Annuler": nothing changes; the card says so, naming the community when the person may see it. */
export const cancelArchiveVerb: VerbHandler = async (ctx) => {
  const slug = ctx.data.community;
  const found = slug ? await findForOrganiser(ctx.administration, actorOf(ctx.identity), { slug }, 'archive') : undefined;
  const notice = found?.ok ? ctx.t('archiving.cancelled', { community: pick(found.value.name, ctx.locale) }) : ctx.t('archiving.cancelledUnknown');
  return { card: archiveOutcomeCard(found?.ok ? found.value.name : undefined, { notice }, ctx.locale) };
};
