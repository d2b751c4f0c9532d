import * as z from 'zod';
import { suspectReason } from './completeness';
import { daysBetween } from './dates';
import { Finding, FINDING_KINDS, FindingStatus, IsoDate } from './model';
import type { RunScope } from './reconcile';

/**
 * The findings ledger: one entry per client and line, carried from night to night. It knows
 * when a gap was first seen, its monthly amount, and where it stands (open, proposed, approved,
 * applied, held, suppressed, dismissed, resolved); what it has cost so far is derived when read
 * (costSoFar), so a night on which a gap stays the same rewrites nothing. Merging the same night
 * twice changes nothing.
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
    // A different gap supersedes a proposal made for the old one; after a capped true-up was applied, the rest is proposed.
    const moved = old.delta !== f.delta || old.billed !== f.billed;
    const status = moved && (old.status === 'proposed' || old.status === 'approved' || old.status === 'applied') ? 'open' : old.status;
    const won = moved && old.status === 'applied' ? Math.max(0, old.monthlyImpactCents - f.monthlyImpactCents) : 0;
    entries.push({ ...old, ...f, suspect: undefined, status, lastSeen: runDate, ...accrual, recoveredCents: old.recoveredCents + won, proposalId: status === 'open' ? null : old.proposalId });
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

/**
 * What each status means for the totals: `counted` statuses make the headline, `live` ones still
 * need or await a step. Applied stays counted until a night re-reads the PSA and sees the gap
 * closed (then it is resolved and recovered). Held is live but not counted: its figure waits for
 * trusted data or the end of a commitment. Suppressed is written off by a person's reason.
 */
export const STATUS_TRAITS = {
  open: { counted: true, live: true },
  proposed: { counted: true, live: true },
  approved: { counted: true, live: true },
  applied: { counted: true, live: true },
  held: { counted: false, live: true },
  suppressed: { counted: false, live: false },
  dismissed: { counted: false, live: false },
  resolved: { counted: false, live: false },
} as const satisfies Record<FindingStatus, { counted: boolean; live: boolean }>;

export const COUNTED_STATUSES = FindingStatus.options.filter((s) => STATUS_TRAITS[s].counted);
export const TOTALS_NOTE = `unbilledCents and overbilledCents = ${COUNTED_STATUSES.join(' + ')}; held, suppressed (written off), dismissed and resolved are listed by status, not counted`;

/** The one definition of leakage: money delivered and not billed (unmapped usage is an estimate, counted apart). */
export const isLeakage = (e: Pick<Finding, 'kind'>): boolean => FINDING_KINDS[e.kind].counts === 'unbilled';
/** Billed for more than is in use: the dispute risk. */
export const isOverBilling = (e: Pick<Finding, 'kind'>): boolean => FINDING_KINDS[e.kind].counts === 'over-billed';
export const isLive = (e: Pick<LedgerEntry, 'status'>): boolean => STATUS_TRAITS[e.status].live;
/** A finding whose $/month is in the headline "unbilled" figure. */
export const countsAsUnbilled = (e: Pick<LedgerEntry, 'kind' | 'status'>): boolean => isLeakage(e) && STATUS_TRAITS[e.status].counted;

export interface StatusSum {
  findings: number;
  unbilledCents: number;
  overbilledCents: number;
}

export interface StatusTotals extends LedgerTotals {
  byStatus: Record<FindingStatus, StatusSum>;
  note: string;
}

/**
 * The owner's headline, as a stated sum over statuses: every row lands in exactly one status, and
 * the headline adds the counted ones, so the totals reconcile with the rows they came from.
 * `openFindings` counts the rows the headline adds.
 */
export function ledgerTotals(rows: ReadonlyArray<Pick<LedgerEntry, 'kind' | 'status' | 'monthlyImpactCents'>>): StatusTotals {
  const byStatus = Object.fromEntries(FindingStatus.options.map((s) => [s, { findings: 0, unbilledCents: 0, overbilledCents: 0 }])) as Record<FindingStatus, StatusSum>;
  for (const e of rows) {
    const sum = byStatus[e.status];
    sum.findings++;
    if (isLeakage(e)) sum.unbilledCents += e.monthlyImpactCents;
    else if (isOverBilling(e)) sum.overbilledCents -= e.monthlyImpactCents;
  }
  const counted = COUNTED_STATUSES.map((s) => byStatus[s]);
  return {
    unbilledCents: counted.reduce((n, s) => n + s.unbilledCents, 0),
    overbilledCents: counted.reduce((n, s) => n + s.overbilledCents, 0),
    openFindings: counted.reduce((n, s) => n + s.findings, 0),
    byStatus,
    note: TOTALS_NOTE,
  };
}
