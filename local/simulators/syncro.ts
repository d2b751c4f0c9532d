import type { z } from 'zod';
import type { SyncroSource } from '../../shared/connectors/vendors/syncro/config';
import { DEMO_LINE_PRODUCTS } from '../demo/generate';
import type { DemoWorld, WorldAgreement, WorldClient, WorldLine } from '../demo/world';
import { patchTimer, renderSyncroWork, timerAction, timersCreated, updatedSince, type SyncroWorkState } from './syncro-work';
import { pageOf, servedPageSize, startSimulator, type FaultPlan, type RunningSimulator, type SimRequest, type SimResponse } from './harness';

/**
 * Syncro as the connector meets it: an API token in the Authorization header, lists under
 * /api/v1 paged by `page` at the server's own page size, `{<plural>, meta}` envelopes (the
 * /schedules example has no meta [V], so none is sent there), decimal-string quantities,
 * line-item updates that persist, line items added for a product of the catalog, and the world's
 * tickets, timers and invoices (syncro-work.ts), timers billed and charged.
 */

export const SYNCRO_BASE_PATH = '/api/v1';
export const SYNCRO_DEMO_ENV: Record<string, string> = { SYNCRO_API_KEY: 'T5d0e1c2b3a49-demo-syncro-api-token' };

/** Page sizes: customers 100 and contracts 50 as the spec examples' meta.per_page; schedules, tickets, timers and invoices 25 as the parameter text [V]. */
const PER_PAGE = { customers: 100, contracts: 50, schedules: 25, products: 25, tickets: 25, ticket_timers: 25, invoices: 25, users: 25 };

/** Raw vendor records, as served: tests may change them under the connector. */
export type SyncroRecord = Record<string, unknown>;
export type SyncroScheduleRecord = SyncroRecord & { id: number; lines: SyncroRecord[] };
export interface SyncroSimState extends SyncroWorkState {
  /** Also holds the world's planted malformed records, which are always served. */
  customers: SyncroRecord[];
  contracts: SyncroRecord[];
  schedules: SyncroScheduleRecord[];
  /** The product catalog: every product a line names, plus the demo's line products. */
  products: SyncroRecord[];
}

export function syncroDemoSource(baseUrl: string, id = 'syncro'): z.input<typeof SyncroSource> {
  return { id, kind: 'syncro', baseUrl: `${baseUrl}${SYNCRO_BASE_PATH}`, apiKey: { env: 'SYNCRO_API_KEY' } };
}

