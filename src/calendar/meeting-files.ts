import { stringify } from 'csv-stringify/sync';
import type { UserIdentity } from '../domain/model';
import type { MeetingFiles } from '../domain/meetings/meeting-files';
import type { MeetingStore } from '../domain/meetings/meeting-ports';
import type { Registration } from '../domain/meetings/meeting';
import { meetingIcs } from './meeting-ics';

export interface MeetingFilesDeps {
  readonly meetings: MeetingStore;
  /** Whether the person organises the meeting's community (or administers the app), asked at download time. */
  readonly mayOrganise: (meetingId: string, user: UserIdentity) => Promise<boolean>;
  /** The mailbox named as the calendar file's organiser (MEETING_MAILBOX or MAIL_SENDER). */
  readonly organizerEmail: string | undefined;
  /** For the files' UIDs (the app's host name). */
  readonly domain: string;
}

/** Calendar files (ical-generator) and the summary's CSV (csv-stringify). */
export class GeneratedMeetingFiles implements MeetingFiles {
  constructor(private readonly deps: MeetingFilesDeps) {}

  async calendarFor(meetingId: string, user: UserIdentity): Promise<string | undefined> {
    const overview = await this.deps.meetings.overview(meetingId);
    if (!overview) return undefined;
    const registration = await this.deps.meetings.registration(meetingId, user);
    const cancelled = overview.meeting.status === 'cancelled' || registration?.answer === 'declined';
    return meetingIcs({
      meeting: overview.meeting,
      communityName: overview.communityName,
      timeZone: overview.timeZone,
      ...(registration?.displayName ? { attendee: { name: registration.displayName } } : {}),
      organizerEmail: this.deps.organizerEmail,
      method: cancelled ? 'CANCEL' : 'REQUEST',
      domain: this.deps.domain,
      ...(overview.meeting.joinUrl ? { calendarLinks: { joinUrl: overview.meeting.joinUrl } } : {}),
    });
  }

  async summaryCsvFor(meetingId: string, user: UserIdentity): Promise<string | undefined> {
    if (!(await this.deps.mayOrganise(meetingId, user))) return undefined;
    const summary = await this.deps.meetings.summary(meetingId);
    if (!summary) return undefined;
    const row = (r: Registration, state: string): string[] => [
      r.displayName ?? r.user.aadObjectId,
      state,
      r.waitlistRank === null ? '' : String(r.waitlistRank),
      r.lunch === null ? '' : r.lunch ? 'oui / yes' : 'non / no',
      summary.dietaryPurged ? '' : (r.dietary ?? ''),
      r.attended === null ? '' : r.attended ? 'oui / yes' : 'non / no',
      r.answeredAt.toISOString(),
    ];
    const rows = [
      ['Nom / Name', 'Réponse / Answer', 'Rang d’attente / Waitlist rank', 'Dîner / Lunch', 'Besoins alimentaires / Dietary needs', 'Présent·e / Attended', 'Répondu le / Answered at'],
      ...summary.confirmed.map((r) => row(r, 'en personne / in person')),
      ...summary.waitlist.map((r) => row(r, 'liste d’attente / waitlist')),
      ...summary.online.map((r) => row(r, 'en ligne / online')),
      ...summary.declined.map((r) => row(r, 'absent·e / declined')),
    ].map((cells) => cells.map(neutralised));
    // A BOM so spreadsheet programs read the accents as UTF-8.
    return `\uFEFF${stringify(rows)}`;
  }
}

/** A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is made text (OWASP CSV injection). */
function neutralised(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
