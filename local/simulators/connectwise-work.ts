import type { WorldClient } from '../demo/world';
import type { WorldTimeEntry } from '../demo/work';

/** A client's service work as ConnectWise serves it: TimeEntry, Ticket and Invoice records (null fields left out, as CW does [I]). */

type CwRecord = Record<string, unknown>;

const BILLABLE_OPTION: Record<WorldTimeEntry['billable'], string> = { billable: 'Billable', 'non-billable': 'DoNotBill', 'no-charge': 'NoCharge' };
const workTypeIds = new Map<string, number>();
const workTypeRef = (name: string) => {
  if (!workTypeIds.has(name)) workTypeIds.set(name, workTypeIds.size + 1);
  return { id: workTypeIds.get(name), name };
};
const stamp = (iso: string) => iso.replace(/\.\d+Z$/, 'Z');

export function renderWork(client: WorldClient, company: CwRecord): { timeEntries: CwRecord[]; tickets: CwRecord[]; invoices: CwRecord[] } {
  const work = client.work;
  if (!work) return { timeEntries: [], tickets: [], invoices: [] };
  const agreementName = (id: string | null) => client.agreements.find((a) => a.id === id)?.name ?? 'Agreement';
  const tickets = work.tickets.map((t) => ({
    id: Number(t.id),
    summary: t.summary,
    recordType: 'ServiceTicket',
    board: { id: 1, name: 'Service Desk' },
    status: t.closedAt ? { id: 5, name: 'Closed' } : { id: 2, name: 'In Progress' },
    ...(t.billingCode ? { workType: workTypeRef(t.billingCode) } : {}),
    company,
    ...(t.agreementId ? { agreement: { id: Number(t.agreementId), name: agreementName(t.agreementId) } } : {}),
    ...(t.closedAt ? { closedDate: stamp(t.closedAt), closedBy: 'dana' } : {}),
    closedFlag: t.closedAt != null,
    billTime: 'NoDefault',
    ...(t.slaBreached == null ? {} : { isInSla: !t.slaBreached }),
    _info: { lastUpdated: stamp(t.updatedAt), dateEntered: stamp(t.openedAt) },
  }));
  const timeEntries = work.timeEntries.map((e) => ({
    id: Number(e.id),
    company,
    chargeToId: e.ticketId ? Number(e.ticketId) : Number(company.id),
    chargeToType: e.ticketId ? 'ServiceTicket' : 'Company',
    member: { id: 1, identifier: e.worker, name: e.worker },
    workType: workTypeRef(e.workType),
    ...(e.agreementId ? { agreement: { id: Number(e.agreementId), name: agreementName(e.agreementId) } } : {}),
    timeStart: `${e.date}T14:00:00Z`,
    timeEnd: new Date(Date.parse(`${e.date}T14:00:00Z`) + e.hours * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    actualHours: e.hours,
    billableOption: BILLABLE_OPTION[e.billable],
    ...(e.covered ? { agreementHours: e.hours } : {}),
    notes: `${e.workType} for ${client.psa.name}`,
    ...(e.invoiceId ? { invoice: { id: Number(e.invoiceId), identifier: work.invoices.find((i) => i.id === e.invoiceId)?.number ?? e.invoiceId } } : {}),
    ...(e.rateCents != null ? { hourlyRate: e.rateCents / 100 } : {}),
    status: e.invoiceId ? 'Billed' : 'ReadyToBill',
    ...(e.ticketId ? { ticket: { id: Number(e.ticketId), summary: work.tickets.find((t) => t.id === e.ticketId)?.summary ?? '' } } : {}),
    _info: { lastUpdated: stamp(e.updatedAt), dateEntered: `${e.date}T18:00:00Z` },
  }));
  const invoices = work.invoices.map((i) => ({
    id: Number(i.id),
    invoiceNumber: i.number,
    type: 'Standard',
    company,
    date: `${i.date}T00:00:00Z`,
    dueDate: `${i.dueDate}T00:00:00Z`,
    serviceTotal: i.laborCents / 100,
    total: i.totalCents / 100,
    payments: (i.totalCents - i.balanceCents) / 100,
    balance: i.balanceCents / 100,
    _info: { lastUpdated: stamp(i.updatedAt) },
  }));
  return { timeEntries, tickets, invoices };
}
