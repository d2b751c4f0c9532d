import type { z } from 'zod';
import type { HaloPsaSource } from '../../shared/connectors/vendors/halopsa/config';
import { DEMO_LINE_PRODUCTS } from '../demo/generate';
import type { DemoWorld, WorldAgreement, WorldClient, WorldLine } from '../demo/world';
import { actionsFor, CHARGE_TYPE_LOOKUP, renderHaloWork, ticketsFor, updateActions, type HaloWorkState } from './halopsa-work';
import { pageOf, servedPageSize, startSimulator, type FaultPlan, type RunningSimulator, type SimRequest, type SimResponse } from './harness';

/**
 * HaloPSA as the connector meets it: an OAuth2 client-credentials token endpoint under /auth
 * (hosted: ?tenant=), Bearer calls under /api, `{record_count, <plural>}` lists paged by
 * pageinate/page_size/page_no (50 rows without pageinate [V3]), /Agent as a bare array, recurring
 * invoices whose list omits lines unless includelines=true, and line updates (one line through
 * /RecurringInvoice/updatelines, or whole invoices through POST /RecurringInvoice) that persist;
 * a line sent without an id is added, for an Item of the catalog (GET /Item?search=); and the
 * world's tickets, time actions and invoices (halopsa-work.ts), actions made billable by POST.
 */

const TENANT = 'trueupdemo';
export const HALOPSA_DEMO_ENV: Record<string, string> = {
  HALO_CLIENT_ID: '6b1f0c7e-2d4a-4e85-9f3b-8a7c5d2e1f40',
  HALO_CLIENT_SECRET: 'demo-halo-client-secret',
};

/** Raw vendor records, as served: tests may change them under the connector. */
export type HaloRecord = Record<string, unknown>;
export type HaloInvoiceRecord = HaloRecord & { id: number; lines: HaloRecord[] };
export interface HaloPsaSimState extends HaloWorkState {
  agents: HaloRecord[];
  clients: HaloRecord[];
  /** Also holds the world's planted malformed records, which are always served. */
  contracts: HaloRecord[];
  invoices: HaloInvoiceRecord[];
  assets: HaloRecord[];
  /** The Item catalog: every product a line names, plus the demo's line products. */
  items: HaloRecord[];
}

export function haloPsaDemoSource(baseUrl: string, id = 'halo'): z.input<typeof HaloPsaSource> {
  return {
    id,
    kind: 'halopsa',
    baseUrl: `${baseUrl}/api`,
    authUrl: `${baseUrl}/auth`,
    tenant: TENANT,
    clientId: { env: 'HALO_CLIENT_ID' },
    clientSecret: { env: 'HALO_CLIENT_SECRET' },
  };
}

export async function startHaloPsaSimulator(
  world: DemoWorld,
  /** ignoresIncludelines: list recurring invoices without lines whatever is asked, as an older Halo might [I]. */
  opts: { faults?: FaultPlan; port?: number; ignoresIncludelines?: boolean } = {},
): Promise<RunningSimulator & { state: HaloPsaSimState }> {
  const { state, planted } = render(world);
  const tokens = new Set<string>();
  const route = (method: string, path: string, handle: (req: SimRequest) => SimResponse, isPublic = false) => ({
    method,
    path: new RegExp(`^${path}$`),
    public: isPublic,
    handle,
  });
  const invoiceOf = (id: unknown) => state.invoices.find((i) => i.id === Number(id));
  const assetIndex: ListIndex = new WeakMap();

  const sim = await startSimulator(
    {
      name: 'halopsa',
      authenticate: (req) => (tokens.has(req.headers.authorization?.replace(/^Bearer /, '') ?? '') ? undefined : { status: 401, body: '' }),
      faults: opts.faults,
      routes: [
        route('POST', '/auth/token', (req) => token(req, tokens), true),
        route('GET', '/api/Agent', () => ({ body: state.agents })),
        route('GET', '/api/Client', (req) => list(state.clients, 'clients', req, (c) => c.inactive !== true)),
        route('GET', '/api/ClientContract', (req) => list(state.contracts, 'contracts', req, (c) => planted.has(c) || c.active !== false)),
        // The list form omits lines [V3] unless includelines=true asks for them [V: spec parameter].
        route('GET', '/api/RecurringInvoice', (req) =>
          list(
            req.url.searchParams.get('includelines') === 'true' && !opts.ignoresIncludelines ? state.invoices : state.invoices.map(({ lines: _lines, ...header }) => header),
            'invoices',
            req,
          ),
        ),
        route('GET', '/api/RecurringInvoice/(\\d+)', (req) => {
          const invoice = invoiceOf(req.params[0]);
          return invoice ? { body: invoice } : notFound(`Recurring invoice ${req.params[0]}`);
        }),
        route('POST', '/api/RecurringInvoice', (req) => update(req.body, invoiceOf, state)),
        route('POST', '/api/RecurringInvoice/updatelines', (req) => updateLines(req.body, invoiceOf, state)),
        // [I] search matches the item name, case-insensitively, anywhere in it.
        route('GET', '/api/Item', (req) => {
          const search = req.url.searchParams.get('search')?.toLowerCase() ?? '';
          return list(state.items.filter((i) => String(i.name).toLowerCase().includes(search)), 'items', req);
        }),
        route('GET', '/api/Asset', (req) => list(state.assets, 'assets', req, (a) => a.inactive !== true, assetIndex)),
        route('GET', '/api/Tickets', (req) => {
          const tickets = ticketsFor(state, req);
          return Array.isArray(tickets) ? list(tickets, 'tickets', req) : tickets;
        }),
        route('GET', '/api/Actions', (req) => actionsFor(state, req)),
        route('GET', '/api/Actions/(\\d+)', (req) => {
          const action = state.actions.find((a) => a.id === Number(req.params[0]) && a.ticket_id === Number(req.url.searchParams.get('ticket_id')));
          return action ? { body: action } : notFound(`Action ${req.params[0]}`);
        }),
        route('POST', '/api/Actions', (req) => updateActions(state, req.body)),
        route('GET', '/api/Invoice', (req) => {
          const desc = req.url.searchParams.get('order') === 'invoice_date' && req.url.searchParams.get('orderdesc') === 'true';
          const sorted = [...state.billedInvoices].sort((a, b) => (desc ? -1 : 1) * String(a.invoice_date).localeCompare(String(b.invoice_date)));
          return list(sorted, 'invoices', req);
        }),
        // [I] a Lookup list answers a bare array.
        route('GET', '/api/Lookup', (req) => ({ body: Number(req.url.searchParams.get('lookupid')) === CHARGE_TYPE_LOOKUP ? state.chargeTypes : [] })),
      ],
    },
    opts.port,
  );
  return Object.assign(sim, { state });
}

