import type { TimeEntry } from '../work';
import type { LaborEntry, RateBasis } from './model';

/** Rates in cents per hour where the entry carries none (config's labor.rates). */
export interface LaborRates {
  defaultCents: number | null;
  byWorkType: Record<string, number>;
}

/** The entry's own rate, else the configured rate of its work type (case-insensitive), else the global default, else none. */
export function rateOf(entry: Pick<TimeEntry, 'rateCents' | 'workType'>, rates: LaborRates): { rateCents: number | null; rateBasis: RateBasis } {
  if (entry.rateCents != null && entry.rateCents > 0) return { rateCents: entry.rateCents, rateBasis: 'entry' };
  const wanted = entry.workType?.trim().toLowerCase();
  const byType = wanted ? Object.entries(rates.byWorkType).find(([k]) => k.trim().toLowerCase() === wanted) : undefined;
  if (byType) return { rateCents: byType[1], rateBasis: 'work-type' };
  if (rates.defaultCents != null) return { rateCents: rates.defaultCents, rateBasis: 'default' };
  return { rateCents: null, rateBasis: 'none' };
}

export function pricedEntry(e: TimeEntry, rates: LaborRates, hours = e.hours): LaborEntry {
  const { rateCents, rateBasis } = rateOf(e, rates);
  return {
    externalId: e.externalId,
    date: e.date,
    hours,
    workType: e.workType,
    worker: e.worker,
    billable: e.billable,
    invoiced: e.invoiced,
    rateCents,
    rateBasis,
    amountCents: rateCents == null ? null : Math.round(hours * rateCents),
    writeBack: e.writeBack,
  };
}

/** The sum of the entries' amounts; null when any has no rate (unknown is not zero). */
export function sumAmounts(entries: readonly Pick<LaborEntry, 'amountCents'>[]): number | null {
  let sum = 0;
  for (const e of entries) {
    if (e.amountCents == null) return null;
    sum += e.amountCents;
  }
  return sum;
}

export const sumHours = (entries: readonly { hours: number }[]): number => Math.round(entries.reduce((n, e) => n + e.hours, 0) * 100) / 100;
