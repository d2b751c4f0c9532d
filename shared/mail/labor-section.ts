import { addDays } from '../domain/dates';
import { isLiveLabor, type LaborLedgerEntry } from '../domain/labor/ledger';
import { LABOR_KINDS, LABOR_KIND_TRAITS, type LaborKind } from '../domain/labor/model';
import { laborTotals, type LaborTotals } from '../domain/labor/report';

/**
 * The owner digest's "Labor leakage" section as data: open labor findings in $ and hours by kind,
 * the top clients, the week over week change, what was recovered, and the effective billable rate
 * per client. Pure: the digest (and its renderers) decide how it looks. Amounts are one-off $,
 * never added to the $/month headline.
 */

export interface LaborRateRow {
  clientKey: string;
  clientName: string;
  hoursWorked: number;
  billedCents: number | null;
  effectiveRateCents: number | null;
  /** Change from the cycle before, in cents per hour; null when unknown. */
  trendCents: number | null;
}

export interface LaborDigestSection {
  open: LaborTotals;
  byKind: Array<{ kind: LaborKind; label: string } & LaborTotals>;
  /** Open a week before the digest's night, for week over week (priced cents and count); null when Trueup had not judged labor by then. */
  weekAgo: { count: number; cents: number } | null;
  newThisWeek: { count: number; cents: number };
  recoveredThisWeek: { count: number; cents: number };
  /** Clients with the most open $ (then hours), at most TOP_CLIENTS. */
  topClients: Array<{ clientKey: string; clientName: string } & LaborTotals>;
  effectiveRates: LaborRateRow[];
  /** Why a source's work set is stale tonight, by source. */
  stale: Array<{ sourceId: string; reason: string }>;
}

const TOP_CLIENTS = 5;

export function laborDigestSection(
  ledger: readonly LaborLedgerEntry[],
  runDate: string,
  night: { effectiveRates: LaborRateRow[]; stale: Array<{ sourceId: string; reason: string }> },
): LaborDigestSection | null {
  if (ledger.length === 0 && night.effectiveRates.length === 0) return null;
  const weekStart = addDays(runDate, -7);
  const open = ledger.filter(isLiveLabor);
  const sum = (xs: readonly LaborLedgerEntry[]) => ({ count: xs.length, cents: xs.reduce((n, e) => n + (e.amountCents ?? 0), 0) });
  // Open a week ago: first found by then, and not yet resolved or decided by then.
  const openThen = ledger.filter((e) => e.firstSeen <= weekStart && (isLiveLabor(e) || (e.resolvedOn ?? e.decision?.at.slice(0, 10) ?? '') > weekStart));
  const recovered = ledger.filter((e) => e.status === 'resolved' && e.recoveredCents > 0 && (e.resolvedOn ?? '') > weekStart);
  return {
    open: laborTotals(open),
    byKind: LABOR_KINDS.map((kind) => ({ kind, label: LABOR_KIND_TRAITS[kind].label, ...laborTotals(open.filter((e) => e.kind === kind)) })),
    weekAgo: ledger.some((e) => e.firstSeen <= weekStart) ? sum(openThen) : null,
    newThisWeek: sum(open.filter((e) => e.firstSeen > weekStart)),
    recoveredThisWeek: { count: recovered.length, cents: recovered.reduce((n, e) => n + e.recoveredCents, 0) },
    topClients: topClients(open),
    effectiveRates: night.effectiveRates,
    stale: night.stale,
  };
}

function topClients(open: readonly LaborLedgerEntry[]): LaborDigestSection['topClients'] {
  const by = new Map<string, LaborLedgerEntry[]>();
  for (const e of open) by.set(e.clientKey, [...(by.get(e.clientKey) ?? []), e]);
  return [...by.entries()]
    .map(([clientKey, xs]) => ({ clientKey, clientName: xs[0]!.clientName, ...laborTotals(xs) }))
    .sort((a, b) => b.cents - a.cents || b.hours - a.hours || a.clientKey.localeCompare(b.clientKey))
    .slice(0, TOP_CLIENTS);
}
