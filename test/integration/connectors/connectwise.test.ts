import { afterEach, describe, expect, it } from 'vitest';
import { type SourceConfigOf } from '../../../shared/config/schema';
import { ConnectWiseSource } from '../../../shared/connectors/vendors/connectwise/config';
import { VendorAuthError, WriteBackConflictError } from '../../../shared/connectors/http/errors';
import { createConnectWiseConnector } from '../../../shared/connectors/vendors/connectwise/connector';
import type { SourcePull } from '../../../shared/domain/model';
import type { FaultPlan } from '../../../local/simulators/harness';
import { CONNECTWISE_DEMO_ENV, connectWiseDemoSource, startConnectWiseSimulator, type CwRecord } from '../../../local/simulators/connectwise';
import { connectWiseWorld } from '../../support/connectwise-world';
import { addLineCases } from '../../support/add-line-cases';
import { TEST_NIGHT, recordingDeps } from '../../support/connector-deps';

type Sim = Awaited<ReturnType<typeof startConnectWiseSimulator>>;
let sim: Sim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function setup(opts: { faults?: FaultPlan; env?: Record<string, string>; source?: Partial<SourceConfigOf<'connectwise'>> } = {}) {
  sim = await startConnectWiseSimulator(connectWiseWorld(), { faults: opts.faults });
  const sleeps: number[] = [];
  // A small pageSize so every list spans several pages.
  const source = ConnectWiseSource.parse({ ...connectWiseDemoSource(sim.url), pageSize: 2, ...opts.source });
  const connector = createConnectWiseConnector(source, recordingDeps(opts.env ?? CONNECTWISE_DEMO_ENV, sleeps));
  return { sim, connector, sleeps };
}

const additionIn = (s: Sim, agreementId: number, additionId: number): CwRecord => s.state.additions.get(agreementId)!.find((a) => a.id === additionId)!;

const line = (id: string, product: string, quantity: number, unitPriceCents: number, agreementId: number, cancelledDate: string | null = null) => ({
  externalId: id,
  product,
  description: product,
  quantity,
  unitPriceCents,
  effectiveDate: '2025-07-01',
  cancelledDate,
  writeBack: { agreementId, additionId: Number(id) },
});
const client = (externalId: string, name: string) => ({ externalId, name, active: true, refs: [], deviceRefs: [], accountManagerEmail: null });

/** The world in connectwise-world.ts, as the canonical model should read it. */
const EXPECTED_CLIENTS = [client('250', 'Northwind Traders, Inc.'), client('251', 'Contoso Dental'), client('252', 'Fabrikam LLC')];
const EXPECTED_AGREEMENTS = [
  {
    externalId: '101',
    clientExternalId: '250',
    name: 'Northwind Managed Services',
    status: 'active',
    startDate: '2025-07-01',
    endDate: '2026-06-30',
    noEndDate: false,
    // 42 x $45 + 3 x $150 + 40 x $22; the backup line ended before the world's date.
    billAmountCents: 322_000,
    lines: [
      line('1001', 'Managed Workstation', 42, 4500, 101),
      line('1002', 'Managed Server', 3, 15000, 101),
      line('1003', 'Microsoft 365 Business Premium', 40, 2200, 101),
      line('1004', 'Cloud Backup', 5, 1000, 101, '2025-12-31'),
    ],
  },
  {
    externalId: '103',
    clientExternalId: '251',
    name: 'Contoso Evergreen',
    status: 'active',
    startDate: '2024-01-01',
    endDate: null,
    noEndDate: true,
    billAmountCents: 54_000,
    lines: [line('1005', 'Managed Workstation', 12, 4500, 103)],
  },
  {
    externalId: '104',
    clientExternalId: '252',
    name: 'Fabrikam 2023',
    status: 'expired',
    startDate: '2023-01-01',
    endDate: '2025-12-31',
    noEndDate: false,
    billAmountCents: 32_000,
    lines: [line('1006', 'Managed Workstation', 8, 4000, 104)],
  },
];
const PLANTED_QUARANTINE = { sourceId: 'cw', entity: 'agreement', externalId: '9001', reason: expect.stringContaining('company') };

