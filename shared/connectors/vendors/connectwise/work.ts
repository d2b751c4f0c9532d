import type { QuarantinedRecord, WriteBackRef } from '../../../domain/model';
import type { HttpClient } from '../../http/client';
import { assertBillingUnchanged } from '../../bill-time';
import { VendorRequestError } from '../../http/errors';
import { integerIds, rawId, readByIds } from '../../by-id';
import type { BillTimeRequest, BillTimeResult, PullNight, WorkConfirmRequest, WorkConfirmResult, WorkConnector, WorkPullResult, WorkWindow } from '../../types';
import { parseEach } from '../../validate';
import type { ConnectWiseSourceConfig } from './config';
import { CwAgreement, CwAgreementCoverage, CwInvoice, CwTicket, CwTimeBilling, CwTimeEntry, CwTimeRef } from './records';
import { billableOf, invoicedOf, toCoverage, toInvoice, toTicket, toTimeEntry } from './work-map';

/**
 * ConnectWise service work: time entries of the window (GET time/entries), open tickets and those
 * closed in the window (GET service/tickets), invoices of the window (GET finance/invoices), and
 * each agreement's type and hours allowance (read whole every night, so declared complete). An incremental read adds `lastUpdated>[since]` to
 * each condition [I: CW's conditions name _info.lastUpdated as lastUpdated]. "Bill it" sets the
 * entry's billableOption to Billable by PATCH [I: PATCH time/entries/{id} is in neither stored spec;
 * it follows the additions' JSON Patch], after re-reading it (compare-and-set).
 */

interface Deps {
  source: ConnectWiseSourceConfig;
  vendor: string;
  http: HttpClient;
  list(path: string, conditions?: string): Promise<unknown[]>;
  /** The raw agreements, read for their type and hours allowance. */
  agreements(): Promise<unknown[]>;
}

/** Ids in one `id in (...)` condition: the conditions travel in the query string, so batches keep it short [I]. */
export const CW_IDS_PER_REQUEST = 100;

/** CW condition datetimes go in square brackets [V README 1(d)]. */
const at = (iso: string) => `[${iso.length === 10 ? `${iso}T00:00:00Z` : iso.replace(/\.\d+Z$/, 'Z')}]`;

export function connectWiseWork({ source, vendor, http, list, agreements }: Deps): WorkConnector {
  const where = (entity: string) => ({ sourceId: source.id, entity });

  async function pullWork(_night: PullNight, window: WorkWindow): Promise<WorkPullResult> {
    const quarantined: QuarantinedRecord[] = [];
    const changed = window.changedSince ? ` and lastUpdated>${at(window.changedSince)}` : '';
    const entries = await list('time/entries', `timeStart>=${at(window.from)}${changed}`);
    const open = await list('service/tickets', `closedFlag=false${changed}`);
    const closed = await list('service/tickets', `closedFlag=true and closedDate>=${at(window.from)}${changed}`);
    const tickets = parseEach([...open, ...closed], CwTicket, toTicket, where('ticket'), quarantined);
    const ticketCompany = new Map(tickets.map((t) => [Number(t.externalId), Number(t.clientExternalId)]));
    const timeEntries = parseEach(entries, CwTimeEntry, (e) => toTimeEntry(e, ticketCompany), where('time entry'), quarantined);
    const invoices = parseEach(await list('finance/invoices', `date>=${at(window.from)}${changed}`), CwInvoice, toInvoice, where('invoice'), quarantined);
    // Agreements are read whole every night: coverage is never incremental.
    // One the seat pull cannot read is quarantined there, not twice.
    const readable = (await agreements()).filter((a) => CwAgreement.safeParse(a).success);
    const coverage = parseEach(readable, CwAgreementCoverage, toCoverage, where('agreement coverage'), quarantined);
    return { timeEntries, tickets, invoices, coverage, quarantined, warnings: [], complete: ['coverage'] };
  }

  const parseRef = (ref: WriteBackRef): number => {
    const parsed = CwTimeRef.safeParse(ref);
    if (!parsed.success) throw new VendorRequestError(vendor, 'the finding does not name a ConnectWise time entry', undefined, JSON.stringify(ref));
    return parsed.data.timeEntryId;
  };

  const readBilling = async (id: number) => {
    const parsed = CwTimeBilling.safeParse((await http.json({ path: `time/entries/${id}` })).body);
    if (!parsed.success) throw new VendorRequestError(vendor, `time entry ${id} cannot be read`);
    return parsed.data;
  };

  async function billTimeEntry(req: BillTimeRequest): Promise<BillTimeResult> {
    const id = parseRef(req.ref);
    const now = await readBilling(id);
    assertBillingUnchanged(vendor, req.expected, { billable: billableOf(now), invoiced: invoicedOf(now) }, `time entry ${id}`);
    // PATCH is not idempotent: HttpClient sends it once after a 5xx; the read-back says whether it landed.
    await http.json({ method: 'PATCH', path: `time/entries/${id}`, json: [{ op: 'replace', path: 'billableOption', value: 'Billable' }] });
    const after = await readBilling(id);
    if (billableOf(after) !== 'billable') throw new VendorRequestError(vendor, `time entry ${id} reads ${after.billableOption ?? 'no billable option'} after setting Billable; check it in ConnectWise`);
    // CW bills by the flag; a billing code (work type) is not changed here.
    return { billable: 'billable', effective: `on the next invoice of the company's billable time (entry ${id})` };
  }

  /** The records behind tonight's findings, by `id in (...)` [I: CW's conditions syntax; the stored spec only names the parameter]. */
  async function confirmWork(_night: PullNight, req: WorkConfirmRequest): Promise<WorkConfirmResult> {
    const quarantined: QuarantinedRecord[] = [];
    const byIds = (path: string, what: string, ids: string[], witness: string | null) =>
      readByIds({ vendor, what, ids, witness, perRequest: CW_IDS_PER_REQUEST, idOf: rawId, read: (batch) => list(path, `id in (${integerIds(vendor, batch).join(',')})`) });
    const tickets = await byIds('service/tickets', 'tickets', req.tickets, req.witnesses.ticket);
    const entries = await byIds('time/entries', 'time entries', req.timeEntries, req.witnesses.timeEntry);
    const reread = parseEach(tickets.rows, CwTicket, toTicket, where('ticket'), quarantined);
    // An entry without its company takes its ticket's, where that ticket was read again too.
    const ticketCompany = new Map(reread.map((t) => [Number(t.externalId), Number(t.clientExternalId)]));
    return {
      timeEntries: parseEach(entries.rows, CwTimeEntry, (e) => toTimeEntry(e, ticketCompany), where('time entry'), quarantined),
      tickets: reread,
      gone: { timeEntries: entries.gone, tickets: tickets.gone },
      quarantined,
    };
  }

  return { pullWork, confirmWork, billTimeEntry };
}
