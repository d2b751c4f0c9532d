import * as z from 'zod';
import { addDays } from '../../../domain/dates';
import type { QuarantinedRecord } from '../../../domain/model';
import type { HttpClient } from '../../http/client';
import { VendorRequestError } from '../../http/errors';
import { syncroPages } from '../../http/paging/syncro-pages';
import { integerIds } from '../../by-id';
import type { WorkConfirmRequest, WorkConfirmResult, WorkPullResult, WorkWindow } from '../../types';
import { mapEach, parseEach } from '../../validate';
import { toInvoice, toTicket, toTimeEntry } from './work-map';
import { SyncroProduct } from './records';
import { SyncroBilledInvoice, SyncroTicket, SyncroTimer } from './work-records';

export async function syncroList(http: HttpClient, path: string, key: string, query: Record<string, string | number | boolean>): Promise<unknown[]> {
  const all: unknown[] = [];
  for await (const page of syncroPages(http, { path, key, query })) all.push(...page);
  return all;
}

/**
 * One night of Syncro service work: tickets updated since the window began (opening and resolving
 * both update a ticket [I]) or since the last read, the window's ticket timers (created after the
 * day before it; /ticket_timers has no updated filter [V], so always the whole window), the
 * invoices updated in the window, the product catalog (timers' work types), and tickets a timer
 * names that were not read, one by one.
 * Syncro exposes nothing of what a contract covers: coverage comes from config.
 */
export async function pullSyncroWork(http: HttpClient, sourceId: string, window: WorkWindow): Promise<WorkPullResult> {
  const quarantined: QuarantinedRecord[] = [];
  const parse = <S extends z.ZodType>(raw: unknown[], schema: S, entity: string) => parseEach(raw, schema, (r) => r, { sourceId, entity }, quarantined);
  const [tickets, timers, invoices, products] = await Promise.all([
    // [I] since_updated_at takes an instant as well as the date its example shows.
    syncroList(http, '/tickets', 'tickets', { since_updated_at: window.changedSince ?? window.from }).then((raw) => parse(raw, SyncroTicket, 'ticket')),
    syncroList(http, '/ticket_timers', 'ticket_timers', { created_at_gt: addDays(window.from, -1) }).then((raw) => parse(raw, SyncroTimer, 'ticket-timer')),
    syncroList(http, '/invoices', 'invoices', { since_updated_at: window.from }).then((raw) => parse(raw, SyncroBilledInvoice, 'invoice')),
    productNames(http),
  ]);
  const inWindow = timers.filter((t) => t.start_time.slice(0, 10) >= window.from);
  const known = new Set(tickets.map((t) => t.id));
  for (const id of new Set(inWindow.map((t) => t.ticket_id).filter((id) => !known.has(id)))) {
    const found = await ticketById(http, id);
    if (found != null) tickets.push(...parse([found], SyncroTicket, 'ticket'));
  }
  const byId = new Map(tickets.map((t) => [t.id, t]));
  return {
    timeEntries: mapEach(inWindow, (t) => toTimeEntry(t, byId, products), { sourceId, entity: 'ticket-timer' }, quarantined),
    tickets: tickets.map(toTicket),
    invoices: invoices.map(toInvoice),
    coverage: [],
    quarantined,
    warnings: [],
    // Timers and invoices are read for the whole window every night; coverage comes from config.
    complete: ['timeEntries', 'invoices', 'coverage'],
  };
}

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

/** GET /tickets/{id} answers {ticket} [V]: undefined when the answer is not that, null for a ticket deleted since (404 [V]). */
async function ticketById(http: HttpClient, id: number): Promise<unknown> {
  try {
    return TicketEnvelope.safeParse((await http.json({ path: `/tickets/${id}` })).body).data?.ticket;
  } catch (err) {
    if (err instanceof VendorRequestError && err.status === 404) return null;
    throw err;
  }
}

/**
 * The tickets behind tonight's findings, one GET /tickets/{id} each: /tickets has no id filter [V:
 * spec parameters]. A 404 is a deleted ticket. Timers are never asked for: they are read whole
 * every night (declared complete), and /ticket_timers cannot be read by id [V].
 */
export async function confirmSyncroWork(http: HttpClient, sourceId: string, req: WorkConfirmRequest): Promise<WorkConfirmResult> {
  if (req.timeEntries.length > 0) throw new VendorRequestError(http.vendor, 'ticket timers cannot be read by id; they are read whole every night');
  const quarantined: QuarantinedRecord[] = [];
  const raw: unknown[] = [];
  const gone: string[] = [];
  for (const id of integerIds(http.vendor, [...new Set(req.tickets)])) {
    const found = await ticketById(http, id);
    if (found === undefined) throw new VendorRequestError(http.vendor, `ticket ${id} was answered without {ticket}; cannot tell whether it still exists`);
    if (found === null) gone.push(String(id));
    else raw.push(found);
  }
  const tickets = parseEach(raw, SyncroTicket, (r) => r, { sourceId, entity: 'ticket' }, quarantined);
  return { timeEntries: [], tickets: tickets.map(toTicket), gone: { timeEntries: [], tickets: gone }, quarantined };
}
