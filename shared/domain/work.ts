import * as z from 'zod';
import { IsoDate, IsoTimestamp, WriteBackRef } from './values';

/**
 * The PSA's service work in Trueup's words: tickets, time entries and invoices. Labor leakage
 * (billable time that never reaches an invoice) and client health (ticket load, SLA, paying on
 * time) both read them. A field the vendor's API does not carry is null, never a guess: each
 * consumer says what it could not judge.
 */

/** How the PSA says a time entry is to be billed. */
export const BillableStatus = z.enum([
  // Billed to the client at a rate (ConnectWise Billable; Autotask not isNonBillable).
  'billable',
  // Work not to be billed at all (ConnectWise DoNotBill; Autotask isNonBillable).
  'non-billable',
  // Shown on the invoice at zero, e.g. covered by the agreement (ConnectWise NoCharge).
  'no-charge',
  // The PSA states nothing, or something Trueup does not know: never counted as billable.
  'unknown',
]);
export type BillableStatus = z.infer<typeof BillableStatus>;

export const TimeEntry = z.object({
  externalId: z.string().min(1),
  /** The PSA client (company, account, customer) the time is for. */
  clientExternalId: z.string().min(1),
  ticketExternalId: z.string().nullable().default(null),
  /** The agreement (contract) the time was charged against, when the PSA records one. */
  agreementExternalId: z.string().nullable().default(null),
  /** The work type, role or billing code as the PSA names it; recipes and config match on this. */
  workType: z.string().nullable().default(null),
  billable: BillableStatus,
  /** The PSA's own words for the billable status, kept for the evidence. */
  vendorBillable: z.string().default(''),
  /** True when the PSA says the agreement covers the time (e.g. agreement hours applied, contract-covered). */
  coveredByAgreement: z.boolean().default(false),
  hours: z.number().nonnegative(),
  /** The entry's own hourly rate in cents, when the PSA carries one. */
  rateCents: z.number().int().nonnegative().nullable().default(null),
  /** Invoiced: on an invoice, or posted for billing (Autotask billing item). Null when the API cannot say. */
  invoiced: z.boolean().nullable(),
  invoiceExternalId: z.string().nullable().default(null),
  /** The day the work was done, in the MSP's calendar. */
  date: IsoDate,
  /** When the PSA last changed the entry: the incremental read's watermark. */
  updatedAt: IsoTimestamp.nullable().default(null),
  /** The member, resource or agent who logged it, for the evidence. */
  worker: z.string().default(''),
  notes: z.string().default(''),
  /** What a "Bill it" write-back needs; opaque to the domain, checked by the connector. */
  writeBack: WriteBackRef,
});
export type TimeEntry = z.infer<typeof TimeEntry>;

export const Ticket = z.object({
  externalId: z.string().min(1),
  clientExternalId: z.string().min(1),
  agreementExternalId: z.string().nullable().default(null),
  summary: z.string().default(''),
  /** The PSA's status name, as it shows it. */
  status: z.string().default(''),
  closed: z.boolean(),
  openedAt: IsoTimestamp.nullable().default(null),
  closedAt: IsoTimestamp.nullable().default(null),
  /** The ticket's billing classification (billing code, work type, charge type); null when it has none. */
  billingCode: z.string().nullable().default(null),
  /** Missed its SLA (resolution or response); null when the API does not say. */
  slaBreached: z.boolean().nullable().default(null),
  /** Was reopened after closing; null when the API does not say. */
  reopened: z.boolean().nullable().default(null),
  updatedAt: IsoTimestamp.nullable().default(null),
});
export type Ticket = z.infer<typeof Ticket>;

export const Invoice = z.object({
  externalId: z.string().min(1),
  clientExternalId: z.string().min(1),
  number: z.string().default(''),
  date: IsoDate,
  dueDate: IsoDate.nullable().default(null),
  totalCents: z.number().int(),
  /** What is still owed; null when the API does not say. */
  balanceCents: z.number().int().nullable().default(null),
  /** The day it was paid in full, when the API says. */
  paidDate: IsoDate.nullable().default(null),
  /** Labor billed on it in cents, when the PSA itemises labor; for the effective billable rate. */
  laborCents: z.number().int().nullable().default(null),
});
export type Invoice = z.infer<typeof Invoice>;

/** What an agreement covers, from the PSA where its API says, for out-of-scope and block-hours checks. */
export const AgreementCoverage = z.object({
  agreementExternalId: z.string().min(1),
  clientExternalId: z.string().min(1),
  /** The agreement's type as the PSA names it (config maps covered work types by it when the PSA does not). */
  agreementType: z.string().nullable().default(null),
  /** Work types or billing codes the agreement covers; null when the PSA does not expose them. */
  coveredWorkTypes: z.array(z.string()).nullable().default(null),
  /** Hours included per period (monthly included hours or a prepaid block); null when none. */
  hoursAllowance: z
    .object({ hours: z.number().nonnegative(), period: z.enum(['month', 'block']), startDate: IsoDate.nullable().default(null), endDate: IsoDate.nullable().default(null) })
    .nullable()
    .default(null),
});
export type AgreementCoverage = z.infer<typeof AgreementCoverage>;

/** One night's service work from a PSA. */
export const WorkPull = z.object({
  timeEntries: z.array(TimeEntry).default([]),
  tickets: z.array(Ticket).default([]),
  invoices: z.array(Invoice).default([]),
  coverage: z.array(AgreementCoverage).default([]),
});
export type WorkPull = z.infer<typeof WorkPull>;

/** The lists of a work set. */
export type WorkList = keyof WorkPull;

/** Time entries and tickets named by their PSA ids: e.g. those the PSA no longer has. */
export const WorkIds = z.object({ timeEntries: z.array(z.string()), tickets: z.array(z.string()) });
export type WorkIds = z.infer<typeof WorkIds>;