export async function startSyncroSimulator(
  world: DemoWorld,
  opts: { faults?: FaultPlan; port?: number } = {},
): Promise<RunningSimulator & { state: SyncroSimState }> {
  const { state, planted } = render(world);
  const route = (method: string, path: string, handle: (req: SimRequest) => SimResponse) => ({
    method,
    path: new RegExp(`^${SYNCRO_BASE_PATH}${path}$`),
    handle,
  });
  const scheduleOf = (id: unknown) => state.schedules.find((s) => s.id === Number(id));
  const key = SYNCRO_DEMO_ENV.SYNCRO_API_KEY;

  const sim = await startSimulator(
    {
      name: 'syncro',
      // [I] both `Bearer <token>` and the bare token are accepted, as public clients use both.
      authenticate: (req) =>
        req.headers.authorization === `Bearer ${key}` || req.headers.authorization === key ? undefined : { status: 401, body: { error: 'Not authorized' } },
      faults: opts.faults,
      routes: [
        route('GET', '/customers', (req) =>
          list(state.customers, 'customers', req, (c) => planted.has(c) || req.url.searchParams.get('include_disabled') === 'true' || c.disabled !== true),
        ),
        route('GET', '/contracts', (req) => list(state.contracts, 'contracts', req)),
        route('GET', '/schedules', (req) => {
          const customerId = req.url.searchParams.get('customer_id');
          return list(state.schedules, 'schedules', req, (s) => customerId === null || s.customer_id === Number(customerId));
        }),
        route('GET', '/schedules/(\\d+)', (req) => {
          const schedule = scheduleOf(req.params[0]);
          return schedule ? { body: { schedule } } : notFound();
        }),
        route('GET', '/products', (req) => {
          const name = req.url.searchParams.get('name')?.toLowerCase() ?? '';
          // [I] name matches part of the product name, case-insensitively.
          return list(state.products, 'products', req, (p) => String(p.name).toLowerCase().includes(name));
        }),
        route('POST', '/schedules/(\\d+)/add_line_item', (req) => {
          const schedule = scheduleOf(req.params[0]);
          return schedule ? addLine(state, schedule, req.body) : notFound();
        }),
        route('GET', '/tickets', (req) => list(updatedSince(state.tickets, req), 'tickets', req)),
        route('GET', '/tickets/(\\d+)', (req) => {
          const ticket = state.tickets.find((t) => t.id === Number(req.params[0]));
          return ticket ? { body: { ticket } } : notFound();
        }),
        route('GET', '/ticket_timers', (req) => list(timersCreated(state, req), 'ticket_timers', req)),
        route('PATCH', '/ticket_timers/(\\d+)', (req) => patchTimer(state, Number(req.params[0]), req)),
        route('PUT', '/tickets/(\\d+)/update_timer_entry', (req) => timerAction(state, Number(req.params[0]), req.body, 'update')),
        route('POST', '/tickets/(\\d+)/charge_timer_entry', (req) => timerAction(state, Number(req.params[0]), req.body, 'charge')),
        route('GET', '/invoices', (req) => list(updatedSince(state.billedInvoices, req), 'invoices', req)),
        route('GET', '/users', (req) => list(state.users, 'users', req)),
        route('PUT', '/schedules/(\\d+)/line_items/(\\d+)', (req) => {
          const item = scheduleOf(req.params[0])?.lines.find((l) => l.id === Number(req.params[1]));
          return item ? updateLine(item, req.body) : notFound();
        }),
      ],
    },
    opts.port,
  );
  return Object.assign(sim, { state });
}

function list<R>(records: R[], key: keyof typeof PER_PAGE, req: SimRequest, keep: (r: R) => boolean = () => true): SimResponse {
  const page = Number(req.url.searchParams.get('page') ?? 1);
  if (!Number.isInteger(page) || page < 1) return { status: 422, body: { error: ['page must be a positive integer'] } };
  const items = records.filter(keep);
  const perPage = servedPageSize(req, PER_PAGE[key]);
  const body: SyncroRecord = { [key]: pageOf(items, page - 1, perPage) };
  // The /schedules, /products and /users examples have no meta [V].
  if (key !== 'schedules' && key !== 'products' && key !== 'users') body.meta = { total_pages: Math.ceil(items.length / perPage), total_entries: items.length, per_page: perPage, page };
  return { body };
}

/** The request body is the spec's flat ScheduleLineItem; quantity is a number in, a decimal string out [V]. */
function updateLine(item: SyncroRecord, body: unknown): SimResponse {
  const changes = (body ?? {}) as SyncroRecord;
  if ('quantity' in changes && (typeof changes.quantity !== 'number' || changes.quantity < 0))
    return { status: 422, body: { error: ['Quantity is not a number'] } };
  for (const field of ['quantity', 'name', 'description', 'retail_cents', 'cost_cents', 'taxable', 'position', 'product_id', 'one_time_charge'])
    if (field in changes) item[field] = field === 'quantity' ? decimal(changes.quantity as number) : changes[field];
  return { body: { schedule_line_item: item } };
}

/** A new line item for a catalog product; the id continues past every line item [I]. */
function addLine(state: SyncroSimState, schedule: SyncroScheduleRecord, body: unknown): SimResponse {
  const sent = (body ?? {}) as SyncroRecord;
  if (typeof sent.name !== 'string' || !sent.name.trim()) return { status: 422, body: { error: ["Name can't be blank"] } };
  if (typeof sent.quantity !== 'number' || sent.quantity < 0) return { status: 422, body: { error: ['Quantity is not a number'] } };
  if (sent.product_id !== undefined && !state.products.some((p) => p.id === sent.product_id)) return { status: 422, body: { error: ['Product not found'] } };
  const id = Math.max(0, ...state.schedules.flatMap((s) => s.lines.map((l) => Number(l.id)))) + 1;
  const item: SyncroRecord = { id, schedule_id: schedule.id, product_id: null, description: '', retail_cents: 0, cost_cents: 0, position: schedule.lines.length, taxable: false, one_time_charge: false, ...sent, quantity: decimal(sent.quantity) };
  schedule.lines.push(item);
  return { body: { schedule_line_item: item } };
}

