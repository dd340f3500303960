import type { CommunityStatus, Localized } from './model';
import type { DraftProblem } from './meetings/meeting-draft';
import type { RecordingProblem } from './recordings/recording-form';

/**
 * The one catalogue of expected refusals. Domain calls return these as values; each edge (bot, tab API)
 * maps a code to a localised message or an HTTP status. Community names travel in both languages so the
 * edge can answer in the user's.
 */
export type Refusal =
  | { readonly code: 'missing_community_name' }
  | { readonly code: 'community_not_found'; readonly query: string; readonly suggestions: readonly Localized[] }
  | { readonly code: 'community_ambiguous'; readonly query: string; readonly candidates: readonly Localized[] }
  | { readonly code: 'community_archived'; readonly community: Localized }
  | { readonly code: 'community_in_preparation'; readonly community: Localized }
  | { readonly code: 'community_already_active'; readonly community: Localized }
  | { readonly code: 'not_organiser'; readonly action: OrganiserAction; readonly community: Localized | undefined }
  | { readonly code: 'community_exists'; readonly community: Localized; readonly status: CommunityStatus; readonly field: 'nameFr' | 'nameEn' }
  | { readonly code: 'invalid_community_form'; readonly errors: readonly CommunityFormError[] }
  /** Launching a community that is already active and has its team. */
  | { readonly code: 'community_not_in_preparation'; readonly community: Localized }
  | { readonly code: 'already_archived'; readonly community: Localized }
  /** Unarchiving a community that is not archived. */
  | { readonly code: 'not_archived'; readonly community: Localized }
  /** Unarchiving while the job archiving its team has not finished: unarchived now, the team would be archived after. */
  | { readonly code: 'team_archiving_underway'; readonly community: Localized }
  /** An external person's address that is missing or not an e-mail address (`email` is what was typed). */
  | { readonly code: 'invalid_email'; readonly email: string }
  /** No meeting has this number (or it belongs to no community the person may see). */
  | { readonly code: 'meeting_not_found'; readonly reference: string }
  | { readonly code: 'missing_meeting_reference' }
  | { readonly code: 'meeting_cancelled'; readonly title: string }
  /** Moving, cancelling or answering a meeting that has begun. */
  | { readonly code: 'meeting_started'; readonly title: string }
  /** The schedule form with each problem under its field. */
  | { readonly code: 'invalid_meeting_form'; readonly problems: readonly DraftProblem[] }
  /** Answering a meeting of a community one is not a member of. */
  | { readonly code: 'not_member'; readonly community: Localized }
  | { readonly code: 'invalid_join_url'; readonly url: string }
  | { readonly code: 'invalid_reminder_offsets'; readonly bad: string }
  | { readonly code: 'invalid_capacity'; readonly value: string }
  /** Marking who attended before the meeting has begun. */
  | { readonly code: 'attendance_too_early'; readonly title: string }
  /** The publish-recording form with each problem under its field. */
  | { readonly code: 'invalid_recording_form'; readonly problems: readonly RecordingProblem[] }
  /** This Teams recording is already in the library. */
  | { readonly code: 'recording_already_published'; readonly title: string };

/** What an organiser tried to do, so a refusal can say what only organisers may do. */
export type OrganiserAction = 'create' | 'launch' | 'archive' | 'unarchive' | 'guests' | 'invite' | 'delivery' | 'schedule' | 'meeting' | 'recording' | 'health';

export type CommunityFormField = 'nameFr' | 'nameEn' | 'summaryFr' | 'summaryEn' | 'descriptionFr' | 'descriptionEn' | 'status' | 'coOrganisers' | 'guests';

/** One problem with one field of the community form; the form is shown again with each next to its field. */
export type CommunityFormError =
  | { readonly field: CommunityFormField; readonly problem: 'required' | 'no_letters' }
  /** A value that is none of the field's choices; each choice field says which choices it has. */
  | { readonly field: 'status' | 'guests'; readonly problem: 'unknown_choice' }
  | { readonly field: CommunityFormField; readonly problem: 'too_long' | 'too_many'; readonly max: number }
  | { readonly field: 'coOrganisers'; readonly problem: 'unknown_person' | 'ambiguous_person'; readonly name: string };

export type RefusalCode = Refusal['code'];

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly refusal: Refusal };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const refuse = <T = never>(refusal: Refusal): Result<T> => ({ ok: false, refusal });
