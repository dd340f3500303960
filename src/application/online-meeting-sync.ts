import type { Clock } from '../domain/clock';
import type { Outbox } from '../domain/delivery/outbox';
import type { OutboxStore } from '../domain/delivery/outbox-store';
import type { Transactions } from '../domain/provisioning-ports';
import { TeamsGraphFailure } from '../domain/teams-graph';
import type { MeetingRecord } from '../domain/meetings/meeting';
import { noticeEntries } from '../domain/meetings/meeting-entries';
import type { MeetingStore } from '../domain/meetings/meeting-ports';
import type { OnlineEventRequest, OnlineMeetings } from '../domain/meetings/online-meetings';
import { refreshCards } from './meeting-changes';

export interface OnlineSyncDeps {
  readonly meetings: MeetingStore;
  readonly online: OnlineMeetings | undefined;
  readonly outbox: Outbox;
  readonly cards: Pick<OutboxStore, 'cardsUnder'>;
  readonly transactions: Transactions;
  readonly clock: Clock;
  readonly communityOf: (communityId: string) => Promise<{ readonly name: string; readonly timeZone: string }>;
}

/**
 * The Teams meeting of a meeting's online part, brought in line with its current version: created on
 * the service mailbox's calendar (with a transactionId, so a retried create makes no second event),
 * moved, or cancelled. A job of an older version does nothing (a newer one follows). When the tenant
 * refuses (no Calendars.ReadWrite, or the mailbox outside the access policy), the meeting stays
 * scheduled, its cards say the link is to be added by hand (`lien`), and its organiser is told.
 * Transient failures throw: pg-boss retries with back-off.
 */
export async function syncOnlineMeeting(deps: OnlineSyncDeps, meetingId: string, version: number): Promise<void> {
  const meeting = await deps.meetings.find(meetingId);
  if (!meeting || meeting.version !== version || !meeting.calendarOwner || !deps.online) return;
  const mailbox = meeting.calendarOwner;
  try {
    if (meeting.status === 'cancelled') {
      if (meeting.calendarEventId) await deps.online.cancelEvent(mailbox, meeting.calendarEventId, meeting.title);
      return;
    }
    const request = await eventRequest(deps, meeting);
    if (meeting.calendarEventId) {
      await deps.online.updateEvent(mailbox, meeting.calendarEventId, request);
      return;
    }
    if (meeting.onlineStatus === 'manual') return;
    const created = await deps.online.createEvent(mailbox, request);
    await settle(deps, meeting, { status: 'created', joinUrl: created.joinUrl, eventId: created.eventId });
  } catch (error) {
    if (error instanceof TeamsGraphFailure && !error.transient && meeting.status !== 'cancelled' && !meeting.calendarEventId) {
      await settle(deps, meeting, { status: error.kind === 'permission_denied' || error.kind === 'not_found' ? 'not_permitted' : 'failed' });
      return;
    }
    throw error;
  }
}

async function settle(deps: OnlineSyncDeps, meeting: MeetingRecord, online: { status: 'created' | 'not_permitted' | 'failed'; joinUrl?: string; eventId?: string }): Promise<void> {
  const now = deps.clock.now();
  await deps.transactions.run(async (tx) => {
    const locked = await deps.meetings.lock(tx, meeting.id);
    if (!locked || locked.version !== meeting.version) return;
    await deps.meetings.setOnline(tx, meeting.id, online, now);
    const updated = (await deps.meetings.lock(tx, meeting.id)) ?? locked;
    await refreshCards(deps, tx, updated);
    if (online.status === 'created') {
      const people = (await deps.meetings.registrations(meeting.id, tx)).filter((r) => r.answer !== 'declined').map((r) => r.user);
      if (people.length > 0) await deps.outbox.enqueue(tx, noticeEntries(updated, 'link_added', people, `v${updated.version}-created`));
    } else if (updated.createdBy && updated.tenantId) {
      await deps.outbox.enqueue(tx, noticeEntries(updated, 'link_needed', [{ tenantId: updated.tenantId, aadObjectId: updated.createdBy }], `v${updated.version}`));
    }
  });
}

async function eventRequest(deps: OnlineSyncDeps, meeting: MeetingRecord): Promise<OnlineEventRequest> {
  const community = await deps.communityOf(meeting.communityId);
  const speakers = meeting.speakers.map((s) => `<li>${escapeHtml([s.name, s.role, s.organisation].filter((p) => p !== '').join(', '))}</li>`).join('');
  return {
    subject: `${meeting.title} (${community.name})`,
    bodyHtml: `<p>${escapeHtml(meeting.agenda)}</p>${speakers ? `<ul>${speakers}</ul>` : ''}`,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    timeZone: community.timeZone,
    location: meeting.location,
    transactionId: `cop-meeting-${meeting.id}`,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
