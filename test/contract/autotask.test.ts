import { readFileSync } from 'node:fs';
import type { WorkConfirmResult } from '../../shared/connectors/types';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTOTASK_DEMO_ENV, AUTOTASK_ZONE_PATH, autotaskDemoSource, startAutotaskSimulator, type AutotaskSimState } from '../../local/simulators/autotask';
import type { LoggedRequest, RunningSimulator } from '../../local/simulators/harness';
import { AutotaskSource } from '../../shared/connectors/vendors/autotask/config';
import { createSecretResolver } from '../../shared/config/secrets';
import { createAutotaskConnector } from '../../shared/connectors/vendors/autotask/connector';
import { autotaskWorld, utcToday } from '../support/autotask-world';
import { workWindow } from '../support/work-cases';
import { W, withWork } from '../support/work-world';
import { stricterThanSpec } from '../support/stricter-than-spec';
import { AtBillingItem, AtContractBlock, AtInvoice, AtTicket, AtTimeEntry, AtWorkContract } from '../../shared/connectors/vendors/autotask/work-records';

/**
 * Holds the Autotask connector and its simulator to the vendor's Swagger, so they cannot drift
 * from the real API together. The saved spec is TRUNCATED in its source repository: it stops
 * inside the Contracts paths and has no `definitions`, so it is not valid JSON. What it still has
 * is read with regexes: paths, methods, parameters (query, header, body) and the names of the
 * models each operation references. Operations past the cut are checked to lie past it. Field
 * names, which the definitions would have held, are checked against the vendor models generated
 * from the full Swagger (panoramicdata/AutoTask.Psa.Api Data/*Model.cs @ 627ae540), transcribed below.
 */

const SPEC = path.resolve(process.cwd(), '../shared/vendor-apis/specs/autotask/autotask-rest-swagger.v1.json');
const SAMPLE = path.resolve(process.cwd(), '../shared/vendor-apis/examples/autotask/tickets-query.sample.json');

interface Operation {
  params: Array<{ name: string; in: string }>;
  refs: string[];
}

