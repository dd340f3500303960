/**
 * The Teams meeting of a meeting's online part, through Microsoft Graph: a calendar event with a Teams
 * meeting on a mailbox's calendar (teams-graph-facts §5.2), never a standalone onlineMeeting, whose
 * recordings cannot be read later (§5.1). No attendees are put on the event: Graph would mail every
 * attendee on each change (peers.md lesson 3); people get their own .ics and cards instead.
 * graph/ implements it with the Graph SDK; the offline sandbox answers the same calls. Failures are
 * TeamsGraphFailure (domain/teams-graph.ts): `permission_denied` when the tenant did not grant
 * Calendars.ReadWrite or the mailbox is outside the app's access policy, `not_found` for an unknown
 * mailbox, transient ones for throttling and 5xx.
 */
export interface OnlineMeetings {
  /** POST /users/{mailbox}/events with isOnlineMeeting and onlineMeetingProvider teamsForBusiness. */
  createEvent(mailbox: string, event: OnlineEventRequest): Promise<CreatedOnlineEvent>;
  /** PATCH /users/{mailbox}/events/{id}: new times, title, body or venue. */
  updateEvent(mailbox: string, eventId: string, event: OnlineEventRequest): Promise<void>;
  /** POST /users/{mailbox}/events/{id}/cancel (the organiser's calendar keeps a cancelled event). A 404 counts as done. */
  cancelEvent(mailbox: string, eventId: string, comment: string): Promise<void>;
}

export interface OnlineEventRequest {
  readonly subject: string;
  /** Plain HTML for the event body (agenda, speakers, the community). */
  readonly bodyHtml: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  /** The community's IANA zone: Graph gets local times with this zone, so Outlook shows them right. */
  readonly timeZone: string;
  readonly location: string | null;
  /** The transactionId Graph dedupes a create on (a retried POST makes no second event). */
  readonly transactionId: string;
}

export interface CreatedOnlineEvent {
  readonly eventId: string;
  readonly iCalUId: string | undefined;
  /** onlineMeeting.joinUrl */
  readonly joinUrl: string;
  readonly webLink: string | undefined;
}
