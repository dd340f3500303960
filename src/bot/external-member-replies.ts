import type { ExternalInvitation } from '../application/external-members';
import { type Locale, LOCALES, pick } from '../domain/model';
import { type Translate, translatorFor } from '../i18n/translator';

/**
 * What the organiser reads after "inviter": what happened, and — when the person could not join the team —
 * a message in both languages to forward, telling them how to follow the community anyway.
 */
export function externalInvitationReply(invitation: ExternalInvitation, organiser: string | undefined, locale: Locale, t: Translate): string {
  const { community, email, displayName: name, outcome, previously } = invitation;
  const values = { community: pick(community.name, locale), email, name };
  if (outcome.status === 'added' && previously === 'added') return t('externals.alreadyAdded', values);

  const lines: string[] = [];
  if (previously) lines.push(t('externals.alreadyRecorded', values));
  switch (outcome.status) {
    case 'added':
      lines.push(t('externals.added', values));
      return lines.join('\n\n');
    case 'invited':
      lines.push(t('externals.invitedNotAdded', { ...values, problem: outcome.problem }));
      return lines.join('\n\n');
    case 'not_allowed':
      lines.push(t(`externals.notAllowed.${outcome.reason}`, values));
      break;
    case 'failed':
      lines.push(
        outcome.failure === 'permission_denied'
          ? t('externals.failed.permission_denied', { ...values, permission: outcome.permission ?? 'User.Invite.All' })
          : t('externals.failed.other', { ...values, failure: outcome.failure }),
      );
      break;
  }
  lines.push(t('externals.forwardIntro', values), forwardableMessage(invitation, organiser));
  return lines.join('\n\n');
}

/** Always French then English, whatever the organiser's language: the external person may read either. */
function forwardableMessage(invitation: ExternalInvitation, organiser: string | undefined): string {
  return LOCALES.map((locale) => {
    const t = translatorFor(locale);
    const values = { community: pick(invitation.community.name, locale), name: invitation.displayName };
    const signature = organiser ? t('externals.forward.signature', { organiser }) : t('externals.forward.signatureAnonymous');
    return [t('externals.forward.hello', values), t('externals.forward.body', values), signature].join('\n\n');
  }).join('\n\n---\n\n');
}
