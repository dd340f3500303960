import { z } from 'zod';
import { createCommunity } from '../../application/community-administration';
import type { CommunityForm } from '../../domain/community-form';
import { actorOf, creationReply } from '../community-administration-replies';
import { refusalMessage } from '../refusal-messages';
import type { VerbHandler } from './verb-context';

/** Far above what the form's inputs accept (maxLength); anything longer did not come from our card. */
const MAX_INPUT = 10_000;
const text = z.string().max(MAX_INPUT).default('');

/**
 * The inputs of the community form. Only these are read: whatever else the data claims (an organiser,
 * an object id) is ignored; the creator is the person Teams says clicked.
 */
const communityFormInputs = z.object({
  nameFr: text,
  nameEn: text,
  summaryFr: text,
  summaryEn: text,
  descriptionFr: text,
  descriptionEn: text,
  status: text,
  coOrganisers: text,
  // A form card sent before the choice existed has no such input: no guests, as before.
  guests: z.string().max(MAX_INPUT).default('no'),
}) satisfies z.ZodType<CommunityForm, unknown>;

/** "Créer la communauté" on the form card: the result replaces the form (the form again when something must be fixed). */
export const createCommunityVerb: VerbHandler = async (ctx) => {
  const inputs = communityFormInputs.safeParse(ctx.inputs);
  if (!inputs.success) return { message: ctx.t('errors.badAction'), status: 400 };
  const form = inputs.data;
  const result = await createCommunity(ctx.administration, actorOf(ctx.identity), form);
  if (!result.ok && result.refusal.code === 'not_organiser') return { message: refusalMessage(result.refusal, ctx.locale, ctx.t, ''), status: 403 };
  const reply = await creationReply(ctx, form, result);
  return reply.card ? { card: reply.card, progressOf: reply.progressOf } : { message: reply.text ?? ctx.t('errors.badAction') };
};
