import { LABOR_KINDS, type LaborKind, type LaborUnjudged } from './model';
import { isLiveLabor, type LaborLedgerEntry } from './ledger';
import type { EffectiveRateRow } from './rate';

/** A night's labor leakage as the report and the emails read it. */

export interface LaborTotals {
  count: number;
  hours: number;
  /** Priced amount of the open findings; findings without a rate are in unpricedHours instead. */
  cents: number;
  unpricedHours: number;
}

export interface LaborSourceReport {
  sourceId: string;
  window: { from: string; to: string };
  full: boolean;
  /** Why tonight's read failed and an earlier set was judged; null when fresh. */
  stale: string | null;
  unjudged: LaborUnjudged;
}

export interface LaborReport {
  sources: LaborSourceReport[];
  /** Open findings (leakage), by kind and in all. */
  open: LaborTotals & { byKind: Record<LaborKind, LaborTotals> };
  /** Findings resolved tonight after being open or billed: their amount was recovered. */
  recoveredTonightCents: number;
  /** Every finding seen tonight, with its ledger status. */
  findings: LaborLedgerEntry[];
  effectiveRates: Array<EffectiveRateRow & { clientKey: string; clientName: string }>;
}

export function laborTotals(entries: readonly LaborLedgerEntry[]): LaborTotals {
  const round = (n: number) => Math.round(n * 100) / 100;
  return entries.reduce<LaborTotals>(
    (t, e) => ({
      count: t.count + 1,
      hours: round(t.hours + e.hours),
      cents: t.cents + (e.amountCents ?? 0),
      unpricedHours: round(t.unpricedHours + (e.amountCents == null ? e.hours : 0)),
    }),
    { count: 0, hours: 0, cents: 0, unpricedHours: 0 },
  );
}

export function openTotals(entries: readonly LaborLedgerEntry[]): LaborReport['open'] {
  const open = entries.filter(isLiveLabor);
  const byKind = Object.fromEntries(LABOR_KINDS.map((k) => [k, laborTotals(open.filter((e) => e.kind === k))])) as Record<LaborKind, LaborTotals>;
  return { ...laborTotals(open), byKind };
}
