import { addDays } from '../dates';

/**
 * Billing cycles that close on a day of the month (1-28). The open cycle began on the most recent
 * close day on or before the run date; the last closed cycle is the one before it.
 */

export interface Cycle {
  /** First day of the cycle. */
  start: string;
  /** First day of the next cycle (exclusive end). */
  end: string;
}

const monthStart = (date: string, closeDay: number, monthsBack: number): string => {
  const d = new Date(`${date.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - monthsBack);
  d.setUTCDate(closeDay);
  return d.toISOString().slice(0, 10);
};

/** The cycle open on the run date. */
export function openCycle(runDate: string, closeDay: number): Cycle {
  const back = Number(runDate.slice(8, 10)) >= closeDay ? 0 : 1;
  return { start: monthStart(runDate, closeDay, back), end: monthStart(runDate, closeDay, back - 1) };
}

/** The most recent cycle that has closed by the run date. */
export function lastClosedCycle(runDate: string, closeDay: number): Cycle {
  const open = openCycle(runDate, closeDay);
  return { start: openCycle(addDays(open.start, -1), closeDay).start, end: open.start };
}

/** The closed cycle before `cycle`. */
export function cycleBefore(cycle: Cycle, closeDay: number): Cycle {
  return { start: openCycle(addDays(cycle.start, -1), closeDay).start, end: cycle.start };
}

export const inCycle = (date: string, cycle: Cycle): boolean => date >= cycle.start && date < cycle.end;
