import type { DraftField, DraftProblem, MeetingDraft } from '../domain/meetings/meeting-draft';
import type { MeetingCategory, MeetingFormat } from '../domain/meetings/meeting';
import type { Locale } from '../domain/model';
import type { Translate } from '../i18n/translator';
import { zoneName } from './date-format';
import { plainText } from './plain-text';
import { type AdaptiveCardJson, renderCard } from './render-card';

export interface MeetingFormInput {
  readonly communitySlug: string;
  readonly communityName: string;
  readonly draft: MeetingDraft;
  readonly problems: readonly DraftProblem[];
  /** The community's IANA zone: the times typed are in it. */
  readonly timeZone: string;
}

const FIELDS: readonly DraftField[] = ['category', 'format', 'title', 'agenda', 'location', 'date', 'start', 'end', 'capacity', 'speakers'];
const CATEGORIES: readonly MeetingCategory[] = ['official', 'activity'];
const FORMATS: readonly MeetingFormat[] = ['in_person', 'online', 'hybrid'];

/**
 * The meeting form: every value typed so far is kept and each problem the server found is shown right
 * under its field, with a line at the top saying how many there are. Nothing is marked isRequired,
 * because the client would then block "meeting.formKind" (which re-renders the form for the chosen
 * category from the values typed so far) until every required field is filled: validateDraft checks
 * them on "meeting.schedule" instead. The input ids are the MeetingDraft's field names.
 */
export function meetingFormCard(input: MeetingFormInput, locale: Locale, t: Translate): AdaptiveCardJson {
  const { draft, problems } = input;
  // The generic name ("heure de l’Est") is the same all year: any day of the meeting's will do.
  const zone = zoneName(dayOf(draft.date), input.timeZone, locale);
  const byField = (value: (field: DraftField) => string): Record<DraftField, string> =>
    Object.fromEntries(FIELDS.map((field) => [field, value(field)])) as Record<DraftField, string>;
  return renderCard('meetingForm', {
    lang: locale,
    community: input.communitySlug,
    title: t('meetings.form.title', { community: plainText(input.communityName) }),
    intro: t('meetings.form.intro', { zone }),
    problem: problems.length > 0 ? t('meetings.form.problems', { count: new Set(problems.map((p) => p.field)).size }) : '',
    categoryHint: t(`meetings.form.hints.${draft.category}`),
    labels: {
      ...byField((field) => t(`meetings.form.labels.${field}`, { zone })),
      lunchProvided: t('meetings.form.labels.lunchProvided'),
      inviteSpeakersAsGuests: t('meetings.form.labels.inviteSpeakersAsGuests'),
    },
    placeholders: {
      title: t('meetings.form.placeholders.title'),
      agenda: t('meetings.form.placeholders.agenda'),
      location: t('meetings.form.placeholders.location'),
      capacity: t('meetings.form.placeholders.capacity'),
      speakers: t('meetings.form.placeholders.speakers'),
    },
    choices: {
      category: CATEGORIES.map((value) => ({ title: t(`meetings.categories.${value}`), value })),
      format: FORMATS.map((value) => ({ title: t(`meetings.formats.${value}`), value })),
    },
    // Input values are not Markdown: they go as typed.
    values: { ...draft, lunchProvided: String(draft.lunchProvided), inviteSpeakersAsGuests: String(draft.inviteSpeakersAsGuests) },
    errors: byField((field) =>
      problems
        .filter((p) => p.field === field)
        .map((p) => problemText(p, t))
        .join(' '),
    ),
    submit: t('meetings.form.submit'),
    formKind: t('meetings.form.formKind'),
  });
}

/** A problem in the reader's words, with the offending part as typed when there is one. */
export function problemText(problem: DraftProblem, t: Translate): string {
  const words = t(`meetings.problems.${problem.code}`);
  return problem.detail ? t('meetings.problems.withDetail', { problem: words, detail: plainText(problem.detail) }) : words;
}

/** The draft's day at noon UTC, or a fixed day when the date is not one yet (the card never reads the clock). */
function dayOf(date: string): Date {
  const day = new Date(`${date}T12:00:00Z`);
  return Number.isNaN(day.getTime()) ? new Date(Date.UTC(2000, 0, 1)) : day;
}
