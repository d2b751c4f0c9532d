import { countsAsUnbilled, isOverBilling, STATUS_TRAITS, type LedgerEntry } from '../../domain/ledger';
import { FINDING_KINDS } from '../../domain/model';
import { digestHeadline, type DigestHeadline } from '../digest-headline';
import { longDate, quantity } from '../format';
import type { DigestModel } from '../models';

/** What several digest sections read, worked out once from the model. */
export interface DigestFacts {
  m: DigestModel;
  cur: string;
  head: DigestHeadline;
  /** Only what the headline counts (one definition, shared/domain/ledger.ts). */
  leakage: LedgerEntry[];
  /** New unmatched organizations are listed under "Not matched", not here. */
  newLeakage: LedgerEntry[];
  overBilled: LedgerEntry[];
  unmapped: LedgerEntry[];
}

export function digestFacts(m: DigestModel): DigestFacts {
  return {
    m,
    cur: m.msp.currency,
    head: digestHeadline(m),
    leakage: m.open.filter(countsAsUnbilled),
    newLeakage: m.newThisWeek.filter(countsAsUnbilled),
    overBilled: m.open.filter(isOverBilling).sort((a, b) => a.monthlyImpactCents - b.monthlyImpactCents),
    unmapped: m.open.filter((e) => FINDING_KINDS[e.kind].counts === 'estimate').sort((a, b) => b.monthlyImpactCents - a.monthlyImpactCents || b.observed - a.observed),
  };
}

/**
 * Longest list shown per section. Gmail clips a message past ~102 KB and hides the rest behind a
 * link; a 1,000-client MSP's full lists ran to 1.9 MB. What is cut is summed in one closing row.
 */
export const MAX_ROWS = 15;
/** Each suggested match or written-off line carries signed links of some 400 characters: fewer rows keep the digest unclipped. */
export const MAX_LINKED_ROWS = 8;

export interface Capped<T> {
  shown: T[];
  /** "…and 12 more: $1,234/month", or null when nothing was cut. */
  more: string | null;
}

export function capped<T>(items: T[], restSummary: (rest: T[]) => string, max = MAX_ROWS): Capped<T> {
  const rest = items.slice(max);
  return { shown: items.slice(0, max), more: rest.length ? `\u2026and ${rest.length} more: ${restSummary(rest)}` : null };
}

export const sum = <T>(items: T[], of: (item: T) => number): number => items.reduce((n, x) => n + of(x), 0);

/** The counts behind a gap, short enough to keep their column at phone width. */
export const countsText = (e: LedgerEntry): string => (e.kind === 'unbilled-usage' ? `none / ${quantity(e.observed)}` : `${quantity(e.billed)} / ${quantity(e.observed)}`);

/** Over-billing on a licence commitment cannot be reduced before the commitment ends. */
export const lockedText = (e: LedgerEntry, runDate: string): string => (e.committedUntil !== null && e.committedUntil > runDate ? `, locked until ${longDate(e.committedUntil)}` : '');

/** A held line (a commitment or suspect data holds its decrease) is listed but not counted. */
export const heldText = (e: LedgerEntry): string => (STATUS_TRAITS[e.status].counted ? '' : ', held: not counted');
