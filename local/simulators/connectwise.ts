import type { z } from 'zod';
import type { ConnectWiseSource } from '../../shared/connectors/vendors/connectwise/config';
import { basic } from '../../shared/connectors/http/auth';
import { systemClock } from '../../shared/clock';
import { DEMO_LINE_PRODUCTS } from '../demo/generate';
import type { DemoWorld, WorldAgreement, WorldClient, WorldLine } from '../demo/world';
import type { WorldCoverage } from '../demo/work-world';
import { renderWork } from './connectwise-work';
import { pageOf, servedPageSize, startSimulator, type FaultPlan, type RunningSimulator, type SimRequest, type SimResponse } from './harness';

/**
 * ConnectWise PSA (Manage) as the connector meets it: Basic `{companyId}+{publicKey}:{privateKey}`
 * plus a clientId header, bare JSON arrays with Link headers (forward-only by id, or navigable by
 * page), `conditions`, pageSize capped at 1000, PATCH of additions that persists, and new additions
 * POSTed for a product of the catalog.
 */

export const CONNECTWISE_BASE_PATH = '/v4_6_release/apis/3.0';
const COMPANY_ID = 'trueupdemo';
export const CONNECTWISE_DEMO_ENV: Record<string, string> = {
  CW_PUBLIC_KEY: 'demo-public-key',
  CW_PRIVATE_KEY: 'demo-private-key',
  CW_CLIENT_ID: '3f6c1a52-8e0d-4b7a-9c21-5d4e8f0a7b36',
};

/** Raw vendor records, as served: tests may change them under the connector. */
export type CwRecord = Record<string, unknown>;
export interface ConnectWiseSimState {
  companies: CwRecord[];
  /** Also holds the world's planted malformed records, which are served whatever the conditions. */
  agreements: CwRecord[];
  /** Additions by agreement id. */
  additions: Map<number, CwRecord[]>;
  /** Procurement catalog items: every product a line names, plus the demo's line products. */
  catalog: CwRecord[];
  /** Service work: time entries, tickets and invoices of the world's clients. */
  timeEntries: CwRecord[];
  tickets: CwRecord[];
  invoices: CwRecord[];
}

export function connectWiseDemoSource(baseUrl: string, id = 'cw'): z.input<typeof ConnectWiseSource> {
  return {
    id,
    kind: 'connectwise',
    baseUrl: `${baseUrl}${CONNECTWISE_BASE_PATH}`,
    companyId: COMPANY_ID,
    publicKey: { env: 'CW_PUBLIC_KEY' },
    privateKey: { env: 'CW_PRIVATE_KEY' },
    clientId: { env: 'CW_CLIENT_ID' },
  };
}

