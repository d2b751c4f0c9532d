import { addDays } from '../dates';
import type { WorkPull } from '../work';
import { cycleBefore, inCycle, lastClosedCycle, type Cycle } from './cycle';
import { rateOf, type LaborRates } from './pricing';

/**
 * The effective billable rate per client: labor billed (invoiced billable time at its rate) divided
 * by the hours worked, over the last closed cycle and the one before it: what the MSP contracted to
 * bill against what it captured. A client whose billed time has no known rate gets null, not a guess.
 */

export interface EffectiveRate {
  clientExternalId: string;
  hoursWorked: number;
  billedHours: number;
  /** Null when a billed entry has no known rate, or an entry's billing or invoicing is unknown. */
  billedCents: number | null;
  /** billedCents / hoursWorked, in cents per hour; null without hours or when billedCents is unknown. */
  effectiveRateCents: number | null;
}

export interface EffectiveRateRow extends EffectiveRate {
  cycle: Cycle;
  /** The same figures for the cycle before, when the window reaches back that far. */
  previous: Omit<EffectiveRate, 'clientExternalId'> | null;
  /** effectiveRateCents minus the previous cycle's; null when either is unknown. */
  trendCents: number | null;
}

export function effectiveRates(work: WorkPull, rates: LaborRates, runDate: string, cycleCloseDay: number, from: string): EffectiveRateRow[] {
  const cycle = lastClosedCycle(runDate, cycleCloseDay);
  const before = cycleBefore(cycle, cycleCloseDay);
  const clients = [...new Set(work.timeEntries.map((e) => e.clientExternalId))].sort();
  return clients.flatMap((client) => {
    const mine = work.timeEntries.filter((e) => e.clientExternalId === client);
    const now = figures(mine.filter((e) => inCycle(e.date, cycle)), rates);
    if (now.hoursWorked === 0) return [];
    // A cycle that began before the window was read only in part: no trend from it.
    const previous = before.start >= from && before.end <= addDays(runDate, 1) ? figures(mine.filter((e) => inCycle(e.date, before)), rates) : null;
    const trendCents = now.effectiveRateCents != null && previous?.effectiveRateCents != null ? now.effectiveRateCents - previous.effectiveRateCents : null;
    return [{ clientExternalId: client, cycle, ...now, previous, trendCents }];
  });
}

function figures(entries: WorkPull['timeEntries'], rates: LaborRates): Omit<EffectiveRate, 'clientExternalId'> {
  const hoursWorked = round2(entries.reduce((n, e) => n + e.hours, 0));
  const billed = entries.filter((e) => e.billable === 'billable' && e.invoiced === true);
  const billedHours = round2(billed.reduce((n, e) => n + e.hours, 0));
  // Time the PSA does not say is billable, or billable time it does not say is invoiced, may be billed: the amount is unknown, not short.
  const unknown = entries.some((e) => e.hours > 0 && (e.billable === 'unknown' || (e.billable === 'billable' && e.invoiced === null)));
  let billedCents: number | null = unknown ? null : 0;
  for (const e of billed) {
    const { rateCents } = rateOf(e, rates);
    billedCents = rateCents == null || billedCents == null ? null : billedCents + Math.round(e.hours * rateCents);
  }
  const effectiveRateCents = billedCents == null || hoursWorked === 0 ? null : Math.round(billedCents / hoursWorked);
  return { hoursWorked, billedHours, billedCents, effectiveRateCents };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
