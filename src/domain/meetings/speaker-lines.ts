import type { Speaker } from './meeting';
import type { DraftProblem } from './meeting-draft';
import { oneLine } from './draft-text';

/** meeting_speakers' limits (011_meetings.sql), and how many a card lists without becoming a wall. */
export const SPEAKER_LIMITS = { count: 20, name: 120, role: 120, organisation: 120, email: 254 } as const;

/**
 * Deliberately plain: one @, no spaces or list punctuation, a dot in the domain. Exchange and Graph
 * refuse what is really wrong; this catches a name typed in the e-mail's place.
 */
const EMAIL = /^[^\s@,;<>()[\]"]+@[^\s@,;<>()[\]"]+\.[^\s@,;<>()[\]".]{2,}$/;

export const isEmail = (text: string): boolean => text.length <= SPEAKER_LIMITS.email && EMAIL.test(text);

/**
 * Reads "Name, role, organisation, e-mail", one speaker per line. Role, organisation and e-mail are
 * optional; an e-mail is recognised by its @ wherever it is last ("Ana Roy, ana@x.ca" has no role), so
 * a line with an @ anywhere else, more than four parts, no name or a part too long is refused whole.
 */
export function readSpeakerLines(text: string): { readonly speakers: Speaker[]; readonly problems: DraftProblem[] } {
  const lines = text
    .split(/\r\n|[\r\n\u2028\u2029]/)
    .map(oneLine)
    .filter((line) => line !== '');
  const speakers: Speaker[] = [];
  const problems: DraftProblem[] = [];
  if (lines.length > SPEAKER_LIMITS.count) problems.push({ field: 'speakers', code: 'too_many_speakers' });
  for (const line of lines) {
    const speaker = readSpeaker(line);
    if (speaker) speakers.push(speaker);
    else problems.push({ field: 'speakers', code: 'invalid_speaker', detail: line });
  }
  return { speakers, problems };
}

function readSpeaker(line: string): Speaker | undefined {
  const parts = line.split(',').map((part) => part.trim());
  const last = parts[parts.length - 1] ?? '';
  const email = last.includes('@') && parts.length > 1 ? last : undefined;
  if (email !== undefined) parts.pop();
  if (email !== undefined && !isEmail(email)) return undefined;
  if (parts.length > 3 || parts.some((part) => part.includes('@'))) return undefined;
  const [name = '', role = '', organisation = ''] = parts;
  if (name === '' || name.length > SPEAKER_LIMITS.name) return undefined;
  if (role.length > SPEAKER_LIMITS.role || organisation.length > SPEAKER_LIMITS.organisation) return undefined;
  return { name, role, organisation, email };
}

/** The other way, to fill the form again with a stored meeting's speakers. */
export function speakerLines(speakers: readonly Speaker[]): string {
  return speakers.map((s) => [s.name, s.role, s.organisation, s.email ?? ''].join(', ').replace(/(, )+$/, '')).join('\n');
}
