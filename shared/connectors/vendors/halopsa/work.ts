import type * as z from 'zod';
import { addDays } from '../../../domain/dates';
import type { QuarantinedRecord } from '../../../domain/model';
import type { HttpClient } from '../../http/client';
import { VendorRequestError } from '../../http/errors';
import { haloPages, unwrapHaloList } from '../../http/paging/halo-pages';
import { optionalLookup } from '../../optional-lookup';
import { integerIds, rawId, readByIds } from '../../by-id';
import type { PullNight, WorkConfirmRequest, WorkConfirmResult, WorkPullResult, WorkWindow } from '../../types';
import { mapEach, parseEach } from '../../validate';
import { readAgents } from './agents';
import type { HaloPsaSourceConfig } from './config';
import { toCoverage, toInvoice, toTicket, toTimeEntry, type HaloWorkLookups } from './work-map';
import { HaloAction, HaloBilledInvoice, HaloChargeType, HaloTicket, HaloWorkContract } from './work-records';

export const TICKET_IDS_PER_REQUEST = 200;

type WorkSource = Pick<HaloPsaSourceConfig, 'id' | 'pageSize' | 'chargeTypeLookupId' | 'actionsPerRequest'>;

/**
 * One night of HaloPSA service work: the window's tickets (opened or closed in it, or changed since
 * the last read), the time actions of every day of the window, the invoices dated in it, the
 * contracts charged, the charge type names and the agents' names. /Actions has no pages and no
 * last-updated filter [V: spec parameters], and invoicing an action does not show in a date filter,
 * so its time is always read for the whole window, a day a request.
 */
export async function pullHaloWork(http: HttpClient, source: WorkSource, night: PullNight, window: WorkWindow): Promise<WorkPullResult> {
  const quarantined: QuarantinedRecord[] = [];
  const warnings: string[] = [];
  const parse = <S extends z.ZodObject>(raw: unknown[], schema: S, entity: string) => parseEach(raw, schema, (r) => r, { sourceId: source.id, entity }, quarantined);
  const list = (path: string, key: string, query: Record<string, string | number | boolean>) => haloList(http, source.pageSize, path, key, query);

  const ticketLists = window.changedSince
    ? // [I] datesearch names the date field to filter on; last_update is the ticket's own.
      [{ datesearch: 'last_update', startdate: haloTime(window.changedSince) }]
    : [{ datesearch: 'dateoccured', startdate: `${window.from}T00:00:00` }, { datesearch: 'datecleared', startdate: `${window.from}T00:00:00` }];
  const tickets = unique(parse((await Promise.all(ticketLists.map((q) => list('/Tickets', 'tickets', q)))).flat(), HaloTicket, 'ticket'));
  const actions = unique(parse(await windowActions(http, source.actionsPerRequest, window.from, night.runDate), HaloAction, 'action'));
  const known = new Set(tickets.map((t) => t.id));
  const missing = [...new Set(actions.map((a) => a.ticket_id).filter((id) => !known.has(id)))];
  // [I] ids go in the query string: batches keep it short.
  for (let i = 0; i < missing.length; i += TICKET_IDS_PER_REQUEST)
    tickets.push(...parse(await list('/Tickets', 'tickets', { ticketids: missing.slice(i, i + TICKET_IDS_PER_REQUEST).join(',') }), HaloTicket, 'ticket'));

  const [invoices, contracts, chargeType, agentName] = await Promise.all([
    invoicesFrom(http, source.pageSize, window.from).then((raw) => parse(raw, HaloBilledInvoice, 'invoice')),
    list('/ClientContract', 'contracts', { includeinactive: true }).then((raw) => parse(raw, HaloWorkContract, 'contract')),
    chargeTypes(http, source.chargeTypeLookupId, warnings),
    agentNames(http, warnings),
  ]);
  const look: HaloWorkLookups = { ticket: new Map(tickets.map((t) => [t.id, t])), chargeType, agentName };
  const charged = new Set([...actions.map((a) => a.actioncontractid), ...tickets.map((t) => t.contract_id)]);
  return {
    timeEntries: mapEach(actions, (a) => toTimeEntry(a, look), { sourceId: source.id, entity: 'action' }, quarantined),
    tickets: tickets.map((t) => toTicket(t, look)),
    invoices: invoices.map(toInvoice),
    coverage: contracts.filter((c) => charged.has(c.id)).map(toCoverage),
    quarantined,
    warnings,
    // Actions and invoices are read for the whole window every night.
    complete: ['timeEntries', 'invoices'],
  };
}

/**
 * The tickets behind tonight's findings, by /Tickets?ticketids= in batches [V: spec parameter], with
 * the charge type names their billing code reads. Actions are never asked for: they are read whole
 * every night (declared complete).
 */
export async function confirmHaloWork(http: HttpClient, source: WorkSource, req: WorkConfirmRequest): Promise<WorkConfirmResult> {
  if (req.timeEntries.length > 0) throw new VendorRequestError(http.vendor, 'actions are read whole every night, not by id');
  const quarantined: QuarantinedRecord[] = [];
  const warnings: string[] = [];
  // Paged like any list: unpaged, Halo serves only its default rows [V3], and a ticket not served must not read as deleted.
  const read = (batch: string[]) => haloList(http, source.pageSize, '/Tickets', 'tickets', { ticketids: integerIds(http.vendor, batch).join(',') });
  const found = await readByIds({ vendor: http.vendor, what: 'tickets', ids: req.tickets, witness: req.witnesses.ticket, perRequest: TICKET_IDS_PER_REQUEST, idOf: rawId, read });
  const tickets = parse(found.rows, HaloTicket, source.id, 'ticket', quarantined);
  const look: HaloWorkLookups = { ticket: new Map(), chargeType: tickets.length > 0 ? await chargeTypes(http, source.chargeTypeLookupId, warnings) : new Map(), agentName: new Map() };
  return { timeEntries: [], tickets: tickets.map((t) => toTicket(t, look)), gone: { timeEntries: [], tickets: found.gone }, quarantined };
}

