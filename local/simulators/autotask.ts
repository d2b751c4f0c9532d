import { z } from 'zod';
import type { AutotaskSource } from '../../shared/connectors/vendors/autotask/config';
import { addDays } from '../../shared/domain/dates';
import { DEMO_LINE_PRODUCTS } from '../demo/generate';
import type { DemoWorld, WorldAgreement } from '../demo/world';
import { queryPage, lowerKeys, type AtRecord } from './autotask-query';
import { patchTimeEntry, renderAutotaskWork, type AutotaskWorkEntity } from './autotask-work';
import { wallMs } from '../../shared/clock';
import { startSimulator, type FaultPlan, type RunningSimulator, type SimRequest, type SimResponse } from './harness';

/**
 * Datto Autotask PSA as the connector meets it: a public zone lookup, an API zone under its own
 * path, header auth answered by an empty 401, POSTed queries paged by a nextPageUrl that only
 * takes POST (405 on GET), ContractServiceAdjustments that split the unit periods they touch,
 * so a re-read sees the new count, contract services created for a Service of the catalog, and
 * the world's service work (autotask-work.ts) with time entries made billable by PATCH.
 */

export const AUTOTASK_DEMO_ENV: Record<string, string> = {
  AUTOTASK_USERNAME: 'trueup-api@demo-msp.example',
  AUTOTASK_SECRET: 'demo-autotask-secret',
  AUTOTASK_INTEGRATION_CODE: 'TRUEUPDEMO7Q2XK4M9RTCODE',
};

/** Where the zone lookup sends the demo API user: not the lookup host's own path. */
export const AUTOTASK_ZONE_PATH = '/webservices5/ATServicesRest/';

export type AutotaskEntity = 'Companies' | 'Resources' | 'Contracts' | 'ContractServices' | 'Services' | 'ContractServiceUnits' | AutotaskWorkEntity;
export interface AutotaskSimState {
  /** Rows per entity as served; tests may change them under the connector. */
  entities: Record<AutotaskEntity, AtRecord[]>;
  /** The world's malformed records, served after the matches of every Companies query. */
  malformed: unknown[];
  /** ContractServiceAdjustments as created. */
  adjustments: AtRecord[];
}

export function autotaskDemoSource(baseUrl: string, id = 'autotask'): z.input<typeof AutotaskSource> {
  return {
    id,
    kind: 'autotask',
    zoneLookupUrl: `${baseUrl}/ATServicesRest/V1.0/ZoneInformation`,
    username: { env: 'AUTOTASK_USERNAME' },
    secret: { env: 'AUTOTASK_SECRET' },
    integrationCode: { env: 'AUTOTASK_INTEGRATION_CODE' },
  };
}

export async function startAutotaskSimulator(
  world: DemoWorld,
  opts: { faults?: FaultPlan; port?: number } = {},
): Promise<RunningSimulator & { state: AutotaskSimState }> {
  const state = render(world);
  const api = (method: string, path: string, handle: (req: SimRequest) => SimResponse) => ({
    method,
    path: new RegExp(`^${AUTOTASK_ZONE_PATH}V1\\.0/${path}$`),
    reads: path.includes('query'),
    handle,
  });
  const matchesCache = new Map<string, unknown[]>();
  const zoneUrl = (req: SimRequest) => `http://${req.headers.host}${AUTOTASK_ZONE_PATH}`;
  const page = (req: SimRequest, offset: number, pageSize?: number) => {
    const entity = req.params[0] as AutotaskEntity;
    if (!(entity in state.entities)) return { status: 404, body: { errors: [`${entity} is not an entity this simulator serves`] } };
    return queryPage({
      entity,
      rows: state.entities[entity],
      planted: entity === 'Companies' ? state.malformed : [],
      body: req.body,
      offset,
      pageSize,
      pageSizeCap: req.pageSizeCap,
      matchesCache,
      link: (at, size) => `${zoneUrl(req)}V1.0/${entity}/query/next?paging=${encodeURIComponent(JSON.stringify({ offset: at, pageSize: size }))}`,
    });
  };

  const sim = await startSimulator(
    {
      name: 'autotask',
      authenticate,
      faults: opts.faults,
      routes: [
        {
          method: 'GET',
          path: /^\/ATServicesRest\/V1\.0\/ZoneInformation$/i,
          public: true,
          handle: (req) =>
            req.url.searchParams.get('user')?.toLowerCase() === AUTOTASK_DEMO_ENV.AUTOTASK_USERNAME
              ? { body: { zoneName: 'America East 5', url: zoneUrl(req), webUrl: 'https://ww5.autotask.net/', ci: 5 } }
              : { status: 404, body: { errors: ['Zone information could not be determined for this user'] } },
        },
        api('POST', '(\\w+)/query', (req) => page(req, 0)),
        api('POST', '(\\w+)/query/next', (req) => {
          const paging = Paging.safeParse(req.url.searchParams.get('paging'));
          return paging.success ? page(req, paging.data.offset, paging.data.pageSize) : { status: 500, body: { errors: ['invalid paging token'] } };
        }),
        // The link of a POSTed query is refused on GET [V3: WYRE-AI/autotask-mcp #170].
        api('GET', '(\\w+)/query/next', () => ({ status: 405, headers: { Allow: 'POST' }, body: { Message: "The requested resource does not support http method 'GET'." } })),
        api('POST', 'ContractServiceAdjustments', (req) => adjust(state, req.body)),
        api('POST', 'Contracts/(\\d+)/Services', (req) => addService(state, Number(req.params[0]), req.body)),
        api('PATCH', 'TimeEntries', (req) => patchTimeEntry(state.entities, req.body, new Date(wallMs()).toISOString())),
      ],
    },
    opts.port,
  );
  return Object.assign(sim, { state });
}

