import type { DemoWorld } from '../demo/world';
import type { WorldCoverage } from '../demo/work-world';
import type { SimRequest, SimResponse } from './harness';
import { workerIds } from './workers';

/**
 * The world's service work in HaloPSA's shapes: tickets (Faults), time actions, invoices, charge
 * types (a Lookup list), and contracts only the work knows; /Actions answers a date span with
 * record_count and at most `count` actions (no pages [V: spec parameters]), and POST /Actions
 * updates an action by id.
 */

type HaloRecord = Record<string, unknown>;
export interface HaloWorkState {
  tickets: HaloRecord[];
  actions: HaloRecord[];
  billedInvoices: HaloRecord[];
  chargeTypes: HaloRecord[];
  /** A server that states no record_count on /Actions and serves its default 50 rows whatever `count` asks [V3: the default page]: a test sets it. */
  actionsUncounted?: boolean;
}

/** Rows Halo serves unasked [V3]. */
const HALO_DEFAULT_ROWS = 50;
/** The charge type Lookup list [I: 17 in a default Halo]. */
export const CHARGE_TYPE_LOOKUP = 17;
const naiveTime = (iso: string | null) => (iso === null ? null : iso.replace(/(\.\d+)?Z$/, ''));
/** A time of day spread by id, so a day's actions do not all share one instant. */
const clock = (id: number) => `${String(8 + (id % 10)).padStart(2, '0')}:${String(Math.floor(id / 10) % 60).padStart(2, '0')}:00`;
const naive = (date: string | null) => (date === null ? null : `${date}T00:00:00`);

/**
 * Renders every Halo client's work; contracts only the work knows are added to `contracts`, and
 * who did it to `agents` (Uname's id, name [V]).
 */
export function renderHaloWork(world: DemoWorld, contracts: HaloRecord[], agents: HaloRecord[]): HaloWorkState {
  const state: HaloWorkState = { tickets: [], actions: [], billedInvoices: [], chargeTypes: [] };
  const workers = workerIds(world, 'halopsa', 100);
  for (const [name, id] of workers) agents.push({ id, name, isdisabled: false });
  const ids = new Map<string, number>();
  const chargeType = (name: string | null) => {
    if (name === null) return 0;
    if (!ids.has(name)) {
      ids.set(name, ids.size + 1);
      state.chargeTypes.push({ id: ids.size, name, lookupid: CHARGE_TYPE_LOOKUP, inactive: false });
    }
    return ids.get(name)!;
  };
  for (const client of world.clients.filter((c) => c.psa.vendor === 'halopsa' && c.work)) {
    const client_id = Number(client.psa.id);
    const work = client.work!;
    for (const t of work.tickets)
      state.tickets.push({
        id: Number(t.id), client_id, contract_id: t.agreementId === null ? 0 : Number(t.agreementId), summary: t.summary, status_name: t.closed ? 'Closed' : 'In Progress',
        dateoccurred: naiveTime(t.openedAt), dateclosed: naiveTime(t.closedAt), hasbeenclosed: t.closed, chargerate: chargeType(t.billingCode),
        slastate: t.slaBreached === null ? null : t.slaBreached ? 'O' : 'I', last_update: naiveTime(t.updatedAt),
      });
    for (const e of work.timeEntries) {
      const charged = e.billable === 'billable' ? e.hours : 0;
      state.actions.push({
        id: Number(e.id), ticket_id: Number(e.ticketId), datetime: `${e.date}T${clock(Number(e.id))}`, timetaken: e.hours, actisbillable: e.billable !== 'non-billable',
        actionchargehours: charged, actionnonchargehours: e.billable === 'no-charge' ? e.hours : 0, actionprepayhours: 0,
        actionchargeamount: (charged * (e.rateCents ?? 0)) / 100, chargerate: chargeType(e.workType), actioncontractid: e.agreementId === null ? 0 : Number(e.agreementId),
        invoice_id: e.invoiceId === null ? 0 : Number(e.invoiceId), actioninvoicenumber: e.invoiceId === null ? '' : `INV-${e.invoiceId}`, who_agentid: workers.get(e.worker) ?? 0, note: e.notes,
        last_updated: naiveTime(e.updatedAt),
      });
    }
    for (const i of work.invoices)
      state.billedInvoices.push({
        id: Number(i.id), client_id, invoicenumber: i.number, invoice_date: naive(i.date), duedate: naive(i.dueDate), total: i.totalCents / 100,
        amountpaid: i.paidCents / 100, amountdue: (i.totalCents - i.paidCents) / 100, datepaid: naive(i.paidDate),
      });
    for (const c of work.coverage) coverContract(c, client_id, contracts);
  }
  return state;
}

