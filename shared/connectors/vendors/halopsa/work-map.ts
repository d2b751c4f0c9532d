import type { AgreementCoverage, BillableStatus, Invoice, Ticket, TimeEntry } from '../../../domain/work';
import type { HaloAction, HaloBilledInvoice, HaloTicket, HaloWorkContract } from './work-records';

/** HaloPSA service work -> the canonical model. Pure: no HTTP, no state. */

export interface HaloWorkLookups {
  ticket: Map<number, HaloTicket>;
  /** Charge type names by Lookup id; empty when the lookup could not be read. */
  chargeType: Map<number, string>;
  /** Agent names by id (who did the work); empty when /Agent could not be read. */
  agentName: Map<number, string>;
}

const cents = (amount: number): number => Math.round(amount * 100);
const positive = (id: number | null | undefined): id is number => typeof id === 'number' && id > 0;
const chargeTypeOf = (id: number | null | undefined, look: HaloWorkLookups): string | null => (positive(id) ? (look.chargeType.get(id) ?? `charge type ${id}`) : null);

/**
 * Halo states billing per action [V: Actions fields]: actisbillable, then how the time was charged.
 * Billable time with no charge hours went to the contract or a prepay (no charge) [I].
 */
export function billingOf(a: Pick<HaloAction, 'actisbillable' | 'actionchargehours' | 'actionnonchargehours' | 'actionprepayhours'>): BillableStatus {
  if (a.actisbillable == null) return 'unknown';
  if (!a.actisbillable) return 'non-billable';
  return (a.actionchargehours ?? 0) > 0 || ((a.actionnonchargehours ?? 0) === 0 && (a.actionprepayhours ?? 0) === 0) ? 'billable' : 'no-charge';
}

/**
 * On an invoice: an invoice id or number [V: Actions.invoice_id, actioninvoicenumber]. An action
 * carrying neither field states nothing about invoicing: unknown, never "not invoiced", which
 * would price it as leakage. Null, 0 or "" state "none".
 */
export const isInvoiced = (a: Pick<HaloAction, 'invoice_id' | 'actioninvoicenumber'>): boolean | null =>
  positive(a.invoice_id) || Boolean(a.actioninvoicenumber?.trim()) ? true : a.invoice_id === undefined && a.actioninvoicenumber === undefined ? null : false;

export function toTimeEntry(a: HaloAction, look: HaloWorkLookups): TimeEntry {
  const ticket = look.ticket.get(a.ticket_id);
  if (!ticket) throw new Error(`its ticket ${a.ticket_id} was not found, so its client is unknown`);
  const billable = billingOf(a);
  const contract = positive(a.actioncontractid) ? a.actioncontractid : null;
  const chargeHours = a.actionchargehours ?? 0;
  return {
    externalId: String(a.id),
    clientExternalId: String(ticket.client_id),
    ticketExternalId: String(a.ticket_id),
    agreementExternalId: contract === null ? null : String(contract),
    workType: chargeTypeOf(a.chargerate, look),
    billable,
    vendorBillable: a.actisbillable == null ? 'actisbillable not stated' : a.actisbillable ? `billable, ${chargeHours} charge hours` : 'not billable',
    coveredByAgreement: billable === 'no-charge' && (contract !== null || (a.actionprepayhours ?? 0) > 0),
    hours: a.timetaken,
    rateCents: chargeHours > 0 && a.actionchargeamount != null ? cents(a.actionchargeamount / chargeHours) : null,
    invoiced: isInvoiced(a),
    invoiceExternalId: positive(a.invoice_id) ? String(a.invoice_id) : null,
    date: a.datetime.slice(0, 10),
    updatedAt: a.last_updated,
    worker: positive(a.who_agentid) ? (look.agentName.get(a.who_agentid) ?? `agent ${a.who_agentid}`) : '',
    notes: a.note ?? '',
    writeBack: { actionId: a.id, ticketId: a.ticket_id },
  };
}

export function toTicket(t: HaloTicket, look: HaloWorkLookups): Ticket {
  const closed = t.hasbeenclosed === true || t.dateclosed !== null;
  return {
    externalId: String(t.id),
    clientExternalId: String(t.client_id),
    agreementExternalId: positive(t.contract_id) ? String(t.contract_id) : null,
    summary: t.summary ?? `ticket ${t.id}`,
    status: t.status_name ?? '',
    closed,
    openedAt: t.dateoccurred,
    closedAt: closed ? t.dateclosed : null,
    billingCode: chargeTypeOf(t.chargerate, look),
    slaBreached: t.slastate === 'O' ? true : t.slastate === 'I' ? false : null,
    // The list has no reopen count or flag [I].
    reopened: null,
    updatedAt: t.last_update,
  };
}

export function toInvoice(i: HaloBilledInvoice): Invoice {
  return {
    externalId: String(i.id),
    clientExternalId: String(i.client_id),
    number: i.invoicenumber ?? '',
    date: i.invoice_date,
    dueDate: i.duedate ?? null,
    totalCents: cents(i.total),
    balanceCents: i.amountdue == null ? null : cents(i.amountdue),
    // [I] Halo answers an unpaid invoice's datepaid with its minimum date.
    paidDate: i.datepaid && !i.datepaid.startsWith('1900-01-01') ? i.datepaid : null,
    laborCents: null,
  };
}

/** The contract's free units per period are taken as included hours a month [I]; covered charge types are not in the API: config decides. */
export function toCoverage(c: HaloWorkContract): AgreementCoverage {
  return {
    agreementExternalId: String(c.id),
    clientExternalId: String(c.client_id),
    agreementType: c.contracttype_name?.trim() || null,
    coveredWorkTypes: null,
    hoursAllowance: (c.numberofunitsfree ?? 0) > 0 ? { hours: c.numberofunitsfree!, period: 'month', startDate: c.start_date ?? null, endDate: c.end_date ?? null } : null,
  };
}
