import type { AgreementCoverage, Invoice, Ticket, TimeEntry } from '../../../domain/work';
import { CONTRACT_TYPES, COVERING_CONTRACT_TYPES, type AtBillingItem, type AtContractBlock, type AtInvoice, type AtTicket, type AtTimeEntry, type AtWorkContract } from './work-records';

/** What mapping one night's Autotask work needs besides the record itself. */
export interface WorkLookups {
  codeName: Map<number, string>;
  /** Every active work-type billing code, by name. */
  workTypes: string[];
  ticket: Map<number, AtTicket>;
  contract: Map<number, AtWorkContract>;
  /** The billing item of a time entry, by time entry id: it exists once the entry is approved and posted. */
  item: Map<number, AtBillingItem>;
  /** Billing codes each contract excludes from its coverage, its exclusion set's included. */
  excluded: Map<number, Set<number>>;
  completeStatus: number;
  /** Resource id -> name, for the resources the entries name and the API user may read. */
  workerName: Map<number, string>;
}

const cents = (amount: number): number => Math.round(amount * 100);
const codeOf = (id: number | null | undefined, look: WorkLookups): string | null => (id == null ? null : (look.codeName.get(id) ?? `billing code ${id}`));

/** Autotask states billing with isNonBillable, and showOnInvoice for time shown at no charge [V]; without isNonBillable it states nothing. */
export const billableOf = (e: Pick<AtTimeEntry, 'isNonBillable' | 'showOnInvoice'>): TimeEntry['billable'] =>
  e.isNonBillable == null ? 'unknown' : !e.isNonBillable ? 'billable' : e.showOnInvoice ? 'no-charge' : 'non-billable';

/**
 * A ticket's time entry. Autotask states billing with isNonBillable (and showOnInvoice for time
 * shown at no charge) [V]; a posted entry has a billing item, on an invoice once invoiceID is set [V].
 */
export function toTimeEntry(e: AtTimeEntry, look: WorkLookups): TimeEntry {
  const ticket = look.ticket.get(e.ticketID);
  if (!ticket) throw new Error(`its ticket ${e.ticketID} was not found, so its client is unknown`);
  const item = look.item.get(e.id);
  const contract = e.contractID == null ? undefined : look.contract.get(e.contractID);
  return {
    externalId: String(e.id),
    clientExternalId: String(ticket.companyID),
    ticketExternalId: String(e.ticketID),
    agreementExternalId: e.contractID == null ? null : String(e.contractID),
    workType: codeOf(e.billingCodeID, look),
    billable: billableOf(e),
    vendorBillable: e.isNonBillable == null ? 'isNonBillable not stated' : e.isNonBillable ? `non-billable${e.showOnInvoice ? ', shown on invoice' : ''}` : 'billable',
    // [I] Autotask bills time on a prepaid contract against it unless the contract excludes its billing code.
    coveredByAgreement: !!contract && COVERING_CONTRACT_TYPES.has(contract.contractType) && !(e.billingCodeID != null && look.excluded.get(contract.id)?.has(e.billingCodeID)),
    hours: e.hoursWorked,
    rateCents: item?.rate == null ? null : cents(item.rate),
    invoiced: !!item,
    invoiceExternalId: item?.invoiceID == null ? null : String(item.invoiceID),
    date: e.dateWorked,
    updatedAt: e.lastModifiedDateTime ?? null,
    worker: e.resourceID == null ? '' : (look.workerName.get(e.resourceID) ?? `resource ${e.resourceID}`),
    notes: e.summaryNotes ?? '',
    writeBack: { timeEntryID: e.id },
  };
}

/** [I] Ticket status is a picklist whose names are per tenant; only Complete (5 by default) is known. */
export function toTicket(t: AtTicket, look: WorkLookups): Ticket {
  const closed = t.status == null ? t.completedDate != null : t.status === look.completeStatus;
  return {
    externalId: String(t.id),
    clientExternalId: String(t.companyID),
    agreementExternalId: t.contractID == null ? null : String(t.contractID),
    summary: [t.ticketNumber, t.title].filter(Boolean).join(' ') || `ticket ${t.id}`,
    status: t.status == null ? '' : closed ? 'Complete' : `status ${t.status}`,
    closed,
    openedAt: t.createDate ?? null,
    closedAt: t.completedDate ?? null,
    billingCode: codeOf(t.billingCodeID, look),
    slaBreached: t.serviceLevelAgreementHasBeenMet == null ? null : !t.serviceLevelAgreementHasBeenMet,
    // The API has no reopen count or flag.
    reopened: null,
    updatedAt: t.lastTrackedModificationDateTime ?? null,
  };
}

/** InvoiceModel has a paid date but no balance or payments [V]: a paid invoice owes nothing [I], an unpaid one an unknown amount. */
export function toInvoice(i: AtInvoice): Invoice {
  return {
    externalId: String(i.id),
    clientExternalId: String(i.companyID),
    number: i.invoiceNumber ?? '',
    date: i.invoiceDateTime,
    dueDate: i.dueDate ?? null,
    totalCents: cents(i.invoiceTotal),
    balanceCents: i.paidDate ? 0 : null,
    paidDate: i.paidDate ?? null,
    laborCents: null,
  };
}

/**
 * A prepaid contract covers every work-type code it does not exclude, itself or through its
 * exclusion set [I]. Block Hours contracts carry their blocks: the one in force on `today`, else
 * the latest begun.
 */
export function toCoverage(c: AtWorkContract, look: WorkLookups, blocks: AtContractBlock[], today: string): AgreementCoverage {
  const excluded = look.excluded.get(c.id) ?? new Set<number>();
  const covers = COVERING_CONTRACT_TYPES.has(c.contractType);
  const block = blocks
    .filter((b) => b.status !== 0 && b.startDate <= today)
    .sort((a, b) => Number(b.endDate >= today) - Number(a.endDate >= today) || b.startDate.localeCompare(a.startDate))[0];
  return {
    agreementExternalId: String(c.id),
    clientExternalId: String(c.companyID),
    agreementType: CONTRACT_TYPES[c.contractType] ?? `contract type ${c.contractType}`,
    coveredWorkTypes: covers ? look.workTypes.filter((name) => ![...excluded].some((id) => look.codeName.get(id) === name)) : [],
    hoursAllowance: block ? { hours: block.hours, period: 'block', startDate: block.startDate, endDate: block.endDate } : null,
  };
}