const Paging = z
  .string()
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.object({ offset: z.number().int().min(0), pageSize: z.number().int().min(1) }));

/** Every failure is an empty 401 with a Basic challenge [V3]. */
function authenticate(req: SimRequest): SimResponse | undefined {
  const h = req.headers;
  const ok =
    h.apiintegrationcode === AUTOTASK_DEMO_ENV.AUTOTASK_INTEGRATION_CODE &&
    h.username === AUTOTASK_DEMO_ENV.AUTOTASK_USERNAME &&
    h.secret === AUTOTASK_DEMO_ENV.AUTOTASK_SECRET;
  return ok ? undefined : { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="webservices5.autotask.net"' } };
}

const Adjustment = z
  .record(z.string(), z.unknown())
  .transform(lowerKeys)
  .pipe(
    z.object({
      contractid: z.number().int(),
      contractserviceid: z.number().int(),
      effectivedate: z.string().regex(/^\d{4}-\d{2}-\d{2}/),
      unitchange: z.number().int(),
    }),
  );

/** Applies a unit delta from its effective date on: later periods change, a straddled one splits. */
function adjust(state: AutotaskSimState, body: unknown): SimResponse {
  const fail = (message: string) => ({ status: 500, body: { errors: [message] } });
  const parsed = Adjustment.safeParse(body);
  if (!parsed.success) return fail(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const a = parsed.data;
  const service = state.entities.ContractServices.find((s) => s.id === a.contractserviceid);
  if (!service || service.contractID !== a.contractid) return fail('ContractServiceID does not belong to ContractID');
  const from = a.effectivedate.slice(0, 10);
  const rows = state.entities.ContractServiceUnits.filter((r) => r.contractServiceID === a.contractserviceid && day(r.endDate) >= from);
  if (!rows.some((r) => day(r.startDate) <= from)) return fail('EffectiveDate must fall within the contract');
  if (rows.some((r) => Number(r.units) + a.unitchange < 0)) return fail('Units cannot be less than zero');
  for (const row of rows) {
    if (day(row.startDate) < from) {
      state.entities.ContractServiceUnits.push({ ...row, id: nextId(state), startDate: stamp(from), units: Number(row.units) + a.unitchange });
      row.endDate = stamp(addDays(from, -1));
    } else row.units = Number(row.units) + a.unitchange;
  }
  state.adjustments.push(body as AtRecord);
  return { body: { itemId: 0 } };
}

const NewService = z
  .record(z.string(), z.unknown())
  .transform(lowerKeys)
  .pipe(z.object({ contractid: z.number().int(), serviceid: z.number().int(), unitprice: z.number().nonnegative(), invoicedescription: z.string().optional() }));

/**
 * A new contract service with 0 units in each period the contract's services already have (the
 * contract's term when it has none) [I]; a Service already on the contract is refused [I].
 */
function addService(state: AutotaskSimState, contractId: number, body: unknown): SimResponse {
  const fail = (message: string) => ({ status: 500, body: { errors: [message] } });
  const parsed = NewService.safeParse(body);
  if (!parsed.success) return fail(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const n = parsed.data;
  const contract = state.entities.Contracts.find((c) => c.id === contractId);
  if (!contract || n.contractid !== contractId) return fail('ContractID does not match the contract of the request');
  if (!state.entities.Services.some((x) => x.id === n.serviceid && x.isActive)) return fail(`ServiceID ${n.serviceid} is not an active Service`);
  const onContract = state.entities.ContractServices.filter((x) => x.contractID === contractId);
  if (onContract.some((x) => x.serviceID === n.serviceid)) return fail('This Service is already on the contract');
  const id = Math.max(0, ...state.entities.ContractServices.map((x) => Number(x.id))) + 1;
  state.entities.ContractServices.push({ id, contractID: contractId, serviceID: n.serviceid, unitPrice: n.unitprice, invoiceDescription: n.invoicedescription ?? null });
  const siblings = new Set(onContract.map((x) => x.id));
  const terms = new Map(state.entities.ContractServiceUnits.filter((r) => siblings.has(r.contractServiceID)).map((r) => [day(r.startDate), r.endDate]));
  if (!terms.size) terms.set(day(contract.startDate), contract.endDate);
  for (const [start, end] of terms)
    state.entities.ContractServiceUnits.push({ id: nextId(state), contractID: contractId, serviceID: n.serviceid, contractServiceID: id, units: 0, price: n.unitprice, startDate: stamp(start), endDate: end });
  return { body: { itemId: id } };
}

const day = (v: unknown) => String(v).slice(0, 10);
const stamp = (date: string) => `${date}T00:00:00Z`;
const nextId = (state: AutotaskSimState) => Math.max(0, ...state.entities.ContractServiceUnits.map((r) => Number(r.id))) + 1;

/** The world's Autotask clients in Autotask's shapes and ids. */
function render(world: DemoWorld): AutotaskSimState {
  const entities: Record<Exclude<AutotaskEntity, AutotaskWorkEntity>, AtRecord[]> = { Companies: [], Resources: [], Contracts: [], ContractServices: [], Services: [], ContractServiceUnits: [] };
  const resourceIds = new Map<string, number>();
  const serviceIds = new Map<string, number>();
  let unitId = 90_000_000;
  for (const client of world.clients.filter((c) => c.psa.vendor === 'autotask')) {
    const email = client.psa.accountManagerEmail;
    if (email && !resourceIds.has(email)) {
      resourceIds.set(email, 29_682_885 + resourceIds.size);
      entities.Resources.push({ id: resourceIds.get(email), email, userName: email.split('@')[0], isActive: true, resourceType: 'Employee' });
    }
    const companyID = Number(client.psa.id);
    entities.Companies.push({ id: companyID, companyName: client.psa.name, companyNumber: '', companyType: 1, isActive: true, ownerResourceID: email ? resourceIds.get(email) : null });
    for (const agreement of client.agreements) {
      const term = termOf(agreement, world.asOf);
      entities.Contracts.push({
        id: Number(agreement.id),
        companyID,
        contractName: agreement.name,
        contractType: 7,
        contractCategory: 1,
        contractPeriodType: 1,
        status: agreement.status === 'active' || agreement.status === 'expired' ? 1 : 0,
        startDate: stamp(term.start),
        endDate: stamp(term.end),
      });
      // Autotask keeps no cancel date on a contract service: a cancelled line is simply gone [I].
      for (const line of agreement.lines.filter((l) => !l.cancelledDate || l.cancelledDate > world.asOf)) {
        if (!serviceIds.has(line.product)) {
          serviceIds.set(line.product, 29_683_500 + serviceIds.size);
          entities.Services.push({ id: serviceIds.get(line.product), name: line.product, unitPrice: line.unitPriceCents / 100, isActive: true });
        }
        const ids = { contractID: Number(agreement.id), serviceID: serviceIds.get(line.product) };
        const price = line.unitPriceCents / 100;
        entities.ContractServices.push({ id: Number(line.id), ...ids, unitPrice: price, invoiceDescription: line.product });
        for (const period of periods(term, world.asOf))
          entities.ContractServiceUnits.push({ id: unitId++, ...ids, contractServiceID: Number(line.id), units: line.quantity, price, startDate: stamp(period.start), endDate: stamp(period.end) });
      }
    }
  }
  // The catalog also has the demo's products no line uses yet: what an add-line true-up picks from.
  for (const { product, unitPriceCents } of Object.values(DEMO_LINE_PRODUCTS)) {
    if (serviceIds.has(product)) continue;
    serviceIds.set(product, 29_683_500 + serviceIds.size);
    entities.Services.push({ id: serviceIds.get(product), name: product, unitPrice: unitPriceCents / 100, isActive: true });
  }
  // Work last: coverage may add contracts (a block of hours) beside the recurring ones.
  return { entities: { ...entities, ...renderAutotaskWork(world, entities.Contracts, entities.Resources) }, malformed: [...(world.malformed.autotask ?? [])], adjustments: [] };
}

/** Autotask contracts always end; an evergreen agreement is rendered as a long one [I]. */
function termOf(a: WorldAgreement, asOf: string): { start: string; end: string } {
  return { start: a.startDate, end: a.endDate ?? addMonths(asOf > a.startDate ? asOf : a.startDate, 60) };
}

/** Monthly periods from the contract start, kept to a window around the demo night to stay small. */
function periods(term: { start: string; end: string }, asOf: string): Array<{ start: string; end: string }> {
  const out: Array<{ start: string; end: string }> = [];
  const [from, to] = [addDays(asOf, -400), addDays(asOf, 800)];
  for (let k = 0; ; k++) {
    const start = addMonths(term.start, k);
    if (start > term.end || start > to) return out;
    const next = addDays(addMonths(term.start, k + 1), -1);
    const end = next < term.end ? next : term.end;
    if (end >= from) out.push({ start, end });
  }
}

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay))).toISOString().slice(0, 10);
}