/** path -> method -> operation, from the text (two tabs indent a method, one tab and two spaces a path). */
function readSpec(text: string): { ops: Map<string, Map<string, Operation>>; lastTag: string } {
  const ops = new Map<string, Map<string, Operation>>();
  const paths = [...text.matchAll(/^\t {2}"(\/V1\.0\/[^"]+)": \{/gm)];
  paths.forEach((p, i) => {
    const block = text.slice(p.index, paths[i + 1]?.index ?? text.length);
    const methods = [...block.matchAll(/^\t\t"(get|post|put|patch|delete)": \{/gm)];
    const byMethod = new Map<string, Operation>();
    methods.forEach((m, j) => {
      const op = block.slice(m.index, methods[j + 1]?.index ?? block.length);
      byMethod.set(m[1]!.toUpperCase(), {
        params: [...op.matchAll(/"name": "(\w+)",\s*"in": "(\w+)"/g)].map((x) => ({ name: x[1]!, in: x[2]! })),
        refs: [...op.matchAll(/"\$ref": "#\/definitions\/(\w+)"/g)].map((x) => x[1]!),
      });
    });
    ops.set(p[1]!, byMethod);
  });
  const tags = [...text.matchAll(/"tags": \[\s*"([^"]+)"/g)].map((t) => t[1]!);
  return { ops, lastTag: tags.at(-1)! };
}

/** Vendor model fields (PascalCase; the JSON is their lower-camel form, e.g. CompanyID -> companyID). */
const MODELS: Record<string, string> = {
  CompanyModel:
    'Id AdditionalAddressInformation Address1 Address2 AlternatePhone1 AlternatePhone2 ApiVendorID AssetValue BillToCompanyLocationID BillToAdditionalAddressInformation BillingAddress1 BillingAddress2 BillToAddressToUse BillToAttention BillToCity BillToCountryID BillToState BillToZipCode City Classification CompanyName CompanyNumber CompanyType CompetitorID CountryID CreateDate CreatedByResourceID CurrencyID Fax ImpersonatorCreatorResourceID InvoiceEmailMessageID InvoiceMethod InvoiceNonContractItemsToParentCompany InvoiceTemplateID IsActive IsClientPortalActive IsEnabledForComanaged IsTaskFireActive IsTaxExempt LastActivityDate LastTrackedModifiedDateTime MarketSegmentID OwnerResourceID ParentCompanyID Phone PostalCode QuoteEmailMessageID QuoteTemplateID SICCode State StockMarket StockSymbol SurveyCompanyRating TaxID TaxRegionID TerritoryID WebAddress UserDefinedFields',
  ResourceModel:
    'Id AccountingReferenceID DateFormat DefaultServiceDeskRoleID Email Email2 Email3 EmailTypeCode EmailTypeCode2 EmailTypeCode3 FirstName Gender Greeting HireDate HomePhone Initials InternalCost IsActive LastName LicenseType LocationID MiddleName MobilePhone NumberFormat OfficeExtension OfficePhone PayrollType ResourceType Suffix SurveyResourceRating TimeFormat Title TravelAvailabilityPct UserName UserType UserDefinedFields',
  ContractModel:
    'Id BillingPreference BillToCompanyContactID BillToCompanyID CompanyID ContactID ContactName ContractCategory ContractExclusionSetID ContractName ContractNumber ContractPeriodType ContractType Description EndDate EstimatedCost EstimatedHours EstimatedRevenue ExclusionContractID InternalCurrencyOverageBillingRate InternalCurrencySetupFee IsCompliant IsDefaultContract OpportunityID OrganizationalLevelAssociationID OverageBillingRate PurchaseOrderNumber RenewedContractID ServiceLevelAgreementID SetupFee SetupFeeBillingCodeID StartDate Status TimeReportingRequiresStartAndStopTimes UserDefinedFields',
  ContractServiceModel: 'Id ContractID InternalCurrencyAdjustedPrice InternalCurrencyUnitPrice InternalDescription InvoiceDescription QuoteItemID ServiceID UnitCost UnitPrice UserDefinedFields',
  ServiceModel:
    'Id BillingCodeID CreateDate CreatorResourceID Description InvoiceDescription IsActive LastModifiedDate MarkupRate Name PeriodType ServiceLevelAgreementID UnitCost UnitPrice UpdateResourceID VendorCompanyID UserDefinedFields',
  ContractServiceUnitModel:
    'Id ApproveAndPostDate ContractID ContractServiceID Cost EndDate InternalCurrencyPrice OrganizationalLevelAssociationID Price ServiceID StartDate Units VendorCompanyID UserDefinedFields',
  ContractServiceAdjustmentModel: 'Id AdjustedUnitCost AdjustedUnitPrice AllowRepeatService ContractID ContractServiceID EffectiveDate QuoteItemID ServiceID UnitChange UserDefinedFields',
  // QueryModel and Filter (panoramicdata Data/QueryModel.cs, Data/Filter.cs; vendor-apis README 2(b)) [V].
  QueryModel: 'MaxRecords IncludeFields Filter',
  Filter: 'Op Field Udf Value Items',
  // ZoneInformationResultModel (Data/ZoneInformationResultModel.cs) [V].
  ZoneInformationResultModel: 'ZoneName Url WebUrl CI',
};
const ENTITY_MODEL: Record<string, string> = {
  Companies: 'CompanyModel',
  Resources: 'ResourceModel',
  Contracts: 'ContractModel',
  ContractServices: 'ContractServiceModel',
  Services: 'ServiceModel',
  ContractServiceUnits: 'ContractServiceUnitModel',
};
const lowerCamel = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const jsonFields = (model: string) => MODELS[model]!.split(' ').map(lowerCamel);

/** Headers any HTTP client sends; everything else the connector sends must be a declared header parameter. */
const TRANSPORT_HEADERS = new Set(['host', 'connection', 'content-type', 'content-length', 'accept', 'accept-encoding', 'accept-language', 'user-agent', 'sec-fetch-mode']);

const specPath = (r: LoggedRequest) => r.path.slice(r.path.indexOf('/V1.0/'));
const isNextLink = (r: LoggedRequest) => r.path.endsWith('/query/next');
const entityOf = (p: string) => p.split('/')[2]!;
type QueryBody = { MaxRecords: number; IncludeFields: string[]; Filter: Array<Record<string, unknown>> };

describe('Autotask contract: connector and simulator against the vendor Swagger', () => {
  const spec = readSpec(readFileSync(SPEC, 'utf8'));
  let sim: RunningSimulator & { state: AutotaskSimState };
  let log: LoggedRequest[];

  beforeAll(async () => {
    sim = await startAutotaskSimulator(autotaskWorld());
    const source = AutotaskSource.parse({ ...autotaskDemoSource(sim.url, 'at'), pageSize: 2, impersonationResourceId: '29682885' });
    const connector = createAutotaskConnector(source, { secrets: createSecretResolver(AUTOTASK_DEMO_ENV) });
    const pull = await connector.pull({ runDate: utcToday() });
    // Both write-back directions, so the adjustment body is exercised as sent.
    const lines = pull.agreements.flatMap((a) => a.lines);
    const [up, down] = [lines.find((l) => l.externalId === '5001')!, lines.find((l) => l.externalId === '5005')!];
    await connector.writeLineQuantity({ ref: up.writeBack, expectedQuantity: up.quantity, newQuantity: up.quantity + 3, effectiveDate: utcToday() });
    await connector.writeLineQuantity({ ref: down.writeBack, expectedQuantity: down.quantity, newQuantity: down.quantity - 1, effectiveDate: utcToday() });
    log = sim.log;
  });
  afterAll(() => sim?.close());

  it('reads the truncated spec as expected: cut inside the Contracts tags, no definitions', () => {
    expect(spec.ops.size).toBeGreaterThan(500);
    expect(spec.lastTag).toBe('ContractServiceBundleAdjustmentsChild');
    expect(readFileSync(SPEC, 'utf8')).not.toContain('"definitions"');
  });

  it('calls only operations the spec declares, or ones past the point where the file is cut', () => {
    const called = [...new Set(log.filter((r) => !isNextLink(r)).map((r) => `${r.method} ${specPath(r)}`))].sort();
    const inSpec = called.filter((c) => {
      const [method, p] = c.split(' ') as [string, string];
      return spec.ops.get(p)?.has(method);
    });
    const pastCut = called.filter((c) => !inSpec.includes(c));

    expect(inSpec).toEqual(['POST /V1.0/ContractServiceAdjustments', 'POST /V1.0/Companies/query', 'POST /V1.0/Contracts/query'].sort());
    // Tags are sorted case-insensitively in the file, so these are absent because of the cut.
    for (const c of pastCut) expect(entityOf(c.split(' ')[1]!).toLowerCase() > spec.lastTag.toLowerCase(), c).toBe(true);
    expect(pastCut).toEqual(
      ['GET /V1.0/ZoneInformation', 'POST /V1.0/ContractServiceUnits/query', 'POST /V1.0/ContractServices/query', 'POST /V1.0/Resources/query', 'POST /V1.0/Services/query'].sort(),
    );
    // What is past the cut follows the pattern every entity in the file has: POST {Entity}/query with a QueryModel body.
    const queries = [...spec.ops].filter(([p]) => /^\/V1\.0\/\w+\/query$/.test(p));
    expect(queries.length).toBeGreaterThan(50);
    for (const [p, methods] of queries) {
      const post = methods.get('POST');
      expect(post?.params.some((x) => x.in === 'body'), p).toBe(true);
      expect(post?.refs, p).toContain('QueryModel');
    }
  });

  it('follows next links only by POST, to a link under a query path the spec declares', () => {
    const next = log.filter(isNextLink);
    expect(next.length).toBeGreaterThan(0);
    for (const r of next) {
      expect(r.method).toBe('POST');
      const query = specPath(r).replace(/\/next$/, '');
      const entity = entityOf(query);
      if (spec.ops.has(query)) expect(spec.ops.get(query)!.has('POST')).toBe(true);
      else expect(entity.toLowerCase() > spec.lastTag.toLowerCase(), query).toBe(true);
    }
  });

  it('sends only query parameters the spec declares for the operation', () => {
    // A next link's `paging` parameter is written by Autotask itself, not by the connector.
    for (const r of log.filter((x) => !isNextLink(x))) {
      const op = spec.ops.get(specPath(r))?.get(r.method);
      if (!op) continue;
      const declared = op.params.filter((x) => x.in === 'query').map((x) => x.name);
      for (const name of new URLSearchParams(r.query).keys()) expect(declared, `${r.method} ${specPath(r)} ?${name}`).toContain(name);
    }
  });

  it('sends every required auth header, and no header the spec does not declare', () => {
    const declared = new Set([...spec.ops.values()].flatMap((m) => [...m.values()]).flatMap((o) => o.params.filter((x) => x.in === 'header').map((x) => x.name.toLowerCase())));
    expect([...declared].sort()).toEqual(['apiintegrationcode', 'impersonationresourceid', 'secret', 'username']);
    for (const r of log.filter((x) => !specPath(x).startsWith('/V1.0/ZoneInformation'))) {
      const sent = Object.keys(r.headers).filter((h) => !TRANSPORT_HEADERS.has(h));
      expect(sent.sort(), `${r.method} ${r.path}`).toEqual([...declared].sort());
    }
  });

  it('posts bodies of the models the spec names, with their fields only', () => {
    const ref = (p: string, method: string) => spec.ops.get(p)!.get(method)!.refs;
    expect(ref('/V1.0/Companies/query', 'POST')).toEqual(expect.arrayContaining(['QueryModel', 'CompanyModel']));
    expect(ref('/V1.0/Contracts/query', 'POST')).toEqual(expect.arrayContaining(['QueryModel', 'ContractModel']));
    expect(ref('/V1.0/ContractServiceAdjustments', 'POST')).toContain('ContractServiceAdjustmentModel');

    const filterKeys = (f: Record<string, unknown>): string[] => [...Object.keys(f), ...((f.items as Array<Record<string, unknown>>) ?? []).flatMap(filterKeys)];
    for (const r of log.filter((x) => x.path.includes('/query'))) {
      const body = r.body as QueryBody;
      expect(Object.keys(body).map((k) => k.toLowerCase()).sort()).toEqual(['filter', 'includefields', 'maxrecords']);
      expect(body.MaxRecords).toBeLessThanOrEqual(500);
      for (const key of body.Filter.flatMap(filterKeys)) expect(jsonFields('Filter')).toContain(key);
    }
    const adjustments = log.filter((r) => r.path.endsWith('/ContractServiceAdjustments'));
    expect(adjustments).toHaveLength(2);
    for (const r of adjustments) for (const key of Object.keys(r.body as object)) expect(jsonFields('ContractServiceAdjustmentModel')).toContain(key);
  });

  it('asks for and filters on fields the vendor models have, spelled as the JSON spells them', () => {
    for (const r of log.filter((x) => x.path.includes('/query'))) {
      const entity = entityOf(specPath(r));
      const fields = jsonFields(ENTITY_MODEL[entity]!);
      const body = r.body as QueryBody;
      const filterFields = (f: Record<string, unknown>): string[] => [...(typeof f.field === 'string' ? [f.field] : []), ...((f.items as Array<Record<string, unknown>>) ?? []).flatMap(filterFields)];
      for (const name of [...body.IncludeFields, ...body.Filter.flatMap(filterFields)]) expect(fields, `${entity}.${name}`).toContain(name);
    }
    // The lower-camel rule keeps the ID suffix upper-case, as a captured Autotask response shows.
    const sample = Object.keys((JSON.parse(readFileSync(SAMPLE, 'utf8')) as { items: Array<Record<string, unknown>> }).items[0]!);
    expect(sample).toEqual(expect.arrayContaining(['id', 'companyID', 'contractID', 'contractServiceID']));
  });

  it('simulator serves only fields the vendor models have', () => {
    // The work entities are checked against the complete Swagger (below).
    for (const [entity, rows] of Object.entries(sim.state.entities).filter(([e]) => e in ENTITY_MODEL)) {
      const fields = jsonFields(ENTITY_MODEL[entity]!);
      for (const key of new Set(rows.flatMap((r) => Object.keys(r)))) expect(fields, `${entity}.${key}`).toContain(key);
    }
    for (const key of Object.keys(sim.state.adjustments[0] ?? {})) expect(jsonFields('ContractServiceAdjustmentModel')).toContain(key);
  });

  it('simulator answers the zone lookup with ZoneInformationResultModel fields', async () => {
    const res = await fetch(`${sim.url}/ATServicesRest/V1.0/ZoneInformation?user=${encodeURIComponent(AUTOTASK_DEMO_ENV.AUTOTASK_USERNAME!)}`);
    const keys = Object.keys((await res.json()) as object);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(MODELS.ZoneInformationResultModel!.toLowerCase().split(' ')).toContain(key.toLowerCase());
  });
});

/**
 * The add-line requests, against the complete Swagger (specs/autotask/autotask-rest-swagger-complete.v1.json),
 * which has the operations past the truncated file's cut and the model definitions.
 */
describe('Autotask contract: add-line requests against the complete Swagger', () => {
  interface SwaggerOp {
    parameters?: Array<{ name: string; in: string; required?: boolean; schema?: { $ref?: string } }>;
  }
  const complete = JSON.parse(readFileSync(path.resolve(process.cwd(), '../shared/vendor-apis/specs/autotask/autotask-rest-swagger-complete.v1.json'), 'utf8')) as {
    paths: Record<string, Record<string, SwaggerOp>>;
    definitions: Record<string, { properties: Record<string, unknown> }>;
  };
  const template = (p: string) => Object.keys(complete.paths).find((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(p));
  let sim: RunningSimulator & { state: AutotaskSimState };
  let writes: LoggedRequest[];
  let reads: LoggedRequest[];

  beforeAll(async () => {
    sim = await startAutotaskSimulator(autotaskWorld());
    const connector = createAutotaskConnector(AutotaskSource.parse(autotaskDemoSource(sim.url, 'at')), { secrets: createSecretResolver(AUTOTASK_DEMO_ENV) });
    await connector.addLine({ agreementExternalId: '1001', product: 'Managed Server', productNames: ['Managed Server'], quantity: 3, unitPriceCents: 15000, effectiveDate: utcToday() });
    writes = sim.log.filter((r) => r.method === 'POST' && !r.path.includes('/query'));
    reads = sim.log.filter((r) => r.path.endsWith('/query'));
  });
  afterAll(() => sim?.close());

  it('creates the contract service through the Contracts child path, with ContractServiceModel fields only', () => {
    expect(writes.map((r) => `${r.method} ${template(specPath(r))}`)).toEqual(['POST /V1.0/Contracts/{parentId}/Services', 'POST /V1.0/ContractServiceAdjustments']);
    const modelOf = (r: LoggedRequest) => complete.paths[template(specPath(r))!]!.post!.parameters!.find((x) => x.in === 'body')!.schema!.$ref!.split('/').at(-1)!;
    expect(writes.map(modelOf)).toEqual(['ContractServiceModel', 'ContractServiceAdjustmentModel']);
    for (const r of writes) {
      const fields = Object.keys(complete.definitions[modelOf(r)]!.properties).map(lowerCamel);
      for (const key of Object.keys(r.body as object)) expect(fields, `${modelOf(r)}.${key}`).toContain(key);
    }
  });

  it('looks the service up by name and reads the contract through query paths the Swagger has, on model fields', () => {
    for (const r of reads) {
      expect(complete.paths[specPath(r)]?.post, specPath(r)).toBeDefined();
      const body = r.body as QueryBody;
      const fields = jsonFields(ENTITY_MODEL[entityOf(specPath(r))]!);
      for (const name of [...body.IncludeFields, ...body.Filter.map((f) => String(f.field))]) expect(fields, name).toContain(name);
    }
    expect(reads.some((r) => (r.body as QueryBody).Filter.some((f) => f.field === 'name' && f.value === 'Managed Server'))).toBe(true);
  });

  it('simulator keeps the created rows to the vendor models', () => {
    for (const entity of ['ContractServices', 'ContractServiceUnits'] as const) {
      const fields = jsonFields(ENTITY_MODEL[entity]!);
      for (const key of new Set(sim.state.entities[entity].flatMap((r) => Object.keys(r)))) expect(fields, `${entity}.${key}`).toContain(key);
    }
  });
});

/**
 * The work pull and "Bill it", against the complete Swagger: every query path, its QueryModel body,
 * the fields asked for and filtered on (the model of the query's answer), the filter operators
 * Autotask documents, and the PATCH of a time entry.
 */
describe('Autotask contract: work pull and "Bill it" against the complete Swagger', () => {
  interface SwaggerOp {
    parameters?: Array<{ name: string; in: string; schema?: { $ref?: string } }>;
    responses?: Record<string, { schema?: { $ref?: string } }>;
  }
  const complete = JSON.parse(readFileSync(path.resolve(process.cwd(), '../shared/vendor-apis/specs/autotask/autotask-rest-swagger-complete.v1.json'), 'utf8')) as {
    paths: Record<string, Record<string, SwaggerOp>>;
    definitions: Record<string, { properties: Record<string, unknown> }>;
  };
  const refName = (ref: string | undefined) => ref?.split('/').at(-1) ?? '';
  const fieldsOfModel = (model: string) => Object.keys(complete.definitions[model]?.properties ?? {}).map(lowerCamel);
  const answerModel = (p: string) => refName(complete.paths[p]?.post?.responses?.['200']?.schema?.$ref);
  // Autotask's documented query operators (REST "Basic query calls") [V].
  const OPS = ['eq', 'noteq', 'gt', 'gte', 'lt', 'lte', 'beginsWith', 'endsWith', 'contains', 'exist', 'notExist', 'in', 'notIn', 'and', 'or'];
  let sim: RunningSimulator & { state: AutotaskSimState };
  let log: LoggedRequest[];
  let byIdFrom: number;
  let confirmed: WorkConfirmResult;

  beforeAll(async () => {
    const today = utcToday();
    sim = await startAutotaskSimulator(withWork(autotaskWorld(today), { main: { clientId: '29683001', agreementId: '1001' }, other: { clientId: '29683002' } }));
    const connector = createAutotaskConnector(AutotaskSource.parse({ ...autotaskDemoSource(sim.url, 'at'), pageSize: 2 }), { secrets: createSecretResolver(AUTOTASK_DEMO_ENV) });
    await connector.pullWork({ runDate: today }, workWindow(today));
    await connector.pullWork({ runDate: today }, workWindow(today, `${today}T00:00:00Z`));
    await connector.billTimeEntry({ ref: { timeEntryID: Number(W.coveredNonBillable) }, expected: { billable: 'non-billable', invoiced: false }, billingCode: 'Onsite Support' });
    byIdFrom = sim.log.length;
    confirmed = await connector.confirmWork({ runDate: today }, { timeEntries: [W.unbilledOld, '99999'], tickets: [W.ticketNoCode, '99998'], witnesses: { timeEntry: W.invoiced, ticket: W.ticketBilled } });
    log = sim.log.filter((r) => r.path.startsWith(AUTOTASK_ZONE_PATH));
  });
  afterAll(() => sim?.close());

  it('queries only paths the Swagger declares, and follows their next links by POST', () => {
    const called = [...new Set(log.map((r) => `${r.method} ${specPath(r).replace(/\/next$/, '')}`))].sort();
    expect(called).toEqual(
      ['BillingCodes', 'BillingItems', 'ContractBlocks', 'ContractExclusionBillingCodes', 'ContractExclusionSetExcludedWorkTypes', 'Contracts', 'Invoices', 'Resources', 'Tickets', 'TimeEntries']
        .map((e) => `POST /V1.0/${e}/query`)
        .concat('PATCH /V1.0/TimeEntries')
        .sort(),
    );
    for (const c of called) {
      const [method, p] = c.split(' ') as [string, string];
      expect(complete.paths[p]?.[method.toLowerCase()], c).toBeDefined();
    }
  });

  it('asks for and filters on fields of the model each query answers with, with documented operators only', () => {
    const filterParts = (f: Record<string, unknown>): Array<Record<string, unknown>> => [f, ...((f.items as Array<Record<string, unknown>>) ?? []).flatMap(filterParts)];
    for (const r of log.filter((x) => x.path.includes('/query'))) {
      const p = specPath(r).replace(/\/next$/, '');
      const fields = fieldsOfModel(answerModel(p));
      expect(fields.length, p).toBeGreaterThan(0);
      const body = r.body as QueryBody;
      expect(Object.keys(body).sort()).toEqual(Object.keys(complete.definitions.QueryModel!.properties).filter((k) => k !== 'Xml').sort());
      for (const name of body.IncludeFields) expect(fields, `${p} IncludeFields ${name}`).toContain(name);
      for (const part of body.Filter.flatMap(filterParts)) {
        expect(OPS, `${p} op ${String(part.op)}`).toContain(part.op);
        for (const key of Object.keys(part)) expect(Object.keys(complete.definitions.Filter!.properties)).toContain(key);
        if (typeof part.field === 'string') expect(fields, `${p} filter ${part.field}`).toContain(part.field);
      }
    }
  });

  it('reads the names of only the resources the entries name, by an `in` filter on id, asking for firstName and lastName', () => {
    const named = new Set(sim.state.entities.TimeEntries.map((e) => e.resourceID).filter((id) => id != null));
    const reads = log.filter((r) => specPath(r) === '/V1.0/Resources/query');
    expect(reads.length).toBeGreaterThan(0);
    for (const r of reads) {
      const body = r.body as QueryBody;
      expect(body.IncludeFields.sort()).toEqual(['firstName', 'id', 'lastName']);
      expect(body.Filter).toHaveLength(1);
      expect(body.Filter[0]).toMatchObject({ op: 'in', field: 'id' });
      for (const id of body.Filter[0]!.value as number[]) expect(named).toContain(id);
    }
    expect(fieldsOfModel(answerModel('/V1.0/Resources/query'))).toEqual(expect.arrayContaining(['firstName', 'lastName']));
  });

  it('holds a work record only for a field it cannot be judged without; any other may be missing or null (the Swagger requires none)', () => {
    const loose = (model: string) => ({ required: [], nullable: fieldsOfModel(model) });
    const held = (...keys: string[]) => keys.flatMap((k) => [`${k} missing`, `${k} null`]);
    // Ids and parents; when the work was done and how long; an invoice's date and total; a block's hours and dates.
    expect(stricterThanSpec(AtTimeEntry, loose('TimeEntryModel'))).toEqual(held('id', 'ticketID', 'dateWorked', 'hoursWorked'));
    expect(stricterThanSpec(AtTicket, loose('TicketModel'))).toEqual(held('id', 'companyID'));
    expect(stricterThanSpec(AtBillingItem, loose('BillingItemModel'))).toEqual(held('id', 'timeEntryID'));
    expect(stricterThanSpec(AtInvoice, loose('InvoiceModel'))).toEqual(held('id', 'companyID', 'invoiceDateTime', 'invoiceTotal'));
    expect(stricterThanSpec(AtWorkContract, loose('ContractModel'))).toEqual(held('id', 'companyID', 'contractType'));
    expect(stricterThanSpec(AtContractBlock, loose('ContractBlockModel'))).toEqual(held('id', 'contractID', 'hours', 'startDate', 'endDate'));
  });

  it('reads records again by an `in` filter on id, at most 500 values with a witness read tonight; one not answered is gone', () => {
    const byId = sim.log.slice(byIdFrom).filter((r) => /\/(TimeEntries|Tickets)\/query$/.test(r.path) && (r.body as QueryBody).Filter.some((f) => f.op === 'in' && f.field === 'id'));
    expect(byId.map((r) => [specPath(r), (r.body as QueryBody).Filter])).toEqual([
      ['/V1.0/TimeEntries/query', [{ op: 'in', field: 'id', value: [Number(W.unbilledOld), 99999, Number(W.invoiced)] }]],
      ['/V1.0/Tickets/query', [{ op: 'in', field: 'id', value: [Number(W.ticketNoCode), 99998, Number(W.ticketBilled)] }]],
      // Then the ticket the re-read entry names (its client), as the pull reads it: the witness is not kept as a record.
      ['/V1.0/Tickets/query', [{ op: 'in', field: 'id', value: [Number(W.ticketBilled)] }]],
    ]);
    expect(confirmed.gone).toEqual({ timeEntries: ['99999'], tickets: ['99998'] });
    expect(confirmed.timeEntries.map((e) => e.externalId)).toEqual([W.unbilledOld]);
    expect(confirmed.tickets.map((t) => t.externalId)).toContain(W.ticketNoCode);
  });

  it('PATCHes a time entry with TimeEntryModel fields only, its id included', () => {
    const patch = log.filter((r) => r.method === 'PATCH');
    expect(patch).toHaveLength(1);
    expect(refName(complete.paths['/V1.0/TimeEntries']!.patch!.parameters!.find((x) => x.in === 'body')!.schema!.$ref)).toBe('TimeEntryModel');
    const body = patch[0]!.body as Record<string, unknown>;
    expect(body.id).toBe(Number(W.coveredNonBillable));
    for (const key of Object.keys(body)) expect(fieldsOfModel('TimeEntryModel')).toContain(key);
  });

  it('simulator serves the work entities with their models\' fields only', () => {
    const models: Record<string, string> = {
      TimeEntries: 'TimeEntryModel', Tickets: 'TicketModel', BillingItems: 'BillingItemModel', Invoices: 'InvoiceModel', BillingCodes: 'BillingCodeModel',
      ContractBlocks: 'ContractBlockModel', ContractExclusionBillingCodes: 'ContractExclusionBillingCodeModel', Contracts: 'ContractModel',
      ContractExclusionSetExcludedWorkTypes: 'ContractExclusionSetExcludedWorkTypeModel',
    };
    for (const [entity, model] of Object.entries(models)) {
      const rows = sim.state.entities[entity as keyof AutotaskSimState['entities']];
      expect(rows.length, entity).toBeGreaterThan(0);
      for (const key of new Set(rows.flatMap((r) => Object.keys(r)))) expect(fieldsOfModel(model), `${entity}.${key}`).toContain(key);
    }
  });
});
