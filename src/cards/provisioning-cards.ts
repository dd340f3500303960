import type { Locale } from '../domain/model';
import type { ProvisioningData, ProvisioningFailure, ProvisioningStep } from '../domain/team-provisioning';
import type { DeliveryReportView } from '../domain/delivery/outbox-store';
import type { Translate } from '../i18n/translator';
import { NO_REPORT, deliveryReportLines } from './delivery-report-cards';
import { type AdaptiveCardJson, renderCard } from './render-card';

/** Where provisioning stands: a recorded step of the state machine, or finished. */
export type ProgressStep = ProvisioningStep | 'done';

type Phase = 'team' | 'app' | 'members' | 'ready';
type PhaseState = 'done' | 'running' | 'pending' | 'failed';

const PHASES: readonly Phase[] = ['team', 'app', 'members', 'ready'];

/** The phase each recorded step is working on (a step is recorded once it is complete). */
const PHASE_OF_STEP: Readonly<Record<ProgressStep, number>> = {
  start: 0,
  creation_requested: 0,
  creating: 0,
  created: 0,
  reachable: 1,
  app_installed: 2,
  members_added: 3,
  done: PHASES.length,
};

// Plain symbols rather than emoji: they render in every client font (headless browsers have no emoji font).
const ICONS: Readonly<Record<PhaseState, string>> = { done: '✔', running: '➤', pending: '○', failed: '✖' };
const COLORS: Readonly<Record<PhaseState, string>> = { done: 'Good', running: 'Accent', pending: 'Default', failed: 'Attention' };
/** Graph error messages can be long; the card shows the start. */
const MESSAGE_LENGTH = 300;
/** People not added are named up to this many; the rest are counted ("and 12 more"), keeping the card short. */
const FAILED_PEOPLE_SHOWN = 20;
/** Graph's per-member error codes the card explains in words; any other shows as a refusal with its code. */
const EXPLAINED_MEMBER_CODES: ReadonlySet<string> = new Set(['NotFound', 'Forbidden', 'BadRequest', 'Conflict', 'NoResult']);

/**
 * The card that follows a community's team provisioning: the steps and their state, then either the
 * team's readiness or what went wrong and what to do about it. Sent when the job is asked for and
 * updated in place as the job records its steps.
 */
export function provisioningProgressCard(
  data: ProvisioningData,
  step: ProgressStep,
  failure: ProvisioningFailure | undefined,
  locale: Locale,
  t: Translate,
  /** A confirmation shown above the steps when the card is first sent (e.g. "the community is created"). */
  notice = '',
  /** Once the new members are being messaged: the delivery report of their personal notices. */
  report?: DeliveryReportView,
): AdaptiveCardJson {
  const team = data.displayName;
  const current = PHASE_OF_STEP[step];
  const steps = PHASES.map((phase, i) => {
    const state: PhaseState = i < current ? 'done' : i > current ? 'pending' : failure ? 'failed' : 'running';
    return {
      icon: ICONS[state],
      label: t(`progress.steps.${phase}`, { team }),
      state: t(`progress.states.${state}`),
      color: COLORS[state],
      weight: state === 'running' || state === 'failed' ? 'Bolder' : 'Default',
    };
  });
  const finished = step === 'done' && !failure;
  const archived = finished && data.outcome === 'team_archived';
  const explained = failure ? explainFailure(failure, team, t) : { failure: '', remedy: '' };
  return renderCard('provisioningProgress', {
    lang: locale,
    notice,
    title: t('progress.title', { team }),
    summary: t(failure ? 'progress.summaryFailed' : archived ? 'progress.summaryArchived' : finished ? 'progress.summaryDone' : 'progress.summaryRunning', { team }),
    steps,
    memberNote: memberNote(data, t),
    ...(report ? deliveryReportLines(report, t) : NO_REPORT),
    ...failedPeople(data, t),
    ...explained,
    outcome: archived ? t('progress.archivedMeanwhile', { team }) : finished ? t('progress.ready', { team }) : '',
    // Graph's own link to the team (webUrl); only offered once the team is ready, and only an https link.
    teamUrl: finished && !archived && data.webUrl?.startsWith('https://') ? data.webUrl : '',
    openTeam: t('progress.openTeam'),
  });
}

