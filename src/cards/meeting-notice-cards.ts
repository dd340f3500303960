import type { MeetingOverview, OnlineMeetingStatus } from '../domain/meetings/meeting';
import type { Locale } from '../domain/model';
import type { Translate } from '../i18n/translator';
import { formatDay } from './date-format';
import { communityLabel, type Fact, joinUrl, meetingFacts, meetingTitle, meetingWhen } from './meeting-facts';
import { meetingNumber } from './meeting-list-cards';
import { plainText } from './plain-text';
import { type AdaptiveCardJson, renderCard } from './render-card';
import { answerLine, type RsvpCardView } from './rsvp-cards';

/** Short messages about a meeting: to members (notices) and to its organiser (after an action). */

export type MeetingNoticeKind = 'moved' | 'cancelled' | 'promoted' | 'reminder' | 'link_added' | 'invited_again';

export interface MeetingNoticeView extends RsvpCardView {
  /** How long before the meeting a reminder goes: "7d", "1d", "2h", "30m". */
  readonly reminderOffset?: string;
}

interface Line {
  readonly text: string;
  readonly color: 'Default' | 'Good' | 'Attention';
  readonly weight: 'Default' | 'Bolder';
}

interface MessageData {
  readonly title: string;
  readonly subtitle?: string;
  readonly lines: readonly Line[];
  readonly facts?: readonly Fact[];
  /** Offer "meeting.open" (the reader's own RSVP card). */
  readonly open?: MeetingOverview;
  readonly links?: readonly { readonly title: string; readonly url: string }[];
}

const line = (text: string, color: Line['color'] = 'Default', weight: Line['weight'] = 'Default'): Line => ({ text, color, weight });

function message(data: MessageData, locale: Locale, t: Translate): AdaptiveCardJson {
  const { open } = data;
  return renderCard('meetingMessage', {
    lang: locale,
    title: data.title,
    subtitle: data.subtitle ?? '',
    lines: data.lines,
    facts: data.facts ?? [],
    opens: open ? [{ title: t('meetings.buttons.open'), meeting: open.meeting.id, version: open.meeting.version }] : [],
    links: data.links ?? [],
  });
}

/**
 * A notice to a member, with the RSVP card's facts: a move (and the calendar file that updates the
 * event), a cancellation (and the file that removes it), a seat freed from the waitlist, a reminder,
 * a Teams link added, or a new invitation after a change.
 */
export function meetingNoticeCard(kind: MeetingNoticeKind, view: MeetingNoticeView, locale: Locale, t: Translate): AdaptiveCardJson {
  const { overview } = view;
  const { meeting } = overview;
  const cancelled = kind === 'cancelled' || meeting.status === 'cancelled';
  const text = t(`meetings.notices.${kind}.text`, { title: meetingTitle(overview), when: meetingWhen(overview, locale, t), in: reminderIn(view.reminderOffset, t) });
  const links = [
    ...(!cancelled && joinUrl(meeting) ? [{ title: t('meetings.buttons.join'), url: joinUrl(meeting) }] : []),
    ...(view.calendarUrl ? [{ title: t(`meetings.notices.${kind}.calendar`), url: view.calendarUrl }] : []),
  ];
  return message(
    {
      title: t(`meetings.notices.${kind}.title`),
      subtitle: communityLabel(overview, locale),
      lines: [
        line(text, kind === 'cancelled' ? 'Attention' : kind === 'promoted' ? 'Good' : 'Default', 'Bolder'),
        ...(cancelled ? [] : [line(answerLine(view.registration, t))]),
      ],
      facts: meetingFacts(overview, locale, t),
      open: cancelled ? undefined : overview,
      links,
    },
    locale,
    t,
  );
}

/** "7d" → "dans 7 jours", "1d" → "demain", "2h" → "dans 2 heures"; anything else → "bientôt". */
function reminderIn(offset: string | undefined, t: Translate): string {
  const match = /^(\d+)([dhm])$/.exec(offset ?? '');
  if (!match) return t('meetings.notices.in.soon');
  const unit = { d: 'days', h: 'hours', m: 'minutes' }[match[2] as 'd' | 'h' | 'm'];
  return t(`meetings.notices.in.${unit}`, { count: Number(match[1]) });
}

