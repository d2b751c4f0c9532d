import { wallMs } from '../../shared/clock';
import type { DemoWorld } from '../demo/world';
import type { SimRequest, SimResponse } from './harness';
import { workerIds } from './workers';

/**
 * The world's service work in Syncro's shapes (the spec's examples): tickets, ticket timers and
 * invoices; timers made billable by PATCH, their product set through update_timer_entry, and
 * charged onto their ticket.
 */

type SyncroRecord = Record<string, unknown>;
export interface SyncroWorkState {
  tickets: SyncroRecord[];
  timers: SyncroRecord[];
  billedInvoices: SyncroRecord[];
  /** Who did the work, as GET /users lists people: [id, name] pairs [V: spec example]. */
  users: Array<[number, string]>;
}

const iso = (t: string) => new Date(t).toISOString();
/** A time of day spread by id, so timers of one day do not all start together. */
const startOf = (date: string, id: number) => `${date}T${String(8 + (id % 10)).padStart(2, '0')}:${String(Math.floor(id / 10) % 60).padStart(2, '0')}:00.000Z`;

/** Renders every Syncro client's work; a timer's work type is a labor product, added to `productIds` (the catalog). */
export function renderSyncroWork(world: DemoWorld, productIds: Map<string, number>): SyncroWorkState {
  const workers = workerIds(world, 'syncro', 1);
  const state: SyncroWorkState = { tickets: [], timers: [], billedInvoices: [], users: [...workers].map(([name, id]) => [id, name]) };
  const productId = (name: string) => {
    if (!productIds.has(name)) productIds.set(name, productIds.size + 1);
    return productIds.get(name)!;
  };
  let lineItem = 1;
  for (const client of world.clients.filter((c) => c.psa.vendor === 'syncro' && c.work)) {
    const customer_id = Number(client.psa.id);
    const work = client.work!;
    for (const t of work.tickets)
      state.tickets.push({
        id: Number(t.id), number: Number(t.id), subject: t.summary, customer_id, status: t.closed ? 'Resolved' : 'In Progress', created_at: iso(t.openedAt),
        resolved_at: t.closedAt && iso(t.closedAt), updated_at: iso(t.updatedAt), sla_breached: t.slaBreached, contract_id: t.agreementId === null ? null : Number(t.agreementId),
        billing_status: t.billingCode,
      });
    for (const e of work.timeEntries) {
      const start = startOf(e.date, Number(e.id));
      const end = new Date(Date.parse(start) + e.hours * 3_600_000).toISOString();
      const recorded = e.invoiceId !== null || e.posted === true;
      state.timers.push({
        id: Number(e.id), ticket_id: Number(e.ticketId), user_id: workers.get(e.worker) ?? null, start_time: start, end_time: end, recorded, created_at: end, updated_at: iso(e.updatedAt),
        billable: e.billable === 'billable', notes: e.notes, product_id: productId(e.workType), ticket_line_item_id: recorded ? lineItem++ : null,
        active_duration: e.hours * 3600, billable_time: e.hours * 3600, billable_override: null,
      });
    }
    for (const i of work.invoices)
      state.billedInvoices.push({
        id: Number(i.id), customer_id, number: i.number, date: `${i.date}T00:00:00.000Z`, due_date: i.dueDate && `${i.dueDate}T00:00:00.000Z`, total: (i.totalCents / 100).toFixed(1),
        is_paid: i.paidCents >= i.totalCents, verified_paid: i.paidCents >= i.totalCents, created_at: `${i.date}T00:00:00.000Z`, updated_at: `${i.paidDate ?? i.date}T00:00:00.000Z`,
      });
  }
  return state;
}

/** since_updated_at on tickets and invoices [V]: updated on or after the date or instant. */
export function updatedSince(records: SyncroRecord[], req: SimRequest): SyncroRecord[] {
  const since = req.url.searchParams.get('since_updated_at');
  return since === null ? records : records.filter((r) => Date.parse(String(r.updated_at)) >= Date.parse(since));
}

/** created_at_gt / created_at_lt on timers [V]: created after, before the date (a day, compared by day) [I]. */
export function timersCreated(state: SyncroWorkState, req: SimRequest): SyncroRecord[] {
  const q = req.url.searchParams;
  const [gt, lt] = [q.get('created_at_gt'), q.get('created_at_lt')];
  return state.timers.filter((t) => {
    const day = String(t.created_at).slice(0, 10);
    return (gt === null || day > gt.slice(0, 10)) && (lt === null || day < lt.slice(0, 10));
  });
}

const unprocessable = (message: string): SimResponse => ({ status: 422, body: { error: [message] } });

/** PATCH ticket_timers/{id}?billable= [V]; a charged timer cannot change [I]. */
export function patchTimer(state: SyncroWorkState, id: number, req: SimRequest): SimResponse {
  const timer = state.timers.find((t) => t.id === id);
  const billable = req.url.searchParams.get('billable');
  if (!timer) return { status: 404, body: { error: 'Not found' } };
  if (billable !== 'true' && billable !== 'false') return unprocessable('billable must be true or false');
  if (timer.recorded) return unprocessable('Charged timers cannot be changed');
  Object.assign(timer, { billable: billable === 'true', updated_at: new Date(wallMs()).toISOString() });
  return { body: { ticket_timer: timer } };
}

/** The user the API token belongs to: update_timer_entry's user_id is "Current user by default" [V: spec request body]. */
export const SYNCRO_API_USER_ID = 99;

/** PUT /tickets/{id}/update_timer_entry and POST /tickets/{id}/charge_timer_entry [V]: the timer named by timer_entry_id on that ticket. */
export function timerAction(state: SyncroWorkState, ticketId: number, body: unknown, action: 'update' | 'charge'): SimResponse {
  const sent = (body ?? {}) as SyncroRecord;
  const timer = state.timers.find((t) => t.id === sent.timer_entry_id && t.ticket_id === ticketId);
  if (!timer) return { status: 404, body: { error: 'Not found' } };
  if (timer.recorded) return unprocessable('Timer has already been charged');
  if (action === 'charge') Object.assign(timer, { recorded: true, ticket_line_item_id: 100_000 + Number(timer.id) });
  else {
    if (typeof sent.product_id === 'number') timer.product_id = sent.product_id;
    timer.user_id = typeof sent.user_id === 'number' ? sent.user_id : SYNCRO_API_USER_ID;
  }
  return { body: timer };
}