const parse = <S extends z.ZodObject>(raw: unknown[], schema: S, sourceId: string, entity: string, quarantined: QuarantinedRecord[]) => parseEach(raw, schema, (r) => r, { sourceId, entity }, quarantined);

/** Every row of a paged list. */
async function haloList(http: HttpClient, pageSize: number, path: string, key: string, query: Record<string, string | number | boolean>): Promise<unknown[]> {
  const all: unknown[] = [];
  for await (const page of haloPages(http, { path, key, query }, pageSize)) all.push(...page);
  return all;
}

/** Halo takes naive date-times [I]: an instant is sent as its UTC wall time. */
const haloTime = (iso: string): string => new Date(iso).toISOString().slice(0, 19);

/** Every time action from `from` to the run date, a day per request (a day may be read in halves). */
async function windowActions(http: HttpClient, count: number, from: string, runDate: string): Promise<unknown[]> {
  const days: string[] = [];
  for (let d = from; d <= runDate; d = addDays(d, 1)) days.push(d);
  const out: unknown[] = [];
  for (const d of days) out.push(...(await actionsBetween(http, count, Date.parse(`${d}T00:00:00Z`), Date.parse(`${addDays(d, 1)}T00:00:00Z`))));
  return out;
}

/**
 * /Actions between two instants. The answer states record_count: when it holds fewer actions
 * than that, the server served less than asked and the span is read again in halves. An answer
 * without record_count is whole only when it holds fewer than Halo's default page (50 rows [V3]):
 * a server that ignored `count` would serve exactly that many and keep quiet about the rest.
 */
/** Rows Halo serves when a list is asked without pages or ignores `count` [V3: the default page]. */
const HALO_DEFAULT_ROWS = 50;

async function actionsBetween(http: HttpClient, count: number, start: number, end: number): Promise<unknown[]> {
  const [startdate, enddate] = [start, end].map((t) => haloTime(new Date(t).toISOString()));
  const res = await http.json({ path: '/Actions', query: { startdate: startdate!, enddate: enddate!, timeentriesonly: true, excludesys: true, count } });
  const list = unwrapHaloList(res.body, 'actions');
  if (!list) throw new VendorRequestError(http.vendor, `/Actions from ${startdate} is neither {record_count, actions} nor a JSON array (HTTP ${res.status})`, res.status);
  const total = list.recordCount ?? (list.records.length < Math.min(count, HALO_DEFAULT_ROWS) ? list.records.length : Infinity);
  if (list.records.length >= total) return list.records;
  if (end - start <= 60_000) throw new VendorRequestError(http.vendor, `/Actions from ${startdate} holds more than Halo serves in one answer even for one minute; stopped`);
  const mid = start + Math.floor((end - start) / 2 / 1000) * 1000;
  return [...(await actionsBetween(http, count, start, mid)), ...(await actionsBetween(http, count, mid, end))];
}

/** Invoices newest first, read until they are older than the window; a page out of order stops the read. */
async function invoicesFrom(http: HttpClient, pageSize: number, from: string): Promise<unknown[]> {
  const out: unknown[] = [];
  let previous = '9999-12-31';
  for await (const page of haloPages(http, { path: '/Invoice', key: 'invoices', query: { order: 'invoice_date', orderdesc: true } }, pageSize)) {
    for (const raw of page) {
      const date = String((raw as { invoice_date?: unknown }).invoice_date ?? '').slice(0, 10);
      if (date > previous) throw new VendorRequestError(http.vendor, '/Invoice did not come newest first; stopped rather than miss invoices');
      previous = date || previous;
      if (date && date < from) return out;
      out.push(raw);
    }
  }
  return out;
}

/** Charge type names (a Lookup list); an API agent not allowed to read it only loses the names. */
async function chargeTypes(http: HttpClient, lookupId: number, warnings: string[]): Promise<Map<number, string>> {
  const res = await optionalLookup({ what: 'HaloPSA charge types (Lookup)', instead: 'time shows its charge type id instead of its name', warnings, fallback: null }, () =>
    http.json({ path: '/Lookup', query: { lookupid: lookupId } }),
  );
  const names = new Map<number, string>();
  for (const raw of (res && unwrapHaloList(res.body, 'lookups')?.records) ?? []) {
    const entry = HaloChargeType.safeParse(raw);
    if (entry.success) names.set(entry.data.id, entry.data.name);
  }
  return names;
}

/** Agent id -> name, for who did the work; an API agent not allowed to read agents only loses the names. */
async function agentNames(http: HttpClient, warnings: string[]): Promise<Map<number, string>> {
  const agents = await readAgents(http, { what: 'HaloPSA agents (who did the work)', instead: 'time shows its agent id instead of a name', warnings });
  return new Map(agents.flatMap((a) => (a.name?.trim() ? [[a.id, a.name.trim()] as const] : [])));
}

const unique = <T extends { id: number }>(rows: T[]): T[] => [...new Map(rows.map((r) => [r.id, r])).values()];