export async function startConnectWiseSimulator(
  world: DemoWorld,
  /** `clock` stamps _info.lastUpdated on a PATCHed time entry (the wall clock unless a test or the demo's simulated nights set it). */
  opts: { faults?: FaultPlan; port?: number; clock?: () => Date } = {},
): Promise<RunningSimulator & { state: ConnectWiseSimState; clock: () => Date }> {
  // Replaceable after start: the demo's nights run on a simulated clock.
  const stamps = { clock: opts.clock ?? (() => systemClock.now()) };
  const { state, planted } = render(world);
  const expectedAuth = basic(`${COMPANY_ID}+${CONNECTWISE_DEMO_ENV.CW_PUBLIC_KEY}`, CONNECTWISE_DEMO_ENV.CW_PRIVATE_KEY!);
  const route = (method: string, path: string, handle: (req: SimRequest) => SimResponse) => ({
    method,
    path: new RegExp(`^${CONNECTWISE_BASE_PATH.replaceAll('.', '\\.')}${path}$`),
    handle,
  });
  const entryOf = (req: SimRequest) => state.timeEntries.find((e) => e.id === Number(req.params[0]));
  const additionOf = (req: SimRequest) => state.additions.get(Number(req.params[0]))?.find((a) => a.id === Number(req.params[1]));

  const sim = await startSimulator(
    {
      name: 'connectwise',
      // CW answers bad credentials with an empty 401.
      authenticate: (req) =>
        req.headers.authorization === expectedAuth && req.headers.clientid === CONNECTWISE_DEMO_ENV.CW_CLIENT_ID ? undefined : { status: 401, body: '' },
      faults: opts.faults,
      routes: [
        route('GET', '/company/companies', (req) => list(state.companies, planted, req)),
        route('GET', '/finance/agreements', (req) => list(state.agreements, planted, req)),
        route('GET', '/finance/agreements/(\\d+)', (req) => {
          const agreement = state.agreements.find((a) => !planted.has(a) && a.id === Number(req.params[0]));
          return agreement ? { body: agreement } : notFound(`Agreement ${req.params[0]}`);
        }),
        route('GET', '/procurement/catalog', (req) => list(state.catalog, new Set(), req)),
        route('POST', '/finance/agreements/(\\d+)/additions', (req) => {
          const additions = state.additions.get(Number(req.params[0]));
          return additions ? create(state, additions, Number(req.params[0]), req.body) : notFound(`Agreement ${req.params[0]}`);
        }),
        route('GET', '/finance/agreements/(\\d+)/additions', (req) => {
          const additions = state.additions.get(Number(req.params[0]));
          return additions ? list(additions, planted, req) : notFound(`Agreement ${req.params[0]}`);
        }),
        route('GET', '/finance/agreements/(\\d+)/additions/(\\d+)', (req) => {
          const addition = additionOf(req);
          return addition ? { body: addition } : notFound(`Agreement Addition ${req.params[1]}`);
        }),
        route('PATCH', '/finance/agreements/(\\d+)/additions/(\\d+)', (req) => {
          const addition = additionOf(req);
          return addition ? patch(addition, req.body) : notFound(`Agreement Addition ${req.params[1]}`);
        }),
        route('GET', '/time/entries', (req) => list(state.timeEntries, planted, req)),
        route('GET', '/time/entries/(\\d+)', (req) => {
          const entry = entryOf(req);
          return entry ? { body: entry } : notFound(`Time Entry ${req.params[0]}`);
        }),
        route('PATCH', '/time/entries/(\\d+)', (req) => {
          const entry = entryOf(req);
          if (!entry) return notFound(`Time Entry ${req.params[0]}`);
          const res = patch(entry, req.body);
          if (!res.status) entry._info = { ...(entry._info as object), lastUpdated: stamps.clock().toISOString().replace(/\.\d+Z$/, 'Z') };
          return res;
        }),
        route('GET', '/service/tickets', (req) => list(state.tickets, planted, req)),
        route('GET', '/finance/invoices', (req) => list(state.invoices, planted, req)),
      ],
    },
    opts.port,
  );
  // An accessor, not a copy: a test or the demo sets it after start.
  Object.defineProperty(sim, 'clock', { get: () => stamps.clock, set: (fn: () => Date) => (stamps.clock = fn), enumerable: true });
  return Object.assign(sim as RunningSimulator & { clock: () => Date }, { state });
}

function list(records: CwRecord[], planted: Set<CwRecord>, req: SimRequest): SimResponse {
  const q = req.url.searchParams;
  const filter = parseConditions(q.get('conditions'));
  if (typeof filter === 'string') return { status: 400, body: { code: 'InvalidObject', message: filter } };
  const pageSize = servedPageSize(req, Number(q.get('pageSize') ?? 25), 1000);
  if (!Number.isInteger(pageSize) || pageSize < 1) return { status: 400, body: { code: 'InvalidObject', message: 'pageSize must be a positive integer' } };
  const next = new URL(req.url);
  const served = (r: CwRecord) => planted.has(r) || filter(r);

  if (req.headers['pagination-type'] !== 'forward-only') {
    const items = records.filter(served);
    const page = Number(q.get('page') ?? 1);
    const more = page * pageSize < items.length;
    next.searchParams.set('page', String(page + 1));
    return { body: pageOf(items, page - 1, pageSize), headers: more ? { Link: `<${next.href}>; rel="next"` } : {} };
  }
  // Forward-only: ordered by id, pageId acts as `id > pageId`. A record without a numeric id
  // (a planted malformed one) cannot be a cursor, so those sort last and go out in one page.
  const after = q.get('pageId') === null ? -Infinity : Number(q.get('pageId'));
  if (Number.isNaN(after)) return { status: 400, body: { code: 'InvalidObject', message: 'pageId must be a record id' } };
  const sorted = sortedById(records);
  const page: CwRecord[] = [];
  let i = firstAbove(sorted, after);
  for (; i < sorted.length && page.length < pageSize; i++) if (served(sorted[i]!)) page.push(sorted[i]!);
  let more = false;
  for (; i < sorted.length && !more; i++) more = served(sorted[i]!);
  if (more) {
    next.searchParams.set('pageId', String(page.at(-1)!.id));
    return { body: page, headers: { Link: `<${next.href}>; rel="next"` } };
  }
  // The last page carries the records without a numeric id too.
  return { body: [...page, ...records.filter((r) => typeof r.id !== 'number' && served(r))] };
}

/**
 * The numeric-id records in id order, kept while the array holds the same records (tests change
 * records in place, or the array itself): sorting 300k time entries for every page made the
 * simulator, not the connector, the bottleneck of the benchmark.
 */
