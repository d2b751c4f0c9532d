import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Pax8Source } from '../../shared/connectors/vendors/pax8/config';
import type { DemoWorld, WorldClient, WorldProduct, WorldSubscription } from '../demo/world';
import { pageOf, servedPageSize, startSimulator, type FaultPlan, type RunningSimulator, type SimRequest, type SimResponse } from './harness';

/**
 * The Pax8 partner API as the connector meets it: a JSON-body client-credentials token endpoint
 * that refuses bad credentials, bearer checks, `{content, page}` envelopes with 0-based `page`
 * and `size` (default 10, capped at 200), and the date forms Pax8's own examples mix.
 */

export const PAX8_BASE_PATH = '/v1';
const AUDIENCE = 'https://api.pax8.com';
export const PAX8_DEMO_ENV: Record<string, string> = {
  PAX8_CLIENT_ID: 'demo-pax8-client-id',
  PAX8_CLIENT_SECRET: 'demo-pax8-client-secret',
};

/** Raw vendor records, as served: tests may change them under the connector. */
export type Pax8Record = Record<string, unknown>;
export interface Pax8SimState {
  companies: Pax8Record[];
  products: Pax8Record[];
  /** Also holds the world's planted malformed records, appended last. */
  subscriptions: unknown[];
  /** Access tokens handed out; only these pass the bearer check. */
  tokens: Set<string>;
}

export function pax8DemoSource(baseUrl: string, id = 'pax8'): z.input<typeof Pax8Source> {
  return {
    id,
    kind: 'pax8',
    baseUrl: `${baseUrl}${PAX8_BASE_PATH}`,
    tokenUrl: `${baseUrl}${PAX8_BASE_PATH}/token`,
    audience: AUDIENCE,
    clientId: { env: 'PAX8_CLIENT_ID' },
    clientSecret: { env: 'PAX8_CLIENT_SECRET' },
  };
}

export async function startPax8Simulator(
  world: DemoWorld,
  opts: { faults?: FaultPlan; port?: number } = {},
): Promise<RunningSimulator & { state: Pax8SimState }> {
  const state = render(world);
  const route = (method: string, path: string, handle: (req: SimRequest) => SimResponse, isPublic = false) => ({
    method,
    path: new RegExp(`^${PAX8_BASE_PATH}${path}$`),
    public: isPublic,
    handle,
  });

  const sim = await startSimulator(
    {
      name: 'pax8',
      authenticate: (req) => {
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        return token && state.tokens.has(token) ? undefined : error(401, 'Unauthorized', 'Full authentication is required to access this resource', req);
      },
      faults: opts.faults,
      routes: [
        route('POST', '/token', (req) => issueToken(req, state.tokens), true),
        route('GET', '/companies', (req) => list(state.companies, req)),
        route('GET', '/products', (req) => list(state.products, req)),
        route('GET', '/products/([^/]+)', (req) => {
          const product = state.products.find((p) => p.id === req.params[0]);
          return product ? { body: product } : error(404, 'Not Found', 'Product not found', req);
        }),
        route('GET', '/subscriptions', (req) => list(state.subscriptions, req)),
      ],
    },
    opts.port,
  );
  return Object.assign(sim, { state });
}

/** [V] JSON body {client_id, client_secret, audience, grant_type}; the 401 body is the spec's example. */
function issueToken(req: SimRequest, tokens: Set<string>): SimResponse {
  const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
  if (body.grant_type !== 'client_credentials')
    return { status: 400, body: { error: 'invalid_request', error_description: 'grant_type must be client_credentials' } };
  // [I] a wrong audience is refused like wrong credentials; the spec documents only the 401.
  if (body.client_id !== PAX8_DEMO_ENV.PAX8_CLIENT_ID || body.client_secret !== PAX8_DEMO_ENV.PAX8_CLIENT_SECRET || body.audience !== AUDIENCE)
    return { status: 401, body: { error: 'access_denied', error_description: 'Unauthorized' } };
  const token = `pax8-sim-${randomUUID()}`;
  tokens.add(token);
  return { body: { access_token: token, expires_in: 86400, token_type: 'Bearer' } };
}

/**
 * One page of a list. `sort=field,dir` orders by that field (records without it last) and any
 * other parameter filters by equality, as the spec's list filters (status, companyId, ...) do.
 */
function list(records: readonly unknown[], req: SimRequest): SimResponse {
  const q = req.url.searchParams;
  const page = Number(q.get('page') ?? 0);
  // [I] Pax8 (Spring) caps an oversized page silently rather than refusing it.
  const size = servedPageSize(req, Number(q.get('size') ?? 10), 200);
  if (!Number.isInteger(page) || page < 0 || !Number.isInteger(size) || size < 1)
    return error(400, 'Bad Request', 'page must be an integer >= 0 and size an integer >= 1', req);
  let items = sortedView(records, q.get('sort') ?? '');
  for (const [name, value] of q) {
    if (name !== 'page' && name !== 'size' && name !== 'sort') items = items.filter((r) => String(field(r, name)) === value);
  }
  return {
    body: {
      content: pageOf(items, page, size),
      page: { size, totalElements: items.length, totalPages: Math.ceil(items.length / size), number: page },
    },
  };
}

