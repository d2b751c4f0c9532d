import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConnectWiseSource } from '../../shared/connectors/vendors/connectwise/config';
import { createSecretResolver } from '../../shared/config/secrets';
import { createConnectWiseConnector } from '../../shared/connectors/vendors/connectwise/connector';
import { CwAddition, CwAgreement, CwAgreementCoverage, CwCatalogItem, CwCompany, CwInvoice, CwTicket, CwTimeEntry } from '../../shared/connectors/vendors/connectwise/records';
import { CONNECTWISE_BASE_PATH, CONNECTWISE_DEMO_ENV, connectWiseDemoSource, startConnectWiseSimulator } from '../../local/simulators/connectwise';
import { connectWiseWorld } from '../support/connectwise-world';
import { connectWiseLaborWorld } from '../support/connectwise-labor';
import { TEST_NIGHT } from '../support/connector-deps';
import { stricterThanSpec, type SpecFields } from '../support/stricter-than-spec';
import type { WorkConfirmResult } from '../../shared/connectors/types';

/**
 * Holds the connector and the simulator to the ConnectWise spec excerpt, so they cannot drift from
 * the real API together. The excerpt is a reconstruction (specs/SOURCES.md) and its paths carry no
 * response schemas: which schema a path returns (companies -> Company, agreements -> Agreement,
 * additions -> Addition) is taken from vendor-apis/README.md section 1(d), not from the file.
 * The `pagination-type` header is not in the excerpt either; it is documented in README 1(b).
 * The product catalog lookup an add-line makes is only in the vendor's GET subset, checked there,
 * as are the service-work reads (time entries, tickets, invoices): the subset is the read contract.
 * "Bill it" PATCHes a time entry, which neither file has: that one operation is listed as inferred
 * and its body is held to the TimeEntry schema.
 */

/** The one operation Trueup calls that no stored spec has [I]: PATCH time/entries/{id}, shaped like the additions' PATCH. */
const INFERRED = 'PATCH /time/entries/{id}';

interface SpecSchema {
  type?: string;
  $ref?: string;
  enum?: string[];
  required?: string[];
  properties?: Record<string, SpecSchema>;
  items?: SpecSchema;
}
interface SpecParam {
  name: string;
  in: 'query' | 'header' | 'path';
  required?: boolean;
}
interface SpecOperation {
  parameters?: SpecParam[];
  requestBody?: { content: Record<string, { schema: SpecSchema }> };
}
interface Spec {
  paths: Record<string, Record<string, SpecOperation>>;
  components: { schemas: Record<string, SpecSchema> };
}

const spec = JSON.parse(
  readFileSync(path.resolve(process.cwd(), '../shared/vendor-apis/specs/connectwise/cw-psa-excerpt.reconstructed.json'), 'utf8'),
) as Spec;
const getSpec = JSON.parse(
  readFileSync(path.resolve(process.cwd(), '../shared/vendor-apis/specs/connectwise/connectwise-psa-openapi-2026.4-get-subset.json'), 'utf8'),
) as Spec;
// The excerpt's schemas first; the GET subset's for the catalog item's references.
const resolve = (s: SpecSchema): SpecSchema => {
  const name = s.$ref?.split('/').at(-1);
  return name ? (spec.components.schemas[name] ?? getSpec.components.schemas[name]!) : s;
};
const schema = (name: string) => spec.components.schemas[name]!;

/** The spec operation a logged request hits, matching `{param}` segments to any value. */
function operationFor(method: string, requestPath: string, within: Spec = spec): { template: string; op: SpecOperation } | undefined {
  const rel = requestPath.slice(CONNECTWISE_BASE_PATH.length);
  if (within === spec && /^\/(procurement|time|service|finance\/invoices)\//.test(`${rel}/`) && method === 'GET') return operationFor(method, requestPath, getSpec);
  if (method === 'PATCH' && /^\/time\/entries\/\d+$/.test(rel)) return { template: '/time/entries/{id}', op: getSpec.paths['/time/entries/{id}']!.get! };
  const matches = Object.keys(within.paths).filter((t) => t.startsWith(rel.split('/').slice(0, 2).join('/'))).filter((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(rel));
  // A literal segment (/additions/count) outranks a parameter (/additions/{id}).
  const template = matches.sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))[0];
  const op = template ? within.paths[template]![method.toLowerCase()] : undefined;
  return template && op ? { template, op } : undefined;
}

