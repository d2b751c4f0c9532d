import type { SourceConfig } from '../../shared/config/schema';
import type { WorkWindow } from '../../shared/connectors/types';
import type { Simulators } from '../../local/simulators';
import { addDays, daysBetween } from '../../shared/domain/dates';
import { TICKET_IDS_PER_REQUEST } from '../../shared/connectors/vendors/halopsa/work';
import type { ListCost } from './minimums';

/**
 * The fewest requests each vendor's API allows for a labor (work) pull of `window`, counted from
 * what its simulator holds: one function per vendor, keyed by kind.
 */
export type LaborMinimum<K extends keyof Simulators> = (sim: Simulators[K], source: SourceConfig, window: WorkWindow, runDate: string) => ListCost[];

type Row = Record<string, unknown>;
const day = (v: unknown) => String(v).slice(0, 10);
const pages = (records: number, size: number) => Math.max(1, Math.ceil(records / size));
/** Autotask `in` queries: at most 500 ids each [V], each answering pages of at most 500. */
const inQuery = (ids: number, records: number) => (ids === 0 ? 0 : Math.max(Math.ceil(ids / 500), Math.ceil(records / 500)));

/**
 * Full-window ConnectWise work pull (connectwise/work.ts): time entries of the window, open tickets,
 * tickets closed in the window (two lists: the conditions take no `or` [I]), invoices of the window,
 * and the agreements for coverage (read by the seat pull on a night; alone here, read once).
 */
export const connectwiseLabor: LaborMinimum<'connectwise'> = (sim, source, window) => {
  const s = sim.state;
  const size = Math.min(source.kind === 'connectwise' ? source.pageSize : 1000, 1000);
  const since = (v: unknown) => v != null && day(v) >= window.from;
  const open = s.tickets.filter((t) => t.closedFlag === false).length;
  const closed = s.tickets.filter((t) => t.closedFlag === true && since(t.closedDate)).length;
  const entries = s.timeEntries.filter((e) => since(e.timeStart)).length;
  const invoices = s.invoices.filter((i) => since(i.date)).length;
  const agreements = s.agreements.filter((a) => a.cancelledFlag !== true).length;
  return [
    { list: 'time/entries (window)', route: /time\/entries$/, records: entries, requests: pages(entries, size) },
    { list: 'service/tickets (open, closed in window)', route: /service\/tickets$/, records: open + closed, requests: pages(open, size) + pages(closed, size) },
    { list: 'finance/invoices (window)', route: /finance\/invoices$/, records: invoices, requests: pages(invoices, size) },
    { list: 'finance/agreements (coverage)', route: /finance\/agreements$/, records: agreements, requests: pages(agreements, size) },
  ];
};

/** Full-window Autotask work pull: the lists, then children by `in` batches (autotask/work.ts). */
export const autotaskLabor: LaborMinimum<'autotask'> = (sim, _source, window) => {
  const e = sim.state.entities;
  const entries = e.TimeEntries.filter((t: Row) => t.ticketID != null && day(t.dateWorked) >= window.from);
  const inWindow = (t: Row) => [t.createDate, t.completedDate].some((d) => d != null && day(d) >= window.from);
  const tickets = e.Tickets.filter(inWindow);
  const ticketIds = new Set(tickets.map((t) => t.id));
  const missingTickets = new Set(entries.map((x) => x.ticketID).filter((id) => !ticketIds.has(id)));
  const entryIds = new Set(entries.map((x) => x.id));
  const items = e.BillingItems.filter((b) => entryIds.has(b.timeEntryID));
  const invoices = e.Invoices.filter((i) => day(i.invoiceDateTime) >= window.from);
  const invoiceIds = new Set(invoices.map((i) => i.id));
  const missingInvoices = new Set(items.map((b) => b.invoiceID).filter((id) => id != null && !invoiceIds.has(id)));
  const contractIds = new Set<unknown>([...entries, ...tickets, ...e.Tickets.filter((t) => missingTickets.has(t.id))].map((r) => r.contractID).filter((id) => id != null));
  const contracts = e.Contracts.filter((c) => contractIds.has(c.id));
  const blockContracts = new Set(contracts.filter((c) => c.contractType === 4).map((c) => c.id));
  const codes = e.BillingCodes.filter((c) => c.useType === 1);
  const blocks = e.ContractBlocks.filter((b) => blockContracts.has(b.contractID));
  const exclusions = e.ContractExclusionBillingCodes.filter((x) => contractIds.has(x.contractID));
  const sets = new Set<unknown>(contracts.map((c) => c.contractExclusionSetID).filter((id) => id != null));
  const setRows = e.ContractExclusionSetExcludedWorkTypes.filter((x) => sets.has(x.contractExclusionSetID));
  const workers = new Set<unknown>(entries.map((x) => x.resourceID).filter((id) => id != null));
  const named = e.Resources.filter((r) => workers.has(r.id)).length;
  return [
    { list: 'zone lookup', route: /ZoneInformation$/i, records: 1, requests: 1, auth: true },
    { list: 'TimeEntries/query (window)', route: /\/TimeEntries\/query/, records: entries.length, requests: pages(entries.length, 500) },
    { list: 'Tickets/query (window + by id)', route: /\/Tickets\/query/, records: tickets.length + missingTickets.size, requests: pages(tickets.length, 500) + inQuery(missingTickets.size, missingTickets.size) },
    { list: 'Invoices/query (window + by id)', route: /\/Invoices\/query/, records: invoices.length + missingInvoices.size, requests: pages(invoices.length, 500) + inQuery(missingInvoices.size, missingInvoices.size) },
    { list: 'BillingCodes/query (work types)', route: /\/BillingCodes\/query/, records: codes.length, requests: pages(codes.length, 500) },
    { list: 'BillingItems/query (by entry)', route: /\/BillingItems\/query/, records: items.length, requests: inQuery(entryIds.size, items.length) },
    { list: 'Contracts/query (charged)', route: /\/Contracts\/query/, records: contracts.length, requests: inQuery(contracts.length, contracts.length) },
    { list: 'ContractBlocks/query', route: /\/ContractBlocks\/query/, records: blocks.length, requests: inQuery(blockContracts.size, blocks.length) },
    { list: 'ContractExclusionBillingCodes/query', route: /\/ContractExclusionBillingCodes\/query/, records: exclusions.length, requests: inQuery(contracts.length, exclusions.length) },
    { list: 'ContractExclusionSetExcludedWorkTypes/query', route: /\/ContractExclusionSetExcludedWorkTypes\/query/, records: setRows.length, requests: inQuery(sets.size, setRows.length) },
    { list: 'Resources/query (who did the work, by id)', route: /\/Resources\/query/, records: named, requests: inQuery(workers.size, named) },
  ];
};