function expectWorld(pull: SourcePull) {
  expect(pull.clients).toEqual(EXPECTED_CLIENTS);
  expect(pull.agreements).toEqual(EXPECTED_AGREEMENTS);
  expect(pull.quarantined).toEqual([PLANTED_QUARANTINE]);
}

describe('ConnectWise PSA connector against the simulator', () => {
  it('pulls companies, agreements and additions through several forward-only pages', async () => {
    const { sim, connector } = await setup();
    expectWorld(await connector.pull(TEST_NIGHT));

    const gets = (path: string) => sim.log.filter((r) => r.method === 'GET' && r.path.endsWith(path));
    // 3 companies, 4 listed agreements (3 + the planted one), 4 additions on agreement 101: two pages each.
    expect(gets('/company/companies')).toHaveLength(2);
    expect(gets('/finance/agreements')).toHaveLength(2);
    expect(gets('/finance/agreements/101/additions')).toHaveLength(2);
    expect(new URLSearchParams(gets('/finance/agreements')[1]!.query).get('pageId')).toBe('103');
    // The cancelled agreement is filtered out by the server, so its additions are never fetched.
    expect(sim.log.some((r) => r.path.includes('/agreements/102'))).toBe(false);
    for (const r of sim.log) {
      expect(r.headers['pagination-type']).toBe('forward-only');
      expect(r.headers.clientid).toBe(CONNECTWISE_DEMO_ENV.CW_CLIENT_ID);
      expect(r.headers.accept).toMatch(/^application\/vnd\.connectwise\.com\+json; version=/);
      expect(new URLSearchParams(r.query).get('pageSize')).toBe('2');
    }
  });

  it('rides out a 429 storm, waiting exactly what Retry-After asks, with the same data', async () => {
    const { sim, connector, sleeps } = await setup({ faults: { throttleEvery: 2, retryAfterSeconds: 3 } });
    expectWorld(await connector.pull(TEST_NIGHT));

    const throttled = sim.log.filter((r) => r.status === 429).length;
    expect(throttled).toBeGreaterThan(3);
    expect(sleeps).toEqual(Array(throttled).fill(3000));
    expect(connector.stats().throttled).toBe(throttled);
  });

  it('retries a transient 503', async () => {
    const { sim, connector, sleeps } = await setup({ faults: { failOnceOn: /\/finance\/agreements$/ } });
    expectWorld(await connector.pull(TEST_NIGHT));

    expect(sim.log.filter((r) => r.path.endsWith('/finance/agreements')).map((r) => r.status)).toEqual([503, 200, 200]);
    expect(connector.stats().serverErrors).toBe(1);
    expect(sleeps).toHaveLength(1);
  });

  it('names ConnectWise and what to check when the credentials are refused, without retrying', async () => {
    const { sim, connector } = await setup({ env: { ...CONNECTWISE_DEMO_ENV, CW_PRIVATE_KEY: 'wrong' } });
    const err = await connector.pull(TEST_NIGHT).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorAuthError);
    expect((err as Error).message).toMatch(/ConnectWise PSA \(cw\).*HTTP 401/);
    expect((err as Error).message).toMatch(/company id \("trueupdemo"\), the public\/private API key pair .* clientId/);
    expect(sim.log).toHaveLength(1);
  });

  it('refuses a wrong clientId the same way', async () => {
    const { connector } = await setup({ env: { ...CONNECTWISE_DEMO_ENV, CW_CLIENT_ID: '00000000-0000-0000-0000-000000000000' } });
    await expect(connector.pull(TEST_NIGHT)).rejects.toBeInstanceOf(VendorAuthError);
  });

  it('quarantines a malformed addition and returns everything else', async () => {
    const { sim, connector } = await setup();
    sim.state.additions.get(103)!.push({ ...additionIn(sim, 103, 1005), id: 1099, quantity: 'abc' });

    const pull = await connector.pull(TEST_NIGHT);
    expect(pull.agreements).toEqual(EXPECTED_AGREEMENTS);
    expect(pull.quarantined).toEqual([
      PLANTED_QUARANTINE,
      { sourceId: 'cw', entity: 'addition (agreement 103)', externalId: '1099', reason: expect.stringContaining('quantity') },
    ]);
  });

  it('leaves out lines the customer is not billed for, and shows included units', async () => {
    const { sim, connector } = await setup();
    additionIn(sim, 101, 1002).billCustomer = 'NoCharge';
    additionIn(sim, 101, 1003).billCustomer = 'DoNotBill';
    additionIn(sim, 101, 1001).lessIncluded = 2;

    const lines = (await connector.pull(TEST_NIGHT)).agreements.find((a) => a.externalId === '101')!.lines;
    expect(lines.map((l) => l.externalId)).toEqual(['1001', '1004']);
    expect(lines[0]).toMatchObject({ quantity: 42, description: 'Managed Workstation (2 of 42 included at no charge)' });
  });

  it('writes a quantity back by PATCH, and a re-read shows it', async () => {
    const { sim, connector } = await setup();
    const target = (await connector.pull(TEST_NIGHT)).agreements[0]!.lines[0]!;

    const result = await connector.writeLineQuantity({ ref: target.writeBack, expectedQuantity: 42, newQuantity: 45, effectiveDate: '2026-03-01' });
    expect(result).toMatchObject({ previousQuantity: 42, newQuantity: 45, effective: expect.stringContaining('next invoice of agreement 101') });
    expect(await connector.readLineQuantity(target.writeBack, TEST_NIGHT.runDate)).toBe(45);
    expect((await connector.pull(TEST_NIGHT)).agreements[0]!.lines[0]!.quantity).toBe(45);

    const patches = sim.log.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => [r.path, r.body])).toEqual([
      ['/v4_6_release/apis/3.0/finance/agreements/101/additions/1001', [{ op: 'replace', path: 'quantity', value: 45 }]],
    ]);
  });

  it('asks ConnectWise to prorate when the source says so', async () => {
    const { sim, connector } = await setup({ source: { writeBackEffective: 'prorated' } });
    const result = await connector.writeLineQuantity({ ref: { agreementId: 101, additionId: 1002 }, expectedQuantity: 3, newQuantity: 4, effectiveDate: '2026-03-01' });

    expect(result.effective).toMatch(/^from 2026-03-01, prorated/);
    expect(additionIn(sim, 101, 1002)).toMatchObject({ quantity: 4, prorateCurrentPeriodFlag: true });
  });

  it('refuses to write when the quantity moved since the proposal, leaving it untouched', async () => {
    const { sim, connector } = await setup();
    additionIn(sim, 101, 1001).quantity = 44;

    const err = await connector
      .writeLineQuantity({ ref: { agreementId: '101', additionId: '1001' }, expectedQuantity: 42, newQuantity: 45, effectiveDate: '2026-03-01' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WriteBackConflictError);
    expect(err).toMatchObject({ expected: 42, actual: 44 });
    expect(additionIn(sim, 101, 1001).quantity).toBe(44);
    expect(sim.log.some((r) => r.method === 'PATCH')).toBe(false);
  });
});

