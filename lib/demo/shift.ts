export const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Returns the whole number of weeks to add to the file's times so that the last flight falls in the week
 * before `now` (never after it). Whole weeks keep weekdays and hours of day as they were.
 */
export function shiftWeeksFor(lastFlightMs: number, now: Date): number {
  return Math.floor((now.getTime() - lastFlightMs) / WEEK_MS);
}

/** Returns the moment `fileMs` (the file's local time read as UTC) moved forward by `weeks` weeks. */
export function shiftedTime(fileMs: number, weeks: number): Date {
  return new Date(fileMs + weeks * WEEK_MS);
}
