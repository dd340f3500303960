import type { TeamSyncOutcome } from '../domain/ports';
import type { Translate } from '../i18n/translator';

/** The membership is always saved first; this says when the Teams side did not follow. */
export function teamSyncProblem(team: TeamSyncOutcome | undefined, community: string, t: Translate): string | undefined {
  return team?.status === 'failed' ? t('outcomes.teamFailed', { community }) : undefined;
}

/** What the Teams side did that the person would not expect: an owner who leaves keeps the team. */
export function teamSyncNote(team: TeamSyncOutcome | undefined, community: string, t: Translate): string | undefined {
  return team?.status === 'still_owner' ? t('outcomes.stillOwner', { community }) : undefined;
}
