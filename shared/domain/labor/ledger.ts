import * as z from 'zod';
import { IsoDate, IsoTimestamp } from '../values';
import type { WorkIds } from '../work';
import { LaborFinding } from './model';

/**
 * The labor ledger: one entry per labor finding (entry, ticket or agreement period), carried from
 * night to night beside the seat findings' ledger. Its amounts are one-off dollars, never added to
 * the $/month headline.
 *
 * open: found, not decided. billed: "Bill it" made the time billable in the PSA; it should reach the
 * next invoice. covered: "Covered, don't bill" with a reason: written off for good, never reopened.
 * resolved: no longer found while the work was read fresh (invoiced or fixed in the PSA): its amount
 * is recovered when it was open or billed. aged-out: left the look-back window still unbilled, so
 * it is not counted as recovered. deleted: no longer found because a time entry or ticket it rests
 * on is gone from the PSA (deleted there): nothing was billed, so nothing is recovered either.
 */
export const LaborStatus = z.enum(['open', 'billed', 'covered', 'resolved', 'aged-out', 'deleted']);
export type LaborStatus = z.infer<typeof LaborStatus>;

export const LaborDecision = z.object({
  action: z.enum(['bill', 'covered']),
  by: z.string(),
  at: IsoTimestamp,
  /** Required for "Covered, don't bill"; absent for "Bill it". */
  reason: z.string().optional(),
  /** What the PSA said ("on the next invoice ..."), or why only a link was given. */
  outcome: z.string().optional(),
});
export type LaborDecision = z.infer<typeof LaborDecision>;

export const LaborLedgerEntry = LaborFinding.extend({
  status: LaborStatus,
  firstSeen: IsoDate,
  lastSeen: IsoDate,
  resolvedOn: IsoDate.nullable().default(null),
  /** Cents won back when it resolved after being open or billed; 0 otherwise. */
  recoveredCents: z.number().int().default(0),
  decision: LaborDecision.nullable().default(null),
});
export type LaborLedgerEntry = z.infer<typeof LaborLedgerEntry>;

export interface LaborScope {
  /** Sources whose work was read fresh tonight: only their entries may resolve. */
  freshSources: ReadonlySet<string>;
  /** The window start per source: a finding dated before it aged out rather than resolved. */
  windowFrom: ReadonlyMap<string, string>;
  /** Per source, the time entries and tickets tonight's read found gone from the PSA. */
  deleted?: ReadonlyMap<string, WorkIds>;
}

/** Entries whose time "Bill it" made billable: a finding on the same entry tonight is that billing on its way, not a new gap. */
const billedEntryIds = (entries: readonly LaborLedgerEntry[]) => new Set(entries.filter((e) => e.status === 'billed').flatMap((e) => e.entries.map((x) => x.externalId)));

export function mergeLaborLedger(previous: readonly LaborLedgerEntry[], findings: readonly LaborFinding[], runDate: string, scope: LaborScope): { entries: LaborLedgerEntry[]; changed: LaborLedgerEntry[] } {
  const before = new Map(previous.map((e) => [e.key, e]));
  const billed = billedEntryIds(previous);
  const seen = new Set<string>();
  const entries: LaborLedgerEntry[] = [];
  for (const f of findings) {
    seen.add(f.key);
    const prev = before.get(f.key);
    const onItsWay = !prev && f.kind === 'unbilled-time' && f.entries.every((e) => billed.has(e.externalId));
    const kept = prev && (prev.status === 'covered' || prev.status === 'billed');
    const status = kept ? prev.status : onItsWay ? 'billed' : 'open';
    const reopened = prev && !kept && prev.status !== 'open';
    entries.push({
      ...f,
      status,
      firstSeen: prev && !reopened ? prev.firstSeen : runDate,
      lastSeen: runDate,
      resolvedOn: null,
      recoveredCents: 0,
      decision: kept ? prev.decision : onItsWay ? { action: 'bill', by: FOLLOW_ON, at: `${runDate}T00:00:00.000Z`, outcome: 'billable after "Bill it" on another finding' } : null,
    });
  }
  for (const prev of previous) {
    if (seen.has(prev.key)) continue;
    entries.push(unseen(prev, runDate, scope));
  }
  const changed = entries.filter((e) => JSON.stringify(before.get(e.key)) !== JSON.stringify(e));
  return { entries, changed };
}

function unseen(prev: LaborLedgerEntry, runDate: string, scope: LaborScope): LaborLedgerEntry {
  const live = prev.status === 'open' || prev.status === 'billed';
  if (!live || !scope.freshSources.has(prev.sourceId)) return prev;
  const from = scope.windowFrom.get(prev.sourceId);
  if (from && prev.date < from) return { ...prev, status: 'aged-out', resolvedOn: runDate };
  if (restsOnDeleted(prev, scope.deleted?.get(prev.sourceId))) return { ...prev, status: 'deleted', resolvedOn: runDate, recoveredCents: 0 };
  // Time billed through another finding was recovered when that one resolved: not counted twice.
  const followOn = prev.decision?.by === FOLLOW_ON;
  return { ...prev, status: 'resolved', resolvedOn: runDate, recoveredCents: followOn ? 0 : (prev.amountCents ?? 0) };
}

/** A finding whose ticket, or any of whose time, the PSA no longer has. */
function restsOnDeleted(prev: LaborLedgerEntry, deleted: WorkIds | undefined): boolean {
  if (!deleted) return false;
  const entries = new Set(deleted.timeEntries);
  return (prev.subject.type === 'ticket' && deleted.tickets.includes(prev.subject.externalId)) || prev.entries.some((e) => entries.has(e.externalId));
}

/** Who "decided" a finding that is billing already made billable on another finding. */
const FOLLOW_ON = 'trueup (billed on another finding)';

/** Counted as leakage: open findings. Billed ones are on their way to an invoice; covered ones are written off. */
export const isLiveLabor = (e: Pick<LaborLedgerEntry, 'status'>): boolean => e.status === 'open';
