import * as z from 'zod';
import { suspectReason } from './completeness';
import { daysBetween } from './dates';
import { Finding, FindingStatus, IsoDate } from './model';
import type { RunScope } from './reconcile';

/**
 * The findings ledger: one entry per client and line, carried from night to night. It knows
 * when a gap was first seen, its monthly amount, and where it stands (open, proposed, approved,
 * applied, dismissed, resolved); what it has cost so far is derived when read (costSoFar), so a
 * night on which a gap stays the same rewrites nothing. Merging the same night twice changes nothing.
 */

const LedgerFields = Finding.extend({
  status: FindingStatus,
  firstSeen: IsoDate,
  lastSeen: IsoDate,
  /**
   * Cents accrued from firstSeen up to `accruedThrough` at the gap's earlier monthly amounts; from
   * there on the gap accrues at `monthlyImpactCents`. Moved forward only when the amount changes.
   */
  accruedCents: z.number().int(),
  accruedThrough: IsoDate,
  resolvedOn: IsoDate.nullable().default(null),
  /** Monthly cents won back when a true-up for this line was applied and the gap closed. */
  recoveredCents: z.number().int().default(0),
  proposalId: z.string().nullable().default(null),
});

/** Entries stored before accruals were derived carry the cost through `accruedThrough` as `accumulatedCents`: the same figure. */
export const LedgerEntry = z.preprocess((raw) => {
  if (typeof raw !== 'object' || raw === null || !('accumulatedCents' in raw) || 'accruedCents' in raw) return raw;
  const { accumulatedCents, ...rest } = raw as Record<string, unknown>;
  return { ...rest, accruedCents: accumulatedCents };
}, LedgerFields);
export type LedgerEntry = z.infer<typeof LedgerFields>;

export const entryKey = (e: Pick<Finding, 'clientKey' | 'lineKey'>): string => `${e.clientKey}#${e.lineKey}`;

/** Average month length: accrual is "monthly impact per 30.44 days". */
const DAYS_PER_MONTH = 365.25 / 12;

export function daysOpen(entry: Pick<LedgerEntry, 'firstSeen' | 'lastSeen'>): number {
  return daysBetween(entry.firstSeen, entry.lastSeen);
}

/** What the gap has cost from firstSeen to the night it was last seen (or resolved). */
export function costSoFar(entry: Pick<LedgerEntry, 'accruedCents' | 'accruedThrough' | 'monthlyImpactCents' | 'lastSeen' | 'resolvedOn'>): number {
  return accrue(entry, entry.resolvedOn ?? entry.lastSeen);
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
  /** Entries that differ from before as stored (storedEntry): what a store writes. Empty when the night was merged already. */
  changed: LedgerEntry[];
  /** The ledger's latest night after this merge (a late re-run of an older night does not move it back). */
  night: string;
}

/**
 * `night` is the latest night merged before this one: a store may leave out the lastSeen of an
 * entry seen that night (see storedEntry), so an entry seen again tonight is not counted changed.
 */
export function mergeLedger(previous: readonly LedgerEntry[], findings: readonly Finding[], runDate: string, scope: RunScope, night: string | null = null): MergeResult {
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
      entries.push({ ...f, status: 'open', firstSeen: runDate, lastSeen: runDate, accruedCents: 0, accruedThrough: runDate, resolvedOn: null, recoveredCents: old?.recoveredCents ?? 0, proposalId: null });
      continue;
    }
    if (runDate < old.lastSeen) {
      // A late re-run of an older night must not rewind the ledger.
      entries.push(old);
      continue;
    }
    // The old amount accrues up to tonight; a new amount accrues from tonight on.
    const accrual = old.monthlyImpactCents === f.monthlyImpactCents ? {} : { accruedCents: accrue(old, runDate), accruedThrough: runDate };
    // A different gap supersedes a proposal made for the old one.
    const moved = old.delta !== f.delta || old.billed !== f.billed;
    const status = moved && (old.status === 'proposed' || old.status === 'approved') ? 'open' : old.status;
    entries.push({ ...old, ...f, suspect: undefined, status, lastSeen: runDate, ...accrual, proposalId: status === 'open' ? null : old.proposalId });
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
      // A resolved gap keeps its final cost.
      accruedCents: accrue(old, runDate),
      accruedThrough: runDate,
      recoveredCents: old.status === 'applied' ? old.recoveredCents + Math.max(0, old.monthlyImpactCents) : old.recoveredCents,
    });
  }

  const tonight = night !== null && night > runDate ? night : runDate;
  const changed = entries.filter((e) => {
    const old = before.get(entryKey(e));
    return !old || JSON.stringify(storedEntry(old, night)) !== JSON.stringify(storedEntry(e, tonight));
  });
  return { entries, changed, night: tonight };
}

/** An entry as a store keeps it: lastSeen left out while it is the ledger's latest night (it reads back as that night). */
export function storedEntry(entry: LedgerEntry, night: string | null): Omit<LedgerEntry, 'lastSeen'> & { lastSeen?: string } {
  if (entry.lastSeen !== night) return entry;
  const { lastSeen: _implied, ...rest } = entry;
  return rest;
}

/** The cost through `date`: what had accrued at earlier amounts, plus the current monthly amount spread over the days since. */
function accrue(entry: Pick<LedgerEntry, 'accruedCents' | 'accruedThrough' | 'monthlyImpactCents'>, date: string): number {
  const days = Math.max(0, daysBetween(entry.accruedThrough, date));
  return entry.accruedCents + Math.round((entry.monthlyImpactCents * days) / DAYS_PER_MONTH);
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
