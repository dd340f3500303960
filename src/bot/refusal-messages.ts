import { type Locale, type Localized, pick } from '../domain/model';
import type { CommunityFormError, CommunityFormField, Refusal } from '../domain/refusals';
import type { RecordingProblem } from '../domain/recordings/recording-form';
import type { Translate } from '../i18n/translator';
import { problemText } from '../cards/meeting-form-cards';

const quoteList = (names: readonly Localized[], locale: Locale): string =>
  names.map((n) => (locale === 'en' ? `"${pick(n, locale)}"` : `« ${pick(n, locale)} »`)).join(', ');

/** The user-facing sentence for each refusal in the catalogue. */
export function refusalMessage(refusal: Refusal, locale: Locale, t: Translate, example: string): string {
  switch (refusal.code) {
    case 'missing_community_name':
      return t('refusals.missing_community_name', { example });
    case 'community_not_found':
      return refusal.suggestions.length > 0
        ? t('refusals.community_not_found_suggestions', { query: refusal.query, suggestions: quoteList(refusal.suggestions, locale) })
        : t('refusals.community_not_found', { query: refusal.query });
    case 'community_ambiguous':
      return t('refusals.community_ambiguous', { query: refusal.query, candidates: quoteList(refusal.candidates, locale) });
    case 'community_archived':
    case 'community_in_preparation':
    case 'community_already_active':
    case 'community_not_in_preparation':
    case 'already_archived':
    case 'not_archived':
    case 'team_archiving_underway':
      return t(`refusals.${refusal.code}`, { community: pick(refusal.community, locale) });
    case 'not_organiser':
      return refusal.community
        ? t(`refusals.not_organiser.${refusal.action}`, { community: pick(refusal.community, locale) })
        : t('refusals.not_organiser.create');
    case 'community_exists':
      return t('refusals.community_exists', { community: pick(refusal.community, locale), status: t(`status.${refusal.status}`) });
    case 'invalid_email':
      return refusal.email === '' ? t('refusals.missing_email', { example }) : t('refusals.invalid_email', { email: refusal.email, example });
    case 'meeting_not_found':
      return t('refusals.meeting_not_found', { reference: refusal.reference.slice(0, 40) });
    case 'missing_meeting_reference':
      return t('refusals.missing_meeting_reference', { example });
    case 'meeting_cancelled':
    case 'meeting_started':
    case 'attendance_too_early':
      return t(`refusals.${refusal.code}`, { title: refusal.title });
    case 'invalid_meeting_form':
      return t('refusals.invalid_meeting_form', { problems: refusal.problems.map((p) => problemText(p, t)).join(' ') });
    case 'not_member':
      return t('refusals.not_member', { community: pick(refusal.community, locale) });
    case 'invalid_join_url':
      return t('refusals.invalid_join_url', { url: refusal.url, example });
    case 'invalid_reminder_offsets':
      return t('refusals.invalid_reminder_offsets', { bad: refusal.bad, example });
    case 'invalid_capacity':
      return t('refusals.invalid_capacity', { value: refusal.value, example });
    case 'invalid_recording_form':
      return t('refusals.invalid_recording_form', {
        problems: refusal.problems.map((p) => t('form.fieldProblem', { field: t(`recordingForm.labels.${p.field}`), message: recordingProblemText(p, t) })).join(' '),
      });
    case 'recording_already_published':
      return t('refusals.recording_already_published', { title: refusal.title });
    case 'invalid_community_form':
      return t('refusals.invalid_community_form', {
        problems: refusal.errors.map((error) => t('form.fieldProblem', { field: t(`form.labels.${error.field}`), message: formErrorMessage(error, t) })).join(' '),
      });
  }
}

/** The message shown under a field of the publish-recording form (bot card or tab), without the field's name. */
export function recordingProblemText(problem: RecordingProblem, t: Translate): string {
  return t(`recordingForm.errors.${problem.code}`, { max: problem.max });
}

/** The message shown under a form field, without the field's name. */
export function formErrorMessage(error: CommunityFormError, t: Translate): string {
  switch (error.problem) {
    case 'too_long':
    case 'too_many':
      return t(`form.errors.${error.problem}`, { max: error.max });
    case 'unknown_person':
    case 'ambiguous_person':
      return t(`form.errors.${error.problem}`, { name: error.name });
    case 'unknown_choice':
      return t(`form.errors.unknown_choice.${error.field}`);
    default:
      return t(`form.errors.${error.problem}`);
  }
}

/** Each field's problems, in one sentence per field, ready for the form card. */
export function formErrorsByField(errors: readonly CommunityFormError[], t: Translate): Partial<Record<CommunityFormField, string>> {
  const byField: Partial<Record<CommunityFormField, string>> = {};
  for (const error of errors) {
    const message = formErrorMessage(error, t);
    byField[error.field] = byField[error.field] ? `${byField[error.field]} ${message}` : message;
  }
  return byField;
}
