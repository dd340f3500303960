import type { UserIdentity } from '../model';

/** The files people download from cards (calendar/ makes them). */
export interface MeetingFiles {
  /** The person's .ics for the meeting (REQUEST, or CANCEL once cancelled); undefined when they may not see it. */
  calendarFor(meetingId: string, user: UserIdentity): Promise<string | undefined>;
  /** The summary as CSV for an organiser of the meeting's community; undefined for anyone else. */
  summaryCsvFor(meetingId: string, user: UserIdentity): Promise<string | undefined>;
}