/** Every key a zod record schema reads must be a property of the spec schema, with a compatible type. */
function fieldProblems(zod: z.ZodType, spec: SpecSchema, at: string): string[] {
  let inner: z.ZodType = zod;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) inner = inner.unwrap() as z.ZodType;
  const target = resolve(spec);
  if (inner instanceof z.ZodObject)
    return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([key, child]) => {
      // `_info` is a bare object in the spec; what it carries (lastUpdated) is documented apart [I].
      if (key === '_info') return [];
      const prop = target.properties?.[key];
      return prop ? fieldProblems(child, prop, `${at}.${key}`) : [`${at}.${key} is not in the spec`];
    });
  if (inner instanceof z.ZodEnum) {
    const unknown = inner.options.filter((o) => !target.enum?.includes(String(o)));
    return unknown.length ? [`${at}: ${unknown.join(', ')} not in the spec enum`] : [];
  }
  const expected = inner instanceof z.ZodNumber ? ['integer', 'number'] : inner instanceof z.ZodString ? ['string'] : inner instanceof z.ZodBoolean ? ['boolean'] : [];
  return expected.includes(target.type ?? '') ? [] : [`${at}: spec type ${target.type} does not fit ${inner.constructor.name}`];
}

/** Every key the simulator serves must exist in the spec, recursively, and the required ones must be there. */
function recordProblems(record: Record<string, unknown>, spec: SpecSchema, at: string): string[] {
  const target = resolve(spec);
  const missing = (target.required ?? []).filter((k) => !(k in record)).map((k) => `${at}.${k} is required by the spec`);
  return [
    ...missing,
    ...Object.entries(record).flatMap(([key, value]) => {
      const prop = target.properties?.[key];
      if (!prop) return [`${at}.${key} is not in the spec`];
      if (value && typeof value === 'object' && !Array.isArray(value) && key !== '_info') return recordProblems(value as Record<string, unknown>, prop, `${at}.${key}`);
      return [];
    }),
  ];
}

