import { readFileSync } from 'node:fs';
import type { WorkConfirmResult } from '../../shared/connectors/types';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { SyncroSource } from '../../shared/connectors/vendors/syncro/config';
import { createSecretResolver } from '../../shared/config/secrets';
import { createSyncroConnector } from '../../shared/connectors/vendors/syncro/connector';
import { SyncroContract, SyncroCustomer, SyncroLineItem, SyncroProduct, SyncroSchedule, SyncroScheduleEnvelope } from '../../shared/connectors/vendors/syncro/records';
import { SYNCRO_BASE_PATH, SYNCRO_DEMO_ENV, startSyncroSimulator, syncroDemoSource } from '../../local/simulators/syncro';
import { MALFORMED_SYNCRO_CUSTOMER, syncroWorld } from '../support/syncro-world';
import { SyncroBilledInvoice, SyncroTicket, SyncroTimer, SyncroUserName } from '../../shared/connectors/vendors/syncro/work-records';
import { workWindow } from '../support/work-cases';
import { W, withWork } from '../support/work-world';
import { TEST_NIGHT } from '../support/connector-deps';
import { stricterThanSpec } from '../support/stricter-than-spec';

/**
 * Holds the Syncro connector and its simulator to the vendor swagger. The spec has no response
 * schemas, only worked examples, so records are checked against those: the example records must
 * parse with the connector's schemas, and every field read or served must appear in them. The
 * schedule examples carry an empty `lines`, so line items are checked against the
 * schedule_line_item example of the line-item endpoints [I: that schedules embed the same shape].
 */

type Example = Record<string, unknown>;
interface Operation {
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { $ref?: string };
  responses: Record<string, { content?: Record<string, { example?: Example }> }>;
}
interface Spec {
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: {
    requestBodies: Record<string, { content: Record<string, { schema: { properties: Record<string, { type: string }> } }> }>;
    securitySchemes: Record<string, { type: string; in?: string; name?: string }>;
  };
}

const spec = JSON.parse(readFileSync(path.resolve(process.cwd(), '../shared/vendor-apis/specs/syncro/syncro-swagger.json'), 'utf8')) as Spec;

/** The spec operation a concrete path (without the /api/v1 server prefix) hits; literal paths win over templates. */
function operationFor(method: string, apiPath: string): Operation | undefined {
  const m = method.toLowerCase();
  if (spec.paths[apiPath]?.[m]) return spec.paths[apiPath][m];
  const template = Object.keys(spec.paths).find((p) => spec.paths[p]![m] && new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(apiPath));
  return template ? spec.paths[template]![m] : undefined;
}
const example = (method: string, apiPath: string): Example => spec.paths[apiPath]![method]!.responses['200']!.content!['application/json']!.example!;
const first = (list: unknown) => (list as Example[])[0]!;

const customer = first(example('get', '/customers').customers);
const contract = first(example('get', '/contracts').contracts);
const schedule = first(example('get', '/schedules').schedules);
const product = first(example('get', '/products').products);
const lineItem = example('put', '/schedules/{id}/line_items/{schedule_line_item_id}').schedule_line_item as Example;

const keysOf = (schema: z.ZodObject) => Object.keys(schema.shape);
function expectServes(records: readonly object[], exampleRecord: Example, what: string): void {
  expect(records.length, what).toBeGreaterThan(0);
  for (const record of records) for (const key of Object.keys(record)) expect(Object.keys(exampleRecord), `${what}.${key}`).toContain(key);
}

