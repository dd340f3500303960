import { DateTime } from 'luxon';
import { foldText } from '../text-normalization';
import { RECORDING_VISIBILITIES, type RecordingVisibility } from './recording';

/** What the organiser filled in (the bot's form card or the tab's), as text. */
export interface RecordingDraft {
  readonly title: string;
  /** Names separated by commas, semicolons or new lines; or a list. */
  readonly speakers: string | readonly string[];
  readonly description: string;
  readonly url: string;
  /** yyyy-MM-dd */
  readonly recordedOn: string;
  readonly visibility: string;
}

export type RecordingField = 'title' | 'speakers' | 'description' | 'url' | 'recordedOn' | 'visibility' | 'meeting';
export type RecordingProblemCode = 'required' | 'too_long' | 'too_many' | 'invalid_url' | 'invalid_date' | 'in_the_future' | 'unknown_choice' | 'not_found';

export interface RecordingProblem {
  readonly field: RecordingField;
  readonly code: RecordingProblemCode;
  readonly max?: number;
}

export interface CheckedRecording {
  readonly title: string;
  readonly speakers: readonly string[];
  readonly description: string;
  readonly url: string;
  readonly recordedOn: string;
  readonly visibility: RecordingVisibility;
}

export const RECORDING_LIMITS = { title: 200, description: 2000, speakers: 20, speaker: 120, url: 2000 } as const;

export type RecordingCheck = { readonly ok: true; readonly value: CheckedRecording } | { readonly ok: false; readonly problems: readonly RecordingProblem[] };

/** Every problem of the draft at once, each under its field; `today` is the community's local date (yyyy-MM-dd). */
export function checkRecordingDraft(draft: RecordingDraft, today: string): RecordingCheck {
  const problems: RecordingProblem[] = [];
  const title = draft.title.trim();
  if (title === '') problems.push({ field: 'title', code: 'required' });
  else if (title.length > RECORDING_LIMITS.title) problems.push({ field: 'title', code: 'too_long', max: RECORDING_LIMITS.title });

  const speakers = speakerNames(draft.speakers);
  if (speakers.length > RECORDING_LIMITS.speakers) problems.push({ field: 'speakers', code: 'too_many', max: RECORDING_LIMITS.speakers });
  else if (speakers.some((s) => s.length > RECORDING_LIMITS.speaker)) problems.push({ field: 'speakers', code: 'too_long', max: RECORDING_LIMITS.speaker });

  const description = draft.description.trim();
  if (description.length > RECORDING_LIMITS.description) problems.push({ field: 'description', code: 'too_long', max: RECORDING_LIMITS.description });

  const url = draft.url.trim();
  if (url === '') problems.push({ field: 'url', code: 'required' });
  else if (url.length > RECORDING_LIMITS.url) problems.push({ field: 'url', code: 'too_long', max: RECORDING_LIMITS.url });
  else if (!isHttpsUrl(url)) problems.push({ field: 'url', code: 'invalid_url' });

  const recordedOn = draft.recordedOn.trim();
  const day = DateTime.fromFormat(recordedOn, 'yyyy-MM-dd', { zone: 'utc' });
  if (recordedOn === '') problems.push({ field: 'recordedOn', code: 'required' });
  else if (!day.isValid) problems.push({ field: 'recordedOn', code: 'invalid_date' });
  else if (recordedOn > today) problems.push({ field: 'recordedOn', code: 'in_the_future' });

  const visibility = RECORDING_VISIBILITIES.find((v) => v === draft.visibility.trim());
  if (!visibility) problems.push({ field: 'visibility', code: 'unknown_choice' });

  if (problems.length > 0 || !visibility) return { ok: false, problems };
  return { ok: true, value: { title, speakers, description, url, recordedOn, visibility } };
}

/** "Ana Roy, Luc Tremblay; Zoé" or one per line: trimmed, empty ones and repeats (ignoring case and accents) dropped. */
export function speakerNames(speakers: string | readonly string[]): string[] {
  const parts = typeof speakers === 'string' ? speakers.split(/[,;\n]/) : speakers;
  const seen = new Set<string>();
  const names: string[] = [];
  for (const part of parts) {
    const name = part.replace(/\s+/g, ' ').trim();
    const key = foldText(name);
    if (name === '' || seen.has(key)) continue;
    seen.add(key);
    names.push(name);
  }
  return names;
}

function isHttpsUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.hostname.includes('.') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** What the full-text index reads: every searchable text folded the way search words are (foldText). */
export function searchTextOf(parts: readonly string[]): string {
  return parts.map(foldText).filter((p) => p !== '').join(' ');
}

/** The words of a search, folded; at most 8, each at most 40 characters (a query is not a document). */
export function searchWords(text: string | undefined): string[] {
  if (!text) return [];
  return foldText(text)
    .split(' ')
    .filter((w) => w !== '')
    .slice(0, 8)
    .map((w) => w.slice(0, 40));
}
