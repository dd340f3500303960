import type { CommunityCard } from '../application/community-catalogue';
import type { MyMeetingView } from '../application/my-meetings';
import type { MeetingOverview, Registration } from '../domain/meetings/meeting';
import type { Locale, Meeting } from '../domain/model';
import type { Recording } from '../domain/recordings/recording';
import type { CommunityItem, MeetingBrief, MyAnswer, MyMeeting, RecordingItem } from './tab-api-contract';

/** "le mardi 12 mars 2027, de 9 h à 13 h (heure de l'Est)": the bot's own date line, handed in by app.ts. */
export type MeetingWhen = (start: Date, end: Date, zone: string, locale: Locale) => string;

/** The contract's shapes (tab-api-contract.ts) from the use cases' views. */
export function meetingBrief(overview: MeetingOverview, locale: Locale, when: MeetingWhen): MeetingBrief {
  const m = overview.meeting;
  return {
    id: m.id,
    title: { fr: m.title, en: m.title },
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt.toISOString(),
    when: when(m.startsAt, m.endsAt, overview.timeZone, locale),
    format: m.format,
    location: m.location,
  };
}

export function communityItem(card: CommunityCard, tenantId: string, locale: Locale, when: MeetingWhen): CommunityItem {
  const c = card.community;
  return {
    id: c.id,
    slug: c.slug,
    name: c.name,
    summary: c.summary,
    description: c.description,
    status: c.status === 'active' ? 'active' : 'en_preparation',
    memberCount: c.memberCount,
    interestCount: c.interestCount,
    organisers: card.organisers.map((o) => ({ displayName: o.displayName })),
    nextMeeting: card.nextMeeting ? nextMeetingBrief(card.nextMeeting, c.timeZone, locale, when) : null,
    recordingCount: card.recordingCount,
    standing: { member: card.standing.member, interested: card.standing.interested },
    organiser: card.organiser,
    teamUrl: c.teamId && card.generalChannelId ? teamDeepLink(card.generalChannelId, c.teamId, tenantId, pickName(c.name, locale)) : null,
  };
}

/** The catalogue's next meeting (the older Meeting shape): its date line in the community's zone. */
function nextMeetingBrief(m: Meeting, zone: string, locale: Locale, when: MeetingWhen): MeetingBrief {
  return { id: m.id, title: m.title, startsAt: m.startsAt.toISOString(), endsAt: m.endsAt.toISOString(), when: when(m.startsAt, m.endsAt, zone, locale), format: m.kind, location: m.location };
}

const pickName = (name: { fr: string; en: string }, locale: Locale): string => (locale === 'en' ? name.en : name.fr);

/** Teams' documented deep link to a team: its General channel's id, the team's group id and the tenant. */
function teamDeepLink(channelId: string, teamId: string, tenantId: string, name: string): string {
  return `https://teams.microsoft.com/l/team/${encodeURIComponent(channelId)}/conversations?groupId=${encodeURIComponent(teamId)}&tenantId=${encodeURIComponent(tenantId)}&teamName=${encodeURIComponent(name)}`;
}

export function myAnswer(registration: Registration | undefined): MyAnswer | null {
  if (!registration) return null;
  return { response: registration.answer, seat: registration.seat, waitlistPosition: registration.waitlistRank, lunch: registration.lunch, dietary: registration.dietary };
}

export function myMeeting(view: MyMeetingView, locale: Locale, when: MeetingWhen): MyMeeting {
  const { overview } = view;
  const m = overview.meeting;
  return {
    ...meetingBrief(overview, locale, when),
    community: { id: m.communityId, slug: overview.communitySlug, name: overview.communityName },
    version: m.version,
    cancelled: m.status === 'cancelled',
    lunchProvided: m.lunchProvided,
    capacity: m.capacity,
    counts: { inPerson: overview.counts.confirmed, online: overview.counts.online, declined: overview.counts.declined, waitlisted: overview.counts.waitlisted },
    answer: myAnswer(view.registration),
    joinUrl: m.joinUrl,
    icsUrl: view.calendarUrl,
    recordings: view.recordings.map(recordingItem),
  };
}

export function recordingItem(r: Recording): RecordingItem {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    speakers: r.speakers,
    url: r.url,
    recordedOn: r.recordedOn,
    visibility: r.visibility,
    community: { id: r.community.id, slug: r.community.slug, name: r.community.name },
    meeting: r.meeting,
    expiresAt: r.expiresAt ? r.expiresAt.toISOString() : null,
  };
}