function memberNote(data: ProvisioningData, t: Translate): string {
  if (data.added === undefined) return '';
  const failures = data.memberFailures?.length ?? 0;
  const added = t('progress.membersAdded', { count: data.added });
  return failures > 0 ? `${added} ${t('progress.membersFailed', { count: failures })}` : added;
}

/** Who could not be added and why, by name when the app knows it, else by Entra object id. */
function failedPeople(data: ProvisioningData, t: Translate): { failedPeople: { line: string }[]; failedPeopleTitle: string; failedMore: string } {
  const failures = data.memberFailures ?? [];
  const shown = failures.slice(0, FAILED_PEOPLE_SHOWN).map((failure) => ({
    line: t('progress.failedPerson', {
      name: failure.displayName ?? failure.user.aadObjectId,
      reason: EXPLAINED_MEMBER_CODES.has(failure.code)
        ? t(`progress.memberFailureReasons.${failure.code}`)
        : t('progress.memberFailureReasons.other', { code: failure.code }),
    }),
  }));
  const more = failures.length - shown.length;
  return {
    failedPeople: shown,
    failedPeopleTitle: shown.length > 0 ? t('progress.failedPeopleTitle') : '',
    failedMore: more > 0 ? t('progress.failedMore', { count: more }) : '',
  };
}

function explainFailure(failure: ProvisioningFailure, team: string, t: Translate): { failure: string; remedy: string } {
  const retry = t('progress.retry', { team });
  switch (failure.code) {
    case 'permission_denied':
      return failure.permission
        ? {
            failure: t('progress.failures.permission_denied', { permission: failure.permission }),
            remedy: `${t('progress.remedies.permission_denied', { permission: failure.permission })} ${retry}`,
          }
        : {
            failure: t('progress.failures.permission_denied_unnamed', { message: short(failure.message) }),
            remedy: `${t('progress.remedies.permission_denied_unnamed')} ${retry}`,
          };
    case 'credential_rejected':
      return explainCredentialRejection(failure, retry, t);
    case 'app_not_in_catalog':
      return { failure: t('progress.failures.app_not_in_catalog', { manifestId: failure.manifestId }), remedy: `${t('progress.remedies.app_not_in_catalog')} ${retry}` };
    case 'team_creation_failed':
      return { failure: t('progress.failures.team_creation_failed', { message: short(failure.message) }), remedy: `${retry} ${t('progress.remedies.persisting')}` };
    case 'team_never_reachable':
      return { failure: t('progress.failures.team_never_reachable'), remedy: `${t('progress.remedies.team_never_reachable')} ${retry}` };
    case 'graph_refused':
      return {
        failure: t('progress.failures.graph_refused', { status: failure.status ?? '?', message: short(failure.message) }),
        remedy: `${retry} ${t('progress.remedies.persisting')}`,
      };
    case 'unexpected_error':
      return { failure: t('progress.failures.unexpected_error', { message: short(failure.message) }), remedy: `${retry} ${t('progress.remedies.persisting')}` };
  }
}

/** Entra ID refused the app before any Graph call: the card names the setting to fix and where it lives (README, Configuration). */
function explainCredentialRejection(
  failure: Extract<ProvisioningFailure, { code: 'credential_rejected' }>,
  retry: string,
  t: Translate,
): { failure: string; remedy: string } {
  const { reason, aadsts } = failure.credential;
  const remedy = reason === 'invalid_secret' || reason === 'expired_secret' ? 'secret' : reason;
  return {
    failure: t(`progress.failures.credential_rejected.${reason}`, { aadsts: aadsts ?? '', message: short(failure.message) }),
    remedy: `${t(`progress.remedies.credential_rejected.${remedy}`)} ${retry}`,
  };
}

function short(message: string): string {
  const oneLine = message.replace(/\s+/g, ' ').trim();
  return oneLine.length > MESSAGE_LENGTH ? `${oneLine.slice(0, MESSAGE_LENGTH)}…` : oneLine;
}
