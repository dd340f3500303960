import { DateTime } from 'luxon';
import { foldText } from '../text-normalization';

/**
 * When reminders go, as codes a community stores (communities.reminder_offsets, checked there by
 * ^[0-9]{1,3}[dhm]$ and at most five): '7d' is 9:00 local seven calendar days before, '2h' and '30m'
 * exact durations before the start.
 */
export const DEFAULT_REMINDER_OFFSETS: readonly string[] = ['7d', '1d'];
export const MAX_REMINDER_OFFSETS = 5;
export const REMINDER_OFFSET_PATTERN = /^[0-9]{1,3}[dhm]$/;
/** Day reminders go at this local hour: a morning message, not one at the minute of the meeting. */
export const DAY_REMINDER_HOUR = 9;

export type ReminderOffsetsReading =
  | { readonly ok: true; readonly offsets: string[] }
  | { readonly ok: false; readonly bad: string; readonly reason: 'unreadable' | 'too_many' };

const UNITS: ReadonlyArray<readonly [RegExp, 'd' | 'h' | 'm', number]> = [
  [/^(semaines?|sem|weeks?|w)$/, 'd', 7],
  [/^(jours?|j|days?|d)$/, 'd', 1],
  [/^(heures?|hours?|hrs?|h)$/, 'h', 1],
  [/^(minutes?|mins?|m)$/, 'm', 1],
];
const NONE = /^(aucun|aucune|aucun rappel|none|no reminders?)$/;

/**
 * Reads what an organiser typed ("7 jours et 1 jour", "7d, 1d, 2 hours", "1 semaine") into codes, longest
 * first, each once. Empty text or "aucun"/"none" is no reminder at all. `bad` is the first part that is
 * not a delay (as typed), or, past five, the sixth delay.
 */
export function parseReminderOffsets(text: string): ReminderOffsetsReading {
  const folded = foldText(text);
  if (folded === '' || NONE.test(folded)) return { ok: true, offsets: [] };
  const parts = text
    .split(/[,;]|\s+(?:et|and)\s+|\s+/i)
    .map((part) => part.trim())
    .filter((part) => part !== '' && !/^(et|and)$/i.test(part));
  const codes: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    let number: string | undefined;
    let unit: string;
    let typed = part;
    const joined = /^(\d{1,3})\s*([\p{L}]+)$/u.exec(part);
    if (joined) {
      number = joined[1];
      unit = joined[2] ?? '';
    } else if (/^\d{1,3}$/.test(part) && i + 1 < parts.length) {
      number = part;
      unit = parts[i + 1] ?? '';
      typed = `${part} ${unit}`;
      i++;
    } else return { ok: false, bad: part, reason: 'unreadable' };
    const code = codeFor(Number(number), foldText(unit));
    if (!code) return { ok: false, bad: typed, reason: 'unreadable' };
    if (!codes.includes(code)) codes.push(code);
  }
  codes.sort((a, b) => offsetMinutes(b) - offsetMinutes(a) || unitRank(a) - unitRank(b));
  if (codes.length > MAX_REMINDER_OFFSETS) return { ok: false, bad: codes[MAX_REMINDER_OFFSETS] ?? '', reason: 'too_many' };
  return { ok: true, offsets: codes };
}

function codeFor(amount: number, unit: string): string | undefined {
  const known = UNITS.find(([words]) => words.test(unit));
  if (!known || amount < 1) return undefined;
  const code = `${amount * known[2]}${known[1]}`;
  return REMINDER_OFFSET_PATTERN.test(code) ? code : undefined;
}

const MINUTES = { d: 24 * 60, h: 60, m: 1 } as const;
/** The offset's nominal length, to sort and compare codes ('1d' and '24h' are both 1 440). */
export function offsetMinutes(offset: string): number {
  const { amount, unit } = readOffset(offset);
  return amount * MINUTES[unit];
}
const unitRank = (offset: string): number => 'dhm'.indexOf(offset.slice(-1));

function readOffset(offset: string): { amount: number; unit: 'd' | 'h' | 'm' } {
  if (!REMINDER_OFFSET_PATTERN.test(offset)) throw new Error(`Not a reminder offset: ${JSON.stringify(offset)}`);
  return { amount: Number(offset.slice(0, -1)), unit: offset.slice(-1) as 'd' | 'h' | 'm' };
}

/**
 * When the reminder of a meeting starting at `startsAt` is due.
 *
 * Day offsets: 9:00 in the community's zone on the calendar day N days before the start's local date,
 * so "7d" before a Tuesday 9 November meeting is Tuesday 2 November at 9:00 whether or not the clocks
 * changed between (in Toronto that is 13:00Z one week, 14:00Z the other). That moment is before the start
 * for any N ≥ 1; for '0d' (the stored pattern allows it, the reading above does not) with a meeting before
 * 9:00 it would not be, and the reminder then falls back to N × 24 h before the start (the start itself).
 * Hour and minute offsets: that exact duration before the start, on the UTC time line.
 */
export function reminderDueAt(startsAt: Date, offset: string, zone: string): Date {
  const { amount, unit } = readOffset(offset);
  const start = DateTime.fromJSDate(startsAt, { zone });
  if (unit === 'h' || unit === 'm') return start.minus({ [unit === 'h' ? 'hours' : 'minutes']: amount }).toJSDate();
  const morning = start.startOf('day').minus({ days: amount }).set({ hour: DAY_REMINDER_HOUR, minute: 0 });
  if (morning < start) return morning.toJSDate();
  return new Date(startsAt.getTime() - amount * 24 * 3600_000);
}
