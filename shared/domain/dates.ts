/** Calendar-date arithmetic on YYYY-MM-DD strings, in UTC so it never drifts with DST. */

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The calendar date it is now in a time zone: the MSP's "tonight". */
export function dateInZone(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * The instant a calendar date begins in a time zone, as an ISO string: the start of the MSP's
 * day, e.g. 2026-03-01 begins at 2026-02-28T11:00:00.000Z in Auckland (UTC+13).
 */
export function startOfDayInZone(date: string, timeZone: string): string {
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  // The offset at the guess, then at the corrected instant: the second pass settles a DST change.
  let at = midnightUtc;
  for (let pass = 0; pass < 2; pass++) at = midnightUtc - offsetMs(new Date(at), timeZone);
  return new Date(at).toISOString();
}

/** How far a zone's wall clock is ahead of UTC at an instant. */
function offsetMs(instant: Date, timeZone: string): number {
  const parts = wallClock(timeZone).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(instant.getTime() / 1000) * 1000;
}

/** Building a formatter costs far more than using one (the engine asks once per client and recipe), so one per zone is kept. */
const wallClocks = new Map<string, Intl.DateTimeFormat>();
function wallClock(timeZone: string): Intl.DateTimeFormat {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    wallClocks.set(timeZone, format);
  }
  return format;
}

/** The Monday of the ISO week a date falls in: the key of a weekly digest. */
export function weekOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((day + 6) % 7));
}

const WEEKDAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;
/** The weekday a date falls on, as config names weekdays (MON ... SUN). */
export const weekdayOf = (date: string): (typeof WEEKDAY_NAMES)[number] => WEEKDAY_NAMES[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