/** Each request is a spec operation (one spec path lacks its leading slash), with declared query parameters, sent with the token header. */
function expectSpecRequests(calls: ReadonlyArray<{ method: string; path: string; query: string; headers: Record<string, unknown> }>): void {
  const header = Object.values(spec.components.securitySchemes)[0]!.name!.toLowerCase();
  for (const req of calls) {
    const apiPath = req.path.slice(SYNCRO_BASE_PATH.length);
    const op = operationFor(req.method, apiPath) ?? operationFor(req.method, apiPath.slice(1));
    expect(op, `${req.method} ${req.path}`).toBeDefined();
    const declared = (op!.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    for (const name of new URLSearchParams(req.query).keys()) expect(declared, `${req.method} ${req.path}?${name}`).toContain(name);
    expect(req.headers[header]).toBeTruthy();
  }
}

let sim: Awaited<ReturnType<typeof startSyncroSimulator>>;
beforeAll(async () => {
  sim = await startSyncroSimulator(syncroWorld());
  const connector = createSyncroConnector(SyncroSource.parse(syncroDemoSource(sim.url)), { secrets: createSecretResolver(SYNCRO_DEMO_ENV) });
  await connector.pull(TEST_NIGHT);
  await connector.writeLineQuantity({ ref: { scheduleId: 1, lineItemId: 6001 }, expectedQuantity: 42, newQuantity: 43, effectiveDate: '2026-03-02' });
  const name = 'Microsoft 365 Business Standard';
  await connector.addLine({ agreementExternalId: '2001', product: name, productNames: [name], quantity: 7, unitPriceCents: 1250, effectiveDate: '2026-03-02' });
});
afterAll(() => sim.close());

describe('Syncro connector and simulator against the vendor swagger', () => {
  it('the demo source points at the spec\'s server path', () => {
    expect(new URL(spec.servers[0]!.url.replace('{subdomain}', 'x')).pathname).toBe(SYNCRO_BASE_PATH);
    expect(new URL(syncroDemoSource(sim.url).baseUrl).pathname).toBe(SYNCRO_BASE_PATH);
  });

  it('every request of a pull and a write-back is a spec operation with declared query parameters, sent with the token header', () => {
    expect(new Set(sim.log.map((r) => `${r.method} ${r.path.replace(/\/\d+/g, '/{id}')}`))).toEqual(
      new Set([
        'GET /api/v1/customers',
        'GET /api/v1/contracts',
        'GET /api/v1/schedules',
        'GET /api/v1/schedules/{id}',
        'PUT /api/v1/schedules/{id}/line_items/{id}',
        'GET /api/v1/products',
        'POST /api/v1/schedules/{id}/add_line_item',
      ]),
    );
    const scheme = Object.values(spec.components.securitySchemes)[0]!;
    expect(scheme).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
    expectSpecRequests(sim.log);
  });

  it('the spec\'s example records parse with the connector\'s schemas, and every field it reads is in them', () => {
    const cases: Array<[z.ZodObject, Example]> = [
      [SyncroCustomer, customer],
      [SyncroContract, contract],
      [SyncroSchedule, schedule],
      [SyncroLineItem, lineItem],
      [SyncroProduct, product],
    ];
    for (const [schema, record] of cases) {
      expect(schema.safeParse(record).success, JSON.stringify(record).slice(0, 80)).toBe(true);
      expect(Object.keys(record)).toEqual(expect.arrayContaining(keysOf(schema)));
    }
    expect(SyncroScheduleEnvelope.safeParse(example('get', '/schedules/{id}')).success).toBe(true);
    // The paging envelope: meta.total_pages where the spec shows meta.
    for (const list of ['/customers', '/contracts']) expect(example('get', list).meta).toHaveProperty('total_pages');
    expect(example('get', '/schedules')).not.toHaveProperty('meta');
  });

  it('the write-back body is the spec\'s ScheduleLineItem, with a numeric quantity', () => {
    const op = operationFor('PUT', '/schedules/1/line_items/1')!;
    const body = spec.components.requestBodies[op.requestBody!.$ref!.split('/').pop()!]!.content['application/json']!.schema.properties;
    const sent = sim.log.find((r) => r.method === 'PUT')!.body as Example;
    for (const key of Object.keys(sent)) expect(Object.keys(body), key).toContain(key);
    expect(body.quantity!.type).toBe('number');
    expect(typeof sent.quantity).toBe('number');
  });

  it('an added line item is the spec\'s ScheduleLineItem body, for a product id, with a numeric quantity', () => {
    const op = operationFor('POST', '/schedules/1/add_line_item')!;
    const body = spec.components.requestBodies[op.requestBody!.$ref!.split('/').pop()!]!.content['application/json']!.schema.properties;
    const sent = sim.log.find((r) => r.method === 'POST')!.body as Example;
    for (const key of Object.keys(sent)) expect(Object.keys(body), key).toContain(key);
    expect(sent).toMatchObject({ name: 'Microsoft 365 Business Standard', quantity: 7, retail_cents: 1250 });
    expect([body.product_id!.type, body.quantity!.type, body.retail_cents!.type]).toEqual(['integer', 'number', 'integer']);
    const added = example('post', '/schedules/{id}/add_line_item').schedule_line_item as Example;
    expect(Object.keys(added)).toEqual(expect.arrayContaining(Object.keys(lineItem).filter((k) => k !== 'schedule_id')));
  });

  it('the simulator serves only the fields of the spec\'s examples, in the examples\' envelopes', async () => {
    expectServes(sim.state.customers.filter((c) => c.id !== MALFORMED_SYNCRO_CUSTOMER.id), customer, 'customer');
    expectServes(sim.state.contracts, contract, 'contract');
    expectServes(sim.state.schedules, schedule, 'schedule');
    expectServes(sim.state.schedules.flatMap((s) => s.lines), lineItem, 'schedule_line_item');
    expectServes(sim.state.products, product, 'product');
    for (const list of ['/customers', '/contracts', '/schedules', '/products']) {
      const res = await fetch(`${sim.url}${SYNCRO_BASE_PATH}${list}?page=1`, { headers: { Authorization: `Bearer ${SYNCRO_DEMO_ENV.SYNCRO_API_KEY}` } });
      const body = (await res.json()) as Example;
      const expected = example('get', list);
      expect(Object.keys(body).sort(), list).toEqual(Object.keys(expected).sort());
      if (expected.meta) expect(Object.keys(body.meta as Example).sort(), list).toEqual(Object.keys(expected.meta as Example).sort());
    }
  });
});

describe('Syncro work pull and "Bill it" against the vendor swagger', () => {
  let work: Awaited<ReturnType<typeof startSyncroSimulator>>;
  let byIdFrom: number;
  let confirmed: WorkConfirmResult;
  // One spec path is written without its leading slash (ticket_timers/{id}).
  const opFor = (method: string, apiPath: string) => operationFor(method, apiPath) ?? operationFor(method, apiPath.slice(1));
  const ticket = first(example('get', '/tickets').tickets);
  const timer = first(example('get', '/ticket_timers').ticket_timers);
  const invoice = first(example('get', '/invoices').invoices);

  beforeAll(async () => {
    const world = withWork(syncroWorld(), { main: { clientId: '1000101', agreementId: '2001' }, other: { clientId: '1000102' } });
    work = await startSyncroSimulator(world);
    const connector = createSyncroConnector(SyncroSource.parse(syncroDemoSource(work.url)), { secrets: createSecretResolver(SYNCRO_DEMO_ENV) });
    await connector.pullWork({ runDate: world.asOf }, workWindow(world.asOf));
    const t = work.state.timers.find((x) => x.id === Number(W.coveredNonBillable))!;
    const ref = { timerId: Number(t.id), ticketId: Number(t.ticket_id), createdOn: String(t.created_at).slice(0, 10) };
    await connector.billTimeEntry({ ref, expected: { billable: 'non-billable', invoiced: false }, billingCode: 'Onsite Support' });
    byIdFrom = work.log.length;
    confirmed = await connector.confirmWork({ runDate: world.asOf }, { timeEntries: [], tickets: [W.ticketNoCode, '99998'], witnesses: { timeEntry: null, ticket: W.ticketBilled } });
  });
  afterAll(() => work.close());

  it('every request is a spec operation with declared query parameters, sent with the token header', () => {
    expect(new Set(work.log.map((r) => `${r.method} ${r.path.replace(/\/\d+/g, '/{id}')}`))).toEqual(
      new Set([
        'GET /api/v1/tickets',
        // The orphaned timer's ticket, asked for by id.
        'GET /api/v1/tickets/{id}',
        'GET /api/v1/ticket_timers',
        'GET /api/v1/invoices',
        'GET /api/v1/products',
        // Who did the work: asked once, /users declaring no parameters.
        'GET /api/v1/users',
        'PUT /api/v1/tickets/{id}/update_timer_entry',
        'PATCH /api/v1/ticket_timers/{id}',
        'POST /api/v1/tickets/{id}/charge_timer_entry',
      ]),
    );
    expectSpecRequests(work.log);
  });

  it('reads tickets again one GET /tickets/{id} each (the list has no id filter), a 404 being a deleted ticket', () => {
    expect(work.log.slice(byIdFrom).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([`GET /api/v1/tickets/${W.ticketNoCode} 200`, 'GET /api/v1/tickets/99998 404']);
    expect(Object.keys(opFor('get', '/tickets/{id}')!.responses ?? {})).toEqual(expect.arrayContaining(['200', '404']));
    expect(confirmed.gone).toEqual({ timeEntries: [], tickets: ['99998'] });
    expect(confirmed.tickets.map((t) => t.externalId)).toEqual([W.ticketNoCode]);
  });

  it('the spec\'s example records parse with the work schemas, and every field read is in them', () => {
    for (const [schema, record] of [[SyncroTicket, ticket], [SyncroTimer, timer], [SyncroBilledInvoice, invoice]] as const) {
      expect(schema.safeParse(record).success, JSON.stringify(record).slice(0, 80)).toBe(true);
      expect(Object.keys(record)).toEqual(expect.arrayContaining(keysOf(schema)));
    }
    for (const list of ['/tickets', '/ticket_timers', '/invoices']) expect(example('get', list).meta).toHaveProperty('total_pages');
  });

  it('holds a work record only for a field it cannot be judged without; any field the examples show null may be null, and any may be missing', () => {
    // The spec has no response schemas: its examples say which fields come null.
    const loose = (record: Example) => ({ required: [], nullable: Object.keys(record).filter((k) => record[k] === null) });
    // Ids and the client or ticket the work is for; when a timer ran and was created (its write-back finds it by that day); an invoice's date and total.
    expect(stricterThanSpec(SyncroTicket, loose(ticket))).toEqual(['id missing', 'customer_id missing']);
    expect(stricterThanSpec(SyncroTimer, loose(timer))).toEqual(['id missing', 'ticket_id missing', 'start_time missing', 'created_at missing']);
    expect(stricterThanSpec(SyncroBilledInvoice, loose(invoice))).toEqual(['id missing', 'customer_id missing', 'date missing', 'total missing']);
  });

  it('the write bodies are the spec\'s: update_timer_entry and charge_timer_entry fields only, billable as a query parameter', () => {
    const bodyOf = (method: string, p: string) => {
      const op = opFor(method, p)!;
      const ref = op.requestBody?.$ref?.split('/').pop();
      return ref ? spec.components.requestBodies[ref]!.content['application/json']!.schema.properties : (op.requestBody as unknown as { content: Record<string, { schema: { properties: object } }> }).content['application/json']!.schema.properties;
    };
    for (const [method, p] of [['PUT', '/tickets/1/update_timer_entry'], ['POST', '/tickets/1/charge_timer_entry']] as const) {
      const sent = work.log.find((r) => r.method === method && r.path.endsWith(p.split('/').pop()!))!.body as Example;
      for (const key of Object.keys(sent)) expect(Object.keys(bodyOf(method, p)), `${p} ${key}`).toContain(key);
    }
    const patch = work.log.find((r) => r.method === 'PATCH')!;
    expect(patch.body).toBeUndefined();
    expect(new URLSearchParams(patch.query).get('billable')).toBe('true');
  });

  it('the simulator serves the work with the fields of the spec\'s examples only', () => {
    expectServes(work.state.tickets, ticket, 'ticket');
    expectServes(work.state.timers, timer, 'ticket_timer');
    expectServes(work.state.billedInvoices, invoice, 'invoice');
  });

  it('reads /users in the spec example\'s shape ([id, name] pairs, no meta), and the simulator serves that shape', async () => {
    const expected = example('get', '/users');
    expect(SyncroUserName.safeParse(first(expected.users)).data).toEqual({ id: 1, name: 'Joe Doe' });
    const res = await fetch(`${work.url}${SYNCRO_BASE_PATH}/users`, { headers: { Authorization: `Bearer ${SYNCRO_DEMO_ENV.SYNCRO_API_KEY}` } });
    const body = (await res.json()) as Example;
    expect(Object.keys(body)).toEqual(Object.keys(expected));
    expect((body.users as unknown[]).length).toBeGreaterThan(0);
    for (const row of body.users as unknown[]) expect(row).toEqual([expect.any(Number), expect.any(String)]);
  });
});
