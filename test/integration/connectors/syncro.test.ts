import { afterEach, describe, expect, it } from 'vitest';
import { SyncroSource } from '../../../shared/connectors/vendors/syncro/config';
import { VendorAuthError, WriteBackConflictError } from '../../../shared/connectors/http/errors';
import { createSyncroConnector } from '../../../shared/connectors/vendors/syncro/connector';
import type { FaultPlan } from '../../../local/simulators/harness';
import { SYNCRO_BASE_PATH, SYNCRO_DEMO_ENV, startSyncroSimulator, syncroDemoSource } from '../../../local/simulators/syncro';
import { syncroWorld } from '../../support/syncro-world';
import { addLineCases } from '../../support/add-line-cases';
import { TEST_NIGHT, recordingDeps } from '../../support/connector-deps';

type Sim = Awaited<ReturnType<typeof startSyncroSimulator>>;
const running: Sim[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(faults?: FaultPlan): Promise<Sim> {
  const sim = await startSyncroSimulator(syncroWorld(), { faults });
  running.push(sim);
  return sim;
}

function connect(sim: Sim, env: Record<string, string> = SYNCRO_DEMO_ENV) {
  const sleeps: number[] = [];
  const source = SyncroSource.parse(syncroDemoSource(sim.url));
  const connector = createSyncroConnector(source, recordingDeps(env, sleeps));
  return { connector, sleeps };
}

const ref = { scheduleId: 1, lineItemId: 6001 };
const byId = <T extends { externalId: string }>(items: T[], id: string): T | undefined => items.find((i) => i.externalId === id);
const pagesOf = (sim: Sim, list: string) => sim.log.filter((r) => r.path === `${SYNCRO_BASE_PATH}/${list}`).map((r) => new URLSearchParams(r.query).get('page'));

describe('Syncro connector against the simulator', () => {
  it('pulls customers, contracts and schedule lines through every page, mapping schedules to contracts as documented', async () => {
    const sim = await start();
    const pull = await connect(sim).connector.pull(TEST_NIGHT);

    expect(pull.clients).toHaveLength(103);
    expect(byId(pull.clients, '1000101')).toEqual({ externalId: '1000101', name: 'Northwind Traders, Inc.', active: true, refs: [], deviceRefs: [], accountManagerEmail: null });
    expect(byId(pull.clients, '251')).toBeUndefined();

    // One active contract: it is the agreement, and carries the customer's schedule lines.
    expect(byId(pull.agreements, '2001')).toEqual({
      externalId: '2001',
      clientExternalId: '1000101',
      name: 'Managed Services Agreement',
      status: 'active',
      startDate: '2024-04-01',
      endDate: '2026-06-30',
      noEndDate: false,
      billAmountCents: null,
      lines: [
        { externalId: '6001', product: 'Managed Workstation', description: 'Managed Workstation', quantity: 42, unitPriceCents: 4500, effectiveDate: null, cancelledDate: null, writeBack: ref },
        { externalId: '6002', product: 'Microsoft 365 Business Premium', description: 'Microsoft 365 Business Premium', quantity: 40, unitPriceCents: 2200, effectiveDate: null, cancelledDate: null, writeBack: { scheduleId: 1, lineItemId: 6002 } },
      ],
    });
    // No active contract: the expired one keeps its dates, the running schedule stands alone, the paused one bills nothing.
    expect(byId(pull.agreements, '2003')).toMatchObject({ status: 'expired', endDate: '2025-01-31', lines: [] });
    expect(byId(pull.agreements, 'schedule-2')).toMatchObject({ clientExternalId: '1000102', name: 'Dental Care Plan', noEndDate: true, endDate: null, lines: [{ externalId: '6004', quantity: 2, unitPriceCents: 15000 }] });
    expect(byId(pull.agreements, 'schedule-3')).toBeUndefined();
    // Two active contracts: lines cannot be assigned, so each schedule stands alone and no line counts twice.
    expect(byId(pull.agreements, '2004')).toMatchObject({ status: 'active', lines: [] });
    expect(byId(pull.agreements, '2005')).toMatchObject({ status: 'active', endDate: '2027-01-31', lines: [] });
    expect(byId(pull.agreements, 'schedule-4')?.lines.map((l) => l.externalId)).toEqual(['6006']);
    expect(byId(pull.agreements, 'schedule-5')?.lines.map((l) => l.externalId)).toEqual(['6007']);
    expect(byId(pull.agreements, '3042')?.lines).toEqual([expect.objectContaining({ externalId: '7042', quantity: 3 })]);
    expect(pull.agreements).toHaveLength(107);

    expect(pagesOf(sim, 'customers')).toEqual(['1', '2']);
    expect(pagesOf(sim, 'contracts')).toEqual(['1', '2', '3']);
    // /schedules sends no meta: paged until an empty page.
    expect(pagesOf(sim, 'schedules')).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('rides out a 429 storm, sleeping exactly what Retry-After asks, and returns the same data', async () => {
    const baseline = await connect(await start()).connector.pull(TEST_NIGHT);
    const sim = await start({ throttleEvery: 2, retryAfterSeconds: 7 });
    const { connector, sleeps } = connect(sim);

    const pull = await connector.pull(TEST_NIGHT);

    expect(pull).toEqual(baseline);
    const throttled = sim.log.filter((r) => r.status === 429).length;
    expect(throttled).toBeGreaterThan(5);
    expect(sleeps).toEqual(Array(throttled).fill(7000));
    expect(connector.stats().throttled).toBe(throttled);
  });

  it('retries a transient 503 and still returns every schedule', async () => {
    const baseline = await connect(await start()).connector.pull(TEST_NIGHT);
    const sim = await start({ failOnceOn: /\/schedules$/ });
    const { connector, sleeps } = connect(sim);

    expect(await connector.pull(TEST_NIGHT)).toEqual(baseline);
    expect(sim.log.filter((r) => r.path.endsWith('/schedules')).map((r) => r.status)).toEqual([503, 200, 200, 200, 200, 200, 200]);
    expect(sleeps).toHaveLength(1);
    expect(connector.stats().serverErrors).toBe(1);
  });

  it('names the vendor and what to check when the API token is wrong', async () => {
    const sim = await start();
    const { connector } = connect(sim, { SYNCRO_API_KEY: 'not-the-token' });

    const err = await connector.pull(TEST_NIGHT).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(VendorAuthError);
    // The plain message says what to check; the vendor's answer is kept apart, for the log.
    expect((err as Error).message).toMatch(/^Syncro \(syncro\): HTTP 401 on GET \/api\/v1\/customers\. Check source "syncro": the Syncro API token/);
    expect((err as VendorAuthError).detail).toBeTruthy();
    expect((err as Error).message).toContain('Recurring Invoices - Edit');
    // Refused once, not retried: repeating a bad login can lock an account.
    expect(sim.log).toHaveLength(1);
  });

  it('quarantines a malformed customer and a malformed line item, and returns the rest', async () => {
    const sim = await start();
    sim.state.schedules[0]!.lines[1]!.quantity = 'lots';

    const pull = await connect(sim).connector.pull(TEST_NIGHT);

    expect(pull.quarantined).toEqual([
      { sourceId: 'syncro', entity: 'customer', externalId: '1999999', reason: '(root): business_name and fullname are both empty' },
      { sourceId: 'syncro', entity: 'schedule-line-item', externalId: '6002', reason: expect.stringMatching(/^quantity: /) },
    ]);
    expect(pull.clients).toHaveLength(103);
    expect(byId(pull.agreements, '2001')?.lines.map((l) => l.externalId)).toEqual(['6001']);
  });

  it('writes a new quantity that a re-read and the next pull both show', async () => {
    const sim = await start();
    const { connector } = connect(sim);

    const result = await connector.writeLineQuantity({ ref, expectedQuantity: 42, newQuantity: 47, effectiveDate: '2026-03-02' });

    expect(result).toEqual({ previousQuantity: 42, newQuantity: 47, effective: 'next invoice of the recurring schedule on 2026-04-01' });
    expect(await connector.readLineQuantity(ref, TEST_NIGHT.runDate)).toBe(47);
    expect(byId((await connector.pull(TEST_NIGHT)).agreements, '2001')?.lines.map((l) => [l.externalId, l.quantity])).toEqual([
      ['6001', 47],
      ['6002', 40],
    ]);
    const put = sim.log.find((r) => r.method === 'PUT');
    expect(put).toMatchObject({ path: `${SYNCRO_BASE_PATH}/schedules/1/line_items/6001`, body: { quantity: 47 } });
  });

  it('refuses to write when the quantity moved since the proposal', async () => {
    const sim = await start();
    sim.state.schedules[0]!.lines[0]!.quantity = '44.0';
    const { connector } = connect(sim);

    const err = await connector.writeLineQuantity({ ref, expectedQuantity: 42, newQuantity: 47, effectiveDate: '2026-03-02' }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(WriteBackConflictError);
    expect(err).toMatchObject({ expected: 42, actual: 44 });
    expect(sim.log.some((r) => r.method === 'PUT')).toBe(false);
    expect(await connector.readLineQuantity(ref, TEST_NIGHT.runDate)).toBe(44);
  });
});

describe('Syncro add-line true-ups', () => {
  const product = 'Microsoft 365 Business Standard';
  addLineCases(
    async () => {
      const sim = await start();
      const schedule = sim.state.schedules.find((x) => x.id === 1)!;
      return {
        connector: connect(sim).connector,
        writes: sim.writes,
        plantLine: () => schedule.lines.push({ ...schedule.lines[0]!, id: 6999, name: product, description: product, quantity: '6.0' }),
        dropProduct: () => (sim.state.products = sim.state.products.filter((x) => x.name !== product)),
      };
    },
    { agreementExternalId: '2001', product, productNames: [product], quantity: 7, unitPriceCents: 1250, effectiveDate: '2026-03-02' },
    TEST_NIGHT,
  );

  it('adds to a schedule standing alone, as a line item for the catalog product', async () => {
    const sim = await start();
    const added = await connect(sim).connector.addLine({ agreementExternalId: 'schedule-2', product, productNames: [product], quantity: 3, unitPriceCents: 1250, effectiveDate: '2026-03-02' });
    const productId = sim.state.products.find((x) => x.name === product)!.id;
    expect(sim.writes.map((w) => [w.method, w.path, w.body])).toEqual([
      ['POST', `${SYNCRO_BASE_PATH}/schedules/2/add_line_item`, { product_id: productId, name: product, description: product, quantity: 3, retail_cents: 1250, one_time_charge: false }],
    ]);
    expect(sim.state.schedules.find((x) => x.id === 2)!.lines.at(-1)).toMatchObject({ id: Number(added.lineExternalId), quantity: '3.0', retail_cents: 1250 });
  });
});