/** Form-encoded client credentials with scope=all [V: n8n]; [I] Halo refuses bad ones with 400 invalid_client. */
function token(req: SimRequest, tokens: Set<string>): SimResponse {
  const form = new URLSearchParams(typeof req.body === 'string' ? req.body : '');
  const ok =
    req.url.searchParams.get('tenant') === TENANT &&
    form.get('grant_type') === 'client_credentials' &&
    form.get('scope') === 'all' &&
    form.get('client_id') === HALOPSA_DEMO_ENV.HALO_CLIENT_ID &&
    form.get('client_secret') === HALOPSA_DEMO_ENV.HALO_CLIENT_SECRET;
  if (!ok) return { status: 400, body: { error: 'invalid_client' } };
  const accessToken = `halo-demo-token-${tokens.size + 1}`;
  tokens.add(accessToken);
  return { body: { access_token: accessToken, token_type: 'Bearer', expires_in: 3600 } };
}

/**
 * The records a filter keeps, by filter, for one records array: built on a filter's first request
 * and kept while the array is the same one of the same length, so a page of 500,000 assets is a
 * slice rather than a scan. The pages still serve the live records; a test that changes an
 * indexed record's inactive or client_id in place must replace the array (none does).
 */
type ListIndex = WeakMap<HaloRecord[], { length: number; kept: Map<string, HaloRecord[]> }>;

/**
 * Halo lists: inactive records only with includeinactive=true, an optional client_id filter,
 * pages when pageinate=true, else the first `count` (default 50) rows [V3].
 */
function list(records: HaloRecord[], key: string, req: SimRequest, active: (r: HaloRecord) => boolean = () => true, index?: ListIndex): SimResponse {
  const items = kept(records, req, active, index);
  const q = req.url.searchParams;
  if (q.get('pageinate') !== 'true') return { body: { record_count: items.length, [key]: items.slice(0, Number(q.get('count') ?? 50)) } };
  const pageSize = servedPageSize(req, Number(q.get('page_size') ?? 50));
  const pageNo = Number(q.get('page_no') ?? 1);
  if (!Number.isInteger(pageSize) || pageSize < 1 || !Number.isInteger(pageNo) || pageNo < 1)
    return { status: 400, body: { message: 'page_size and page_no must be positive integers' } };
  return { body: { page_no: pageNo, page_size: pageSize, record_count: items.length, [key]: pageOf(items, pageNo - 1, pageSize) } };
}

