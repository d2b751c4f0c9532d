import type { SourceConfig } from '../../shared/config/schema';
import type { WorkWindow } from '../../shared/connectors/types';
import type { Simulators } from '../../local/simulators';
import type { ListCost } from './minimums';

/**
 * The fewest requests each vendor's API allows for a labor (work) pull of `window`, counted from
 * what its simulator holds: one function per vendor, keyed by kind.
 */
export type LaborMinimum<K extends keyof Simulators> = (sim: Simulators[K], source: SourceConfig, window: WorkWindow) => ListCost[];

type Row = Record<string, unknown>;
const day = (v: unknown) => String(v).slice(0, 10);
const pages = (records: number, size: number) => Math.max(1, Math.ceil(records / size));
/** Autotask `in` queries: at most 500 ids each [V], each answering pages of at most 500. */
const inQuery = (ids: number, records: number) => (ids === 0 ? 0 : Math.max(Math.ceil(ids / 500), Math.ceil(records / 500)));

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
  ];
};
