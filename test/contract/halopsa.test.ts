import { readFileSync } from 'node:fs';
import type { WorkConfirmResult } from '../../shared/connectors/types';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { HaloPsaSource } from '../../shared/connectors/vendors/halopsa/config';
import { createSecretResolver } from '../../shared/config/secrets';
import { createHaloPsaConnector } from '../../shared/connectors/vendors/halopsa/connector';
import { HaloAgent, HaloAsset, HaloClient, HaloContract, HaloInvoice, HaloInvoiceLine, HaloItem } from '../../shared/connectors/vendors/halopsa/records';
import { HALOPSA_DEMO_ENV, haloPsaDemoSource, startHaloPsaSimulator } from '../../local/simulators/halopsa';
import { MALFORMED_HALO_CONTRACT, haloWorld } from '../support/halopsa-world';
import { HaloAction, HaloBilledInvoice, HaloChargeType, HaloTicket, HaloWorkContract } from '../../shared/connectors/vendors/halopsa/work-records';
import { workWindow } from '../support/work-cases';
import { W, withWork } from '../support/work-world';
import { TEST_NIGHT } from '../support/connector-deps';
import { stricterThanSpec } from '../support/stricter-than-spec';

/**
 * Holds the HaloPSA connector and its simulator to the vendor swagger ("Halo API" v2). What the
 * spec cannot check: GET responses carry no schemas, so the list envelopes ({record_count,
 * <plural>}) are not in it, and the token endpoint lives on the separate auth server, outside
 * it. Paths, methods, query parameters, the Bearer scheme, the POST body and every record field
 * the connector reads or the simulator serves are checked.
 */

interface Schema {
  $ref?: string;
  type?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
}
interface Operation {
  parameters?: Array<{ name: string; in: string; schema?: { type?: string } }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface Spec {
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, { type: string; scheme?: string }> };
}

// 3.6 MB: read once for the whole file.
const spec = JSON.parse(readFileSync(path.resolve(process.cwd(), '../shared/vendor-apis/specs/halopsa/halo-api-swagger.json'), 'utf8')) as Spec;
const API = spec.servers[0]!.url;
const props = (name: string) => spec.components.schemas[name]!.properties!;

/** The spec operation a concrete path (without the /api server prefix) hits; literal paths win over templates. */
function operationFor(method: string, apiPath: string): Operation | undefined {
  const m = method.toLowerCase();
  if (spec.paths[apiPath]?.[m]) return spec.paths[apiPath][m];
  const template = Object.keys(spec.paths).find((p) => spec.paths[p]![m] && new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(apiPath));
  return template ? spec.paths[template]![m] : undefined;
}

/** The JSON type a zod field accepts, past optional/nullable wrappers. */
function jsonType(field: z.ZodType): string {
  let def = field.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
  // A transformed field (dates) is checked by what it accepts: the input side of its pipe.
  for (;;) {
    if ((def.type === 'optional' || def.type === 'nullable') && def.innerType) def = def.innerType.def as typeof def;
    else if (def.type === 'pipe' && def.in) def = def.in.def as typeof def;
    else break;
  }
  return def.type;
}
const SPEC_TYPE: Record<string, string> = { integer: 'number', number: 'number', string: 'string', boolean: 'boolean', array: 'array' };

/** Every key the schema reads is a field of the named spec schema, of the same JSON type. */
function expectReads(schema: z.ZodObject, specName: string): void {
  const fields = props(specName);
  for (const [key, field] of Object.entries(schema.shape)) {
    expect(Object.keys(fields), `${specName}.${key}`).toContain(key);
    expect(SPEC_TYPE[fields[key]!.type ?? ''], `${specName}.${key} type`).toBe(jsonType(field as z.ZodType));
  }
}

/** Every key a served record carries is a field of the named spec schema. */
function expectServes(records: readonly object[], specName: string): void {
  expect(records.length, specName).toBeGreaterThan(0);
  const fields = Object.keys(props(specName));
  for (const record of records) for (const key of Object.keys(record)) expect(fields, `${specName}.${key}`).toContain(key);
}

