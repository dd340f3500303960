import type { MeetingOverview } from '../domain/meetings/meeting';
import type { Locale } from '../domain/model';
import type { Translate } from '../i18n/translator';
import { communityLabel, joinUrl, meetingFacts, meetingTitle } from './meeting-facts';
import { type AdaptiveCardJson, renderCard } from './render-card';

/**
 * The card posted in the community's General channel: the facts and live counts, and one button that
 * brings the reader their own RSVP card. It is not an RSVP card: a channel card is the same for
 * everyone, and per-person views through refresh stop at 60 people (reference/peers.md, lesson 5;
 * teams-graph-facts.md §8.5), so answers happen 1:1. The bot updates it in place as counts change.
 */
export function channelSummaryCard(overview: MeetingOverview, locale: Locale, t: Translate): AdaptiveCardJson {
  const { meeting } = overview;
  const cancelled = meeting.status === 'cancelled';
  return renderCard('meetingChannelSummary', {
    lang: locale,
    meeting: meeting.id,
    version: meeting.version,
    title: meetingTitle(overview),
    community: communityLabel(overview, locale),
    cancelled: cancelled ? t('meetings.summary.cancelled') : '',
    facts: meetingFacts(overview, locale, t),
    intro: cancelled ? '' : t('meetings.summary.intro'),
    open: !cancelled,
    openTitle: t('meetings.buttons.open'),
    joinUrl: joinUrl(meeting),
    joinTitle: t('meetings.buttons.join'),
  });
}
