import { dateInZone } from './domain/dates';

/**
 * The one place Trueup reads wall time (eslint forbids `new Date()` and `Date.now()` elsewhere).
 * Every "today" (billing periods, last-seen cutoffs, renewal days, link times) derives from the
 * night's run date in the MSP's time zone, never from the machine's clock or its UTC date: an MSP
 * in Auckland runs 1 March's night while UTC still reads 28 February.
 */
export interface Clock {
  now(): Date;
}

/** The machine's clock: production, and the CLI when no --as-of is given. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * Milliseconds of wall time, for intervals only (token expiry, rate-limit windows, Retry-After
 * dates): never turned into a calendar date.
 */
export const wallMs = (): number => Date.now();

/** A clock stopped at one instant: tests, and a night simulated for a given date. */
export function fixedClock(instant: Date | string): Clock {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) throw new Error(`fixedClock: "${String(instant)}" is not an instant`);
  return { now: () => new Date(at) };
}

/**
 * The instant a simulated night reads as "now": noon UTC of its date, which is the same calendar
 * date in every zone from UTC-11 to UTC+11. Zones beyond (UTC+12 to +14, e.g. Pacific/Auckland in
 * summer) need `nightInstant`, which picks a time that is that date in the zone.
 */
export function nightInstant(runDate: string, timeZone: string): Date {
  // Try noon UTC, then shift a day's worth of hours either way until the zone reads runDate.
  for (const hours of [12, 0, 23, -6, 30]) {
    const at = new Date(Date.parse(`${runDate}T00:00:00Z`) + hours * 3_600_000);
    if (dateInZone(at, timeZone) === runDate) return at;
  }
  throw new Error(`no instant reads ${runDate} in ${timeZone}`);
}

/** The MSP's calendar date now: the run date of tonight's night. */
export function todayIn(clock: Clock, timeZone: string): string {
  return dateInZone(clock.now(), timeZone);
}
