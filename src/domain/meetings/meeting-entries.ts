import type { UserIdentity } from '../model';
import type { MeetingNoticeKind, OutboxEntry } from '../delivery/outbox';
import type { MeetingCounts, MeetingRecord } from './meeting';

/**
 * The outbox entries of meetings, with their idempotency keys (`<what>/<meeting>/<which version>/<for whom>`)
 * and the card keys under which sent cards are remembered (`meeting/<id>/person/<tenant>/<object id>`,
 * `meeting/<id>/channel`), so a change updates every card in place.
 */

export const meetingCardsPrefix = (meetingId: string): string => `meeting/${meetingId}/`;
export const personalCardKey = (meetingId: string, user: UserIdentity): string => `meeting/${meetingId}/person/${user.tenantId}/${user.aadObjectId}`;
export const channelCardKey = (meetingId: string): string => `meeting/${meetingId}/channel`;

/** Whose card a card key names (undefined: the channel's). */
export function cardOwner(cardKey: string): UserIdentity | undefined {
  const match = /^meeting\/\d+\/person\/([^/]+)\/([^/]+)$/.exec(cardKey);
  return match?.[1] && match[2] ? { tenantId: match[1], aadObjectId: match[2] } : undefined;
}

/** The RSVP card 1:1 to each person invited, the summary card in the community's channel, e-mails to speakers from outside. */
export function invitationEntries(meeting: MeetingRecord, tenantId: string, people: readonly UserIdentity[], emails: readonly { address: string; name: string }[]): OutboxEntry[] {
  const entries = personalInvitationEntries(meeting, people);
  entries.push({
    key: `meeting_summary/${meeting.id}/channel`,
    tenantId,
    category: 'service',
    communityId: meeting.communityId,
    recipient: { kind: 'channel', communityId: meeting.communityId },
    operation: 'send',
    content: { kind: 'meeting_summary', meetingId: meeting.id },
    card: channelCardKey(meeting.id),
  });
  for (const email of emails) {
    entries.push({
      key: `meeting_invitation/${meeting.id}/email/${email.address.toLowerCase()}`,
      tenantId,
      category: 'invitation',
      communityId: meeting.communityId,
      recipient: { kind: 'email', address: email.address, name: email.name },
      operation: 'send',
      content: { kind: 'meeting_invitation', meetingId: meeting.id },
    });
  }
  return entries;
}

/** Only the RSVP cards 1:1 (a member who joins after the meeting was scheduled); each key is the one `invitationEntries` gives that person. */
export function personalInvitationEntries(meeting: MeetingRecord, people: readonly UserIdentity[]): OutboxEntry[] {
  return people.map((user) => ({
    key: `meeting_invitation/${meeting.id}/${user.tenantId}/${user.aadObjectId}`,
    tenantId: user.tenantId,
    category: 'invitation',
    communityId: meeting.communityId,
    recipient: { kind: 'person', user },
    operation: 'send',
    content: { kind: 'meeting_invitation', meetingId: meeting.id },
    card: personalCardKey(meeting.id, user),
  }));
}

/**
 * Updates of cards already posted. `state` names what they will show (version and counts): the same state
 * twice is one update, and an update still queued is replaced by a newer one (cards render at send time).
 */
export function cardUpdateEntries(meeting: MeetingRecord, tenantId: string, cardKeys: readonly string[], state: string, notBefore?: Date): OutboxEntry[] {
  return cardKeys.map((cardKey): OutboxEntry => {
    const user = cardOwner(cardKey);
    const personal = user !== undefined;
    return {
      key: `card_update/${cardKey}/${state}`,
      tenantId: user?.tenantId ?? tenantId,
      category: 'service',
      communityId: meeting.communityId,
      recipient: personal ? { kind: 'posted_card', cardKey, user } : { kind: 'posted_card', cardKey },
      operation: 'update',
      content: personal ? { kind: 'meeting_invitation', meetingId: meeting.id } : { kind: 'meeting_summary', meetingId: meeting.id },
      replaces: `card_update/${cardKey}`,
      ...(notBefore ? { notBefore } : {}),
    };
  });
}

/** Answers within this long of each other update the channel's card once (it shows the counts of the moment it is sent). */
export const CHANNEL_UPDATE_GATHER_MS = 5_000;

/**
 * The channel card's update for answers given now: one per gathering window, sent at its end. Answers
 * in the same window write the same key (nothing new to queue); the update shows the counts of its end.
 */
export function gatheredChannelUpdate(meeting: MeetingRecord, tenantId: string, now: Date): OutboxEntry[] {
  const end = new Date(Math.ceil((now.getTime() + 1) / CHANNEL_UPDATE_GATHER_MS) * CHANNEL_UPDATE_GATHER_MS);
  // Not `replaces`: under a steady stream of answers, each window's update would put off the one before it.
  return cardUpdateEntries(meeting, tenantId, [channelCardKey(meeting.id)], `answers-until-${end.toISOString()}`, end).map(({ replaces: _replaces, ...entry }) => entry);
}

/** The counts and version as a state name for card updates. */
export function cardState(meeting: MeetingRecord, counts: MeetingCounts): string {
  return `v${meeting.version}-${meeting.status}-${meeting.onlineStatus}-${meeting.capacity ?? 'n'}-${counts.confirmed}.${counts.waitlisted}.${counts.online}.${counts.declined}.${counts.lunches}`;
}

/**
 * One short message per person about a change of the meeting. Moves, cancellations, seats and links
 * answer what they asked for (they answered): service messages; reminders can be refused.
 */
export function noticeEntries(meeting: MeetingRecord, notice: MeetingNoticeKind, people: readonly UserIdentity[], stamp: string, offset?: string): OutboxEntry[] {
  return people.map((user) => ({
    key: `meeting_notice/${meeting.id}/${notice}/${stamp}/${user.tenantId}/${user.aadObjectId}`,
    tenantId: user.tenantId,
    category: notice === 'reminder' ? 'reminder' : 'service',
    communityId: meeting.communityId,
    recipient: { kind: 'person', user },
    operation: 'send',
    content: offset === undefined ? { kind: 'meeting_notice', meetingId: meeting.id, notice } : { kind: 'meeting_notice', meetingId: meeting.id, notice, offset },
  }));
}

/** "12", "#12", "n° 12", "no 12", "meeting 12": the meeting's number and the words after it. */
export function parseMeetingReference(text: string): { id: string; rest: string } | undefined {
  const match = /^\s*(?:(?:n[°o]\.?|no\.?|#|rencontre|meeting)\s*)?#?(\d{1,12})(?=\s|$)\s*(.*)$/isu.exec(text);
  if (!match?.[1]) return undefined;
  return { id: String(Number(match[1])), rest: (match[2] ?? '').trim() };
}
