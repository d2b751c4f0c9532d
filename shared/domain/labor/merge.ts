import type { WorkPull } from '../work';

/**
 * Tonight's work set from last night's and what the PSA changed since: records replaced by
 * externalId, and anything dated before the window dropped. A full read is the whole set.
 * Records deleted in the PSA stay until the weekly full read (no API here lists deletions).
 */
export function mergeWork(previous: WorkPull | null, changed: WorkPull, from: string, full: boolean): WorkPull {
  const base: WorkPull = full || !previous ? { timeEntries: [], tickets: [], invoices: [], coverage: [] } : previous;
  return {
    timeEntries: replace(base.timeEntries, changed.timeEntries, (e) => e.externalId).filter((e) => e.date >= from),
    // Open tickets stay whatever their age; closed ones while they closed in the window.
    tickets: replace(base.tickets, changed.tickets, (t) => t.externalId).filter((t) => !t.closed || (t.closedAt ?? '9999') >= from),
    invoices: replace(base.invoices, changed.invoices, (i) => i.externalId).filter((i) => i.date >= from),
    // Coverage is read whole every night (it comes with the agreements): tonight's wins when there is any.
    coverage: changed.coverage.length > 0 || full ? changed.coverage : base.coverage,
  };
}

function replace<T>(base: readonly T[], changed: readonly T[], id: (x: T) => string): T[] {
  const byId = new Map(base.map((x) => [id(x), x]));
  for (const x of changed) byId.set(id(x), x);
  return [...byId.values()];
}
