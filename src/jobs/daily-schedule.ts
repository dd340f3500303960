/** The next time it is `hourUtc`:00 UTC after `now` (today's, if that hour has not come), and its day as YYYY-MM-DD (a daily job's key). */
export function nextDailyRun(now: Date, hourUtc: number): { readonly at: Date; readonly day: string; readonly delayMs: number } {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc));
  if (at.getTime() <= now.getTime()) at.setUTCDate(at.getUTCDate() + 1);
  return { at, day: at.toISOString().slice(0, 10), delayMs: at.getTime() - now.getTime() };
}
