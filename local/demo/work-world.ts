/**
 * A client's service work in the demo world, vendor-neutral: tickets, time entries, invoices and
 * what its agreements cover. Each PSA simulator renders it in its vendor's shapes and ids, so the
 * labor and client-health tests know every planted case in advance.
 */

export interface WorldTicket {
  /** Numeric string: every PSA here uses integer ids. */
  id: string;
  agreementId: string | null;
  summary: string;
  closed: boolean;
  /** ISO timestamps (UTC). */
  openedAt: string;
  closedAt: string | null;
  /** The ticket's billing classification (billing code, work type, charge type), or none. */
  billingCode: string | null;
  slaBreached: boolean | null;
  reopened: boolean | null;
  updatedAt: string;
}

export interface WorldTimeEntry {
  id: string;
  /** The ticket it was logged on; null for time charged to the client or agreement directly. */
  ticketId: string | null;
  agreementId: string | null;
  /** Work type or billing code name. */
  workType: string;
  billable: 'billable' | 'non-billable' | 'no-charge';
  /** The agreement absorbed the time (ConnectWise agreement hours); absent means not. */
  covered?: boolean;
  hours: number;
  /** The entry's own hourly rate, where the PSA keeps one. */
  rateCents: number | null;
  /** The invoice it is on, if any. */
  invoiceId: string | null;
  /** Approved and posted for billing but not on an invoice yet (Autotask billing items). */
  posted?: boolean;
  /** The day worked (YYYY-MM-DD). */
  date: string;
  updatedAt: string;
  worker: string;
  notes: string;
}

export interface WorldInvoice {
  id: string;
  number: string;
  date: string;
  dueDate: string | null;
  totalCents: number;
  /** Paid so far; equal to totalCents when paid in full. */
  paidCents: number;
  paidDate: string | null;
  /** Labor billed on it, where the PSA itemises labor. */
  laborCents?: number;
  /** When the PSA last changed it (ISO instant); the invoice date when absent. */
  updatedAt?: string;
}

export interface WorldCoverage {
  agreementId: string;
  /** The agreement's name, for agreements that exist only for labor (a block of hours). */
  name: string;
  type: 'recurring' | 'block' | 'time-and-materials';
  /** The agreement type's name as the PSA shows it (ConnectWise agreement type), where it has one. */
  typeName?: string;
  /** Work types the agreement covers; null when the PSA does not say. */
  coveredWorkTypes: string[] | null;
  hoursAllowance: { hours: number; period: 'month' | 'block'; startDate: string | null; endDate: string | null } | null;
}

export interface WorldWork {
  tickets: WorldTicket[];
  timeEntries: WorldTimeEntry[];
  invoices: WorldInvoice[];
  coverage: WorldCoverage[];
}
