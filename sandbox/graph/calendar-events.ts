import { createHash, randomBytes } from 'node:crypto';
import { DateTime, IANAZone } from 'luxon';
import type { SandboxEventView, SandboxUser } from './contracts';

/** A local wall time in a zone, as Graph's dateTimeTimeZone carries it. */
export interface ZonedTime {
  readonly dateTime: string;
  readonly timeZone: string;
}

export interface EventRecord {
  readonly id: string;
  readonly iCalUId: string;
  readonly mailbox: SandboxUser & { readonly mail: string };
  readonly transactionId: string | null;
  subject: string;
  body: { contentType: 'HTML' | 'Text'; content: string };
  start: ZonedTime;
  end: ZonedTime;
  startsAt: DateTime;
  endsAt: DateTime;
  location: string;
  readonly attendees: readonly string[];
  readonly isOnlineMeeting: boolean;
  readonly onlineMeetingProvider: string;
  readonly joinUrl: string | null;
  isCancelled: boolean;
  cancellationComment: string | null;
  readonly createdDateTime: string;
  lastModifiedDateTime: string;
  changeKey: string;
  updates: number;
}

/**
 * A few Windows zone names Graph accepts besides IANA names (resources/datetimetimezone.md lists both);
 * the sandbox maps them to IANA to compute instants. Any other Windows name is refused.
 */
const WINDOWS_ZONES: Readonly<Record<string, string>> = {
  'eastern standard time': 'America/New_York',
  'central standard time': 'America/Chicago',
  'mountain standard time': 'America/Denver',
  'pacific standard time': 'America/Los_Angeles',
  'gmt standard time': 'Europe/London',
  'romance standard time': 'Europe/Paris',
  'w. europe standard time': 'Europe/Berlin',
};

/** The zone luxon computes `name` in, or undefined when Graph would refuse it (TimeZoneNotSupportedException). */
export function zoneOf(name: string): string | undefined {
  if (name.toUpperCase() === 'UTC') return 'UTC';
  const windows = WINDOWS_ZONES[name.toLowerCase()];
  if (windows) return windows;
  return IANAZone.isValidZone(name) && name.includes('/') ? name : undefined;
}

/** The instant a local time names; undefined when its dateTime is not ISO 8601. */
export function instantOf(time: ZonedTime): DateTime | undefined {
  const zone = zoneOf(time.timeZone);
  if (!zone) return undefined;
  const instant = DateTime.fromISO(time.dateTime, { zone });
  return instant.isValid ? instant : undefined;
}

/** Calendar events of every mailbox, keyed by item id. Each mailbox's transactionIds dedupe its creates. */
export class CalendarEvents {
  private readonly events = new Map<string, EventRecord>();
  created = 0;

  add(record: Omit<EventRecord, 'id' | 'iCalUId' | 'changeKey' | 'updates'>): EventRecord {
    const stored: EventRecord = { ...record, id: exchangeItemId(), iCalUId: iCalUIdOf(), changeKey: changeKey(), updates: 0 };
    this.events.set(stored.id, stored);
    this.created += 1;
    return stored;
  }

  /** The event with this id on this mailbox's calendar (another mailbox's event is not found on it). */
  find(mailboxId: string, eventId: string): EventRecord | undefined {
    const event = this.events.get(eventId);
    return event && event.mailbox.id === mailboxId ? event : undefined;
  }

  findByTransaction(mailboxId: string, transactionId: string): EventRecord | undefined {
    return [...this.events.values()].find((event) => event.mailbox.id === mailboxId && event.transactionId === transactionId);
  }

  touch(event: EventRecord, now: Date): void {
    event.lastModifiedDateTime = now.toISOString();
    event.changeKey = changeKey();
  }

  delete(eventId: string): boolean {
    return this.events.delete(eventId);
  }

  records(): EventRecord[] {
    return [...this.events.values()];
  }

  views(): SandboxEventView[] {
    return [...this.events.values()].map(eventView);
  }

  view(eventId: string): SandboxEventView | undefined {
    const event = this.events.get(eventId);
    return event && eventView(event);
  }
}

function eventView(event: EventRecord): SandboxEventView {
  return {
    id: event.id,
    iCalUId: event.iCalUId,
    mailboxId: event.mailbox.id,
    mailbox: event.mailbox.mail,
    transactionId: event.transactionId,
    subject: event.subject,
    bodyContentType: event.body.contentType,
    bodyContent: event.body.content,
    start: { ...event.start },
    end: { ...event.end },
    startsAt: event.startsAt.toUTC().toISO() ?? '',
    endsAt: event.endsAt.toUTC().toISO() ?? '',
    location: event.location,
    attendees: [...event.attendees],
    isOnlineMeeting: event.isOnlineMeeting,
    onlineMeetingProvider: event.onlineMeetingProvider,
    joinUrl: event.joinUrl,
    webLink: webLinkOf(event.id),
    isCancelled: event.isCancelled,
    cancellationComment: event.cancellationComment,
    createdDateTime: event.createdDateTime,
    lastModifiedDateTime: event.lastModifiedDateTime,
    updates: event.updates,
  };
}

