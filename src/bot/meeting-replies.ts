import { meetingFormCard } from '../cards/meeting-form-cards';
import { scheduledCard } from '../cards/meeting-notice-cards';
import type { ScheduledMeeting } from '../application/meetings';
import { type CommunityWithCounts, type Locale, pick } from '../domain/model';
import type { Refusal, Result } from '../domain/refusals';
import type { DraftProblem, MeetingDraft } from '../domain/meetings/meeting-draft';
import type { Translate } from '../i18n/translator';
import type { Reply } from './command-context';
import { refusalMessage } from './refusal-messages';

/** The form card, filled with what the organiser typed, each problem under its field. */
export function meetingFormReply(community: CommunityWithCounts, draft: MeetingDraft, problems: readonly DraftProblem[], locale: Locale, t: Translate): Reply {
  return { card: meetingFormCard({ communitySlug: community.slug, communityName: pick(community.name, locale), draft, problems, timeZone: community.timeZone }, locale, t) };
}

/** What the organiser sees once `planifier` answered: the meeting's card, or the form again, or why not. */
export function scheduleReply(result: Result<ScheduledMeeting>, community: CommunityWithCounts | undefined, draft: MeetingDraft, locale: Locale, t: Translate, example: string): Reply {
  if (result.ok) {
    const { overview, invited, guestsInvited, guestProblems } = result.value;
    return { card: scheduledCard(overview, { invited, onlineStatus: overview.meeting.onlineStatus, guestsInvited, guestProblems }, locale, t) };
  }
  if (result.refusal.code === 'invalid_meeting_form' && community) return meetingFormReply(community, draft, result.refusal.problems, locale, t);
  return { text: refusalMessage(result.refusal, locale, t, example) };
}

export function meetingRefusal(refusal: Refusal, locale: Locale, t: Translate, example: string): Reply {
  return { text: refusalMessage(refusal, locale, t, example) };
}

/** The default title when the organiser gave none: the kind of meeting and the community. */
export function defaultTitle(draft: MeetingDraft, community: CommunityWithCounts, locale: Locale, t: Translate): MeetingDraft {
  if (draft.title.trim() !== '') return draft;
  return { ...draft, title: t(draft.category === 'official' ? 'meetingReplies.defaultTitle.official' : 'meetingReplies.defaultTitle.activity', { community: pick(community.name, locale) }) };
}
