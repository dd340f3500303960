import type { CommunityForm } from '../domain/community-form';
import type { Locale } from '../domain/model';
import type { CommunityFormField } from '../domain/refusals';
import type { Translate } from '../i18n/translator';
import { type AdaptiveCardJson, renderCard } from './render-card';

const FIELDS: readonly CommunityFormField[] = ['nameFr', 'nameEn', 'summaryFr', 'summaryEn', 'descriptionFr', 'descriptionEn', 'status', 'coOrganisers', 'guests'];

export interface FormProblems {
  /** Shown at the top of the form. */
  readonly problem?: string;
  /** Shown under each field, already in the reader's language. */
  readonly fields?: Partial<Record<CommunityFormField, string>>;
}

/**
 * The community form: every value typed so far is kept, and each problem the server found is shown
 * under its field (the client only checks required fields and lengths).
 */
export function communityFormCard(values: CommunityForm, locale: Locale, t: Translate, problems: FormProblems = {}): AdaptiveCardJson {
  const byField = <V>(value: (field: CommunityFormField) => V): Record<CommunityFormField, V> =>
    Object.fromEntries(FIELDS.map((field) => [field, value(field)])) as Record<CommunityFormField, V>;
  return renderCard('communityForm', {
    lang: locale,
    title: t('form.title'),
    intro: t('form.intro'),
    problem: problems.problem ?? '',
    labels: byField((field) => t(`form.labels.${field}`)),
    requiredMessages: byField((field) => t('form.required', { field: t(`form.labels.${field}`) })),
    placeholders: { nameFr: t('form.placeholders.nameFr'), nameEn: t('form.placeholders.nameEn'), coOrganisers: t('form.placeholders.coOrganisers') },
    choices: { active: t('form.choices.active'), en_preparation: t('form.choices.en_preparation') },
    guestChoices: { no: t('form.guestChoices.no'), yes: t('form.guestChoices.yes') },
    coOrganisersHint: t('form.coOrganisersHint'),
    values,
    errors: byField((field) => problems.fields?.[field] ?? ''),
    submit: t('form.submit'),
  });
}
