import type { RsvpAnswer, SeatState } from './meeting';

/**
 * Who gets a seat. The rule runs inside the one transaction that holds the meeting's row lock
 * (storage/meeting-repository.ts), so two people answering at the same moment for the last seat are
 * decided one after the other: overbooking is impossible, not merely unlikely.
 */

/** The seat an in-person answer gets: a free seat, else the end of the waitlist. Keeping a held seat is never a question. */
export function seatFor(answer: RsvpAnswer, current: SeatState | null, confirmed: number, capacity: number | null): SeatState | null {
  if (answer !== 'in_person') return null;
  if (current === 'confirmed') return 'confirmed';
  if (current === 'waitlisted') return 'waitlisted';
  return capacity === null || confirmed < capacity ? 'confirmed' : 'waitlisted';
}

/** How many of the waitlist move up, first in line first, when seats free (an answer changed, the capacity rose). */
export function seatsToPromote(confirmed: number, capacity: number | null, waiting: number): number {
  if (waiting === 0) return 0;
  if (capacity === null) return waiting;
  return Math.max(0, Math.min(waiting, capacity - confirmed));
}
