import type { UserIdentity } from '../model';
import type { Transaction } from '../provisioning-ports';
import type { MeetingPlan } from './meeting-draft';
import type {
  MeetingCounts,
  MeetingOverview,
  MeetingRecord,
  MeetingSummary,
  OnlineMeetingStatus,
  Registration,
  RsvpAnswer,
} from './meeting';

export interface NewMeeting {
  readonly communityId: string;
  readonly tenantId: string;
  readonly plan: MeetingPlan;
  readonly onlineStatus: OnlineMeetingStatus;
  readonly calendarOwner: string | null;
  readonly createdBy: string;
  readonly at: Date;
}

/** A change of the meeting people must know of: its version goes up by one. */
export interface MeetingChange {
  readonly startsAt?: Date;
  readonly endsAt?: Date;
  readonly cancelled?: boolean;
}

/** The answer someone gives, with the person's lunch and dietary needs for in-person answers. */
export interface RsvpRequest {
  readonly user: UserIdentity;
  readonly displayName: string | undefined;
  readonly answer: RsvpAnswer;
  readonly lunch: boolean | null;
  readonly dietary: string | null;
}

/** What an answer did, inside the transaction that made it. */
export interface RsvpOutcome {
  readonly before: Registration | undefined;
  readonly after: Registration;
  /** People moved from the waitlist to a seat by this change (first in line first). */
  readonly promoted: readonly Registration[];
  readonly counts: MeetingCounts;
}

export interface AnswerState {
  readonly overview: MeetingOverview;
  readonly may: boolean;
  readonly registration: Registration | undefined;
}

export interface KnownBefore {
  readonly registration: Registration | undefined;
  readonly counts: MeetingCounts;
}

export type MeetingScope = 'upcoming' | 'past';

export interface PersonalMeetingPage {
  readonly entries: readonly { readonly overview: MeetingOverview; readonly registration: Registration | undefined }[];
  readonly total: number;
}

/** Where meetings and registrations are kept (storage/ implements it). */
export interface MeetingStore {
  create(tx: Transaction, meeting: NewMeeting): Promise<MeetingRecord>;
  find(meetingId: string): Promise<MeetingRecord | undefined>;
  /** The meeting, its row locked until `tx` ends: every change of seats or of the meeting goes through it. */
  lock(tx: Transaction, meetingId: string): Promise<MeetingRecord | undefined>;
  overview(meetingId: string): Promise<MeetingOverview | undefined>;
  /** Scheduled meetings ending after `after`, soonest first; of some communities or all. */
  upcoming(communityIds: readonly string[] | undefined, after: Date, limit: number): Promise<MeetingOverview[]>;
  registration(meetingId: string, user: UserIdentity): Promise<Registration | undefined>;
  /**
   * The meetings of the person's communities (member or organiser) with their own answer: `upcoming`, not
   * ended, soonest first (cancelled ones for a week, so the person sees it happened); `past`, held, latest first.
   */
  pageFor(user: UserIdentity, scope: MeetingScope, now: Date, offset: number, limit: number): Promise<PersonalMeetingPage>;
  /** The meeting locked in `tx`, with what an answer needs (one read): its overview, whether the person may answer, their answer. */
  answerState(tx: Transaction, meetingId: string, user: UserIdentity): Promise<AnswerState | undefined>;
  /**
   * Records an answer and moves the waitlist up when seats freed; the meeting must be locked in `tx`.
   * `known`: the person's answer and the counts read under that lock (answerState), not read again.
   */
  answer(tx: Transaction, meeting: MeetingRecord, request: RsvpRequest, at: Date, known?: KnownBefore): Promise<RsvpOutcome>;
  /** Applies a change (times, cancellation) and bumps the version; the meeting must be locked in `tx`. */
  change(tx: Transaction, meeting: MeetingRecord, change: MeetingChange, at: Date): Promise<MeetingRecord>;
  /** A new capacity; the waitlist moves up into the new seats. The meeting must be locked in `tx`. */
  setCapacity(tx: Transaction, meeting: MeetingRecord, capacity: number | null, at: Date): Promise<readonly Registration[]>;
  setOnline(tx: Transaction | undefined, meetingId: string, online: { status: OnlineMeetingStatus; joinUrl?: string | null; eventId?: string | null }, at: Date): Promise<void>;
  /** Everyone who answered (declined included); inside `tx` when given (on the embedded database, a transaction holds the one connection). */
  registrations(meetingId: string, tx?: Transaction): Promise<Registration[]>;
  /** The live counts, inside `tx`. */
  counts(tx: Transaction, meeting: MeetingRecord): Promise<MeetingCounts>;
  summary(meetingId: string): Promise<MeetingSummary | undefined>;
  /** Marks `attended` present and the others absent: everyone registered, or only the people of `among` (one page of the card). */
  markAttendance(tx: Transaction, meetingId: string, attended: readonly UserIdentity[], at: Date, among?: readonly UserIdentity[]): Promise<number>;
  /** Deletes the dietary answers of meetings that ended before `endedBefore`; returns how many meetings. */
  purgeDietary(endedBefore: Date, at: Date): Promise<number>;
  /** Whether the person may answer: a member of the meeting's community, or one of its organisers. */
  mayAnswer(meetingId: string, user: UserIdentity): Promise<boolean>;
  /** The General channel of the community's team, when known. */
  generalChannelOf(communityId: string): Promise<string | undefined>;
  /** Community members (active) who can be invited, with the tenant of each; inside `tx` when given. */
  invitees(communityId: string, tx?: Transaction): Promise<UserIdentity[]>;
  /** The last in-person meeting held (not cancelled) and the next one planned, around `now`. */
  inPersonAround(communityId: string, now: Date): Promise<{ readonly last: Date | undefined; readonly next: Date | undefined }>;
  /** Meetings held (not cancelled) that began after `since` and by `now`, and the attendance they recorded. */
  figuresOf(communityId: string, since: Date, now: Date): Promise<MeetingFigures>;
}

