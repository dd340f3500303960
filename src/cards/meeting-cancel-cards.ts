import type { MeetingOverview } from '../domain/meetings/meeting';
import type { Locale } from '../domain/model';
import type { Translate } from '../i18n/translator';
import { communityLabel, meetingFacts, meetingTitle } from './meeting-facts';
import { meetingNumber } from './meeting-list-cards';
import { type AdaptiveCardJson, renderCard } from './render-card';

/** What `annuler <n>` shows before anything changes: the meeting, who will be told, and the two buttons. */
export interface CancelPreviewView {
  readonly overview: MeetingOverview;
  /** People who said they would come (they are told, and their calendar file cancels the meeting). */
  readonly coming: number;
}

/**
 * Cancelling asks first, as archiving does: the card names the exact meeting the number matched (title,
 * community, date, place, answers) and how many people will be told. The buttons carry only the meeting's id;
 * the right to cancel is checked again for whoever clicks.
 */
export function cancelConfirmationCard(preview: CancelPreviewView, locale: Locale, t: Translate): AdaptiveCardJson {
  const { overview } = preview;
  return renderCard('meetingCancelConfirmation', {
    lang: locale,
    meeting: overview.meeting.id,
    asking: true,
    notice: '',
    problem: '',
    title: t('meetings.cancelling.title', { number: meetingNumber(overview, t) }),
    subtitle: `${meetingTitle(overview)} · ${communityLabel(overview, locale)}`,
    facts: meetingFacts(overview, locale, t),
    coming: t('meetings.cancelling.coming', { count: preview.coming }),
    final: t('meetings.cancelling.final'),
    confirm: t('meetings.cancelling.confirm'),
    keep: t('meetings.cancelling.keep'),
  });
}

/** What replaces the confirmation card when the meeting is kept, or cannot be cancelled: the outcome, without buttons. */
export function cancelOutcomeCard(overview: MeetingOverview | undefined, outcome: { readonly notice?: string; readonly problem?: string }, locale: Locale): AdaptiveCardJson {
  return renderCard('meetingCancelConfirmation', {
    lang: locale,
    meeting: '',
    asking: false,
    notice: outcome.notice ?? '',
    problem: outcome.problem ?? '',
    title: overview ? meetingTitle(overview) : '',
    subtitle: overview ? communityLabel(overview, locale) : '',
    facts: [],
    coming: '',
    final: '',
    confirm: '',
    keep: '',
  });
}
