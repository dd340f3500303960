import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';

/** A date (and maybe times) read from free text, as the community's local wall clock. */
export interface ParsedWhen {
  /** Local date in the community's zone, yyyy-MM-dd. */
  readonly date: string;
  /** Local times, HH:mm; undefined when the text gave none. */
  readonly start: string | undefined;
  readonly end: string | undefined;
  /** Where the date expression sits in the text given (so callers can take the words around it). */
  readonly index: number;
  readonly length: number;
}

export interface WhenOptions {
  /** The community's IANA zone: the text is read as that zone's wall clock. */
  readonly zone: string;
  readonly now: Date;
  /** The language tried first when both read the text equally well. */
  readonly locale?: 'fr-CA' | 'en';
}

/**
 * Reads "12 mars 2027 de 9 h à 13 h", "next Tuesday 2pm", "demain 10h" and the like.
 *
 * chrono only knows time-zone abbreviations, not IANA names, and otherwise works in the machine's zone;
 * so it is handed the zone's offset at `now` (its reference wall clock is then the community's), and its
 * answer is taken as wall-clock components (year, month, day, hour, minute) rather than as an instant:
 * the caller turns them into UTC in the zone with Luxon, DST included. (chrono shifts a time given with
 * an explicit zone, "9am EST", to that reference offset itself.)
 *
 * Both the French and the English parsers read the text; the longer match wins (French chrono skips
 * "next Tuesday"). On a tie, a reading without an explicit zone wins — English chrono takes the "h" of
 * "9h" for the military zone H (UTC+8) — and then the hinted language ("12/03/2027" is 12 March in
 * French, 3 December in English).
 */
export function parseWhen(text: string, options: WhenOptions): ParsedWhen | undefined {
  const normalised = normaliseFrenchHours(text);
  const offset = DateTime.fromJSDate(options.now, { zone: options.zone }).offset;
  const reference = { instant: options.now, timezone: offset };
  const hinted = options.locale ?? 'fr-CA';
  const order = hinted === 'en' ? [chrono.en, chrono.fr] : [chrono.fr, chrono.en];
  let best: chrono.ParsedResult | undefined;
  for (const parser of order) {
    const found = parser.parse(normalised.text, reference, { forwardDate: true })[0];
    if (found && (!best || reads(found) > reads(best))) best = found;
  }
  if (!best) return undefined;
  const date = wallClock(best.start);
  if (!date.isValid) return undefined;
  const start = best.start.isCertain('hour') ? date.toFormat('HH:mm') : undefined;
  const end = best.end && best.end.isCertain('hour') && start !== undefined ? wallClock(best.end).toFormat('HH:mm') : undefined;
  const from = normalised.startOf(best.index);
  const to = normalised.endOf(best.index + best.text.length - 1);
  return { date: date.toFormat('yyyy-MM-dd'), start, end, index: from, length: to - from };
}

/** How well a reading covers the text: its length, and half a point for not naming a zone. */
const reads = (result: chrono.ParsedResult): number => result.text.length + (result.start.isCertain('timezoneOffset') ? 0 : 0.5);

/** The components as a zone-less wall clock (a UTC DateTime used only for its fields). */
function wallClock(components: chrono.ParsedComponents): DateTime {
  const field = (name: chrono.Component): number => components.get(name) ?? 0;
  return DateTime.fromObject(
    { year: field('year'), month: field('month'), day: field('day'), hour: field('hour'), minute: field('minute') },
    { zone: 'UTC' },
  );
}

interface NormalisedText {
  readonly text: string;
  /** Index in the original text of the character at `index` of the normalised one. */
  startOf(index: number): number;
  /** Index in the original text just after the character at `index` of the normalised one. */
  endOf(index: number): number;
}

/**
 * French chrono reads "9h" and "14h30" but stops at "9 h" and reads "9 h 30" as 9:00 (checked on 2.10.3:
 * "12 mars 2027 à 9 h 30" gave 9:00 and "de 9 h à 13 h" lost both times); Québec typography writes
 * "9 h 30". So "9 h", "9 h 30", "9 heures" become "9h", "9h30", "9h" — keeping a map back to the
 * original positions so the expression's place in the text given stays exact.
 */
export function normaliseFrenchHours(text: string): NormalisedText {
  const pattern = /(?<!\d)(\d{1,2})\s*h(?:eures?)?(?:\s*(\d{2}))?(?![\p{L}\d])/giu;
  let out = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let last = 0;
  const keep = (until: number): void => {
    for (let i = last; i < until; i++) {
      out += text[i];
      starts.push(i);
      ends.push(i + 1);
    }
  };
  for (const match of text.matchAll(pattern)) {
    const at = match.index;
    keep(at);
    const replacement = `${match[1] ?? ''}h${match[2] ?? ''}`;
    for (const char of replacement) {
      out += char;
      starts.push(at);
      ends.push(at + match[0].length);
    }
    last = at + match[0].length;
  }
  keep(text.length);
  return {
    text: out,
    startOf: (index) => starts[index] ?? text.length,
    endOf: (index) => ends[index] ?? text.length,
  };
}
