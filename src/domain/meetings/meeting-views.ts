import type { Localized, UserIdentity } from '../model';
import type { MeetingOverview, Registration } from './meeting';

/** What a person's card about a meeting shows: the meeting, their own answer, their calendar file's link. */
export interface PersonalMeetingView {
  readonly overview: MeetingOverview;
  readonly registration: Registration | undefined;
  /** A signed link to their .ics (REQUEST, or CANCEL once cancelled). */
  readonly calendarUrl: string | undefined;
}

export interface YearlyRuleView {
  readonly community: { readonly name: Localized; readonly slug: string };
  readonly lastInPerson: Date | undefined;
}

/** Views the outbox renders at send time, from the state of that moment (application/ implements it). */
export interface MeetingViews {
  personal(meetingId: string, user: UserIdentity): Promise<PersonalMeetingView | undefined>;
  overview(meetingId: string): Promise<MeetingOverview | undefined>;
  yearlyRule(communityId: string): Promise<YearlyRuleView | undefined>;
}

/** Signed links people open from cards (http/ serves them after checking the signature). */
export interface MeetingLinks {
  /** The person's .ics for the meeting: valid until well after the meeting. */
  calendar(meetingId: string, user: UserIdentity): Promise<string>;
  /** The summary's CSV for an organiser: valid a short time. */
  summaryCsv(meetingId: string, user: UserIdentity): Promise<string>;
}