/** The records the request's filters keep (includeinactive, client_id, contract_id), in order; from the index when one is given. */
function kept(records: HaloRecord[], req: SimRequest, active: (r: HaloRecord) => boolean, index?: ListIndex): HaloRecord[] {
  const q = req.url.searchParams;
  const clientId = q.get('client_id');
  const contractId = q.get('contract_id');
  const inactiveToo = q.get('includeinactive') === 'true';
  const [client, contract] = [clientId === null ? null : Number(clientId), contractId === null ? null : Number(contractId)];
  const keep = (r: HaloRecord) => (inactiveToo || active(r)) && (client === null || r.client_id === client) && (contract === null || r.contract_id === contract);
  if (!index) return records.filter(keep);
  let entry = index.get(records);
  if (!entry || entry.length !== records.length) index.set(records, (entry = { length: records.length, kept: new Map() }));
  const filter = `${inactiveToo}|${client}|${contract}`;
  let items = entry.kept.get(filter);
  if (!items) entry.kept.set(filter, (items = records.filter(keep)));
  return items;
}

/**
 * POST /RecurringInvoice: an array of InvoiceHeader; an id updates that invoice [V: request
 * schema]. [I] The sent `lines` replace the invoice's lines (matched by id, omitted ones
 * dropped): the harsher reading, which a connector must survive.
 */
function update(body: unknown, invoiceOf: (id: unknown) => HaloInvoiceRecord | undefined, state: HaloPsaSimState): SimResponse {
  if (!Array.isArray(body) || body.length === 0) return { status: 400, body: { message: 'expected an array of invoices' } };
  const targets = body.map((b: HaloRecord) => ({ sent: b, invoice: invoiceOf(b?.id) }));
  const missing = targets.find((t) => !t.invoice);
  if (missing) return { status: 400, body: { message: `Recurring invoice ${String(missing.sent?.id)} not found` } };
  const unknownItem = targets.flatMap((t) => (Array.isArray(t.sent.lines) ? (t.sent.lines as HaloRecord[]) : [])).find((l) => l.id === undefined && !itemOf(state, l));
  if (unknownItem) return { status: 400, body: { message: `Item ${String(unknownItem._itemid)} not found` } };
  for (const { sent, invoice } of targets) {
    if (!Array.isArray(sent.lines)) continue;
    // Existing line records are updated in place, so a test holding one sees the write.
    invoice!.lines = (sent.lines as HaloRecord[]).map((l) => {
      const old = invoice!.lines.find((o) => o.id === l.id);
      return priced(old ? Object.assign(old, l) : newLine(state, invoice!, l));
    });
  }
  return { body: targets[0]!.invoice };
}

/**
 * POST /RecurringInvoice/updatelines: an array of InvoiceDetail [V: request schema]. [I] Each is
 * found by id on the invoice ihid names, only the fields sent change, and Halo reprices the line.
 * Nothing is written unless every line is found.
 */
function updateLines(body: unknown, invoiceOf: (id: unknown) => HaloInvoiceRecord | undefined, state: HaloPsaSimState): SimResponse {
  if (!Array.isArray(body) || body.length === 0) return { status: 400, body: { message: 'expected an array of invoice lines' } };
  const targets = body.map((b: HaloRecord) => ({ sent: b, invoice: invoiceOf(b?.ihid), line: invoiceOf(b?.ihid)?.lines.find((l) => l.id === b?.id) }));
  // [I] a line without an id is a new one for the invoice ihid names, for an Item of the catalog.
  const missing = targets.find((t) => (t.sent?.id === undefined ? !t.invoice || !itemOf(state, t.sent) : !t.line));
  if (missing) return { status: 400, body: { message: `Line ${String(missing.sent?.id)} (item ${String(missing.sent?._itemid)}) of recurring invoice ${String(missing.sent?.ihid)} not found` } };
  return { body: targets.map(({ sent, invoice, line }) => priced(line ? Object.assign(line, sent) : newLine(state, invoice!, sent))) };
}

const itemOf = (state: HaloPsaSimState, line: HaloRecord) => state.items.find((i) => i.id === line._itemid);

/** A new line on the invoice: the next id across every invoice, the item's code, active, not calculated. */
function newLine(state: HaloPsaSimState, invoice: HaloInvoiceRecord, sent: HaloRecord): HaloRecord {
  const id = Math.max(0, ...state.invoices.flatMap((i) => i.lines.map((l) => Number(l.id)))) + 1;
  const name = String(itemOf(state, sent)?.name ?? sent.item_shortdescription);
  const line: HaloRecord = { ...lineOf(name), id, ihid: invoice.id, contract_id: invoice.contract_id, enddate: null, isinactive: false, ...sent };
  invoice.lines.push(line);
  return line;
}

/** [I] Halo keeps net_amount = qty_order x unit_price on a line, as its UI shows. */
function priced(line: HaloRecord): HaloRecord {
  if (typeof line.qty_order === 'number' && typeof line.unit_price === 'number') line.net_amount = line.qty_order * line.unit_price;
  return line;
}

const notFound = (what: string): SimResponse => ({ status: 404, body: { message: `${what} not found` } });