const byId = new WeakMap<CwRecord[], { seen: CwRecord[]; ids: unknown[]; sorted: CwRecord[] }>();
function sortedById(records: CwRecord[]): CwRecord[] {
  const cached = byId.get(records);
  if (cached && cached.seen.length === records.length && cached.seen.every((r, i) => r === records[i] && r.id === cached.ids[i])) return cached.sorted;
  const sorted = records.filter((r) => typeof r.id === 'number').sort((a, b) => (a.id as number) - (b.id as number));
  byId.set(records, { seen: [...records], ids: records.map((r) => r.id), sorted });
  return sorted;
}

/** The index of the first record whose id is above `after`, by binary search. */
function firstAbove(sorted: CwRecord[], after: number): number {
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid]!.id as number) <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The subset of CW condition syntax the simulator needs: `field op literal` clauses joined by
 * `and`; ops = != < <= > >=, and `field in (n, ...)` over integers; literals true, false, null, numbers, "strings", [date-times]; nested
 * fields joined by `/`; `lastUpdated` reads `_info.lastUpdated` [I].
 */
function parseConditions(text: string | null): ((r: CwRecord) => boolean) | string {
  if (!text) return () => true;
  const clauses = text.split(/\s+and\s+/i).map((clause) => {
    const within = /^\s*([\w/]+)\s+in\s+\(\s*(-?\d+(?:\s*,\s*-?\d+)*)\s*\)\s*$/i.exec(clause);
    if (within) {
      const values = new Set(within[2]!.split(',').map(Number));
      const path = within[1]!.split('/');
      return (r: CwRecord) => values.has(path.reduce<unknown>((v, k) => (v as CwRecord | undefined)?.[k], r) as number);
    }
    const m = /^\s*([\w/]+)\s*(!=|>=|<=|=|>|<)\s*(true|false|null|-?\d+(?:\.\d+)?|"[^"]*"|\[[^\]]+\])\s*$/i.exec(clause);
    if (!m) return undefined;
    const [, field, op, literal] = m as unknown as [string, string, string, string];
    const value: unknown = literal.startsWith('[') ? literal.slice(1, -1) : JSON.parse(/^(true|false|null)$/i.test(literal) ? literal.toLowerCase() : literal);
    const path = field === 'lastUpdated' ? ['_info', 'lastUpdated'] : field.split('/');
    return (r: CwRecord) => compare(path.reduce<unknown>((v, k) => (v as CwRecord | undefined)?.[k], r) ?? null, op, value);
  });
  if (clauses.some((c) => !c)) return `conditions not understood: ${text}`;
  return (r) => clauses.every((c) => c!(r));
}

function compare(actual: unknown, op: string, value: unknown): boolean {
  if (op === '=') return actual === value;
  if (op === '!=') return actual !== value;
  if (actual == null || value == null) return false;
  // Date-times compare as instants; numbers as numbers.
  const [a, b] = typeof value === 'string' ? [Date.parse(String(actual)), Date.parse(value)] : [Number(actual), Number(value)];
  return op === '>' ? a > b : op === '>=' ? a >= b : op === '<' ? a < b : a <= b;
}

