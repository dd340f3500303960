import type { CommunityWithCounts, Localized, UserIdentity } from './model';
import type { KnownPerson } from './ports';
import type { CommunityFormError, CommunityFormField, Refusal } from './refusals';
import { foldText } from './text-normalization';

/**
 * The community form as people fill it in (card, one-line command, later the tab): every field is text.
 * Reading it checks each field and says what is wrong with each, so the form can be shown again with
 * the values kept and the problems next to their fields.
 */
export interface CommunityForm {
  readonly nameFr: string;
  readonly nameEn: string;
  readonly summaryFr: string;
  readonly summaryEn: string;
  readonly descriptionFr: string;
  readonly descriptionEn: string;
  /** `active` or `en_preparation`. */
  readonly status: string;
  /** Names as Teams shows them, separated by commas, semicolons or new lines. */
  readonly coOrganisers: string;
  /** `yes` or `no`: whether external people may join the community's Teams team as guests. */
  readonly guests: string;
}

export const EMPTY_COMMUNITY_FORM: CommunityForm = {
  nameFr: '',
  nameEn: '',
  summaryFr: '',
  summaryEn: '',
  descriptionFr: '',
  descriptionEn: '',
  status: 'en_preparation',
  coOrganisers: '',
  guests: 'no',
};

/** The database's limits (001_initial_schema.sql), so a valid form always fits. */
export const COMMUNITY_FORM_LIMITS = { name: 120, summary: 300, description: 4000, coOrganisers: 10 } as const;

export interface ValidCommunityForm {
  readonly name: Localized;
  readonly summary: Localized;
  readonly description: Localized;
  readonly status: 'active' | 'en_preparation';
  readonly coOrganisers: readonly KnownPerson[];
  readonly guestsAllowed: boolean;
}

const SLUG_LENGTH = 60;

export function readCommunityForm(
  form: CommunityForm,
  people: readonly KnownPerson[],
  author: UserIdentity,
): { readonly ok: true; readonly value: ValidCommunityForm } | { readonly ok: false; readonly errors: CommunityFormError[] } {
  const errors: CommunityFormError[] = [];
  const name = (field: CommunityFormField, value: string): string => {
    const text = value.replace(/\s+/g, ' ').trim();
    if (text === '') errors.push({ field, problem: 'required' });
    else if (text.length > COMMUNITY_FORM_LIMITS.name) errors.push({ field, problem: 'too_long', max: COMMUNITY_FORM_LIMITS.name });
    else if (foldText(text) === '') errors.push({ field, problem: 'no_letters' });
    return text;
  };
  const text = (field: CommunityFormField, value: string, max: number, required: boolean): string => {
    const trimmed = value.trim();
    if (required && trimmed === '') errors.push({ field, problem: 'required' });
    else if (trimmed.length > max) errors.push({ field, problem: 'too_long', max });
    return trimmed;
  };
  const value = {
    name: { fr: name('nameFr', form.nameFr), en: name('nameEn', form.nameEn) },
    summary: {
      fr: text('summaryFr', form.summaryFr, COMMUNITY_FORM_LIMITS.summary, true),
      en: text('summaryEn', form.summaryEn, COMMUNITY_FORM_LIMITS.summary, true),
    },
    description: {
      fr: text('descriptionFr', form.descriptionFr, COMMUNITY_FORM_LIMITS.description, false),
      en: text('descriptionEn', form.descriptionEn, COMMUNITY_FORM_LIMITS.description, false),
    },
  };
  const status = form.status.trim();
  if (status !== 'active' && status !== 'en_preparation') errors.push({ field: 'status', problem: status === '' ? 'required' : 'unknown_choice' });
  const coOrganisers = matchPeople(form.coOrganisers, people, author, errors);
  const guests = form.guests.trim();
  if (guests !== 'yes' && guests !== 'no') errors.push({ field: 'guests', problem: guests === '' ? 'required' : 'unknown_choice' });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { ...value, status: status as ValidCommunityForm['status'], coOrganisers, guestsAllowed: guests === 'yes' } };
}

/**
 * Each name must be exactly one known person (case and accents aside): a near miss could make a stranger
 * an organiser. The author is an organiser anyway and is skipped.
 */
function matchPeople(list: string, people: readonly KnownPerson[], author: UserIdentity, errors: CommunityFormError[]): KnownPerson[] {
  const names = [...new Set(list.split(/[,;\n]+/).map((n) => n.replace(/\s+/g, ' ').trim()).filter((n) => n !== ''))];
  if (names.length > COMMUNITY_FORM_LIMITS.coOrganisers) {
    errors.push({ field: 'coOrganisers', problem: 'too_many', max: COMMUNITY_FORM_LIMITS.coOrganisers });
    return [];
  }
  const found = new Map<string, KnownPerson>();
  for (const name of names) {
    const folded = foldText(name);
    const matches = people.filter((p) => foldText(p.displayName) === folded);
    const [only] = matches;
    if (matches.length > 1) errors.push({ field: 'coOrganisers', problem: 'ambiguous_person', name: name.slice(0, 60) });
    else if (!only) errors.push({ field: 'coOrganisers', problem: 'unknown_person', name: name.slice(0, 60) });
    else if (!samePerson(only.user, author)) found.set(`${only.user.tenantId}/${only.user.aadObjectId}`, only);
  }
  return [...found.values()];
}

/** The first community whose French or English name already reads like one of the new names. */
export function nameClash(name: Localized, existing: readonly CommunityWithCounts[]): Refusal | undefined {
  for (const field of ['nameFr', 'nameEn'] as const) {
    const folded = foldText(field === 'nameFr' ? name.fr : name.en);
    const clash = existing.find((c) => foldText(c.name.fr) === folded || foldText(c.name.en) === folded);
    if (clash) return { code: 'community_exists', community: clash.name, status: clash.status, field };
  }
  return undefined;
}

/** A readable, unique slug from the French name: "Sécurité de l'information" → "securite-de-l-information". */
export function slugFor(name: Localized, taken: ReadonlySet<string>): string {
  const base = toSlug(name.fr) || toSlug(name.en) || 'communaute';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${cut(base, SLUG_LENGTH - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function toSlug(text: string): string {
  return cut(foldText(text).replace(/ /g, '-'), SLUG_LENGTH);
}

/** Cuts at a hyphen when it can, and never leaves one at the end. */
function cut(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const head = slug.slice(0, max);
  const lastHyphen = head.lastIndexOf('-');
  return (lastHyphen > max / 2 ? head.slice(0, lastHyphen) : head).replace(/-+$/, '');
}

export const samePerson = (a: UserIdentity, b: UserIdentity): boolean => a.tenantId === b.tenantId && a.aadObjectId === b.aadObjectId;
