import * as z from 'zod';
import type { Agreement, AgreementLine, Client, QuarantinedRecord, SourcePull } from '../../../domain/model';
import { autotaskQueryAll, autotaskQueryIn } from '../../http/paging/autotask-query';
import { optionalLookup, VCIO_FALLBACK } from '../../optional-lookup';
import { parseEach } from '../../validate';
import { AtCompany, AtContract, AtContractService, AtResource, AtService, AtServiceUnit, CONTRACT_ACTIVE, fieldsOf } from './records';
import { periodOn, type UnitsContext } from './units';

/**
 * One night of Autotask: companies, recurring service contracts, their services and the units
 * billed in the current period. Child records are fetched with `in` filters, a query per 500
 * parents, so a whole book of business costs tens of requests of the hourly 10,000.
 */
export async function pullAutotask(ctx: UnitsContext & { contractType: number }): Promise<SourcePull> {
  const { http, pageSize, today } = ctx;
  const quarantined: QuarantinedRecord[] = [];
  const parse = <S extends z.ZodObject>(items: unknown[], schema: S, entity: string) =>
    parseEach(items, schema, (r) => r, { sourceId: ctx.sourceId, entity }, quarantined);
  const byId = (entity: string, schema: z.ZodObject, ids: number[]) =>
    ids.length ? autotaskQueryIn(http, { entity, field: 'id', values: ids, includeFields: fieldsOf(schema), pageSize }) : Promise.resolve([]);

  const companies = parse(
    await autotaskQueryAll(http, { entity: 'Companies', filter: [{ op: 'gte', field: 'id', value: 0 }], includeFields: fieldsOf(AtCompany), pageSize }),
    AtCompany,
    'Companies',
  );
  const owners = companies.flatMap((c) => (c.ownerResourceID == null ? [] : [c.ownerResourceID]));
  const warnings: string[] = [];
  const [resources, contracts] = await Promise.all([
    // Account managers are a handful of resources: one query resolves their emails. An API user
    // not allowed to read Resources only loses them, not the source.
    optionalLookup({ what: 'Autotask Resources (account managers)', instead: VCIO_FALLBACK, warnings, fallback: [] }, async () =>
      parse(await byId('Resources', AtResource, owners), AtResource, 'Resources'),
    ),
    autotaskQueryAll(http, {
      entity: 'Contracts',
      filter: [{ op: 'eq', field: 'contractType', value: ctx.contractType }],
      includeFields: fieldsOf(AtContract),
      pageSize,
    }).then((raw) => parse(raw, AtContract, 'Contracts')),
  ]);

  // Lines are read only for contracts billing tonight: the others bill nothing to compare.
  const inForce = contracts.filter((c) => statusOf(c, today) === 'active');
  const services = parse(
    inForce.length
      ? await autotaskQueryIn(http, { entity: 'ContractServices', field: 'contractID', values: inForce.map((c) => c.id), includeFields: fieldsOf(AtContractService), pageSize })
      : [],
    AtContractService,
    'ContractServices',
  );
  const [names, units] = await Promise.all([
    byId('Services', AtService, services.map((s) => s.serviceID)).then((raw) => parse(raw, AtService, 'Services')),
    services.length
      ? autotaskQueryIn(http, {
          entity: 'ContractServiceUnits',
          field: 'contractServiceID',
          values: services.map((s) => s.id),
          also: [
            { op: 'lte', field: 'startDate', value: today },
            { op: 'gte', field: 'endDate', value: today },
          ],
          includeFields: fieldsOf(AtServiceUnit),
          pageSize,
        }).then((raw) => parse(raw, AtServiceUnit, 'ContractServiceUnits'))
      : [],
  ]);

  const emails = new Map(resources.map((r) => [r.id, z.email().safeParse(r.email?.trim()).data ?? null]));
  const serviceNames = new Map(names.map((s) => [s.id, s.name]));
  const unitsOf = new Map<number, AtServiceUnit[]>();
  for (const u of units) unitsOf.set(u.contractServiceID, [...(unitsOf.get(u.contractServiceID) ?? []), u]);
  const linesOf = new Map<number, AgreementLine[]>();
  for (const s of services) {
    const period = periodOn(unitsOf.get(s.id) ?? [], today);
    if (!period) {
      // A line whose quantity cannot be read must not count as zero billed.
      quarantined.push({ sourceId: ctx.sourceId, entity: 'ContractServices', externalId: String(s.id), reason: `no ContractServiceUnits period covers ${today}` });
      continue;
    }
    const line: AgreementLine = {
      externalId: String(s.id),
      product: serviceNames.get(s.serviceID) ?? `Service ${s.serviceID}`,
      description: s.invoiceDescription ?? '',
      quantity: period.units,
      unitPriceCents: Math.round(s.unitPrice * 100),
      // Autotask keeps no start or cancel date on a contract service.
      effectiveDate: null,
      cancelledDate: null,
      writeBack: { contractID: s.contractID, contractServiceID: s.id, serviceID: s.serviceID },
    };
    linesOf.set(s.contractID, [...(linesOf.get(s.contractID) ?? []), line]);
  }

  const clients: Client[] = companies.map((c) => ({
    externalId: String(c.id),
    name: c.companyName,
    active: c.isActive,
    refs: [],
    deviceRefs: [],
    accountManagerEmail: (c.ownerResourceID != null && emails.get(c.ownerResourceID)) || null,
  }));
  const agreements: Agreement[] = contracts.map((c) => ({
    externalId: String(c.id),
    clientExternalId: String(c.companyID),
    name: c.contractName,
    status: statusOf(c, today),
    startDate: c.startDate,
    endDate: c.endDate,
    noEndDate: false,
    billAmountCents: null,
    lines: linesOf.get(c.id) ?? [],
  }));
  return { clients, agreements, devices: [], subscriptions: [], quarantined, warnings };
}

/** Active means billing tonight: status Active and today within its dates. */
function statusOf(c: z.infer<typeof AtContract>, today: string): Agreement['status'] {
  if (c.status !== CONTRACT_ACTIVE) return 'inactive';
  if (c.endDate < today) return 'expired';
  // [I] a contract that starts later (often the renewal of this one) is not billing yet.
  return c.startDate > today ? 'inactive' : 'active';
}