export interface ScheduledInfo {
  /** Invitations queued for the members. */
  readonly invited: number;
  readonly onlineStatus: OnlineMeetingStatus;
  /** Speakers invited as guests of the community, and those who could not be (shown only when there are any). */
  readonly guestsInvited?: number;
  readonly guestProblems?: readonly { readonly name: string; readonly email: string; readonly reason: string }[];
}

/**
 * To the organiser once the meeting is scheduled: its number (for the commands), when, how many
 * invitations are on their way, and where the Teams link stands; when the tenant did not grant the
 * calendar access (or creating it failed), how to add it by hand.
 */
export function scheduledCard(overview: MeetingOverview, info: ScheduledInfo, locale: Locale, t: Translate): AdaptiveCardJson {
  const { meeting } = overview;
  const id = meeting.id;
  const status = info.onlineStatus;
  const linkLine = status === 'none' ? [] : [line(t('meetings.scheduled.linkLine', { status: t(`meetings.scheduled.link.${status}`, { id }) }), status === 'not_permitted' || status === 'failed' ? 'Attention' : 'Default')];
  const slug = overview.communitySlug;
  const guestLines = [
    ...((info.guestsInvited ?? 0) > 0 ? [line(t('meetingInfo.guests.invited', { count: info.guestsInvited }), 'Good')] : []),
    ...(info.guestProblems ?? []).map((p) =>
      line(t('meetingInfo.guests.problem', { name: plainText(p.name), email: plainText(p.email), slug, reason: t(`meetingInfo.guests.reason.${p.reason}`, { slug }) }), 'Attention'),
    ),
  ];
  return message(
    {
      title: t('meetings.scheduled.title', { number: meetingNumber(overview, t) }),
      subtitle: `${meetingTitle(overview)} · ${communityLabel(overview, locale)}`,
      lines: [line(meetingWhen(overview, locale, t), 'Default', 'Bolder'), line(t('meetings.scheduled.invited', { count: info.invited }), 'Good'), ...guestLines, ...linkLine, line(t('meetings.scheduled.manage', { id }))],
      open: overview,
      links: joinUrl(meeting) ? [{ title: t('meetings.buttons.join'), url: joinUrl(meeting) }] : [],
    },
    locale,
    t,
  );
}

export interface YearlyRuleCommunity {
  readonly name: string;
  readonly slug: string;
  /** The community's IANA zone, to say on which day the last meeting was; America/Toronto by default. */
  readonly timeZone?: string;
}

/**
 * A gentle reminder to a community's organisers: the source document asks for at least one official
 * in-person meeting a year, and this community has had none in 12 months and has none planned.
 */
export function yearlyRuleCard(community: YearlyRuleCommunity, lastInPerson: Date | undefined, locale: Locale, t: Translate): AdaptiveCardJson {
  const name = plainText(community.name);
  const last = lastInPerson
    ? t('meetings.yearly.last', { date: formatDay(lastInPerson, community.timeZone ?? 'America/Toronto', locale) })
    : t('meetings.yearly.never');
  return message(
    {
      title: t('meetings.yearly.title'),
      lines: [line(t('meetings.yearly.text', { community: name })), line(last), line(t('meetings.yearly.rhythm')), line(t('meetings.yearly.suggest', { slug: community.slug }), 'Default', 'Bolder')],
    },
    locale,
    t,
  );
}

/** To the organiser after a move or a cancellation: what changed and how many people were told. */
export function meetingChangedCard(kind: 'moved' | 'cancelled', overview: MeetingOverview, told: number, locale: Locale, t: Translate): AdaptiveCardJson {
  const number = meetingNumber(overview, t);
  return message(
    {
      title: t(`meetings.changed.${kind}`, { number, when: meetingWhen(overview, locale, t) }),
      subtitle: `${meetingTitle(overview)} · ${communityLabel(overview, locale)}`,
      lines: [line(t('meetings.changed.told', { count: told }), 'Good')],
      open: kind === 'moved' ? overview : undefined,
    },
    locale,
    t,
  );
}
