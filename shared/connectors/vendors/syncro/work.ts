import * as z from 'zod';
import { addDays } from '../../../domain/dates';
import type { QuarantinedRecord } from '../../../domain/model';
import type { HttpClient } from '../../http/client';
import { VendorRequestError } from '../../http/errors';
import { syncroPageRange, syncroPages } from '../../http/paging/syncro-pages';
import type { Fragment, PartitionedWorkPull, PartitionSpec } from '../../partitions';
import type { WorkPullResult, WorkWindow } from '../../types';
import { mapEach, parseEach } from '../../validate';
import { toInvoice, toTicket, toTimeEntry } from './work-map';
import { SyncroProduct } from './records';
import { SyncroBilledInvoice, SyncroTicket, SyncroTimer } from './work-records';

export async function syncroList(http: HttpClient, path: string, key: string, query: Record<string, string | number | boolean>): Promise<unknown[]> {
  const all: unknown[] = [];
  for await (const page of syncroPages(http, { path, key, query })) all.push(...page);
  return all;
}

/** [V] "each 'page' contains 25 results": the plan's estimate only; bounds stay page numbers, so a server serving fewer costs no record. */
const SYNCRO_PAGE = 25;

/**
 * One night of Syncro service work: tickets updated since the window began (opening and resolving
 * both update a ticket [I]) or since the last read, the window's ticket timers (created after the
 * day before it; /ticket_timers has no updated filter [V], so always the whole window), the
 * invoices updated in the window, the product catalog (timers' work types), and tickets a timer
 * names that were not read, one by one at assembly.
 * Syncro exposes nothing of what a contract covers: coverage comes from config.
 * The three long lists split by page number; the catalog is the head. [V] 180 requests a minute
 * per IP: no other integration's share to leave, so the partitions take it all.
 */
export const SYNCRO_WORK_PARTITIONS: PartitionSpec = {
  limitScope: 'integration',
  // [I] the catalog is a page or two; the tickets read by id at assembly are a handful a night.
  headRequests: () => 1,
  lists: [
    { name: 'ticket_timers', unit: 'page', perRequest: () => SYNCRO_PAGE },
    { name: 'tickets', unit: 'page', perRequest: () => SYNCRO_PAGE },
    { name: 'invoices', unit: 'page', perRequest: () => SYNCRO_PAGE },
  ],
};

/** Each list's path (its envelope key is the list's name), schema and query for a window. */
const LISTS: Record<string, { path: string; schema: z.ZodType; entity: string; query(window: WorkWindow): Record<string, string> }> = {
  ticket_timers: { path: '/ticket_timers', schema: SyncroTimer, entity: 'ticket-timer', query: (w) => ({ created_at_gt: addDays(w.from, -1) }) },
  // [I] since_updated_at takes an instant as well as the date its example shows.
  tickets: { path: '/tickets', schema: SyncroTicket, entity: 'ticket', query: (w) => ({ since_updated_at: w.changedSince ?? w.from }) },
  invoices: { path: '/invoices', schema: SyncroBilledInvoice, entity: 'invoice', query: (w) => ({ since_updated_at: w.from }) },
};

/** Syncro's work pull as a head (the catalog), page ranges of timers, tickets and invoices, and an assembly; pullWork runs it whole. */
export function syncroWorkPartitions(http: HttpClient, sourceId: string): PartitionedWorkPull {
  return {
    spec: SYNCRO_WORK_PARTITIONS,
    head: async () => ({ records: { products: [...(await productNames(http))].map(([id, name]) => ({ id, name })) }, quarantined: [], warnings: [] }),
    async *steps(_night, window, partition) {
      const list = LISTS[partition.list];
      if (!list) throw new Error(`Syncro's work pull has no list "${partition.list}"`);
      for await (const { page, records } of syncroPageRange(http, { path: list.path, key: partition.list, query: list.query(window) }, partition)) {
        const quarantined: QuarantinedRecord[] = [];
        const kept = parseEach(records, list.schema, (r) => r, { sourceId, entity: list.entity }, quarantined);
        yield { fragment: { records: { [partition.list]: kept }, quarantined, warnings: [] }, next: page + 1 };
      }
    },
    assemble: (_night, window, head, body) => assembleSyncroWork(http, sourceId, window, head, body),
  };
}

const Products = z.array(z.object({ id: z.number(), name: z.string() }));

/**
 * Timers in the window with their tickets and work types. [I] Syncro documents no list order: a
 * record that moves between pages while partitions read them apart is read twice, and counts once.
 */
async function assembleSyncroWork(http: HttpClient, sourceId: string, window: WorkWindow, head: Fragment, body: Fragment): Promise<WorkPullResult> {
  const quarantined: QuarantinedRecord[] = [...head.quarantined, ...body.quarantined];
  const products = new Map(Products.parse(head.records.products ?? []).map((p) => [p.id, p.name]));
  const timers = onceEach(z.array(SyncroTimer).parse(body.records.ticket_timers ?? []));
  const tickets = onceEach(z.array(SyncroTicket).parse(body.records.tickets ?? []));
  const invoices = onceEach(z.array(SyncroBilledInvoice).parse(body.records.invoices ?? []));
  const inWindow = timers.filter((t) => t.start_time.slice(0, 10) >= window.from);
  const known = new Set(tickets.map((t) => t.id));
  for (const id of new Set(inWindow.map((t) => t.ticket_id).filter((id) => !known.has(id)))) {
    const found = await ticketById(http, id);
    if (found !== undefined) tickets.push(...parseEach([found], SyncroTicket, (r) => r, { sourceId, entity: 'ticket' }, quarantined));
  }
  const byId = new Map(tickets.map((t) => [t.id, t]));
  return {
    timeEntries: mapEach(inWindow, (t) => toTimeEntry(t, byId, products), { sourceId, entity: 'ticket-timer' }, quarantined),
    tickets: tickets.map(toTicket),
    invoices: invoices.map(toInvoice),
    coverage: [],
    quarantined,
    warnings: [...head.warnings, ...body.warnings],
  };
}

/** The last read of each id, in first-read order. */
const onceEach = <T extends { id: number }>(records: T[]): T[] => [...new Map(records.map((r) => [r.id, r])).values()];

/** A timer's work type is the labor product it bills [I]: the catalog names them. An unreadable entry only loses its name. */
export async function productNames(http: HttpClient): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  for (const raw of await syncroList(http, '/products', 'products', {})) {
    const product = SyncroProduct.safeParse(raw);
    if (product.success && product.data.name?.trim()) names.set(product.data.id, product.data.name.trim());
  }
  return names;
}

const TicketEnvelope = z.object({ ticket: z.unknown() });

/** GET /tickets/{id} answers {ticket} [V]; a ticket deleted since answers 404, and its time is quarantined for it. */
async function ticketById(http: HttpClient, id: number): Promise<unknown> {
  try {
    return TicketEnvelope.safeParse((await http.json({ path: `/tickets/${id}` })).body).data?.ticket;
  } catch (err) {
    if (err instanceof VendorRequestError && err.status === 404) return undefined;
    throw err;
  }
}