describe('ConnectWise add-line true-ups', () => {
  const product = 'Microsoft 365 Business Standard';
  addLineCases(
    async () => {
      const { sim, connector } = await setup();
      return {
        connector,
        writes: sim.writes,
        plantLine: () => sim.state.additions.get(101)!.push({ ...additionIn(sim, 101, 1003), id: 1099, product: { id: 99, identifier: product }, quantity: 6 }),
        dropProduct: () => (sim.state.catalog = sim.state.catalog.filter((c) => c.identifier !== product)),
      };
    },
    { agreementExternalId: '101', product, productNames: [product, 'M365 Standard'], quantity: 7, unitPriceCents: 1250, effectiveDate: '2026-03-01' },
    { runDate: '2026-03-01' },
  );

  it('prices the addition per billing cycle and counts a cancelled line for the product as no line', async () => {
    const { sim, connector } = await setup();
    const agreement = sim.state.agreements.find((a) => a.id === 101)!;
    agreement.billingCycle = { id: 3, name: 'Quarterly' };
    // Cloud Backup's only line on agreement 101 was cancelled on 2025-12-31.
    const added = await connector.addLine({ agreementExternalId: '101', product: 'Cloud Backup', productNames: ['Cloud Backup'], quantity: 5, unitPriceCents: 1000, effectiveDate: '2026-03-01' });
    expect(additionIn(sim, 101, Number(added.lineExternalId))).toMatchObject({ quantity: 5, unitPrice: 30, billCustomer: 'Billable', effectiveDate: '2026-03-01T00:00:00Z' });
  });
});
