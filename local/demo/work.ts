/**
 * A client's service work in the vendor-neutral demo world: tickets, time entries and invoices,
 * which each PSA simulator renders in its own shapes. Ids are numeric strings, as every PSA here uses.
 */

export interface WorldTimeEntry {
  id: string;
  ticketId: string | null;
  agreementId: string | null;
  workType: string;
  billable: 'billable' | 'non-billable' | 'no-charge';
  /** The agreement absorbed the time (no charge against it). */
  covered: boolean;
  hours: number;
  /** The entry's own hourly rate, when the PSA carries one. */
  rateCents: number | null;
  invoiceId: string | null;
  /** The day the work was done. */
  date: string;
  worker: string;
  /** When the PSA last changed the entry (ISO instant). */
  updatedAt: string;
}

export interface WorldTicket {
  id: string;
  agreementId: string | null;
  summary: string;
  openedAt: string;
  closedAt: string | null;
  /** The ticket's billing classification (work type, billing code); null when it has none. */
  billingCode: string | null;
  slaBreached: boolean | null;
  updatedAt: string;
}

export interface WorldInvoice {
  id: string;
  number: string;
  date: string;
  dueDate: string;
  totalCents: number;
  balanceCents: number;
  laborCents: number;
  updatedAt: string;
}

export interface WorldWork {
  timeEntries: WorldTimeEntry[];
  tickets: WorldTicket[];
  invoices: WorldInvoice[];
}

/** What an agreement covers, for the labor rules: its type and its monthly included hours. */
export interface WorldCoverage {
  agreementType: string;
  /** Hours included per calendar month; absent when none. */
  includedHoursPerMonth?: number;
}
