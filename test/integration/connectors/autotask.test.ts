import { afterEach, describe, expect, it } from 'vitest';
import { AUTOTASK_DEMO_ENV, AUTOTASK_ZONE_PATH, autotaskDemoSource, startAutotaskSimulator } from '../../../local/simulators/autotask';
import type { FaultPlan, LoggedRequest, RunningSimulator } from '../../../local/simulators/harness';
import { AutotaskSource } from '../../../shared/connectors/vendors/autotask/config';
import { VendorAuthError, VendorUnavailableError, WriteBackConflictError } from '../../../shared/connectors/http/errors';
import { createAutotaskConnector } from '../../../shared/connectors/vendors/autotask/connector';
import { addDays } from '../../../shared/domain/dates';
import type { SourcePull } from '../../../shared/domain/model';
import { MALFORMED_COMPANY_ID, autotaskWorld, utcToday } from '../../support/autotask-world';
import { addLineCases } from '../../support/add-line-cases';
import { recordingDeps } from '../../support/connector-deps';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function setup(opts: { faults?: FaultPlan; pageSize?: number; env?: Record<string, string>; impersonationResourceId?: string } = {}) {
  const sim = await startAutotaskSimulator(autotaskWorld(), { faults: opts.faults });
  running.push(sim);
  const sleeps: number[] = [];
  const source = AutotaskSource.parse({
    ...autotaskDemoSource(sim.url, 'at'),
    ...(opts.pageSize ? { pageSize: opts.pageSize } : {}),
    ...(opts.impersonationResourceId ? { impersonationResourceId: opts.impersonationResourceId } : {}),
  });
  const connector = createAutotaskConnector(source, recordingDeps(opts.env ?? AUTOTASK_DEMO_ENV, sleeps));
  const serviceId = (name: string) => Number(sim.state.entities.Services.find((s) => s.name === name)!.id);
  return { sim, connector, sleeps, serviceId };
}

/** What the world says Autotask bills tonight, written out by hand. */
const EXPECTED = {
  clients: [
    ['29683001', 'Northwind Traders, Inc.', 'dana.reyes@demo-msp.example'],
    ['29683002', 'Contoso Dental LLC', 'sam.okafor@demo-msp.example'],
    ['29683003', 'Fabrikam Logistics', null],
    ['29683004', 'Adventure Works Corp.', 'dana.reyes@demo-msp.example'],
    ['29683005', 'Tailspin Toys', null],
  ],
  agreements: {
    '1001': ['29683001', 'active', [['5001', 'Managed Workstation', 42, 4500], ['5002', 'Microsoft 365 Business Premium', 40, 2200]]],
    '1002': ['29683001', 'expired', []],
    '1003': ['29683002', 'active', [['5005', 'Managed Workstation', 12, 4500], ['5006', 'Managed Server', 2, 15000]]],
    '1004': ['29683003', 'inactive', []],
    '1005': ['29683004', 'active', [['5008', 'Microsoft 365 Business Premium', 7, 2200]]],
  },
};

function summary(pull: SourcePull) {
  return {
    clients: pull.clients.map((c) => [c.externalId, c.name, c.accountManagerEmail]).sort(),
    agreements: Object.fromEntries(
      pull.agreements.map((a) => [a.externalId, [a.clientExternalId, a.status, a.lines.map((l) => [l.externalId, l.product, l.quantity, l.unitPriceCents])]]),
    ),
  };
}

const apiCalls = (log: LoggedRequest[]) => log.filter((r) => r.path.startsWith(AUTOTASK_ZONE_PATH));
const entityOf = (r: LoggedRequest) => /V1\.0\/(\w+)/.exec(r.path)?.[1];
const adjustmentPosts = (log: LoggedRequest[]) => log.filter((r) => r.path.endsWith('/ContractServiceAdjustments'));
/** The current-period row of a contract service in the simulator, to read or move under the connector. */
const currentRow = (sim: Awaited<ReturnType<typeof setup>>['sim'], contractServiceID: number) =>
  sim.state.entities.ContractServiceUnits.find(
    (r) => r.contractServiceID === contractServiceID && String(r.startDate).slice(0, 10) <= utcToday() && String(r.endDate).slice(0, 10) >= utcToday(),
  )!;

