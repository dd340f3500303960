import { communityFormCard } from '../cards/community-form-cards';
import { communityInfoCard } from '../cards/community-cards';
import { type ProgressStep, provisioningProgressCard } from '../cards/provisioning-cards';
import type { Actor, CreatedCommunity, ProvisioningRequest } from '../application/community-administration';
import type { CommunityForm } from '../domain/community-form';
import { type CommunityDeps, describeCommunity } from '../application/communities';
import { type Locale, pick } from '../domain/model';
import type { Result } from '../domain/refusals';
import { PROVISIONING_STEPS } from '../domain/team-provisioning';
import type { Translate } from '../i18n/translator';
import type { Reply } from './command-context';
import { formErrorsByField, refusalMessage } from './refusal-messages';
import type { TurnIdentity } from './turn-identity';

interface ReplyContext {
  readonly identity: TurnIdentity;
  readonly locale: Locale;
  readonly t: Translate;
  readonly services: CommunityDeps;
}

export const actorOf = (identity: TurnIdentity): Actor => ({ user: identity.user, displayName: identity.displayName });

/**
 * What the organiser sees after submitting the form (card or one line): the form again, values kept,
 * when something must be fixed; the progress card when the team is on its way; the new community's
 * card when it starts in preparation.
 */
export async function creationReply(ctx: ReplyContext, form: CommunityForm, result: Result<CreatedCommunity>): Promise<Reply> {
  const { locale, t } = ctx;
  if (!result.ok) {
    const refusal = result.refusal;
    if (refusal.code === 'invalid_community_form') {
      return { card: communityFormCard(form, locale, t, { problem: t('form.fixProblems'), fields: formErrorsByField(refusal.errors, t) }) };
    }
    if (refusal.code === 'community_exists') {
      const message = refusalMessage(refusal, locale, t, '');
      return { card: communityFormCard(form, locale, t, { problem: message, fields: { [refusal.field]: t('form.errors.name_taken') } }) };
    }
    return { text: refusalMessage(refusal, locale, t, '') };
  }
  const { community, provisioning } = result.value;
  const name = pick(community.name, locale);
  if (provisioning) {
    return progressReply(provisioning, locale, t, t('outcomes.created.active', { community: name }));
  }
  const details = await describeCommunity(ctx.services, ctx.identity, { slug: community.slug });
  const notice = t('outcomes.created.en_preparation', { community: name });
  return details.ok ? { card: communityInfoCard(details.value, locale, t, { notice }) } : { text: notice };
}

/** The progress card for a provisioning job, at the step the job has recorded, remembered for its updates. */
export function progressReply(provisioning: ProvisioningRequest, locale: Locale, t: Translate, notice = ''): Required<Pick<Reply, 'card' | 'progressOf'>> {
  return {
    card: provisioningProgressCard(provisioning.data, progressStepOf(provisioning.step), undefined, locale, t, notice),
    progressOf: provisioning.reference,
  };
}

function progressStepOf(step: string): ProgressStep {
  if (step === 'done') return 'done';
  return PROVISIONING_STEPS.find((s) => s === step) ?? 'start';
}