/**
 * A list in the order `sort=field,dir` asks (records without the field last), kept while the list
 * is the same array of the same length: paging 100,000 subscriptions re-sorted them for every page.
 * The simulator's routes only read, so a record's sort key changes only if a test edits it in place.
 */
const sortedViews = new WeakMap<readonly unknown[], Map<string, { length: number; order: readonly unknown[] }>>();

function sortedView(records: readonly unknown[], sort: string): readonly unknown[] {
  const [sortBy, direction] = sort.split(',');
  if (!sortBy) return records;
  const views = sortedViews.get(records) ?? new Map<string, { length: number; order: readonly unknown[] }>();
  sortedViews.set(records, views);
  const kept = views.get(sort);
  if (kept && kept.length === records.length) return kept.order;
  const sign = direction === 'desc' ? -1 : 1;
  // Keys read once and compared by code unit: the lists are sorted by dates and ids [I], where that and collation agree.
  const keyed = records.map((r) => ({ r, k: field(r, sortBy) === undefined ? undefined : String(field(r, sortBy)) }));
  keyed.sort((a, b) => (a.k === undefined ? 1 : b.k === undefined ? -1 : a.k < b.k ? -sign : a.k > b.k ? sign : 0));
  const order = keyed.map((x) => x.r);
  views.set(sort, { length: records.length, order });
  return order;
}

const field = (record: unknown, name: string): unknown => (record && typeof record === 'object' ? (record as Pax8Record)[name] : undefined);

/** [I] Pax8's Error schema {type, message, instance, status}; the exact wording is made up. */
function error(status: number, type: string, message: string, req: SimRequest): SimResponse {
  return { status, body: { type, message, instance: req.url.pathname, status } };
}

/** Renders every client's Pax8 slice, the Pax8 orphans and the catalogue as Pax8 records. */
function render(world: DemoWorld): Pax8SimState {
  const slices = [...world.clients.flatMap((c) => (c.pax8 ? [c.pax8] : [])), ...world.orphans.pax8];
  const products = new Map(world.products.map((p) => [p.id, p]));
  let n = 0;
  return {
    companies: slices.map((slice) => company(slice, world.asOf)),
    products: world.products.map(product),
    subscriptions: [
      ...slices.flatMap((slice) => slice.subscriptions.map((s) => subscription(s, slice.id, products.get(s.productId), world.asOf, n++))),
      ...(world.malformed.pax8 ?? []),
    ],
    tokens: new Set(),
  };
}

function company(slice: NonNullable<WorldClient['pax8']>, asOf: string): Pax8Record {
  const slug = slice.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return {
    id: slice.id,
    name: slice.name,
    address: { street: '5500 S Quebec St', city: 'Greenwood Village', postalCode: '80111', country: 'US', stateOrProvince: 'CO' },
    phone: '555-555-5555',
    website: `${slug}.example`,
    // [I] a company with no external id is sent without the key.
    ...(slice.externalId ? { externalId: slice.externalId } : {}),
    billOnBehalfOfEnabled: false,
    selfServiceAllowed: false,
    orderApprovalRequired: false,
    status: 'Active',
    // The offset without a colon is how Pax8's own example writes it [V].
    updatedDate: `${asOf}T08:00:00.000-0600`,
  };
}

function product(p: WorldProduct): Pax8Record {
  return { id: p.id, name: p.name, vendorName: p.vendorName, shortDescription: p.name, sku: p.sku, requiresCommitment: p.requiresCommitment };
}

const TERM_MONTHS: Record<WorldSubscription['billingTerm'], number> = { Monthly: 1, Annual: 12, '3-Year': 36 };

/** Alternates the two date forms Pax8's examples use (`2021-01-01T08:30:00Z` and `2020-12-03`), so both are exercised. */
function subscription(s: WorldSubscription, companyId: string, p: WorldProduct | undefined, asOf: string, n: number): Pax8Record {
  const date = (d: string) => (n % 2 === 0 ? `${d}T08:30:00Z` : d);
  return {
    id: s.id,
    companyId,
    productId: s.productId,
    quantity: s.quantity,
    startDate: date(s.startDate),
    // [I] the subscription's own end: set once cancelled, distinct from the commitment's end.
    ...(s.status === 'Cancelled' ? { endDate: date(asOf) } : {}),
    createdDate: s.startDate,
    billingStart: s.startDate,
    status: s.status,
    currencyCode: 'USD',
    ...(p ? { productName: p.name } : {}),
    billingTerm: s.billingTerm,
    // [I] per seat for one billing term, as the connector reads it.
    ...(p?.partnerCostCents !== undefined ? { partnerCost: (p.partnerCostCents * TERM_MONTHS[s.billingTerm]) / 100 } : {}),
    ...(s.commitmentEndDate ? { commitmentTerm: { id: randomUUID(), term: s.billingTerm, endDate: date(s.commitmentEndDate) } } : {}),
  };
}