/** Each request is a spec operation, with query parameters the operation declares, sent with a Bearer token. */
function expectSpecRequests(calls: ReadonlyArray<{ method: string; path: string; query: string; headers: { authorization?: string } }>): void {
  for (const req of calls) {
    const op = operationFor(req.method, req.path.slice(API.length));
    expect(op, `${req.method} ${req.path}`).toBeDefined();
    const declared = (op!.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    for (const name of new URLSearchParams(req.query).keys()) expect(declared, `${req.method} ${req.path}?${name}`).toContain(name);
    expect(req.headers.authorization).toMatch(/^Bearer \S+$/);
  }
}

let sim: Awaited<ReturnType<typeof startHaloPsaSimulator>>;
beforeAll(async () => {
  sim = await startHaloPsaSimulator(haloWorld());
  // Both recurring-invoice modes: includelines with per-line updates, and the per-invoice path.
  for (const [recurringInvoiceMode, lineId] of [['includelines', 5001], ['per-invoice', 5002]] as const) {
    const source = HaloPsaSource.parse({ ...haloPsaDemoSource(sim.url), pageSize: 2, recurringInvoiceMode });
    const connector = createHaloPsaConnector(source, { secrets: createSecretResolver(HALOPSA_DEMO_ENV) });
    const pull = await connector.pull(TEST_NIGHT);
    const line = pull.agreements.flatMap((a) => a.lines).find((l) => l.externalId === String(lineId))!;
    await connector.writeLineQuantity({ ref: line.writeBack, expectedQuantity: line.quantity, newQuantity: line.quantity + 1, effectiveDate: '2026-03-02' });
    const product = recurringInvoiceMode === 'includelines' ? 'Microsoft 365 Business Standard' : 'Exchange Online (Plan 1)';
    await connector.addLine({ agreementExternalId: '1001', product, productNames: [product], quantity: 3, unitPriceCents: 400, effectiveDate: '2026-03-02' });
  }
});
afterAll(() => sim.close());

describe('HaloPSA connector and simulator against the vendor swagger', () => {
  it('the demo source points at the spec\'s server path', () => {
    expect(new URL(haloPsaDemoSource(sim.url).baseUrl).pathname).toBe(API);
  });

  it('every API request of a pull and a write-back is a spec operation with declared query parameters, sent with a Bearer token', () => {
    const calls = sim.log.filter((r) => r.path.startsWith(`${API}/`));
    expect(new Set(calls.map((r) => `${r.method} ${r.path.replace(/\d+$/, '{id}')}`))).toEqual(
      new Set([
        'GET /api/Agent',
        'GET /api/Client',
        'GET /api/ClientContract',
        'GET /api/RecurringInvoice',
        'GET /api/RecurringInvoice/{id}',
        'POST /api/RecurringInvoice',
        'POST /api/RecurringInvoice/updatelines',
        'GET /api/Asset',
        'GET /api/Item',
      ]),
    );
    expectSpecRequests(calls);
    expect(Object.values(spec.components.securitySchemes)).toContainEqual(expect.objectContaining({ type: 'http', scheme: 'Bearer' }));
  });

  it('every field the connector reads exists in the spec schemas with the same type', () => {
    expectReads(HaloClient, 'Area');
    expectReads(HaloAgent, 'Uname_List');
    expectReads(HaloContract, 'ContractHeader_List');
    expectReads(HaloInvoice, 'InvoiceHeader');
    expectReads(HaloInvoiceLine, 'InvoiceDetail');
    expectReads(HaloAsset, 'Device_List');
    expectReads(HaloItem, 'Item');
    expect(props('InvoiceHeader').lines!.items!.$ref).toBe('#/components/schemas/InvoiceDetail');
  });

  it('includelines is the spec\'s boolean parameter of the recurring-invoice list, and was sent as one', () => {
    const param = operationFor('GET', '/RecurringInvoice')!.parameters!.find((p) => p.name === 'includelines');
    expect(param).toMatchObject({ in: 'query', schema: { type: 'bool' } });
    const sent = sim.log.filter((r) => r.path === `${API}/RecurringInvoice`).map((r) => new URLSearchParams(r.query).get('includelines'));
    expect(sent).toContain('true');
  });

  it('the per-line write-back body is the spec\'s array of InvoiceDetail, fields of that schema only', () => {
    const schema = operationFor('POST', '/RecurringInvoice/updatelines')!.requestBody!.content['application/json']!.schema;
    expect(schema).toEqual({ type: 'array', items: { $ref: '#/components/schemas/InvoiceDetail' } });
    const body = sim.log.find((r) => r.method === 'POST' && r.path === `${API}/RecurringInvoice/updatelines`)!.body as object[];
    expect(body).toEqual([{ id: 5001, ihid: 1, qty_order: 43 }]);
    expectServes(body, 'InvoiceDetail');
    expect([props('InvoiceDetail').id!.type, props('InvoiceDetail').ihid!.type, props('InvoiceDetail').qty_order!.type]).toEqual(['integer', 'integer', 'number']);
  });

  it('an added line is one InvoiceDetail without an id, for an Item, on the invoice ihid names', () => {
    const added = sim.log.filter((r) => r.method === 'POST' && r.path === `${API}/RecurringInvoice/updatelines`).map((r) => (r.body as Array<Record<string, unknown>>)[0]!).filter((l) => !('id' in l));
    expect(added).toHaveLength(1);
    expectServes(added, 'InvoiceDetail');
    expect(added[0]).toMatchObject({ ihid: 1, item_shortdescription: 'Microsoft 365 Business Standard', qty_order: 3, unit_price: 4 });
    expect([props('InvoiceDetail')._itemid!.type, props('InvoiceDetail').unit_price!.type, props('InvoiceDetail').startdate!.type]).toEqual(['integer', 'number', 'string']);
  });

  it('the whole-invoice write-back body is the spec\'s array of InvoiceHeader with InvoiceDetail lines', () => {
    const schema = operationFor('POST', '/RecurringInvoice')!.requestBody!.content['application/json']!.schema;
    expect(schema).toEqual({ type: 'array', items: { $ref: '#/components/schemas/InvoiceHeader' } });
    const body = sim.log.find((r) => r.method === 'POST' && r.path === `${API}/RecurringInvoice`)!.body as Array<{ lines: object[] }>;
    expect(Array.isArray(body)).toBe(true);
    expectServes(body, 'InvoiceHeader');
    expectServes(body.flatMap((h) => h.lines), 'InvoiceDetail');
  });

  it('the simulator answers the example requests with the example envelopes (not in the spec: [V] n8n, [V3] plural keys)', async () => {
    const examples = JSON.parse(readFileSync(path.resolve(process.cwd(), '../shared/vendor-apis/examples/halopsa/list-envelopes.synthetic.json'), 'utf8')) as Record<string, object>;
    const authorization = sim.log.find((r) => r.path.startsWith(`${API}/`))!.headers.authorization!;
    const arrayKeys = (o: object) => Object.entries(o).filter(([, v]) => Array.isArray(v)).map(([k]) => k);
    for (const [request, expected] of Object.entries(examples).filter(([k]) => k.startsWith('GET '))) {
      const res = await fetch(`${sim.url}${request.slice(4).replace('{id}', '1')}`, { headers: { authorization } });
      const served = (await res.json()) as object;
      expect(res.status, request).toBe(200);
      expect(Object.keys(served), request).toEqual(expect.arrayContaining(Object.keys(expected)));
      expect(arrayKeys(served), request).toEqual(arrayKeys(expected));
    }
  });

  it('the simulator serves only spec fields', () => {
    expectServes(sim.state.agents, 'Uname_List');
    expectServes(sim.state.clients, 'Area');
    expectServes(sim.state.contracts.filter((c) => c.id !== MALFORMED_HALO_CONTRACT.id), 'ContractHeader_List');
    expectServes(sim.state.invoices, 'InvoiceHeader');
    expectServes(sim.state.invoices.flatMap((i) => i.lines), 'InvoiceDetail');
    expectServes(sim.state.assets, 'Device_List');
    expectServes(sim.state.items, 'Item');
  });
});

describe('HaloPSA work pull and "Bill it" against the vendor swagger', () => {
  let work: Awaited<ReturnType<typeof startHaloPsaSimulator>>;
  let byIdFrom: number;
  let confirmed: WorkConfirmResult;
  beforeAll(async () => {
    const world = withWork(haloWorld(), { main: { clientId: '11', agreementId: '1001' }, other: { clientId: '12' } });
    work = await startHaloPsaSimulator(world);
    const connector = createHaloPsaConnector(HaloPsaSource.parse({ ...haloPsaDemoSource(work.url), pageSize: 2 }), { secrets: createSecretResolver(HALOPSA_DEMO_ENV) });
    await connector.pullWork({ runDate: world.asOf }, workWindow(world.asOf));
    await connector.pullWork({ runDate: world.asOf }, workWindow(world.asOf, `${world.asOf}T00:00:00Z`));
    await connector.billTimeEntry({ ref: { actionId: Number(W.coveredNonBillable), ticketId: Number(W.ticketBilled) }, expected: { billable: 'non-billable', invoiced: false }, billingCode: 'Onsite Support' });
    byIdFrom = work.log.length;
    confirmed = await connector.confirmWork({ runDate: world.asOf }, { timeEntries: [], tickets: [W.ticketNoCode, '99998'], witnesses: { timeEntry: null, ticket: W.ticketBilled } });
  });
  afterAll(() => work.close());

  it('every request is a spec operation with declared query parameters, sent with a Bearer token', () => {
    const calls = work.log.filter((r) => r.path.startsWith(`${API}/`));
    expect(new Set(calls.map((r) => `${r.method} ${r.path.replace(/\d+$/, '{id}')}`))).toEqual(
      new Set(['GET /api/Tickets', 'GET /api/Actions', 'GET /api/Actions/{id}', 'POST /api/Actions', 'GET /api/Invoice', 'GET /api/ClientContract', 'GET /api/Lookup', 'GET /api/Agent']),
    );
    expectSpecRequests(calls);
  });

  it('reads tickets again by the ticketids filter, paged, with a ticket read tonight as witness; one not answered is gone', () => {
    const byId = work.log.slice(byIdFrom).filter((r) => r.path === `${API}/Tickets`).map((r) => new URLSearchParams(r.query));
    expect(byId.map((q) => q.get('ticketids'))).toEqual([`${W.ticketNoCode},99998,${W.ticketBilled}`]);
    expect(byId[0]!.get('pageinate')).toBe('true');
    expect(operationFor('GET', '/Tickets')!.parameters!.map((p) => p.name)).toContain('ticketids');
    expect(confirmed.gone).toEqual({ timeEntries: [], tickets: ['99998'] });
    expect(confirmed.tickets.map((t) => [t.externalId, t.billingCode])).toEqual([[W.ticketNoCode, null]]);
  });

  it('every field the work pull reads exists in the spec schemas with the same type', () => {
    expectReads(HaloTicket, 'Faults');
    expectReads(HaloAction, 'Actions');
    expectReads(HaloBilledInvoice, 'InvoiceHeader');
    expectReads(HaloWorkContract, 'ContractHeader_List');
    expectReads(HaloChargeType, 'Lookup');
    // Who did the work: the agents' names, from the same /Agent the seat pull reads.
    expectReads(HaloAgent, 'Uname_List');
  });

  it('holds a work record only for a field it cannot be judged without; any other field may be missing or null as the spec allows', () => {
    const fields = (name: string) => {
      const all = props(name) as Record<string, { nullable?: boolean }>;
      return { required: spec.components.schemas[name]!.required ?? [], nullable: Object.keys(all).filter((k) => all[k]!.nullable) };
    };
    // Ids, the client or ticket the work is for, when it was done and how long; an invoice's date and total.
    expect(stricterThanSpec(HaloAction, fields('Actions'))).toEqual(['id missing', 'ticket_id missing', 'ticket_id null', 'datetime missing', 'datetime null', 'timetaken missing', 'timetaken null']);
    expect(stricterThanSpec(HaloTicket, fields('Faults'))).toEqual(['id missing', 'client_id missing', 'client_id null']);
    expect(stricterThanSpec(HaloBilledInvoice, fields('InvoiceHeader'))).toEqual(['id missing', 'client_id missing', 'client_id null', 'invoice_date missing', 'invoice_date null', 'total missing']);
    expect(stricterThanSpec(HaloWorkContract, fields('ContractHeader_List'))).toEqual(['id missing', 'client_id missing', 'client_id null']);
  });

  it('the write-back body is the spec\'s array of Actions, fields of that schema only', () => {
    const schema = operationFor('POST', '/Actions')!.requestBody!.content['application/json']!.schema;
    expect(schema).toEqual({ type: 'array', items: { $ref: '#/components/schemas/Actions' } });
    const body = work.log.find((r) => r.method === 'POST' && r.path === `${API}/Actions`)!.body as object[];
    expect(body).toHaveLength(1);
    expectServes(body, 'Actions');
  });

  it('the simulator serves the work with spec fields only', () => {
    expectServes(work.state.tickets, 'Faults');
    expectServes(work.state.actions, 'Actions');
    expectServes(work.state.billedInvoices, 'InvoiceHeader');
    expectServes(work.state.chargeTypes, 'Lookup');
    expectServes(work.state.agents, 'Uname_List');
    expectServes(work.state.contracts.filter((c) => c.id !== MALFORMED_HALO_CONTRACT.id), 'ContractHeader_List');
  });
});
