import type { Locale } from '../domain/model';
import type { RecordingField, RecordingProblem } from '../domain/recordings/recording-form';
import type { Translate } from '../i18n/translator';
import { formatDay } from './date-format';
import { plainText } from './plain-text';
import type { AdaptiveCardJson } from './render-card';

/** What the publish form shows: the community, what is typed so far, the meetings to choose from, and each problem. */
export interface RecordingFormView {
  readonly communitySlug: string;
  readonly communityName: string;
  readonly timeZone: string;
  readonly values: Readonly<Partial<Record<RecordingField, string>>>;
  readonly meetings: readonly { readonly meetingId: string; readonly title: string; readonly startsAt: Date }[];
  readonly problems: readonly RecordingProblem[];
  /** Publishing a recording found through Graph: carried by the submit button, never typed. */
  readonly graphRecordingId?: string | undefined;
}

/**
 * The `publier-enregistrement` form (the bot's door to publishRecording): title, speakers (comma- or
 * line-separated), description, link (https), recorded date, visibility, and optionally one of the
 * community's past meetings; each problem in red under its field. Values are input values (not Markdown).
 */
export function recordingFormCard(view: RecordingFormView, locale: Locale, t: Translate, problemText: (p: RecordingProblem) => string): AdaptiveCardJson {
  const value = (field: RecordingField): string => view.values[field] ?? '';
  const under = (field: RecordingField): object[] =>
    view.problems
      .filter((p) => p.field === field)
      .map((p) => ({ type: 'TextBlock', text: plainText(problemText(p)), color: 'Attention', wrap: true, spacing: 'None', size: 'Small' }));
  const label = (field: RecordingField): string => t(`recordingForm.labels.${field}`);
  const input = (field: RecordingField, extra: object): object[] => [{ id: field, label: label(field), value: value(field), ...extra }, ...under(field)];
  const body: object[] = [
    { type: 'TextBlock', text: plainText(t('recordings.form.title', { community: view.communityName })), size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' },
    ...(view.problems.length > 0 ? [{ type: 'TextBlock', text: plainText(t('recordings.form.problems')), color: 'Attention', wrap: true }] : []),
    ...input('meeting', {
      type: 'Input.ChoiceSet',
      style: 'compact',
      placeholder: t('recordings.form.noMeeting'),
      choices: view.meetings.map((m) => ({ title: `${m.title} (${formatDay(m.startsAt, view.timeZone, locale)})`, value: m.meetingId })),
    }),
    ...input('title', { type: 'Input.Text', maxLength: 200, isRequired: true, errorMessage: t('recordingForm.errors.required') }),
    ...input('speakers', { type: 'Input.Text', isMultiline: true, placeholder: t('recordings.form.speakersHint') }),
    ...input('description', { type: 'Input.Text', isMultiline: true, maxLength: 2000 }),
    ...input('url', { type: 'Input.Text', style: 'Url', placeholder: 'https://', isRequired: true, errorMessage: t('recordingForm.errors.required') }),
    ...input('recordedOn', { type: 'Input.Date' }),
    ...input('visibility', {
      type: 'Input.ChoiceSet',
      style: 'expanded',
      choices: [
        { title: t('recordings.form.public'), value: 'public' },
        { title: t('recordings.form.members'), value: 'members' },
      ],
    }),
  ];
  const data = { community: view.communitySlug, lang: locale, ...(view.graphRecordingId ? { recording: view.graphRecordingId } : {}) };
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    actions: [
      {
        type: 'Action.Execute',
        title: t('recordings.form.submit'),
        verb: 'recording.submit',
        style: 'positive',
        data,
        fallback: { type: 'Action.Submit', title: t('recordings.form.submit'), data: { verb: 'recording.submit', ...data } },
      },
    ],
  };
}

/** What the organiser sees once it is published. */
export function recordingPublishedText(title: string, community: string, t: Translate): string {
  return t('recordings.form.published', { title, community });
}