/** [I] Halo's "free units" a period are the monthly included hours; a block of hours is a prepay, not rendered. */
function coverContract(c: WorldCoverage, client_id: number, contracts: HaloRecord[]): void {
  let contract = contracts.find((x) => x.id === Number(c.agreementId));
  if (!contract) {
    contract = { id: Number(c.agreementId), client_id, ref: c.name, start_date: naive(c.hoursAllowance?.startDate ?? null), end_date: naive(c.hoursAllowance?.endDate ?? null), active: true };
    contracts.push(contract);
  }
  contract.contracttype_name = c.typeName ?? (c.type === 'block' ? 'Prepay' : c.type === 'recurring' ? 'Managed Services' : 'Time and Materials');
  contract.numberofunitsfree = c.hoursAllowance?.period === 'month' ? c.hoursAllowance.hours : 0;
}

/** Tickets by datesearch (dateoccured, datecleared, last_update) from startdate, or by ticketids [V: spec parameters]. */
export function ticketsFor(state: HaloWorkState, req: SimRequest): HaloRecord[] | SimResponse {
  const q = req.url.searchParams;
  const ids = q.get('ticketids');
  if (ids !== null) {
    const wanted = new Set(ids.split(',').map(Number));
    return state.tickets.filter((t) => wanted.has(Number(t.id)));
  }
  const search = q.get('datesearch');
  if (search === null) return state.tickets;
  const field = ({ dateoccured: 'dateoccurred', datecleared: 'dateclosed', last_update: 'last_update' } as Record<string, string>)[search];
  if (!field) return { status: 400, body: { message: `unknown datesearch ${search}` } };
  const start = q.get('startdate') ?? '';
  return state.tickets.filter((t) => typeof t[field] === 'string' && String(t[field]) >= start);
}

/** /Actions: the time actions of [startdate, enddate), at most `count` (and any page-size cap), with the full record_count. */
export function actionsFor(state: HaloWorkState, req: SimRequest): SimResponse {
  const q = req.url.searchParams;
  const [start, end] = [q.get('startdate') ?? '', q.get('enddate') ?? '9999'];
  const matches = state.actions.filter((a) => String(a.datetime) >= start && String(a.datetime) < end && (q.get('timeentriesonly') !== 'true' || Number(a.timetaken) > 0));
  if (state.actionsUncounted) return { body: { actions: matches.slice(0, Math.min(HALO_DEFAULT_ROWS, req.pageSizeCap ?? Infinity)) } };
  const served = Math.min(Number(q.get('count') ?? HALO_DEFAULT_ROWS), req.pageSizeCap ?? Infinity);
  return { body: { record_count: matches.length, actions: matches.slice(0, served) } };
}

/** POST /Actions: an array of actions; one with an id updates it [V]. Billable again, Halo charges its time [I]; invoiced time is refused [I]. */
export function updateActions(state: HaloWorkState, body: unknown): SimResponse {
  if (!Array.isArray(body) || body.length === 0) return { status: 400, body: { message: 'expected an array of actions' } };
  const targets = body.map((b: HaloRecord) => ({ sent: b, action: state.actions.find((a) => a.id === b?.id && a.ticket_id === b?.ticket_id) }));
  const bad = targets.find((t) => !t.action || Number(t.action.invoice_id) > 0);
  if (bad) return { status: 400, body: { message: `Action ${String(bad.sent?.id)} not found on ticket ${String(bad.sent?.ticket_id)}, or already invoiced` } };
  for (const { sent, action } of targets) {
    const { recalculate_billing: _recalculate, ...fields } = sent;
    Object.assign(action!, fields);
    if (action!.actisbillable === true) Object.assign(action!, { actionchargehours: action!.timetaken, actionnonchargehours: 0, actionprepayhours: 0 });
  }
  return { body: targets.map((t) => t.action) };
}