/**
 * Full-window HaloPSA work pull (halopsa/work.ts): tickets opened and tickets closed in the window
 * (two date-searched lists), the time actions a day a request (/Actions has no pages), invoices
 * newest first until one older than the window, every contract, the charge type Lookup, the
 * agents (a bare array [V3]: one request).
 */
export const halopsaLabor: LaborMinimum<'halopsa'> = (sim, source, window, runDate) => {
  const s = sim.state;
  const ps = source.kind === 'halopsa' ? source.pageSize : 100;
  const from = `${window.from}T00:00:00`;
  const opened = s.tickets.filter((t) => String(t.dateoccurred) >= from);
  const closed = s.tickets.filter((t) => typeof t.dateclosed === 'string' && t.dateclosed >= from);
  const read = new Set([...opened, ...closed].map((t) => t.id));
  const actions = s.actions.filter((a) => String(a.datetime) >= from && Number(a.timetaken) > 0);
  const missing = new Set(actions.map((a) => a.ticket_id).filter((id) => !read.has(id)));
  const days = daysBetween(window.from, runDate) + 1;
  const inWindow = s.billedInvoices.filter((i) => String(i.invoice_date).slice(0, 10) >= window.from).length;
  const older = s.billedInvoices.length > inWindow ? 1 : 0;
  return [
    { list: 'auth/token', route: /\/auth\/token$/, records: 1, requests: 1, auth: true },
    { list: 'Tickets (opened, closed, by id)', route: /\/api\/Tickets$/, records: opened.length + closed.length + missing.size, requests: pages(opened.length, ps) + pages(closed.length, ps) + (missing.size ? Math.ceil(missing.size / TICKET_IDS_PER_REQUEST) : 0) },
    { list: 'Actions (a day a request)', route: /\/api\/Actions$/, records: actions.length, requests: days },
    { list: 'Invoice (newest first, to the window)', route: /\/api\/Invoice$/, records: inWindow, requests: pages(inWindow + older, ps) },
    { list: 'ClientContract', route: /\/api\/ClientContract$/, records: s.contracts.length, requests: pages(s.contracts.length, ps) },
    { list: 'Lookup (charge types)', route: /\/api\/Lookup$/, records: s.chargeTypes.length, requests: 1 },
    { list: 'Agent (who did the work)', route: /\/api\/Agent$/, records: s.agents.length, requests: 1 },
  ];
};

/**
 * Full-window Syncro work pull (syncro/work.ts): tickets updated since the window began, timers
 * created from the day before it, invoices updated in it, at the server's 25 a page [V] (meta
 * states the pages), the product catalog (no meta: to an empty page), the users (asked once: no
 * page parameter [V]), and tickets by id.
 */
export const syncroLabor: LaborMinimum<'syncro'> = (sim, _source, window) => {
  const s = sim.state;
  const since = Date.parse(`${window.from}T00:00:00Z`);
  const tickets = s.tickets.filter((t) => Date.parse(String(t.updated_at)) >= since);
  const timers = s.timers.filter((t) => day(t.created_at) > addDays(window.from, -1));
  const invoices = s.billedInvoices.filter((i) => Date.parse(String(i.updated_at)) >= since);
  const read = new Set(tickets.map((t) => t.id));
  const missing = new Set(timers.filter((t) => day(t.start_time) >= window.from).map((t) => t.ticket_id).filter((id) => !read.has(id)));
  return [
    { list: 'tickets (updated in the window)', route: /\/api\/v1\/tickets$/, records: tickets.length, requests: pages(tickets.length, 25) },
    { list: 'ticket_timers (created in the window)', route: /\/api\/v1\/ticket_timers$/, records: timers.length, requests: pages(timers.length, 25) },
    { list: 'invoices (updated in the window)', route: /\/api\/v1\/invoices$/, records: invoices.length, requests: pages(invoices.length, 25) },
    { list: 'products (no meta: + empty page)', route: /\/api\/v1\/products$/, records: s.products.length, requests: Math.ceil(s.products.length / 25) + 1 },
    { list: 'users (who did the work)', route: /\/api\/v1\/users$/, records: s.users.length, requests: 1 },
    { list: 'tickets/{id} (named by a timer only)', route: /\/api\/v1\/tickets\/\d+$/, records: missing.size, requests: missing.size },
  ];
};
