import { z } from 'zod';
import { suspectReason } from './completeness';
import { daysBetween } from './dates';
import { Finding, FindingStatus, IsoDate } from './model';
import type { RunScope } from './reconcile';

/**
 * The findings ledger: one entry per client and line, carried from night to night. It knows
 * when a gap was first seen, what it has cost so far, and where it stands (open, proposed,
 * approved, applied, dismissed, resolved). Merging the same night twice changes nothing.
 */

export const LedgerEntry = Finding.extend({
  status: FindingStatus,
  firstSeen: IsoDate,
  lastSeen: IsoDate,
  /** Unbilled (or over-billed) cents accrued from firstSeen up to `accruedThrough`. */
  accumulatedCents: z.number().int(),
  accruedThrough: IsoDate,
  resolvedOn: IsoDate.nullable().default(null),
  /** Monthly cents won back when a true-up for this line was applied and the gap closed. */
  recoveredCents: z.number().int().default(0),
  proposalId: z.string().nullable().default(null),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

export const entryKey = (e: Pick<Finding, 'clientKey' | 'lineKey'>): string => `${e.clientKey}#${e.lineKey}`;

/** Average month length: accrual is "monthly impact per 30.44 days". */
const DAYS_PER_MONTH = 365.25 / 12;

export function daysOpen(entry: Pick<LedgerEntry, 'firstSeen' | 'lastSeen'>): number {
  return daysBetween(entry.firstSeen, entry.lastSeen);
}

/** Did this run look at the entry's line? Only then may the entry be resolved. */
export function wasChecked(entry: Pick<Finding, 'basis' | 'sourceId' | 'kind' | 'clientKey' | 'evidence'>, scope: RunScope): boolean {
  if (!scope.freshRoles.includes(entry.basis)) return false;
  if (!scope.freshSources.includes(entry.sourceId)) return false;
  // Data that fell off a cliff tonight cannot show a gap has closed.
  if (scope.suspect && suspectReason(entry, scope.suspect)) return false;
  // Whether an organization is unmatched depends on every PSA's client list.
  return entry.kind !== 'unmapped' || scope.freshRoles.includes('psa');
}

export interface MergeResult {
  entries: LedgerEntry[];
  /** Entries that differ from before: what a store writes. Empty when the night was merged already. */
  changed: LedgerEntry[];
}

export function mergeLedger(previous: readonly LedgerEntry[], findings: readonly Finding[], runDate: string, scope: RunScope): MergeResult {
  const before = new Map(previous.map((e) => [entryKey(e), e]));
  const seen = new Set<string>();
  const entries: LedgerEntry[] = [];

  for (const f of findings) {
    const key = entryKey(f);
    seen.add(key);
    const old = before.get(key);
    if (f.suspect) {
      // The ledger holds trusted figures only: suspect ones neither open an entry nor overwrite one (nor
      // supersede its proposal); a live entry only carries why tonight could not confirm it.
      entries.push(...(old ? [old.status === 'resolved' || runDate < old.lastSeen ? old : { ...old, suspect: f.suspect }] : []));
      continue;
    }
    if (!old || old.status === 'resolved') {
      entries.push({ ...f, status: 'open', firstSeen: runDate, lastSeen: runDate, accumulatedCents: 0, accruedThrough: runDate, resolvedOn: null, recoveredCents: old?.recoveredCents ?? 0, proposalId: null });
      continue;
    }
    if (runDate < old.lastSeen) {
      // A late re-run of an older night must not rewind the ledger.
      entries.push(old);
      continue;
    }
    const accrued = accrue(old, runDate);
    // A different gap supersedes a proposal made for the old one.
    const moved = old.delta !== f.delta || old.billed !== f.billed;
    const status = moved && (old.status === 'proposed' || old.status === 'approved') ? 'open' : old.status;
    entries.push({ ...old, ...f, suspect: undefined, status, lastSeen: runDate, accumulatedCents: accrued, accruedThrough: runDate, proposalId: status === 'open' ? null : old.proposalId });
  }

  for (const old of previous) {
    if (seen.has(entryKey(old))) continue;
    if (old.status === 'resolved' || old.status === 'dismissed' || !wasChecked(old, scope) || runDate <= old.lastSeen) {
      entries.push(old);
      continue;
    }
    entries.push({
      ...old,
      status: 'resolved',
      resolvedOn: runDate,
      accumulatedCents: accrue(old, runDate),
      accruedThrough: runDate,
      recoveredCents: old.status === 'applied' ? old.recoveredCents + Math.max(0, old.monthlyImpactCents) : old.recoveredCents,
    });
  }

  const changed = entries.filter((e) => {
    const old = before.get(entryKey(e));
    return !old || JSON.stringify(old) !== JSON.stringify(e);
  });
  return { entries, changed };
}

/** Cost so far: the monthly impact spread over the days since the last accrual. */
function accrue(entry: LedgerEntry, runDate: string): number {
  const days = Math.max(0, daysBetween(entry.accruedThrough, runDate));
  return entry.accumulatedCents + Math.round((entry.monthlyImpactCents * days) / DAYS_PER_MONTH);
}

export interface LedgerTotals {
  unbilledCents: number;
  overbilledCents: number;
  openFindings: number;
}

/** Open gaps in $/month: the owner's headline figure. Unmapped orgs are estimates, counted apart. */
export function ledgerTotals(entries: readonly LedgerEntry[]): LedgerTotals {
  const open = entries.filter((e) => e.status !== 'resolved' && e.status !== 'dismissed');
  return {
    unbilledCents: open.filter((e) => e.kind === 'under-billed' || e.kind === 'unbilled-usage').reduce((n, e) => n + e.monthlyImpactCents, 0),
    overbilledCents: open.filter((e) => e.kind === 'over-billed').reduce((n, e) => n - e.monthlyImpactCents, 0),
    openFindings: open.length,
  };
}
