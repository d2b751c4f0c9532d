import { effectiveRates } from '../domain/labor/rate';
import { laborOf, type LaborSource } from '../config/labor';
import { laborFindings, type LaborRules } from '../domain/labor/findings';
import { mergeLaborLedger, type LaborLedgerEntry } from '../domain/labor/ledger';
import type { LaborFinding } from '../domain/labor/model';
import { openTotals, type LaborReport, type LaborSourceReport } from '../domain/labor/report';
import type { Snapshot, SourceStatus } from '../domain/model';
import { loadLaborLedger, saveLaborEntries } from '../store/labor';
import type { AppContext } from './context';

/**
 * Tonight's labor leakage: the four rules over each PSA's stored work set, merged into the labor
 * ledger. A stale work set (tonight's read failed) is still judged, but resolves nothing.
 */
export async function reconcileLabor(ctx: AppContext, runDate: string, statuses: readonly SourceStatus[]): Promise<LaborReport | null> {
  if (!ctx.config.laborFindings.enabled) return null;
  const judged = statuses.flatMap((s) => (s.state === 'fresh' && s.snapshot.work && s.snapshot.workRead ? [s.snapshot as Snapshot & Required<Pick<Snapshot, 'work' | 'workRead'>>] : []));
  if (judged.length === 0) return null;

  const sources: LaborSourceReport[] = [];
  const findings: LaborFinding[] = [];
  const rates: LaborReport['effectiveRates'] = [];
  for (const snap of judged) {
    const source = ctx.config.sources.find((s) => s.id === snap.sourceId);
    const labor = source && laborOf(source);
    if (!labor?.enabled) continue;
    const clientNames = new Map(snap.clients.map((c) => [c.externalId, c.name]));
    const result = laborFindings({ sourceId: snap.sourceId, work: snap.work, clientNames, rules: laborRules(labor, runDate) });
    findings.push(...result.findings);
    sources.push({ sourceId: snap.sourceId, window: result.window, full: snap.workRead.full, stale: snap.workRead.stale, unjudged: result.unjudged });
    for (const row of effectiveRates(snap.work, labor.rates, runDate, labor.cycleCloseDay, result.window.from))
      rates.push({ ...row, clientKey: `${snap.sourceId}:${row.clientExternalId}`, clientName: clientNames.get(row.clientExternalId) ?? row.clientExternalId });
  }

  const previous = await loadLaborLedger(ctx.table);
  const scope = {
    freshSources: new Set(sources.filter((s) => !s.stale).map((s) => s.sourceId)),
    windowFrom: new Map(sources.map((s) => [s.sourceId, s.window.from])),
    deleted: new Map(judged.flatMap((s) => (s.workRead.deleted ? [[s.sourceId, s.workRead.deleted] as const] : []))),
  };
  const merged = mergeLaborLedger(previous, findings, runDate, scope);
  await saveLaborEntries(ctx.table, merged.changed);
  const seen = new Set(findings.map((f) => f.key));
  const recovered = merged.changed.filter((e) => e.status === 'resolved' && e.resolvedOn === runDate);
  return {
    sources,
    open: openTotals(merged.entries),
    recoveredTonightCents: recovered.reduce((n, e) => n + e.recoveredCents, 0),
    findings: merged.entries.filter((e: LaborLedgerEntry) => seen.has(e.key)),
    effectiveRates: rates,
  };
}

/** A source's labor settings as the rules take them, for the night. */
export const laborRules = (labor: LaborSource, runDate: string): LaborRules => ({ runDate, lookbackDays: labor.lookbackDays, cycleCloseDay: labor.cycleCloseDay, rates: labor.rates, coveredWorkTypes: labor.coveredWorkTypes });

/** The digest reads the effective rates from the run record (one item): the clients with the most hours, at most this many. */
export const RATES_KEPT = 50;

/** What the night's run record keeps of its labor: totals, the sources' state, and the effective rates the digest shows. */
export function laborRunRecord(labor: LaborReport) {
  const rates = [...labor.effectiveRates].sort((a, b) => b.hoursWorked - a.hoursWorked || a.clientKey.localeCompare(b.clientKey)).slice(0, RATES_KEPT);
  return {
    open: labor.open,
    recoveredTonightCents: labor.recoveredTonightCents,
    sources: labor.sources,
    effectiveRates: rates.map(({ clientKey, clientName, hoursWorked, billedCents, effectiveRateCents, trendCents }) => ({ clientKey, clientName, hoursWorked, billedCents, effectiveRateCents, trendCents })),
  };
}
