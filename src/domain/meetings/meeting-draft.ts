import type { MeetingCategory, MeetingFormat, Speaker } from './meeting';

/**
 * What the organiser filled in (the form card or the one-line form), as text: checked by validateDraft
 * (meeting-form.ts) into a MeetingPlan or handed back with each problem under its field.
 */
export interface MeetingDraft {
  readonly category: MeetingCategory;
  readonly format: MeetingFormat;
  readonly title: string;
  readonly agenda: string;
  /** Venue of the in-person part. */
  readonly location: string;
  /** Local date in the community's zone, yyyy-MM-dd (Input.Date's value). */
  readonly date: string;
  /** Local times, HH:mm (Input.Time's value). */
  readonly start: string;
  readonly end: string;
  readonly lunchProvided: boolean;
  /** Empty: no limit. */
  readonly capacity: string;
  /** One speaker per line: "Name, role, organisation, e-mail" (the last three optional). */
  readonly speakers: string;
  /** Speakers with an e-mail are invited as guests of the community (the `inviter` path). */
  readonly inviteSpeakersAsGuests: boolean;
}

export type DraftField = 'category' | 'format' | 'title' | 'agenda' | 'location' | 'date' | 'start' | 'end' | 'capacity' | 'speakers';

/** Why a field was refused; the doors word each one in the person's language. */
export type DraftProblemCode =
  | 'required'
  | 'too_long'
  | 'invalid_date'
  | 'invalid_time'
  | 'in_the_past'
  | 'end_before_start'
  | 'too_long_meeting'
  | 'invalid_capacity'
  | 'invalid_speaker'
  | 'too_many_speakers'
  | 'unparsed_when';

export interface DraftProblem {
  readonly field: DraftField;
  readonly code: DraftProblemCode;
  /** The offending part (a speaker's line, the text that could not be read as a date), as typed. */
  readonly detail?: string;
}

/** A draft that passed every check: what is stored. */
export interface MeetingPlan {
  readonly category: MeetingCategory;
  readonly format: MeetingFormat;
  readonly title: string;
  readonly agenda: string;
  /** null for online-only meetings. */
  readonly location: string | null;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly lunchProvided: boolean;
  readonly capacity: number | null;
  readonly speakers: readonly Speaker[];
  readonly inviteSpeakersAsGuests: boolean;
}

export type DraftCheck = { readonly ok: true; readonly plan: MeetingPlan } | { readonly ok: false; readonly problems: readonly DraftProblem[] };

/** The seed's venue for official meetings (communautes-de-pratique.txt). */
export const NEUTRAL_VENUE = 'Cœur des sciences, complexe Pierre-Dansereau';
