import type { UserIdentity } from '../model';

/**
 * A meeting of a community, as the source document describes its rhythm: at least one official
 * in-person meeting a year (9:00–13:00, lunch provided, a neutral venue, invited experts) and any number
 * of activities between (online or in person). Times are UTC instants; they are computed and shown in
 * the community's IANA zone.
 */
export type MeetingCategory = 'official' | 'activity';
/** How people take part: in person, online (a Teams meeting), or in person with an online stream. */
export type MeetingFormat = 'in_person' | 'online' | 'hybrid';
export type MeetingStatus = 'scheduled' | 'cancelled';

/**
 * The Teams meeting of the online part: none (in person only), being created through Graph, created
 * (join link known), not permitted (the tenant did not grant the calendar permission or access
 * policy: the organiser adds the link with `lien`), failed, or a link the organiser gave by hand.
 */
export type OnlineMeetingStatus = 'none' | 'pending' | 'created' | 'not_permitted' | 'failed' | 'manual';

export interface Speaker {
  readonly name: string;
  readonly role: string;
  readonly organisation: string;
  /** Set when the organiser gave one: the speaker is then invited by e-mail (as a guest when asked). */
  readonly email: string | undefined;
}

export interface MeetingRecord {
  readonly id: string;
  readonly communityId: string;
  readonly tenantId: string | null;
  readonly category: MeetingCategory;
  readonly format: MeetingFormat;
  readonly title: string;
  readonly agenda: string;
  readonly location: string | null;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly lunchProvided: boolean;
  readonly capacity: number | null;
  readonly status: MeetingStatus;
  readonly version: number;
  readonly onlineStatus: OnlineMeetingStatus;
  readonly joinUrl: string | null;
  readonly calendarOwner: string | null;
  readonly calendarEventId: string | null;
  readonly speakers: readonly Speaker[];
  readonly createdBy: string | null;
  readonly cancelledAt: Date | null;
}

/** What a person answered. */
export type RsvpAnswer = 'in_person' | 'online' | 'declined';
/** In person: a seat held, or a place on the waitlist. */
export type SeatState = 'confirmed' | 'waitlisted';

export interface Registration {
  readonly meetingId: string;
  readonly user: UserIdentity;
  readonly displayName: string | null;
  readonly answer: RsvpAnswer;
  readonly seat: SeatState | null;
  /** 1 for the first person waiting, in arrival order (computed, not the stored sequence value). */
  readonly waitlistRank: number | null;
  readonly lunch: boolean | null;
  /** Only ever read for the person themselves and for the community's organisers. */
  readonly dietary: string | null;
  readonly attended: boolean | null;
  readonly answeredAt: Date;
}

/** The live counts every card shows. */
export interface MeetingCounts {
  readonly confirmed: number;
  readonly waitlisted: number;
  readonly online: number;
  readonly declined: number;
  readonly lunches: number;
  /** Seats left (null: no capacity set). */
  readonly seatsLeft: number | null;
}

export const NO_COUNTS: MeetingCounts = { confirmed: 0, waitlisted: 0, online: 0, declined: 0, lunches: 0, seatsLeft: null };

/** A meeting with what cards and lists show about it. */
export interface MeetingOverview {
  readonly meeting: MeetingRecord;
  readonly communityName: { readonly fr: string; readonly en: string };
  readonly communitySlug: string;
  readonly timeZone: string;
  readonly counts: MeetingCounts;
}

/** Whether the format has an in-person part (seats, lunch) and an online part (a Teams meeting). */
export const hasInPersonPart = (format: MeetingFormat): boolean => format !== 'online';
export const hasOnlinePart = (format: MeetingFormat): boolean => format !== 'in_person';

/** The organiser's summary (`bilan`): who comes how, the waitlist, lunch and dietary needs. */
export interface MeetingSummary {
  readonly overview: MeetingOverview;
  /** In person with a seat, in arrival order. */
  readonly confirmed: readonly Registration[];
  /** Waiting for a seat, first in line first. */
  readonly waitlist: readonly Registration[];
  readonly online: readonly Registration[];
  readonly declined: readonly Registration[];
  /** Confirmed people who want lunch. */
  readonly lunchCount: number;
  /** Dietary needs of confirmed people who want lunch (organisers only; purged after the meeting). */
  readonly dietaryNeeds: readonly { readonly name: string; readonly needs: string }[];
  /** True once the dietary answers were deleted (DIETARY_RETENTION_DAYS after the meeting). */
  readonly dietaryPurged: boolean;
  /** True once the organiser marked who attended. */
  readonly attendanceMarked: boolean;
}
