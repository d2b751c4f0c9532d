import * as z from 'zod';
import { addDays } from '../../../domain/dates';
import type { QuarantinedRecord } from '../../../domain/model';
import type { HttpClient } from '../../http/client';
import { VendorRequestError } from '../../http/errors';
import { syncroPageRange, syncroPages } from '../../http/paging/syncro-pages';
import type { Fragment, PartitionedWorkPull, PartitionSpec } from '../../partitions';
import { integerIds } from '../../by-id';
import type { WorkConfirmRequest, WorkConfirmResult, WorkPullResult, WorkWindow } from '../../types';
import { mapEach, parseEach } from '../../validate';
import { toInvoice, toTicket, toTimeEntry } from './work-map';
import { SyncroProduct } from './records';
import { SyncroBilledInvoice, SyncroTicket, SyncroTimer, SyncroUserName } from './work-records';
import { optionalLookup } from '../../optional-lookup';

export async function syncroList(http: HttpClient, path: string, key: string, query: Record<string, string | number | boolean>): Promise<unknown[]> {
  const all: unknown[] = [];
  for await (const page of syncroPages(http, { path, key, query })) all.push(...page);
  return all;
}

/** [V] "each 'page' contains 25 results": the plan's estimate only; bounds stay page numbers, so a server serving fewer costs no record. */
const SYNCRO_PAGE = 25;

/**
 * One night of Syncro service work, the whole window every night: the window's ticket timers
 * (created after the day before it; /ticket_timers has no updated filter [V]), tickets updated
 * since the window began (opening, resolving and timing all update a ticket [I]), invoices updated
 * in the window, the product catalog (timers' work types), and tickets a timer names that were not
 * read, one by one at assembly. Tickets are not read by changes only: the timers, read whole, would
 * then name thousands of tickets to fetch one by one (16,853 requests at 1,000 clients against
 * 2,526 for the whole window). Read whole, every list is complete, so a deleted record leaves the
 * set the next night and nothing needs confirming by id.
 * Syncro exposes nothing of what a contract covers: coverage comes from config.
 * The three long lists split by page number; the catalog and the users' names are the head. [V] 180 requests a minute
 * per IP: no other integration's share to leave, so the partitions take it all.
 */
export const SYNCRO_WORK_PARTITIONS: PartitionSpec = {
  limitScope: 'integration',
  // [I] the catalog is a page or two, the users one request; the tickets read by id at assembly are a handful a night.
  headRequests: () => 2,
  lists: [
    { name: 'ticket_timers', unit: 'page', perRequest: () => SYNCRO_PAGE },
    { name: 'tickets', unit: 'page', perRequest: () => SYNCRO_PAGE },
    { name: 'invoices', unit: 'page', perRequest: () => SYNCRO_PAGE },
  ],
};

/** Each list's path (its envelope key is the list's name), schema and query for a window. */
const LISTS: Record<string, { path: string; schema: z.ZodType; entity: string; query(window: WorkWindow): Record<string, string> }> = {
  ticket_timers: { path: '/ticket_timers', schema: SyncroTimer, entity: 'ticket-timer', query: (w) => ({ created_at_gt: addDays(w.from, -1) }) },
  tickets: { path: '/tickets', schema: SyncroTicket, entity: 'ticket', query: (w) => ({ since_updated_at: w.from }) },
  invoices: { path: '/invoices', schema: SyncroBilledInvoice, entity: 'invoice', query: (w) => ({ since_updated_at: w.from }) },
};

/** Syncro's work pull as a head (the catalog, the users' names), page ranges of timers, tickets and invoices, and an assembly; pullWork runs it whole. */
export function syncroWorkPartitions(http: HttpClient, sourceId: string): PartitionedWorkPull {
  return {
    spec: SYNCRO_WORK_PARTITIONS,
    head: async () => {
      const warnings: string[] = [];
      const [products, users] = await Promise.all([productNames(http), userNames(http, warnings)]);
      return { records: { products: [...products].map(([id, name]) => ({ id, name })), users: [...users].map(([id, name]) => ({ id, name })) }, quarantined: [], warnings };
    },
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

/** Ids with names, as the head keeps the catalog and the users. */
const Named = z.array(z.object({ id: z.number(), name: z.string() }));

/**
 * Timers in the window with their tickets and work types. [I] Syncro documents no list order: a
 * record that moves between pages while partitions read them apart is read twice, and counts once.
 */
async function assembleSyncroWork(http: HttpClient, sourceId: string, window: WorkWindow, head: Fragment, body: Fragment): Promise<WorkPullResult> {
  const quarantined: QuarantinedRecord[] = [...head.quarantined, ...body.quarantined];
  const products = new Map(Named.parse(head.records.products ?? []).map((p) => [p.id, p.name]));
  const users = new Map(Named.parse(head.records.users ?? []).map((u) => [u.id, u.name]));
  const timers = onceEach(z.array(SyncroTimer).parse(body.records.ticket_timers ?? []));
  const tickets = onceEach(z.array(SyncroTicket).parse(body.records.tickets ?? []));
  const invoices = onceEach(z.array(SyncroBilledInvoice).parse(body.records.invoices ?? []));
  const inWindow = timers.filter((t) => t.start_time.slice(0, 10) >= window.from);
  const known = new Set(tickets.map((t) => t.id));
  for (const id of new Set(inWindow.map((t) => t.ticket_id).filter((id) => !known.has(id)))) {
    const found = await ticketById(http, id);
    if (found != null) tickets.push(...parseEach([found], SyncroTicket, (r) => r, { sourceId, entity: 'ticket' }, quarantined));
  }
  const byId = new Map(tickets.map((t) => [t.id, t]));
  return {
    timeEntries: mapEach(inWindow, (t) => toTimeEntry(t, byId, products, users), { sourceId, entity: 'ticket-timer' }, quarantined),
    tickets: tickets.map(toTicket),
    invoices: invoices.map(toInvoice),
    coverage: [],
    quarantined,
    warnings: [...head.warnings, ...body.warnings],
    // Every list is read for the whole window every night; coverage comes from config.
    complete: ['timeEntries', 'tickets', 'invoices', 'coverage'],
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

const UsersEnvelope = z.object({ users: z.array(z.unknown()) });

/**
 * User id -> name, for who did the work. /users is "a paginated list" [V: spec summary] but declares
 * no `page` parameter and its example no meta [V], so it is asked once: a user beyond what that
 * answer holds keeps the id form [I]. A token not allowed to read users only loses the names.
 */
async function userNames(http: HttpClient, warnings: string[]): Promise<Map<number, string>> {
  const res = await optionalLookup({ what: 'Syncro users (who did the work)', instead: 'time shows its user id instead of a name', warnings, fallback: null }, () =>
    http.json({ path: '/users' }),
  );
  const names = new Map<number, string>();
  const users = res && UsersEnvelope.safeParse(res.body).data?.users;
  if (res && !users) warnings.push(`Syncro users answered without a users list (HTTP ${res.status}); time shows its user id instead of a name`);
  for (const raw of users ?? []) {
    const user = SyncroUserName.safeParse(raw);
    if (user.success && user.data.name.trim()) names.set(user.data.id, user.data.name.trim());
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
 * spec parameters]. A 404 is a deleted ticket. Every list is read whole each night (declared
 * complete), so a night asks for none; this answers any caller that still does. Timers cannot be
 * read by id [V].
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
