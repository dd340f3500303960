import type { DateTimeTimeZone, Event } from '@microsoft/microsoft-graph-types';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { CreatedOnlineEvent, OnlineEventRequest, OnlineMeetings } from '../domain/meetings/online-meetings';
import { TeamsGraphFailure } from '../domain/teams-graph';
import { type GraphCalls, isNotFound, segment } from './graph-calls';

/** The event-cancel action's body (event-cancel.md); the SDK's types have the event, not the action. */
interface CancelBody {
  readonly comment: string;
}

/** What the app reads of the 201: the ids, the web link and the Teams meeting's join link. */
const createdEventSchema = z.object({
  id: z.string().min(1),
  iCalUId: z.string().nullish(),
  webLink: z.string().nullish(),
  isOnlineMeeting: z.boolean().nullish(),
  // Read for the report only: a value Graph adds later must not fail the create.
  onlineMeetingProvider: z.enum(['unknown', 'skypeForBusiness', 'skypeForConsumer', 'teamsForBusiness']).nullish().catch(null),
  onlineMeeting: z.object({ joinUrl: z.string().nullish() }).nullish(),
}) satisfies z.ZodType<Event>;

/**
 * A meeting's Teams meeting as an event on a service mailbox's calendar (teams-graph-facts §5.2):
 * POST /users/{mailbox}/events with isOnlineMeeting and teamsForBusiness, then PATCH and cancel. Exchange
 * calls, needing Calendars.ReadWrite and the mailbox inside the app's Exchange access policy; limited per
 * mailbox like mail (rate-limiter.ts). No attendees: Graph would mail each of them on every change.
 */
export class OnlineMeetingsAdapter implements OnlineMeetings {
  constructor(private readonly calls: GraphCalls) {}

  async createEvent(mailbox: string, event: OnlineEventRequest): Promise<CreatedOnlineEvent> {
    const body: Event = {
      ...eventFields(event),
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      // Exchange dedupes creates on it: a POST retried after a lost answer gets the first event back,
      // so this POST may be replayed (the default) where sendMail may not.
      transactionId: event.transactionId,
    };
    const events = `/users/${segment(mailbox)}/events`;
    const created = await this.calls.read('createEvent', createdEventSchema, () => this.calls.client.api(events).post(body));
    const joinUrl = created.onlineMeeting?.joinUrl;
    if (!joinUrl) {
      // A mailbox whose account may not host Teams meetings (no Teams licence or meeting policy) gets the
      // event all the same, without one (microsoftgraph/microsoft-graph-docs#9741). A calendar entry
      // without its meeting is no use: it goes, and the tenant's setting is reported.
      await this.calls.send('cancelEvent', () => this.calls.client.api(`${events}/${segment(created.id)}`).delete()).catch(() => undefined);
      throw new TeamsGraphFailure(
        'permission_denied',
        `Graph createEvent: the mailbox ${mailbox} cannot host Teams meetings (the event came back with isOnlineMeeting ${String(created.isOnlineMeeting)}, provider ${created.onlineMeetingProvider ?? 'none'}): it needs a Teams licence and a meeting policy allowing them`,
        { status: 201, code: 'NoTeamsMeeting' },
      );
    }
    return { eventId: created.id, iCalUId: created.iCalUId ?? undefined, joinUrl, webLink: created.webLink ?? undefined };
  }

  async updateEvent(mailbox: string, eventId: string, event: OnlineEventRequest): Promise<void> {
    // An empty displayName clears a venue that was removed; the Teams meeting itself is left as it is.
    const body: Event = { ...eventFields(event), location: { displayName: event.location ?? '' } };
    await this.calls.send('updateEvent', () => this.calls.client.api(`/users/${segment(mailbox)}/events/${segment(eventId)}`).patch(body));
  }

  async cancelEvent(mailbox: string, eventId: string, comment: string): Promise<void> {
    const body: CancelBody = { comment };
    try {
      // 202 with no body. The organiser's copy is cancelled; there are no attendees to notify.
      await this.calls.send('cancelEvent', () => this.calls.client.api(`/users/${segment(mailbox)}/events/${segment(eventId)}/cancel`).post(body));
    } catch (error) {
      if (isNotFound(error)) return; // deleted already, or a retried cancel whose first try went through
      throw error;
    }
  }
}

/** Subject, body, local start and end in the meeting's zone, and the venue when there is one. */
function eventFields(event: OnlineEventRequest): Event {
  return {
    subject: event.subject,
    body: { contentType: 'html', content: event.bodyHtml },
    start: localTime(event.startsAt, event.timeZone),
    end: localTime(event.endsAt, event.timeZone),
    ...(event.location ? { location: { displayName: event.location } } : {}),
  };
}

/**
 * The wall time in the meeting's IANA zone, which Graph accepts as timeZone (resources/datetimetimezone.md):
 * Outlook then shows the event in the community's zone, across daylight-saving changes, rather than a UTC
 * time a client has to convert.
 */
function localTime(instant: Date, timeZone: string): DateTimeTimeZone {
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  if (!local.isValid) throw new TeamsGraphFailure('bad_request', `Graph event: '${timeZone}' is not an IANA time zone`);
  return { dateTime: local.toFormat("yyyy-MM-dd'T'HH:mm:ss"), timeZone };
}