const notFound = (): SimResponse => ({ status: 404, body: { error: 'Invalid request' } });

/** Renders the world's Syncro clients as Syncro records. */
function render(world: DemoWorld): { state: SyncroSimState; planted: Set<SyncroRecord> } {
  const productIds = new Map<string, number>();
  const state: SyncroSimState = { customers: [], contracts: [], schedules: [], products: [], ...renderSyncroWork(world, productIds) };
  for (const client of world.clients.filter((c) => c.psa.vendor === 'syncro')) {
    const customerId = Number(client.psa.id);
    state.customers.push({ id: customerId, business_name: client.psa.name, fullname: 'Accounts Payable', email: `ap@customer-${customerId}.example`, disabled: false });
    for (const a of client.agreements) {
      // An evergreen agreement is a recurring invoice with no contract behind it.
      if (a.endDate) state.contracts.push(contract(a, customerId));
      state.schedules.push(schedule(a, client, state.schedules.length + 1, world.asOf, productIds));
    }
  }
  for (const { product } of Object.values(DEMO_LINE_PRODUCTS)) if (!productIds.has(product)) productIds.set(product, productIds.size + 1);
  state.products = [...productIds].map(([name, id]) => ({ id, name, description: name, price_retail: 0, price_cost: 0, disabled: false, taxable: false, maintain_stock: false }));
  const planted = new Set<SyncroRecord>((world.malformed.syncro ?? []) as SyncroRecord[]);
  state.customers.push(...planted);
  return { state, planted };
}

function contract(a: WorldAgreement, customerId: number): SyncroRecord {
  const monthly = a.lines.filter((l) => !l.cancelledDate).reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0) / 100;
  return {
    id: Number(a.id),
    customer_id: customerId,
    name: a.name,
    contract_amount: monthly.toFixed(2),
    start_date: timestamp(a.startDate),
    end_date: timestamp(a.endDate!),
    // [I] statuses besides the example's "Opportunity".
    status: a.status[0]!.toUpperCase() + a.status.slice(1),
  };
}

/** A schedule per agreement; only an active one runs. Syncro lines have no dates, so a cancelled line is simply gone. */
function schedule(a: WorldAgreement, client: WorldClient, id: number, asOf: string, productIds: Map<string, number>): SyncroScheduleRecord {
  const next = new Date(`${asOf}T00:00:00Z`);
  next.setUTCMonth(next.getUTCMonth() + 1, 1);
  return {
    id,
    customer_id: Number(client.psa.id),
    frequency: 'Monthly',
    name: a.name,
    next_run: next.toISOString(),
    paused: a.status !== 'active',
    lines: a.lines.filter((l) => !l.cancelledDate || l.cancelledDate > asOf).map((l, i) => lineItem(l, id, i, productIds)),
  };
}

function lineItem(l: WorldLine, scheduleId: number, position: number, productIds: Map<string, number>): SyncroRecord {
  if (!productIds.has(l.product)) productIds.set(l.product, productIds.size + 1);
  return {
    id: Number(l.id),
    schedule_id: scheduleId,
    product_id: productIds.get(l.product),
    name: l.product,
    description: l.product,
    quantity: decimal(l.quantity),
    retail_cents: l.unitPriceCents,
    cost_cents: 0,
    position,
    taxable: false,
    one_time_charge: false,
  };
}

/** Syncro renders quantities as decimal strings, "0.0" [V: example]. */
const decimal = (n: number) => (Number.isInteger(n) ? n.toFixed(1) : String(n));
const timestamp = (date: string) => `${date}T00:00:00.000Z`;