function patch(addition: CwRecord, body: unknown): SimResponse {
  if (!Array.isArray(body)) return { status: 400, body: { code: 'InvalidObject', message: 'expected a list of PatchOperation' } };
  for (const op of body as Array<{ op?: unknown; path?: unknown; value?: unknown }>) {
    const field = typeof op.path === 'string' ? op.path.replace(/^\//, '') : '';
    if (op.op !== 'replace' || !(field in addition) || typeof op.value !== typeof addition[field])
      return { status: 400, body: { code: 'InvalidObject', message: `cannot ${String(op.op)} ${String(op.path)} with ${JSON.stringify(op.value)}` } };
  }
  for (const op of body as Array<{ path: string; value: unknown }>) addition[op.path.replace(/^\//, '')] = op.value;
  return { body: addition };
}

/** A new addition: the product must be a catalog item, as CW requires [I]; ids continue past every addition. */
function create(state: ConnectWiseSimState, additions: CwRecord[], agreementId: number, body: unknown): SimResponse {
  const b = (body ?? {}) as { product?: { id?: unknown }; quantity?: unknown; unitPrice?: unknown; billCustomer?: unknown; effectiveDate?: unknown };
  const item = state.catalog.find((c) => c.id === b.product?.id);
  if (!item) return { status: 400, body: { code: 'InvalidObject', message: `product ${JSON.stringify(b.product)} is not a catalog item` } };
  if (typeof b.quantity !== 'number' || typeof b.unitPrice !== 'number' || typeof b.billCustomer !== 'string' || typeof b.effectiveDate !== 'string')
    return { status: 400, body: { code: 'InvalidObject', message: 'quantity, unitPrice, billCustomer and effectiveDate are required here' } };
  const ids = [...state.additions.values()].flat().map((a) => Number(a.id)).filter(Number.isFinite);
  const added: CwRecord = {
    id: Math.max(0, ...ids) + 1,
    product: { id: item.id, identifier: item.identifier, serializedFlag: false },
    quantity: b.quantity,
    lessIncluded: 0,
    unitPrice: b.unitPrice,
    billCustomer: b.billCustomer,
    effectiveDate: b.effectiveDate,
    taxableFlag: false,
    agreementId,
    description: item.identifier,
    uom: 'Each',
    prorateCurrentPeriodFlag: false,
  };
  additions.push(added);
  return { status: 201, body: added };
}

const notFound = (what: string): SimResponse => ({ status: 404, body: { code: 'NotFound', message: `${what} not found` } });

/** Renders the world's ConnectWise clients as CW records (null fields are left out, as CW does [I]). */
function render(world: DemoWorld): { state: ConnectWiseSimState; planted: Set<CwRecord> } {
  const productIds = new Map<string, number>();
  const state: ConnectWiseSimState = { companies: [], agreements: [], additions: new Map(), catalog: [], timeEntries: [], tickets: [], invoices: [] };
  for (const client of world.clients.filter((c) => c.psa.vendor === 'connectwise')) {
    const company = companyRef(client);
    state.companies.push({ ...company, status: { id: 1, name: 'Active' }, types: [{ id: 1, name: 'Client' }], deletedFlag: false });
    for (const a of client.agreements) {
      state.agreements.push(agreement(a, company, world.asOf, client.work?.coverage.find((c) => c.agreementId === a.id)));
      state.additions.set(Number(a.id), a.lines.map((l) => addition(l, Number(a.id), productIds)));
    }
    const work = renderWork(client, company);
    state.timeEntries.push(...work.timeEntries);
    state.tickets.push(...work.tickets);
    state.invoices.push(...work.invoices);
  }
  for (const { product } of Object.values(DEMO_LINE_PRODUCTS)) if (!productIds.has(product)) productIds.set(product, productIds.size + 1);
  state.catalog = [...productIds].map(([identifier, id]) => ({
    id,
    identifier,
    description: identifier,
    customerDescription: identifier,
    subcategory: { id: 1, name: 'Managed Services' },
    type: { id: 1, name: 'Recurring' },
    inactiveFlag: false,
    recurringFlag: true,
  }));
  const planted = new Set<CwRecord>((world.malformed.connectwise ?? []) as CwRecord[]);
  state.agreements.push(...planted);
  return { state, planted };
}

export function companyRef(client: WorldClient): CwRecord {
  // [I] identifiers are short, space-free handles (CW caps them at 25 characters).
  return { id: Number(client.psa.id), identifier: client.psa.name.replace(/[^A-Za-z0-9]/g, '').slice(0, 25), name: client.psa.name };
}

function agreement(a: WorldAgreement, company: CwRecord, asOf: string, terms: WorldCoverage | undefined): CwRecord {
  const billed = a.lines.filter((l) => !l.cancelledDate || l.cancelledDate > asOf);
  return {
    id: Number(a.id),
    name: a.name,
    type: { id: 1, name: terms?.typeName ?? 'Managed Services' },
    company,
    contact: { id: 1, name: 'Primary Contact' },
    startDate: timestamp(a.startDate),
    ...(a.endDate ? { endDate: timestamp(a.endDate) } : {}),
    noEndingDateFlag: a.noEndDate,
    cancelledFlag: a.status === 'cancelled',
    agreementStatus: a.status[0]!.toUpperCase() + a.status.slice(1),
    billingCycle: { id: 2, name: 'Monthly' },
    billAmount: billed.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0) / 100,
    ...(terms?.hoursAllowance?.period === 'month'
      ? { applicationUnits: 'Hours', applicationLimit: terms.hoursAllowance.hours, applicationCycle: 'CalendarMonth', applicationUnlimitedFlag: false }
      : { applicationUnits: 'Amount' }),
    invoicingCycle: 'ContractYear',
  };
}

function addition(l: WorldLine, agreementId: number, productIds: Map<string, number>): CwRecord {
  if (!productIds.has(l.product)) productIds.set(l.product, productIds.size + 1);
  return {
    id: Number(l.id),
    product: { id: productIds.get(l.product), identifier: l.product, serializedFlag: false },
    quantity: l.quantity,
    lessIncluded: 0,
    unitPrice: l.unitPriceCents / 100,
    billCustomer: 'Billable',
    ...(l.effectiveDate ? { effectiveDate: timestamp(l.effectiveDate) } : {}),
    ...(l.cancelledDate ? { cancelledDate: timestamp(l.cancelledDate) } : {}),
    taxableFlag: false,
    agreementId,
    description: l.product,
    uom: 'Each',
    prorateCurrentPeriodFlag: false,
  };
}

const timestamp = (date: string) => `${date}T00:00:00Z`;
