import type { WorkIds, WorkList, WorkPull } from '../work';

/**
 * Tonight's work set from last night's and what the PSA changed since: records replaced by
 * externalId, and anything dated before the window dropped. A list the read declares complete (every
 * list of a full read; on other nights those a vendor reads whole, e.g. Syncro's ticket timers)
 * replaces last night's, so a record deleted in the PSA leaves at once. The other lists keep a
 * deleted record until it is confirmed gone by id (shared/app/confirm-work.ts) or the full read.
 */
export function mergeWork(previous: WorkPull | null, changed: WorkPull, from: string, full: boolean, complete: readonly WorkList[] = []): WorkPull {
  const whole = (list: WorkList) => full || !previous || complete.includes(list);
  const base = <L extends WorkList>(list: L): WorkPull[L] => (whole(list) ? [] : previous![list]) as WorkPull[L];
  return {
    timeEntries: replace(base('timeEntries'), changed.timeEntries, (e) => e.externalId).filter((e) => e.date >= from),
    // Open tickets stay whatever their age; closed ones while they closed in the window.
    tickets: replace(base('tickets'), changed.tickets, (t) => t.externalId).filter((t) => !t.closed || (t.closedAt ?? '9999') >= from),
    invoices: replace(base('invoices'), changed.invoices, (i) => i.externalId).filter((i) => i.date >= from),
    coverage: replace(base('coverage'), changed.coverage, (c) => c.agreementExternalId),
  };
}

/** The time entries and tickets of last night's set, still in the window, that tonight's set no longer has: gone from the PSA. */
export function goneSince(previous: WorkPull | null, tonight: WorkPull, from: string): WorkIds {
  if (!previous) return { timeEntries: [], tickets: [] };
  const kept = mergeWork(previous, EMPTY_WORK, from, false);
  const missing = <T extends { externalId: string }>(before: T[], now: T[]) => {
    const have = new Set(now.map((x) => x.externalId));
    return before.map((x) => x.externalId).filter((id) => !have.has(id));
  };
  return { timeEntries: missing(kept.timeEntries, tonight.timeEntries), tickets: missing(kept.tickets, tonight.tickets) };
}

export const EMPTY_WORK: WorkPull = { timeEntries: [], tickets: [], invoices: [], coverage: [] };

function replace<T>(base: readonly T[], changed: readonly T[], id: (x: T) => string): T[] {
  const byId = new Map(base.map((x) => [id(x), x]));
  for (const x of changed) byId.set(id(x), x);
  return [...byId.values()];
}
