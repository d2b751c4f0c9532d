import * as z from 'zod';
import { IsoDate, WriteBackRef } from '../values';
import { BillableStatus } from '../work';

/**
 * Labor leakage findings: one per time entry, ticket or agreement period, each a one-off amount
 * (hours × rate), not a monthly one. They live in a ledger of their own (shared/domain/labor/ledger.ts)
 * beside the seat findings, whose $/month totals they must never be added to.
 */

export const LABOR_KINDS = ['unbilled-time', 'out-of-scope', 'closed-unbilled', 'block-overage'] as const;
export const LaborKind = z.enum(LABOR_KINDS);
export type LaborKind = z.infer<typeof LaborKind>;

export interface LaborKindTraits {
  /** The kind in a person's words. */
  label: string;
  /** What "Bill it" does: make the finding's time entries billable in the PSA, or only link to them (nothing the API can write fixes it). */
  billIt: 'set-billable' | 'link-only';
  /** Why "Bill it" only links, in a person's words; null when it writes. */
  linkOnlyWhy: string | null;
}

/** Every place that treats labor kinds differently reads it here, so a new kind is a compile error until each trait is given. */
export const LABOR_KIND_TRAITS = {
  // Already billable in the PSA: it needs an invoice run, which no PSA API here starts.
  'unbilled-time': { label: 'unbilled billable time', billIt: 'link-only', linkOnlyWhy: 'The time is already billable in the PSA; it needs to go on an invoice there.' },
  'out-of-scope': { label: 'out-of-scope labor absorbed', billIt: 'set-billable', linkOnlyWhy: null },
  'closed-unbilled': { label: 'closed without billing', billIt: 'set-billable', linkOnlyWhy: null },
  // The overage is billed as an agreement adjustment or an extra invoice, not by flagging one entry.
  'block-overage': { label: 'block-hours overage', billIt: 'link-only', linkOnlyWhy: 'An overage is billed as an agreement adjustment or a separate invoice in the PSA.' },
} as const satisfies Record<LaborKind, LaborKindTraits>;

/** Where a rate came from: the entry itself, the configured rate of its work type, the configured default, or none at all. */
export const RateBasis = z.enum(['entry', 'work-type', 'default', 'none']);
export type RateBasis = z.infer<typeof RateBasis>;

/** One time entry behind a finding, as a person reads it and as "Bill it" needs it. */
export const LaborEntry = z.object({
  externalId: z.string(),
  date: IsoDate,
  hours: z.number(),
  workType: z.string().nullable(),
  worker: z.string(),
  billable: BillableStatus,
  invoiced: z.boolean().nullable(),
  rateCents: z.number().int().nullable(),
  rateBasis: RateBasis,
  /** hours × rate; null when no rate is known. */
  amountCents: z.number().int().nullable(),
  writeBack: WriteBackRef,
});
export type LaborEntry = z.infer<typeof LaborEntry>;

export const LaborFinding = z.object({
  /** Stable across nights: `<kind>:<sourceId>:<subject id>` (an agreement period adds its start). */
  key: z.string(),
  kind: LaborKind,
  sourceId: z.string(),
  /** `<psa sourceId>:<client externalId>`, as the seat findings key clients. */
  clientKey: z.string(),
  clientName: z.string(),
  subject: z.object({
    type: z.enum(['entry', 'ticket', 'agreement-period']),
    externalId: z.string(),
    label: z.string(),
    /** An entry's ticket, where it has one: the PSA page to open when the entry has none of its own. */
    ticketExternalId: z.string().optional(),
  }),
  /** The hours at stake (for an overage, the unbilled hours over the allowance). */
  hours: z.number(),
  /** The amount at stake in cents; null when some hours have no rate (listed, never counted as zero). */
  amountCents: z.number().int().nullable(),
  /** The day the finding is dated by: the entry's date, the ticket's closing day, the period's last day. */
  date: IsoDate,
  /** One line a person can read: why this is a finding. */
  why: z.string(),
  entries: z.array(LaborEntry),
});
export type LaborFinding = z.infer<typeof LaborFinding>;

/** Records the rules could not judge (no rate, no invoice state, no coverage known): counted apart, never a finding or a zero. */
export interface LaborUnjudged {
  /** Billable entries of closed cycles whose invoice state the PSA does not say. */
  invoiceUnknown: number;
  /** Covered entries whose agreement's covered work types are known neither from the PSA nor from config. */
  coverageUnknown: number;
  /** Entries whose billable state the PSA does not say: no rule judges them, and an allowance period holding one is not judged. */
  billableUnknown: number;
}
