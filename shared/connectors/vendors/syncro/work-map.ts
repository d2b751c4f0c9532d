import type { BillableStatus, Invoice, Ticket, TimeEntry } from '../../../domain/work';
import { isoInstant } from '../../vendor-dates';
import { CLOSED_STATUSES, type SyncroBilledInvoice, type SyncroTicket, type SyncroTimer } from './work-records';

/** Syncro service work -> the canonical model. Pure: no HTTP, no state. */

const positive = (id: number | null | undefined): id is number => typeof id === 'number' && id > 0;

const instant = (value: string | null | undefined): string | null => (value ? isoInstant(value) : null);

export const hoursOf = (t: SyncroTimer): number =>
  Math.round(((t.active_duration ?? (Date.parse(isoInstant(t.end_time!)) - Date.parse(isoInstant(t.start_time))) / 1000) / 3600) * 100) / 100;

/** A timer says billable or not [V]; one that says neither is unknown. */
export const billableOf = (t: Pick<SyncroTimer, 'billable'>): BillableStatus => (t.billable == null ? 'unknown' : t.billable ? 'billable' : 'non-billable');

/** Charged (recorded) time counts as invoiced; a timer that does not say is unknown, never "not invoiced". */
export const invoicedOf = (t: Pick<SyncroTimer, 'recorded'>): boolean | null => (t.recorded === undefined ? null : t.recorded === true);

/**
 * A timer says only billable or not [V]: no no-charge state. Charged (recorded) time is a line item
 * of the ticket, which Syncro bills with the ticket's invoice [I]: it counts as invoiced.
 */
export function toTimeEntry(t: SyncroTimer, tickets: Map<number, SyncroTicket>, products: Map<number, string>, users: Map<number, string>): TimeEntry {
  const ticket = tickets.get(t.ticket_id);
  if (!ticket) throw new Error(`its ticket ${t.ticket_id} was not found, so its client is unknown`);
  const contract = positive(ticket.contract_id) ? ticket.contract_id : null;
  return {
    externalId: String(t.id),
    clientExternalId: String(ticket.customer_id),
    ticketExternalId: String(t.ticket_id),
    agreementExternalId: contract === null ? null : String(contract),
    workType: positive(t.product_id) ? (products.get(t.product_id) ?? `product ${t.product_id}`) : null,
    billable: billableOf(t),
    vendorBillable: `${t.billable == null ? 'billable not stated' : t.billable ? 'billable' : 'not billable'}${t.recorded ? ', charged' : ''}`,
    // [I] non-billable time on a contract ticket is the contract's.
    coveredByAgreement: t.billable === false && contract !== null,
    hours: hoursOf(t),
    rateCents: null,
    invoiced: invoicedOf(t),
    // A ticket may have several invoices, and charged time is not tied to one [V: no invoice field on a timer].
    invoiceExternalId: null,
    date: t.start_time.slice(0, 10),
    updatedAt: instant(t.updated_at),
    worker: positive(t.user_id) ? (users.get(t.user_id) ?? `user ${t.user_id}`) : '',
    notes: t.notes ?? '',
    writeBack: { timerId: t.id, ticketId: t.ticket_id, createdOn: t.created_at.slice(0, 10) },
  };
}

export function toTicket(t: SyncroTicket): Ticket {
  const closed = CLOSED_STATUSES.has(t.status ?? '');
  return {
    externalId: String(t.id),
    clientExternalId: String(t.customer_id),
    agreementExternalId: positive(t.contract_id) ? String(t.contract_id) : null,
    summary: [t.number == null ? '' : `#${t.number}`, t.subject ?? ''].filter(Boolean).join(' ') || `ticket ${t.id}`,
    status: t.status ?? '',
    closed,
    openedAt: instant(t.created_at),
    closedAt: closed ? instant(t.resolved_at) : null,
    billingCode: t.billing_status?.trim() || null,
    slaBreached: t.sla_breached ?? null,
    reopened: null,
    updatedAt: instant(t.updated_at),
  };
}

/** An invoice says whether it is paid [V], not when nor how much is left: a paid one owes nothing, an unpaid one an unknown amount. */
export function toInvoice(i: SyncroBilledInvoice): Invoice {
  return {
    externalId: String(i.id),
    clientExternalId: String(i.customer_id),
    number: i.number == null ? '' : String(i.number),
    date: i.date,
    dueDate: i.due_date ?? null,
    totalCents: Math.round(i.total * 100),
    balanceCents: i.is_paid ? 0 : null,
    paidDate: null,
    laborCents: null,
  };
}