export interface MeetingFigures {
  readonly held: number;
  /** People present, summed over those meetings. */
  readonly attendance: number;
}

export interface ReminderRow {
  readonly meetingId: string;
  readonly version: number;
  readonly offset: string;
  readonly dueAt: Date;
  readonly status: 'scheduled' | 'sent' | 'dropped' | 'cancelled';
  /** Which scheduling of this row its job belongs to (a cancelled reminder scheduled again is a new one). */
  readonly generation: number;
}

/** The reminders of each meeting version (storage/ implements it). */
export interface ReminderStore {
  /**
   * Cancels the scheduled reminders that are not these (older versions, offsets no longer wanted) and
   * schedules these; returns the rows newly scheduled (those already scheduled keep their job).
   */
  replace(tx: Transaction, meetingId: string, version: number, reminders: readonly { offset: string; dueAt: Date }[]): Promise<ReminderRow[]>;
  cancelAll(tx: Transaction, meetingId: string): Promise<void>;
  /** The reminder row locked in `tx`. */
  lock(tx: Transaction, meetingId: string, version: number, offset: string): Promise<ReminderRow | undefined>;
  settle(tx: Transaction, reminder: ReminderRow, status: 'sent' | 'dropped' | 'cancelled', at: Date): Promise<void>;
  /** Every reminder still scheduled (at start, each gets its job again: the job ids are deterministic). */
  scheduled(): Promise<ReminderRow[]>;
  offsetsOf(communityId: string): Promise<string[]>;
  setOffsets(communityId: string, offsets: readonly string[]): Promise<void>;
}

/** The scheduled work of meetings, as pg-boss jobs with deterministic ids (jobs/ implements it). */
export interface MeetingJobs {
  /** One job per reminder of this version, due at its time; an older version's jobs find their rows cancelled. */
  scheduleReminders(tx: Transaction | undefined, reminders: readonly ReminderRow[]): Promise<void>;
  /** Creates, moves or cancels the Teams meeting of the online part, for the meeting's current version. */
  syncOnlineMeeting(tx: Transaction, meeting: MeetingRecord): Promise<void>;
  /** Deletes the meeting's dietary answers at `at` (DIETARY_RETENTION_DAYS after it ends). */
  schedulePurge(tx: Transaction, meeting: MeetingRecord, at: Date): Promise<void>;
}