/** Renders the world's HaloPSA clients as Halo records. */
function render(world: DemoWorld): { state: HaloPsaSimState; planted: Set<HaloRecord> } {
  const halo = world.clients.filter((c) => c.psa.vendor === 'halopsa');
  const managers = [...new Set(halo.map((c) => c.psa.accountManagerEmail).filter((e): e is string => e !== null))];
  const state: HaloPsaSimState = {
    agents: managers.map((email, i) => ({ id: i + 2, name: email.split('@')[0], email, isdisabled: false })),
    clients: [],
    contracts: [],
    invoices: [],
    assets: [],
    items: [],
    tickets: [],
    actions: [],
    billedInvoices: [],
    chargeTypes: [],
  };
  const agentId = (email: string | null) => (email ? managers.indexOf(email) + 2 : 0);
  for (const client of halo) {
    const clientId = Number(client.psa.id);
    state.clients.push({ id: clientId, name: client.psa.name, inactive: false, toplevel_id: 1, accountmanagertech: agentId(client.psa.accountManagerEmail) });
    for (const a of client.agreements) {
      state.contracts.push(contract(a, client));
      state.invoices.push(invoice(a, client, state.invoices.length + 1, world.asOf));
    }
    state.assets.push(...assets(client, state.assets.length));
  }
  const products = new Set([...halo.flatMap((c) => c.agreements.flatMap((a) => a.lines.map((l) => l.product))), ...Object.values(DEMO_LINE_PRODUCTS).map((p) => p.product)]);
  state.items = [...products].map((name, i) => ({ id: 301 + i, name, description: name, isrecurringitem: true }));
  const planted = new Set<HaloRecord>((world.malformed.halopsa ?? []) as HaloRecord[]);
  Object.assign(state, renderHaloWork(world, state.contracts, state.agents));
  state.contracts.push(...planted);
  return { state, planted };
}

function contract(a: WorldAgreement, client: WorldClient): HaloRecord {
  return {
    id: Number(a.id),
    client_id: Number(client.psa.id),
    client_name: client.psa.name,
    ref: a.name,
    start_date: naive(a.startDate),
    end_date: a.endDate ? naive(a.endDate) : null,
    expired: a.status === 'expired',
    active: a.status === 'active',
    contract_status: a.status[0]!.toUpperCase() + a.status.slice(1),
  };
}

function invoice(a: WorldAgreement, client: WorldClient, id: number, asOf: string): HaloInvoiceRecord {
  const next = new Date(`${asOf}T00:00:00Z`);
  next.setUTCMonth(next.getUTCMonth() + 1, 1);
  return {
    id,
    client_id: Number(client.psa.id),
    client_name: client.psa.name,
    contract_id: Number(a.id),
    contract_ref: a.name,
    reference: `${a.name} (monthly)`,
    disabled: false,
    nextcreationdate: naive(next.toISOString().slice(0, 10)),
    lines: a.lines.map((l) => line(l, id, Number(a.id))),
  };
}

const lineOf = (product: string): HaloRecord => ({
  item_code: product.toUpperCase().replace(/[^A-Z0-9]+/g, '-').slice(0, 20),
  item_shortdescription: product,
  calculate_price_from_assets: false,
  calculate_price_from_users: false,
});

function line(l: WorldLine, invoiceId: number, contractId: number): HaloRecord {
  return {
    id: Number(l.id),
    ihid: invoiceId,
    ...lineOf(l.product),
    qty_order: l.quantity,
    unit_price: l.unitPriceCents / 100,
    net_amount: (l.quantity * l.unitPriceCents) / 100,
    contract_id: contractId,
    startdate: l.effectiveDate ? naive(l.effectiveDate) : null,
    enddate: l.cancelledDate ? naive(l.cancelledDate) : null,
    isinactive: false,
  };
}

/** A Halo asset per RMM device: ninjarmm_id is the NinjaOne device id; datto_id the Datto RMM uid, datto_alternate_id its numeric id [I]. */
function assets(client: WorldClient, before: number): HaloRecord[] {
  const rmm = client.rmm;
  if (!rmm) return [];
  return rmm.devices.map((d, i) => ({
    id: 7001 + before + i,
    inventory_number: d.name,
    client_id: Number(client.psa.id),
    assettype_name: d.deviceClass.includes('SERVER') ? 'Server' : 'Workstation',
    inactive: d.deleted,
    ninjarmm_id: rmm.vendor === 'ninjaone' ? Number(d.id) : null,
    datto_id: rmm.vendor === 'dattormm' ? d.uid : null,
    datto_alternate_id: rmm.vendor === 'dattormm' ? Number(d.id) : null,
  }));
}

/** Halo dates are naive local date-times [V3]. */
const naive = (date: string) => `${date}T00:00:00`;
