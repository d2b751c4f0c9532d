import type { AgreementCoverage, BillableStatus, Invoice, Ticket, TimeEntry } from '../../../domain/work';
import { isoInstant } from '../../vendor-dates';
import { dateOf } from './map';
import type { CwAgreementCoverage, CwInvoice, CwTicket, CwTimeEntry } from './records';

/** ConnectWise service work -> the canonical model. Pure: no HTTP, no state. */

const BILLABLE: Record<NonNullable<CwTimeEntry['billableOption']>, BillableStatus> = {
  Billable: 'billable',
  DoNotBill: 'non-billable',
  NoCharge: 'no-charge',
  NoDefault: 'unknown',
};

/** The billable status of an entry: a written-off entry is not to be billed, whatever its option says. */
export function billableOf(e: Pick<CwTimeEntry, 'billableOption' | 'status'>): BillableStatus {
  if (e.status === 'WrittenOff') return 'non-billable';
  return e.billableOption ? BILLABLE[e.billableOption] : 'unknown';
}

/**
 * On an invoice, or billed through the agreement (status Billed / BilledAgreement) [V: TimeEntry
 * invoice, status]. With neither an invoice nor a status the entry states nothing: unknown, never
 * "not invoiced", which would price it as leakage. (CW leaves null fields out [I], and a time
 * entry always has a status, so an entry with a status and no invoice is not invoiced.)
 */
export const invoicedOf = (e: Pick<CwTimeEntry, 'invoice' | 'status'>): boolean | null =>
  e.invoice?.id != null || e.status === 'Billed' || e.status === 'BilledAgreement' ? true : e.status == null ? null : false;

const cents = (amount: number) => Math.round(amount * 100);
/** CW date-times are UTC; a bare date is taken as midnight UTC, and [I] a time without an offset as UTC. */
const instant = (value: string | null | undefined): string | null => (value ? isoInstant(value) : null);

/**
 * A time entry; `ticketCompany` gives the company of each ticket read, for an entry that names no
 * company of its own [V: company is optional on TimeEntry and required on Ticket].
 */
export function toTimeEntry(e: CwTimeEntry, ticketCompany: ReadonlyMap<number, number>): TimeEntry {
  const onTicket = e.chargeToType === 'ServiceTicket' || e.chargeToType === 'ProjectTicket';
  const ticketId = e.ticket?.id ?? (onTicket ? e.chargeToId : null);
  // [I] time charged to a company names it by chargeToId (the spec: "If chargeToId is not specified, we asume you enter time against the company").
  const company = e.company?.id ?? (e.chargeToType === 'Company' ? e.chargeToId : ticketId == null ? null : ticketCompany.get(ticketId));
  if (company == null) throw new Error(`it names no company${ticketId == null ? '' : `, and its ticket ${ticketId} was not read`}, so its client is unknown`);
  return {
    externalId: String(e.id),
    clientExternalId: String(company),
    ticketExternalId: ticketId == null ? null : String(ticketId),
    agreementExternalId: e.agreement ? String(e.agreement.id) : null,
    workType: e.workType?.name ?? null,
    billable: billableOf(e),
    vendorBillable: [e.billableOption ?? 'none', e.status].filter(Boolean).join(', '),
    // [I] time an agreement absorbs is NoCharge on it, or carries agreement hours.
    coveredByAgreement: e.agreement != null && (e.billableOption === 'NoCharge' || (e.agreementHours ?? 0) > 0),
    hours: e.actualHours,
    rateCents: e.hourlyRate == null ? null : cents(e.hourlyRate),
    invoiced: invoicedOf(e),
    invoiceExternalId: e.invoice ? String(e.invoice.id) : null,
    // [I] the UTC date of the start: CW states the time, not the MSP's calendar day.
    date: dateOf(e.timeStart)!,
    updatedAt: instant(e._info?.lastUpdated),
    worker: e.member?.identifier ?? e.member?.name ?? '',
    notes: e.notes ?? '',
    writeBack: { timeEntryId: e.id },
  };
}

export function toTicket(t: CwTicket): Ticket {
  const closed = t.closedFlag === true;
  return {
    externalId: String(t.id),
    clientExternalId: String(t.company.id),
    agreementExternalId: t.agreement ? String(t.agreement.id) : null,
    summary: t.summary ?? '',
    status: t.status?.name ?? '',
    closed,
    openedAt: instant(t._info?.dateEntered),
    closedAt: closed ? instant(t.closedDate) : null,
    // [I] a ticket is classified for billing by its work type, or an explicit billing choice for its time.
    billingCode: t.workType?.name ?? (t.billTime && t.billTime !== 'NoDefault' ? t.billTime : null),
    slaBreached: t.isInSla == null ? null : !t.isInSla,
    // CW states no reopen count on the ticket.
    reopened: null,
    updatedAt: instant(t._info?.lastUpdated),
  };
}

export function toInvoice(i: CwInvoice): Invoice {
  return {
    externalId: String(i.id),
    clientExternalId: String(i.company.id),
    number: i.invoiceNumber ?? '',
    date: dateOf(i.date)!,
    dueDate: dateOf(i.dueDate),
    totalCents: cents(i.total),
    balanceCents: i.balance == null ? null : cents(i.balance),
    // The paid date sits on /finance/invoices/{id}/payments, which the stored spec does not have.
    paidDate: null,
    laborCents: i.serviceTotal == null ? null : cents(i.serviceTotal),
  };
}

/**
 * What an agreement covers. CW's API does not list the work types an agreement covers (its
 * work-type exclusions are not in the spec), so config supplies them by agreement type. An hours
 * allowance is applicationUnits Hours with a limit: per calendar month, or one prepaid block
 * (oneTimeFlag) over the agreement's dates. [I] other application cycles are not judged.
 */
export function toCoverage(a: CwAgreementCoverage): AgreementCoverage {
  const hours = a.applicationUnits === 'Hours' && !a.applicationUnlimitedFlag && a.applicationLimit != null ? a.applicationLimit : null;
  const block = a.oneTimeFlag === true;
  const allowance =
    hours == null ? null
    : block ? { hours, period: 'block' as const, startDate: dateOf(a.startDate), endDate: dateOf(a.endDate) }
    : a.applicationCycle === 'CalendarMonth' ? { hours, period: 'month' as const, startDate: null, endDate: null }
    : null;
  return {
    agreementExternalId: String(a.id),
    clientExternalId: String(a.company.id),
    agreementType: a.type?.name ?? null,
    coveredWorkTypes: null,
    hoursAllowance: allowance,
  };
}