/**
 * The event resource as Graph answers it (resources/event.md; user-post-events.md's 201 example): times
 * in UTC unless the request preferred a zone (`Prefer: outlook.timezone="…"`), with the seven fractional
 * digits Exchange writes.
 */
export function eventResource(event: EventRecord, context: { readonly origin: string; readonly userKey: string; readonly preferredZone: string | undefined }): Record<string, unknown> {
  const zoneName = context.preferredZone && zoneOf(context.preferredZone) ? context.preferredZone : 'UTC';
  const zone = zoneOf(zoneName) ?? 'UTC';
  const inZone = (instant: DateTime): ZonedTime => ({ dateTime: `${instant.setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm:ss")}.0000000`, timeZone: zoneName });
  const bodyText = event.body.content.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return {
    '@odata.context': `${context.origin}/v1.0/$metadata#users('${encodeURIComponent(context.userKey)}')/events/$entity`,
    '@odata.etag': `W/"${event.changeKey}"`,
    id: event.id,
    createdDateTime: event.createdDateTime,
    lastModifiedDateTime: event.lastModifiedDateTime,
    changeKey: event.changeKey,
    categories: [],
    transactionId: event.transactionId,
    originalStartTimeZone: event.start.timeZone,
    originalEndTimeZone: event.end.timeZone,
    iCalUId: event.iCalUId,
    reminderMinutesBeforeStart: 15,
    isReminderOn: true,
    hasAttachments: false,
    subject: event.subject,
    bodyPreview: bodyText.slice(0, 255),
    importance: 'normal',
    sensitivity: 'normal',
    isAllDay: false,
    isCancelled: event.isCancelled,
    isOrganizer: true,
    responseRequested: true,
    seriesMasterId: null,
    showAs: 'busy',
    type: 'singleInstance',
    webLink: webLinkOf(event.id),
    onlineMeetingUrl: null,
    isOnlineMeeting: event.isOnlineMeeting,
    onlineMeetingProvider: event.onlineMeetingProvider,
    allowNewTimeProposals: true,
    isDraft: false,
    hideAttendees: false,
    responseStatus: { response: 'organizer', time: '0001-01-01T00:00:00Z' },
    body: { contentType: event.body.contentType.toLowerCase(), content: event.body.content },
    start: inZone(event.startsAt),
    end: inZone(event.endsAt),
    location: { displayName: event.location, locationType: 'default', uniqueIdType: event.location ? 'private' : 'unknown', address: {}, coordinates: {} },
    locations: event.location ? [{ displayName: event.location, locationType: 'default', uniqueIdType: 'private' }] : [],
    recurrence: null,
    attendees: event.attendees.map((address) => ({ type: 'required', status: { response: 'none', time: '0001-01-01T00:00:00Z' }, emailAddress: { name: address, address } })),
    organizer: { emailAddress: { name: event.mailbox.displayName, address: event.mailbox.mail } },
    onlineMeeting: event.joinUrl ? { joinUrl: event.joinUrl } : null,
  };
}

/** A Teams join link as Graph hands them out: the meeting's chat thread, the tenant and the organiser. */
export function teamsJoinUrl(tenantId: string, organizerId: string): string {
  const thread = `19:meeting_${randomBytes(36).toString('base64url').slice(0, 48)}@thread.v2`;
  const context = JSON.stringify({ Tid: tenantId, Oid: organizerId });
  return `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(thread)}/0?context=${encodeURIComponent(context)}`;
}

/** Exchange item ids are base64 (with `/`, `+` and `=`, which callers must escape in a path), starting `AAMkA`. */
function exchangeItemId(): string {
  return `AAMkA${randomBytes(105).toString('base64')}`;
}

/** Ids of another shape are malformed to Exchange (400 ErrorInvalidIdMalformed), not merely unknown. */
export function isExchangeItemId(id: string): boolean {
  return /^AAMkA[A-Za-z0-9+/_-]+=*$/.test(id);
}

function iCalUIdOf(): string {
  return `040000008200E00074C5B7101A82E00800000000${createHash('sha256').update(randomBytes(16)).digest('hex').toUpperCase().slice(0, 72)}`;
}

function changeKey(): string {
  return randomBytes(16).toString('base64');
}

function webLinkOf(id: string): string {
  return `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`;
}
