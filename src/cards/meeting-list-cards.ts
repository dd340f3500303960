import type { MeetingOverview } from '../domain/meetings/meeting';
import { type Locale, pick } from '../domain/model';
import type { Translate } from '../i18n/translator';
import { formatShortWhen, zoneName } from './date-format';
import { countsLine, formatLabel, meetingTitle, venue } from './meeting-facts';
import { plainText } from './plain-text';
import { type AdaptiveCardJson, renderCard } from './render-card';

/** "n° 12" / "#12": the number organisers type in their commands. */
export const meetingNumber = (overview: MeetingOverview, t: Translate): string => t('meetings.number', { number: overview.meeting.id });

/**
 * The upcoming meetings (of one community, or of all the reader's): number, short when, format, venue
 * and counts, with a button to answer. Organisers also get the commands that manage a meeting, worded
 * with the first meeting's number so they can be copied.
 */
export function meetingListCard(
  items: readonly MeetingOverview[],
  communityName: string | undefined,
  locale: Locale,
  t: Translate,
  options: { readonly organiser: boolean },
): AdaptiveCardJson {
  const community = communityName === undefined ? undefined : plainText(communityName);
  // The short form leaves the zone out: it is named once for the whole list.
  const zones = [...new Set(items.map((item) => zoneName(item.meeting.startsAt, item.timeZone, locale)))];
  const first = items[0];
  return renderCard('meetingList', {
    lang: locale,
    title: community === undefined ? t('meetings.list.title') : t('meetings.list.titleFor', { community }),
    empty: community === undefined ? t('meetings.list.empty') : t('meetings.list.emptyFor', { community }),
    zones: zones.length > 0 ? t('meetings.list.zones', { zones: zones.join(', ') }) : '',
    openTitle: t('meetings.buttons.open'),
    items: items.map((item) => ({
      meeting: item.meeting.id,
      version: item.meeting.version,
      heading: t('meetings.list.heading', { number: meetingNumber(item, t), title: meetingTitle(item) }),
      line: [
        formatShortWhen(item.meeting.startsAt, item.timeZone, locale),
        formatLabel(item.meeting.format, t),
        venue(item),
        community === undefined ? plainText(pick(item.communityName, locale)) : '',
      ]
        .filter((part) => part !== '')
        .join(' · '),
      counts: countsLine(item.meeting.format, item.counts, item.meeting.capacity, t),
    })),
    hint: options.organiser && first ? t('meetings.list.organiserHint', { number: first.meeting.id }) : '',
  });
}
