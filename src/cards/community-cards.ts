import type { CommunityDetails, MyCommunities } from '../application/communities';
import { type CommunityWithCounts, type Locale, type Standing, pick } from '../domain/model';
import type { Translate } from '../i18n/translator';
import { formatMeetingWhen } from './date-format';
import { type AdaptiveCardJson, renderCard } from './render-card';

/** View models: domain values → the data each card template binds, in the reader's language. */

export interface CardNotice {
  /** A confirmation shown at the top of the card, in green. */
  readonly notice?: string;
  /** A problem shown at the top of the card, in the attention colour. */
  readonly problem?: string;
}

type PrimaryAction = 'join' | 'leave' | 'interest' | 'none';

function primaryAction(community: CommunityWithCounts, standing: Standing): PrimaryAction {
  if (standing.member) return 'leave';
  if (community.status === 'active') return 'join';
  if (community.status === 'en_preparation' && !standing.interested) return 'interest';
  return 'none';
}

function standingLabel(standing: Standing, t: Translate): string {
  if (standing.member) return t('standing.member');
  if (standing.interested) return t('standing.interested');
  return '';
}

function countLabel(community: CommunityWithCounts, t: Translate): string {
  return community.status === 'en_preparation'
    ? t('counts.interested', { count: community.interestCount })
    : t('counts.members', { count: community.memberCount });
}

function communityItem(community: CommunityWithCounts, standing: Standing, locale: Locale, t: Translate) {
  const action = primaryAction(community, standing);
  return {
    slug: community.slug,
    name: pick(community.name, locale),
    summary: pick(community.summary, locale),
    statusLabel: t(`status.${community.status}`),
    countLabel: countLabel(community, t),
    standingLabel: standingLabel(standing, t),
    action,
    actionTitle: action === 'none' ? '' : t(`buttons.${action}`),
    infoTitle: t('buttons.info'),
  };
}

const NONE: Standing = { member: false, interested: false };

export function communityListCard(
  communities: readonly CommunityWithCounts[],
  standings: ReadonlyMap<string, Standing>,
  locale: Locale,
  t: Translate,
  notice: CardNotice = {},
): AdaptiveCardJson {
  return renderCard('communityList', {
    lang: locale,
    title: t('list.title'),
    intro: t('list.intro'),
    empty: t('list.empty'),
    notice: notice.notice ?? '',
    problem: notice.problem ?? '',
    communities: communities.map((c) => communityItem(c, standings.get(c.id) ?? NONE, locale, t)),
  });
}

export function communityInfoCard(details: CommunityDetails, locale: Locale, t: Translate, notice: CardNotice = {}): AdaptiveCardJson {
  const { community, organisers, nextMeeting, recordingCount, standing, meetingFigures } = details;
  const item = communityItem(community, standing, locale, t);
  const meeting = nextMeeting
    ? t('info.meetingLine', {
        title: pick(nextMeeting.title, locale),
        when: formatMeetingWhen(nextMeeting.startsAt, nextMeeting.endsAt, community.timeZone, locale, t),
        kind: t(nextMeeting.kind === 'in_person' ? 'info.inPerson' : 'info.online'),
        where: nextMeeting.location ? `, ${nextMeeting.location}` : '',
      })
    : t('info.noMeeting');
  return renderCard('communityInfo', {
    ...item,
    lang: locale,
    notice: notice.notice ?? '',
    problem: notice.problem ?? '',
    // A community without a long description shows its summary once, not twice.
    description: pick(community.description, locale),
    labels: {
      status: t('info.status'),
      members: t(community.status === 'en_preparation' ? 'info.interested' : 'info.members'),
      organisers: t('info.organisers'),
      nextMeeting: t('info.nextMeeting'),
      recordings: t('info.recordings'),
      figures: t('meetingInfo.figuresLabel'),
    },
    figures: meetingFigures
      ? t('meetingInfo.figures', { held: t('meetingInfo.held', { count: meetingFigures.held }), attendance: t('meetingInfo.attendance', { count: meetingFigures.attendance }) })
      : '',
    // Only its organisers and administrators get it (describeCommunity decides): they are the ones who can act.
    yearlyRule: details.yearlyRuleDue ? t('meetingInfo.yearlyRule', { slug: community.slug }) : '',
    organisers: organisers.length > 0 ? organisers.map((o) => o.displayName).join(', ') : t('info.noOrganisers'),
    nextMeeting: meeting,
    recordings: t('counts.recordings', { count: recordingCount }),
    listTitle: t('buttons.list'),
  });
}

export function myCommunitiesCard(mine: MyCommunities, locale: Locale, t: Translate): AdaptiveCardJson {
  return renderCard('myCommunities', {
    lang: locale,
    title: t('mine.title'),
    none: t('mine.none'),
    memberOfLabel: t('mine.memberOf'),
    interestedInLabel: t('mine.interestedIn'),
    listButton: t('buttons.list'),
    memberOf: mine.memberOf.map((c) => ({ name: pick(c.name, locale), countLabel: countLabel(c, t) })),
    interestedIn: mine.interestedIn.map((c) => ({ name: pick(c.name, locale), statusLabel: t(`status.${c.status}`) })),
  });
}