describe('ConnectWise PSA contract (spec excerpt)', () => {
  let sim: Awaited<ReturnType<typeof startConnectWiseSimulator>>;
  let confirmed: WorkConfirmResult;

  beforeAll(async () => {
    sim = await startConnectWiseSimulator(connectWiseLaborWorld().world);
    const source = ConnectWiseSource.parse({ ...connectWiseDemoSource(sim.url), pageSize: 2, writeBackEffective: 'prorated' });
    const connector = createConnectWiseConnector(source, { secrets: createSecretResolver(CONNECTWISE_DEMO_ENV) });
    await connector.pull(TEST_NIGHT);
    await connector.writeLineQuantity({ ref: { agreementId: 101, additionId: 1001 }, expectedQuantity: 42, newQuantity: 43, effectiveDate: '2026-03-01' });
    const names = ['Microsoft 365 Business Standard'];
    await connector.addLine({ agreementExternalId: '101', product: names[0]!, productNames: names, quantity: 7, unitPriceCents: 1250, effectiveDate: '2026-03-01' });
    await connector.pullWork({ runDate: '2026-03-01' }, { from: '2026-01-15', changedSince: '2026-02-01T00:00:00Z' });
    await connector.billTimeEntry({ ref: { timeEntryId: 70005 }, expected: { billable: 'no-charge', invoiced: false } });
    confirmed = await connector.confirmWork(TEST_NIGHT, { timeEntries: ['70005', '99999'], tickets: ['70008'], witnesses: { timeEntry: '70006', ticket: null } });
  });
  afterAll(() => sim.close());

  it('calls only operations the spec has, with declared query parameters and the required headers', () => {
    expect(new Set(sim.log.map((r) => `${r.method} ${operationFor(r.method, r.path)?.template}`))).toEqual(
      new Set([
        'GET /company/companies',
        'GET /finance/agreements',
        'GET /finance/agreements/{id}',
        'GET /finance/agreements/{parentId}/additions',
        'GET /finance/agreements/{parentId}/additions/{id}',
        'PATCH /finance/agreements/{parentId}/additions/{id}',
        'GET /procurement/catalog',
        'POST /finance/agreements/{parentId}/additions',
        'GET /time/entries',
        'GET /time/entries/{id}',
        INFERRED,
        'GET /service/tickets',
        'GET /finance/invoices',
      ]),
    );
    for (const r of sim.log) {
      const { op } = operationFor(r.method, r.path)!;
      const declared = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      for (const name of new URLSearchParams(r.query).keys()) expect(declared, `${r.method} ${r.path}?${name}`).toContain(name);
      for (const p of (op.parameters ?? []).filter((p) => p.in === 'header' && p.required)) expect(r.headers[p.name.toLowerCase()], p.name).toBeTruthy();
    }
  });

  it('bills a time entry with a PatchOperation list replacing billableOption with a value of its enum', () => {
    const patches = sim.log.filter((r) => r.method === 'PATCH' && r.path.includes('/time/entries/'));
    expect(patches).toHaveLength(1);
    const operation = resolve(spec.components.schemas.PatchOperation!);
    for (const op of patches[0]!.body as Array<Record<string, unknown>>) {
      expect(Object.keys(op).every((k) => k in operation.properties!)).toBe(true);
      const field = getSpec.components.schemas.TimeEntry!.properties![String(op.path)];
      expect(field?.enum).toContain(op.value);
    }
  });

  it('filters service work only by fields the spec defines (lastUpdated aside [I])', () => {
    const fields = sim.log.flatMap((r) => (new URLSearchParams(r.query).get('conditions') ?? '').split(/\s+and\s+/).map((c) => [r.path, c.split(/[<>=!]|\s+in\s+\(/)[0]!.trim()] as const));
    const schemaOf: Record<string, string> = { '/time/entries': 'TimeEntry', '/service/tickets': 'Ticket', '/finance/invoices': 'Invoice' };
    const problems = fields.flatMap(([p, field]) => {
      const name = Object.entries(schemaOf).find(([suffix]) => p.endsWith(suffix))?.[1];
      return !name || field === 'lastUpdated' || field in getSpec.components.schemas[name]!.properties! ? [] : [`${name}.${field}`];
    });
    expect(problems).toEqual([]);
    expect(fields.some(([, f]) => f === 'lastUpdated')).toBe(true);
  });

  it('reads records again by `id in (...)` on the spec id field, with a record read tonight as witness; one not served is gone', () => {
    const byId = sim.log.map((r) => new URLSearchParams(r.query).get('conditions') ?? '').filter((c) => c.startsWith('id in ('));
    expect(byId).toEqual(['id in (70008)', 'id in (70005,99999,70006)']);
    expect(getSpec.components.schemas.TimeEntry!.properties!.id).toBeDefined();
    expect(getSpec.components.schemas.Ticket!.properties!.id).toBeDefined();
    expect(confirmed.gone).toEqual({ timeEntries: ['99999'], tickets: [] });
    expect(confirmed.timeEntries.map((e) => e.externalId)).toEqual(['70005']);
    expect(confirmed.tickets.map((t) => t.externalId)).toEqual(['70008']);
  });

  it('sends PATCH bodies the spec accepts, replacing Addition fields', () => {
    const patches = sim.log.filter((r) => r.method === 'PATCH' && r.path.includes('/additions/'));
    expect(patches).toHaveLength(1);
    const bodySchema = operationFor('PATCH', patches[0]!.path)!.op.requestBody!.content['application/json']!.schema;
    expect(bodySchema.type).toBe('array');
    const operation = resolve(bodySchema.items!);
    for (const op of patches[0]!.body as Array<Record<string, unknown>>) {
      expect(Object.keys(op).every((k) => k in operation.properties!)).toBe(true);
      expect(schema('Addition').properties).toHaveProperty(String(op.path));
    }
  });

  it('POSTs a new addition with Addition fields only, the required ones included', () => {
    const posts = sim.log.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    const body = posts[0]!.body as Record<string, unknown>;
    expect(recordProblems(body, schema('Addition'), 'new addition')).toEqual([]);
    expect(body).toMatchObject({ quantity: 7, unitPrice: 12.5, billCustomer: 'Billable', effectiveDate: '2026-03-01T00:00:00Z' });
    expect(schema('Addition').properties!.billCustomer!.enum).toContain(body.billCustomer);
  });

  it('reads only fields the spec defines, with compatible types and enum values', () => {
    expect([
      ...fieldProblems(CwCatalogItem, getSpec.components.schemas.CatalogItem!, 'CatalogItem'),
      ...fieldProblems(CwCompany, schema('Company'), 'Company'),
      ...fieldProblems(CwAgreement, schema('Agreement'), 'Agreement'),
      ...fieldProblems(CwAddition, schema('Addition'), 'Addition'),
      ...fieldProblems(CwTimeEntry, getSpec.components.schemas.TimeEntry!, 'TimeEntry'),
      ...fieldProblems(CwTicket, getSpec.components.schemas.Ticket!, 'Ticket'),
      ...fieldProblems(CwInvoice, getSpec.components.schemas.Invoice!, 'Invoice'),
      ...fieldProblems(CwAgreementCoverage, getSpec.components.schemas.Agreement!, 'Agreement'),
    ]).toEqual([]);
  });

  it('holds a service-work record only for a field it cannot be judged without; any other field may be missing or null as the spec allows', () => {
    const fields = (name: string): SpecFields => {
      const target = getSpec.components.schemas[name]! as SpecSchema & { properties: Record<string, { nullable?: boolean }> };
      return { required: target.required ?? [], nullable: Object.keys(target.properties).filter((k) => target.properties[k]!.nullable) };
    };
    // The record's own id; how many hours (nullable in the spec); the invoice's date and total.
    expect(stricterThanSpec(CwTimeEntry, fields('TimeEntry'))).toEqual(['id missing', 'actualHours missing', 'actualHours null']);
    expect(stricterThanSpec(CwTicket, fields('Ticket'))).toEqual(['id missing']);
    expect(stricterThanSpec(CwInvoice, fields('Invoice'))).toEqual(['id missing', 'date missing', 'total missing', 'total null']);
  });

  it('serves records shaped like the spec (the planted malformed one aside)', () => {
    const planted = new Set(connectWiseWorld().malformed.connectwise!.map((r) => (r as { id: number }).id));
    expect([
      ...sim.state.companies.flatMap((c) => recordProblems(c, schema('Company'), `company ${c.id}`)),
      ...sim.state.agreements.filter((a) => !planted.has(a.id as number)).flatMap((a) => recordProblems(a, schema('Agreement'), `agreement ${a.id}`)),
      ...[...sim.state.additions.values()].flat().flatMap((a) => recordProblems(a, schema('Addition'), `addition ${a.id}`)),
      ...sim.state.catalog.flatMap((c) => recordProblems(c, getSpec.components.schemas.CatalogItem!, `catalog item ${c.id}`)),
      ...sim.state.timeEntries.flatMap((e) => recordProblems(e, getSpec.components.schemas.TimeEntry!, `time entry ${e.id}`)),
      ...sim.state.tickets.flatMap((t) => recordProblems(t, getSpec.components.schemas.Ticket!, `ticket ${t.id}`)),
      ...sim.state.invoices.flatMap((i) => recordProblems(i, getSpec.components.schemas.Invoice!, `invoice ${i.id}`)),
      ...sim.state.agreements.filter((a) => !planted.has(a.id as number)).flatMap((a) => recordProblems(a, getSpec.components.schemas.Agreement!, `agreement ${a.id} (GET subset)`)),
    ]).toEqual([]);
    expect(sim.state.timeEntries.length).toBeGreaterThan(5);
  });

  it('parses the captured agreement sample as the connector reads it', () => {
    const sample = JSON.parse(
      readFileSync(path.resolve(process.cwd(), '../shared/vendor-apis/examples/connectwise/agreement.sample.json'), 'utf8'),
    ) as unknown;
    expect(CwAgreement.parse(sample)).toMatchObject({ id: 3, company: { id: 19297 }, agreementStatus: 'Expired', startDate: '2018-05-17T00:00:00Z' });
  });
});