describe('Autotask connector against the simulator', () => {
  it('pulls every page of every entity by POSTing the same query to each nextPageUrl', async () => {
    const { sim, connector, serviceId } = await setup({ pageSize: 2 });
    const pull = await connector.pull({ runDate: utcToday() });

    expect(summary(pull)).toEqual(EXPECTED);
    expect(pull.clients.every((c) => c.active)).toBe(true);
    const line = pull.agreements.find((a) => a.externalId === '1001')!.lines[0]!;
    expect(line.writeBack).toEqual({ contractID: 1001, contractServiceID: 5001, serviceID: serviceId('Managed Workstation') });

    const calls = apiCalls(sim.log);
    for (const entity of ['Companies', 'Contracts', 'ContractServices', 'ContractServiceUnits'])
      expect(calls.filter((r) => r.path.endsWith(`/${entity}/query/next`)).length, entity).toBeGreaterThan(0);
    expect(calls.every((r) => r.method === 'POST')).toBe(true);
    for (const next of calls.filter((r) => r.path.endsWith('/query/next'))) {
      const first = calls.find((r) => r.path.endsWith(`/${entityOf(next)}/query`) && JSON.stringify(r.body) === JSON.stringify(next.body));
      expect(first, `${next.path} repeats its query body`).toBeDefined();
    }
    for (const q of calls) expect(q.body).toMatchObject({ MaxRecords: 2, IncludeFields: expect.arrayContaining(['id']) });
  });

  it('looks the zone up without credentials, then sends every call to the zone with the three auth headers', async () => {
    const { sim, connector } = await setup({ impersonationResourceId: '29682885' });
    await connector.pull({ runDate: utcToday() });

    const [lookup, ...rest] = sim.log;
    expect(lookup).toMatchObject({ method: 'GET', path: '/ATServicesRest/V1.0/ZoneInformation', query: `?user=${encodeURIComponent(AUTOTASK_DEMO_ENV.AUTOTASK_USERNAME!)}` });
    expect(lookup!.headers.secret).toBeUndefined();
    expect(rest.length).toBeGreaterThan(0);
    for (const r of rest) {
      expect(r.path.startsWith(AUTOTASK_ZONE_PATH), r.path).toBe(true);
      expect(r.headers).toMatchObject({
        apiintegrationcode: AUTOTASK_DEMO_ENV.AUTOTASK_INTEGRATION_CODE,
        username: AUTOTASK_DEMO_ENV.AUTOTASK_USERNAME,
        secret: AUTOTASK_DEMO_ENV.AUTOTASK_SECRET,
        impersonationresourceid: '29682885',
      });
    }
  });

  it('reads children with batched `in` filters: one query per entity for a small book', async () => {
    const { sim, connector } = await setup();
    await connector.pull({ runDate: utcToday() });

    const calls = apiCalls(sim.log);
    const perEntity = Object.fromEntries(['Companies', 'Resources', 'Contracts', 'ContractServices', 'Services', 'ContractServiceUnits'].map((e) => [e, calls.filter((r) => entityOf(r) === e).length]));
    expect(perEntity).toEqual({ Companies: 1, Resources: 1, Contracts: 1, ContractServices: 1, Services: 1, ContractServiceUnits: 1 });
    expect(calls).toHaveLength(6);
    // Lines are read for the contracts billing tonight only, in one `in` filter.
    expect(calls.find((r) => entityOf(r) === 'ContractServices')!.body).toMatchObject({ Filter: [{ op: 'in', field: 'contractID', value: [1001, 1003, 1005] }] });
    expect(calls.find((r) => entityOf(r) === 'Contracts')!.body).toMatchObject({ Filter: [{ op: 'eq', field: 'contractType', value: 7 }] });
  });

  it('rides out a 429 storm, waiting exactly as long as Retry-After says, and returns the same data', async () => {
    const { sim, connector, sleeps } = await setup({ pageSize: 2, faults: { throttleEvery: 2, retryAfterSeconds: 7 } });
    const pull = await connector.pull({ runDate: utcToday() });

    expect(summary(pull)).toEqual(EXPECTED);
    const throttled = sim.log.filter((r) => r.status === 429).length;
    expect(throttled).toBeGreaterThan(5);
    expect(sleeps).toEqual(Array.from({ length: throttled }, () => 7000));
    expect(connector.stats().throttled).toBe(throttled);
  });

  it('retries a transient 503 on a query (queries only read) and completes', async () => {
    const { sim, connector, sleeps } = await setup({ faults: { failOnceOn: /\/ContractServiceUnits\/query$/ } });
    const pull = await connector.pull({ runDate: utcToday() });

    expect(summary(pull)).toEqual(EXPECTED);
    const units = sim.log.filter((r) => entityOf(r) === 'ContractServiceUnits').map((r) => r.status);
    expect(units).toEqual([503, 200]);
    expect(sleeps).toHaveLength(1);
    expect(connector.stats().serverErrors).toBe(1);
  });

  it('reports bad credentials as a VendorAuthError that says what to check, without retrying', async () => {
    const { sim, connector } = await setup({ env: { ...AUTOTASK_DEMO_ENV, AUTOTASK_SECRET: 'wrong' } });
    const err = await connector.pull({ runDate: utcToday() }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(VendorAuthError);
    expect((err as Error).message).toMatch(/Autotask PSA \(at\): HTTP 401/);
    expect((err as Error).message).toMatch(/API user name, secret and integration code \(tracking identifier\)/);
    expect((err as Error).message).toMatch(/API-only user .* zone/);
    expect(sim.log.filter((r) => r.status === 401)).toHaveLength(1);
  });

  it('reports an API user the zone lookup does not know as a VendorAuthError naming the user', async () => {
    const { sim, connector } = await setup({ env: { ...AUTOTASK_DEMO_ENV, AUTOTASK_USERNAME: 'nobody@demo-msp.example' } });
    const err = await connector.pull({ runDate: utcToday() }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(VendorAuthError);
    expect((err as Error).message).toContain('nobody@demo-msp.example');
    expect(apiCalls(sim.log)).toHaveLength(0);
  });

  it('quarantines malformed records and returns the rest; a line without a readable period is not counted as zero', async () => {
    const { sim, connector } = await setup({ pageSize: 2 });
    currentRow(sim, 5006).units = 'two';
    const pull = await connector.pull({ runDate: utcToday() });

    expect(pull.quarantined).toEqual([
      { sourceId: 'at', entity: 'Companies', externalId: String(MALFORMED_COMPANY_ID), reason: expect.stringContaining('companyName') },
      { sourceId: 'at', entity: 'ContractServiceUnits', externalId: String(currentRow(sim, 5006).id), reason: expect.stringContaining('units') },
      { sourceId: 'at', entity: 'ContractServices', externalId: '5006', reason: `no ContractServiceUnits period covers ${utcToday()}` },
    ]);
    expect(summary(pull).clients).toEqual(EXPECTED.clients);
    expect(summary(pull).agreements['1003']).toEqual(['29683002', 'active', [['5005', 'Managed Workstation', 12, 4500]]]);
  });

  it('writes an increase as a ContractServiceAdjustments delta from the requested day, and a re-read shows it', async () => {
    const { sim, connector, serviceId } = await setup();
    const ref = { contractID: 1001, contractServiceID: 5001, serviceID: serviceId('Managed Workstation') };
    const today = utcToday();
    expect(await connector.readLineQuantity(ref, utcToday())).toBe(42);

    const result = await connector.writeLineQuantity({ ref, expectedQuantity: 42, newQuantity: 47, effectiveDate: today });

    expect(result).toMatchObject({ previousQuantity: 42, newQuantity: 47 });
    expect(result.effective).toContain(`from ${today}`);
    expect(adjustmentPosts(sim.log).map((r) => r.body)).toEqual([{ ...ref, effectiveDate: `${today}T00:00:00`, unitChange: 5 }]);
    expect(await connector.readLineQuantity(ref, utcToday())).toBe(47);
    const again = await connector.pull({ runDate: utcToday() });
    expect(again.agreements.find((a) => a.externalId === '1001')!.lines.find((l) => l.externalId === '5001')!.quantity).toBe(47);
  });

  it('writes a decrease from the next contract period, and refuses to book it twice', async () => {
    const { sim, connector, serviceId } = await setup();
    const ref = { contractID: 1003, contractServiceID: 5005, serviceID: serviceId('Managed Workstation') };
    const nextPeriod = addDays(String(currentRow(sim, 5005).endDate).slice(0, 10), 1);

    const result = await connector.writeLineQuantity({ ref, expectedQuantity: 12, newQuantity: 10, effectiveDate: utcToday() });

    expect(result.effective).toContain(`from ${nextPeriod}, the start of the next contract period`);
    expect(adjustmentPosts(sim.log).map((r) => r.body)).toEqual([{ ...ref, effectiveDate: `${nextPeriod}T00:00:00`, unitChange: -2 }]);
    // The current period stays billed as it was; the change is booked from the next one.
    expect(await connector.readLineQuantity(ref, utcToday())).toBe(12);
    const twice = await connector.writeLineQuantity({ ref, expectedQuantity: 12, newQuantity: 10, effectiveDate: utcToday() }).catch((e: unknown) => e);
    expect(twice).toBeInstanceOf(WriteBackConflictError);
    expect(twice).toMatchObject({ expected: 12, actual: 10 });
    expect(adjustmentPosts(sim.log)).toHaveLength(1);
  });

  it('refuses to write when the units moved since the proposal', async () => {
    const { sim, connector, serviceId } = await setup();
    const ref = { contractID: 1001, contractServiceID: 5002, serviceID: serviceId('Microsoft 365 Business Premium') };
    currentRow(sim, 5002).units = 41;

    const err = await connector.writeLineQuantity({ ref, expectedQuantity: 40, newQuantity: 45, effectiveDate: utcToday() }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(WriteBackConflictError);
    expect(err).toMatchObject({ expected: 40, actual: 41 });
    expect(adjustmentPosts(sim.log)).toHaveLength(0);
  });

  it('never repeats an adjustment after a 5xx, since it may have been applied', async () => {
    const { sim, connector, sleeps, serviceId } = await setup({ faults: { failOnceOn: /\/ContractServiceAdjustments$/ } });
    const ref = { contractID: 1005, contractServiceID: 5008, serviceID: serviceId('Microsoft 365 Business Premium') };

    const err = await connector.writeLineQuantity({ ref, expectedQuantity: 7, newQuantity: 9, effectiveDate: utcToday() }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(VendorUnavailableError);
    expect(adjustmentPosts(sim.log).map((r) => r.status)).toEqual([503]);
    expect(sleeps).toEqual([]);
  });
});

describe('Autotask simulator', () => {
  it('refuses a GET on the next-page link of a POSTed query (405), as Autotask does', async () => {
    const { sim } = await setup({ pageSize: 2 });
    const auth = { ApiIntegrationCode: AUTOTASK_DEMO_ENV.AUTOTASK_INTEGRATION_CODE!, UserName: AUTOTASK_DEMO_ENV.AUTOTASK_USERNAME!, Secret: AUTOTASK_DEMO_ENV.AUTOTASK_SECRET! };
    const first = await fetch(`${sim.url}${AUTOTASK_ZONE_PATH}V1.0/Companies/query`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ MaxRecords: 2, Filter: [{ op: 'gte', field: 'id', value: 0 }] }),
    });
    const { pageDetails } = (await first.json()) as { pageDetails: { nextPageUrl: string } };

    expect((await fetch(pageDetails.nextPageUrl, { headers: auth })).status).toBe(405);
  });
});

describe('Autotask add-line true-ups', () => {
  const today = utcToday();
  const product = 'Managed Server';
  addLineCases(
    async () => {
      const { sim, connector, serviceId } = await setup();
      return {
        connector,
        writes: sim.writes,
        plantLine: () => {
          const ids = { contractID: 1001, serviceID: serviceId(product) };
          sim.state.entities.ContractServices.push({ id: 5999, ...ids, unitPrice: 150, invoiceDescription: product });
          sim.state.entities.ContractServiceUnits.push({ id: 99_999_999, ...ids, contractServiceID: 5999, units: 2, price: 150, startDate: `${addDays(today, -3)}T00:00:00Z`, endDate: `${addDays(today, 20)}T00:00:00Z` });
        },
        dropProduct: () => {
          sim.state.entities.Services.find((x) => x.name === product)!.isActive = false;
        },
      };
    },
    { agreementExternalId: '1001', product, productNames: [product], quantity: 3, unitPriceCents: 15000, effectiveDate: today },
    { runDate: today },
  );

  it('creates the contract service, then sets its units with one adjustment', async () => {
    const { sim, connector, serviceId } = await setup();
    const added = await connector.addLine({ agreementExternalId: '1001', product, productNames: [product], quantity: 3, unitPriceCents: 15000, effectiveDate: today });
    expect(sim.writes.map((w) => [w.method, w.path.replace(AUTOTASK_ZONE_PATH, '')])).toEqual([
      ['POST', 'V1.0/Contracts/1001/Services'],
      ['POST', 'V1.0/ContractServiceAdjustments'],
    ]);
    expect(sim.writes[0]!.body).toEqual({ contractID: 1001, serviceID: serviceId(product), unitPrice: 150, invoiceDescription: product });
    expect(sim.writes[1]!.body).toEqual({ contractID: 1001, contractServiceID: Number(added.lineExternalId), serviceID: serviceId(product), effectiveDate: `${today}T00:00:00`, unitChange: 3 });
  });
});
