/**
 * The tab API's shapes: what /api/… answers and accepts, shared by the server (http/tab-api*) and the tab
 * (src/tab, which imports these types only). Dates are ISO 8601 strings in UTC; texts stored in both
 * languages travel as `{ fr, en }` and the tab picks; everything the server words (problems, the meeting's
 * date line) comes in the language of the request's `Accept-Language` (fr-CA by default).
 *
 * Authentication: `Authorization: Bearer <Teams SSO token>` on every /api call except /api/public/…;
 * in local mode only, the development sign-in's session cookie instead (see /api/dev/…).
 * Lists take `?offset=0&limit=20` (limit 1–100) and answer a Page.
 * Errors are RFC 9457 problem details (`application/problem+json`).
 */

export interface LocalizedText {
  readonly fr: string;
  readonly en: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
}

/** RFC 9457, with this app's `code` (a Refusal code or an HTTP-level one) and, for forms, the problem of each field. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly code: string;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
}

/** GET /api/me */
export interface Me {
  readonly displayName: string;
  /** The language the person chose with the bot (`préférences langue`), if any: the tab's locale otherwise. */
  readonly chosenLocale: 'fr-CA' | 'en' | null;
  /** Ids of the communities the person organises (administrators: all). */
  readonly organises: readonly string[];
  readonly administrator: boolean;
  readonly signIn: 'sso' | 'development';
}

export interface CommunityRef {
  readonly id: string;
  readonly slug: string;
  readonly name: LocalizedText;
}

export interface MeetingBrief {
  readonly id: string;
  readonly title: LocalizedText;
  readonly startsAt: string;
  readonly endsAt: string;
  /** "le mardi 12 mars 2027, de 9 h à 13 h (heure de l'Est)", in the community's zone and the request's language. */
  readonly when: string;
  readonly format: 'in_person' | 'online' | 'hybrid';
  readonly location: string | null;
}

/** GET /api/communities (Page), and the `community` of a membership change. */
export interface CommunityItem extends CommunityRef {
  readonly summary: LocalizedText;
  readonly description: LocalizedText;
  readonly status: 'active' | 'en_preparation';
  readonly memberCount: number;
  readonly interestCount: number;
  readonly organisers: readonly { readonly displayName: string }[];
  readonly nextMeeting: MeetingBrief | null;
  readonly recordingCount: number;
  readonly standing: { readonly member: boolean; readonly interested: boolean };
  /** The viewer organises it (or administers the app). */
  readonly organiser: boolean;
  /** Deep link to the community's team in Teams, once it has one. */
  readonly teamUrl: string | null;
}

/** POST /api/communities/{slug}/join | /leave | /interest */
export interface MembershipChangeReply {
  readonly outcome: 'joined' | 'rejoined' | 'already_member' | 'left' | 'not_member' | 'registered' | 'already_interested';
  /** What happened, worded as the bot words it, in the request's language. */
  readonly message: string;
  readonly community: CommunityItem;
}

export type MeetingResponse = 'in_person' | 'online' | 'declined';

export interface MyAnswer {
  readonly response: MeetingResponse;
  readonly seat: 'confirmed' | 'waitlisted' | null;
  readonly waitlistPosition: number | null;
  readonly lunch: boolean | null;
  readonly dietary: string | null;
}

/** GET /api/meetings?scope=upcoming|past (Page): meetings of the viewer's communities. */
export interface MyMeeting extends MeetingBrief {
  readonly community: CommunityRef;
  readonly version: number;
  readonly cancelled: boolean;
  readonly lunchProvided: boolean;
  readonly capacity: number | null;
  readonly counts: { readonly inPerson: number; readonly online: number; readonly declined: number; readonly waitlisted: number };
  readonly answer: MyAnswer | null;
  readonly joinUrl: string | null;
  /** A signed link to the person's .ics (short-lived). */
  readonly icsUrl: string;
  /** Past meetings: their published recordings the viewer may see. */
  readonly recordings: readonly RecordingItem[];
}

/** PUT /api/meetings/{id}/answer — the same rules as the bot's RSVP card (version included). */
export interface AnswerRequest {
  readonly response: MeetingResponse;
  readonly lunch?: boolean;
  readonly dietary?: string;
  readonly version: number;
}

export interface AnswerReply {
  /** The bot's own words for the outcome (seat confirmed, waitlisted at n, stale card, …). */
  readonly message: string;
  /** Which outcome the message words: saved, waitlisted, stale_applied (saved against the changed meeting), or not saved: stale_refused, cancelled, past, too_long_dietary. */
  readonly notice: 'saved' | 'waitlisted' | 'stale_applied' | 'stale_refused' | 'cancelled' | 'past' | 'too_long_dietary';
  readonly meeting: MyMeeting;
}

export interface RecordingItem {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly speakers: readonly string[];
  readonly url: string;
  /** YYYY-MM-DD */
  readonly recordedOn: string;
  readonly visibility: 'public' | 'members';
  readonly community: CommunityRef;
  readonly meeting: { readonly id: string; readonly title: LocalizedText } | null;
  /** When the tenant deletes the Teams recording (its expiry), if known. */
  readonly expiresAt: string | null;
}

/** GET /api/recordings?q=&community=<slug>&speaker=&year=&offset=&limit= (Page, newest first) */
export interface RecordingFacets {
  readonly communities: readonly CommunityRef[];
  readonly speakers: readonly string[];
  readonly years: readonly number[];
}

/** POST /api/recordings (organisers of the community): 201 RecordingItem, 422 with `errors` per field. */
export interface PublishRecordingRequest {
  readonly community: string;
  readonly meetingId?: string;
  readonly title: string;
  readonly speakers: readonly string[];
  readonly description?: string;
  readonly url: string;
  /** YYYY-MM-DD */
  readonly recordedOn: string;
  readonly visibility: 'public' | 'members';
  /** Publishing a recording found through Graph (GET /api/recordings/candidates). */
  readonly candidateId?: string;
}

/** GET /api/communities/{slug}/health (its organisers and administrators). */
export interface CommunityHealth {
  readonly community: CommunityRef;
  /** Members at the end of each of the last 12 months, oldest first ("YYYY-MM"). */
  readonly membersOverTime: readonly { readonly month: string; readonly members: number }[];
  readonly interests: number;
  readonly meetingsHeld: number;
  /** Attended ÷ said they would come, over meetings held in the past 12 months; null when none. */
  readonly attendanceRate: number | null;
  readonly lastInPersonMeeting: string | null;
  readonly yearlyRuleMet: boolean;
}

/** GET /api/public/recordings (Page of public recordings only) and /api/public/communities (Page). No member data. */
export interface PublicCommunity {
  readonly slug: string;
  readonly name: LocalizedText;
  readonly summary: LocalizedText;
  readonly description: LocalizedText;
  readonly status: 'active' | 'en_preparation';
  readonly publicRecordingCount: number;
}
