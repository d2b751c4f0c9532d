import { afterEach, describe, expect, it } from 'vitest';
import { HaloPsaSource } from '../../../shared/config/schema';
import { VendorAuthError, VendorRequestError, WriteBackConflictError } from '../../../shared/connectors/http/errors';
import { createHaloPsaConnector } from '../../../shared/connectors/psa/halopsa';
import type { SourcePull } from '../../../shared/domain/model';
import type { FaultPlan } from '../../../local/simulators/harness';
import { HALOPSA_DEMO_ENV, haloPsaDemoSource, startHaloPsaSimulator } from '../../../local/simulators/halopsa';
import { haloWorld } from '../../support/halopsa-world';
import { TEST_NIGHT, recordingDeps } from '../../support/connector-deps';

type Sim = Awaited<ReturnType<typeof startHaloPsaSimulator>>;
const running: Sim[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(faults?: FaultPlan): Promise<Sim> {
  const sim = await startHaloPsaSimulator(haloWorld(), { faults });
  running.push(sim);
  return sim;
}

/** A connector on the simulator with pages of two, so every list takes several pages. */
function connect(sim: Sim, env: Record<string, string> = HALOPSA_DEMO_ENV) {
  const sleeps: number[] = [];
  const source = HaloPsaSource.parse({ ...haloPsaDemoSource(sim.url), pageSize: 2 });
  const connector = createHaloPsaConnector(source, recordingDeps(env, sleeps));
  return { connector, sleeps };
}

const ref = { recurringInvoiceId: 1, lineId: 5001 };
const byId = <T extends { externalId: string }>(items: T[], id: string): T => items.find((i) => i.externalId === id)!;

describe('HaloPSA connector against the simulator', () => {
  it('pulls clients, contracts with their recurring-invoice lines and asset cross-references through several pages', async () => {
    const sim = await start();
    const pull = await connect(sim).connector.pull(TEST_NIGHT);

    expect(pull.clients).toEqual([
      {
        externalId: '11',
        name: 'Northwind Traders, Inc.',
        active: true,
        refs: [],
        deviceRefs: [
          { vendor: 'ninjaone', id: '100101' },
          { vendor: 'ninjaone', id: '100102' },
        ],
        accountManagerEmail: 'dana.reyes@demo-msp.example',
      },
      // The deleted device's asset is inactive, so Halo does not list it.
      {
        externalId: '12',
        name: 'Contoso Dental LLC',
        active: true,
        refs: [],
        deviceRefs: [
          { vendor: 'dattormm', id: '7a1e0000-0000-4000-8000-000000000201' },
          { vendor: 'dattormm', id: '200201' },
        ],
        accountManagerEmail: null,
      },
      { externalId: '13', name: 'Fabrikam Logistics Corp.', active: true, refs: [], deviceRefs: [], accountManagerEmail: 'sam.okafor@demo-msp.example' },
    ]);

    expect(pull.agreements.map((a) => a.externalId).sort()).toEqual(['1001', '1002', '1003', '1004']);
    const msa = byId(pull.agreements, '1001');
    expect(msa).toMatchObject({ clientExternalId: '11', name: 'Managed Services Agreement', status: 'active', startDate: '2024-04-01', endDate: '2026-06-30', noEndDate: false });
    expect(msa.lines).toEqual([
      { externalId: '5001', product: 'Managed Workstation', description: 'Managed Workstation', quantity: 42, unitPriceCents: 4500, effectiveDate: '2024-04-01', cancelledDate: null, writeBack: ref },
      { externalId: '5002', product: 'Microsoft 365 Business Premium', description: 'Microsoft 365 Business Premium', quantity: 40, unitPriceCents: 2200, effectiveDate: '2024-04-01', cancelledDate: null, writeBack: { recurringInvoiceId: 1, lineId: 5002 } },
      { externalId: '5003', product: 'Managed Workstation', description: 'Managed Workstation', quantity: 5, unitPriceCents: 4500, effectiveDate: '2024-04-01', cancelledDate: '2025-05-01', writeBack: { recurringInvoiceId: 1, lineId: 5003 } },
    ]);
    expect(byId(pull.agreements, '1002')).toMatchObject({ endDate: null, noEndDate: true, lines: [{ externalId: '5004', quantity: 2, unitPriceCents: 15000 }] });
    // Expired contracts are inactive in Halo: only listed because the connector asks for them.
    expect(byId(pull.agreements, '1003')).toMatchObject({ status: 'expired', endDate: '2025-01-31', lines: [{ externalId: '5005', quantity: 3 }] });

    // Three clients at two a page: Halo's page_no paging was followed to the end.
    const clientPages = sim.log.filter((r) => r.path === '/api/Client').map((r) => new URLSearchParams(r.query));
    expect(clientPages.map((q) => [q.get('pageinate'), q.get('page_size'), q.get('page_no')])).toEqual([
      ['true', '2', '1'],
      ['true', '2', '2'],
    ]);
    expect(sim.log.filter((r) => /^\/api\/RecurringInvoice\/\d+$/.test(r.path)).map((r) => r.path)).toEqual(
      [1, 2, 3, 4].map((id) => `/api/RecurringInvoice/${id}`),
    );
  });

  it('rides out a 429 storm, sleeping exactly what Retry-After asks, and returns the same data', async () => {
    const baseline = await connect(await start()).connector.pull(TEST_NIGHT);
    const sim = await start({ throttleEvery: 2, retryAfterSeconds: 3 });
    const { connector, sleeps } = connect(sim);

    const pull = await connector.pull(TEST_NIGHT);

    expect(pull).toEqual(baseline);
    const throttled = sim.log.filter((r) => r.status === 429).length;
    expect(throttled).toBeGreaterThan(5);
    expect(sleeps).toEqual(Array(throttled).fill(3000));
    expect(connector.stats().throttled).toBe(throttled);
  });

  it('retries a transient 503 and still returns every line', async () => {
    const baseline = await connect(await start()).connector.pull(TEST_NIGHT);
    const sim = await start({ failOnceOn: /^\/api\/RecurringInvoice\/1$/ });
    const { connector, sleeps } = connect(sim);

    expect(await connector.pull(TEST_NIGHT)).toEqual(baseline);
    expect(sim.log.filter((r) => r.path === '/api/RecurringInvoice/1').map((r) => r.status)).toEqual([503, 200]);
    expect(sleeps).toHaveLength(1);
    expect(connector.stats().serverErrors).toBe(1);
  });

  it('names the vendor and what to check when the client secret is wrong', async () => {
    const sim = await start();
    const { connector } = connect(sim, { ...HALOPSA_DEMO_ENV, HALO_CLIENT_SECRET: 'wrong' });

    const err = await connector.pull(TEST_NIGHT).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorAuthError);
    expect((err as Error).message).toMatch(/^HaloPSA \(halo\): token request refused \(HTTP 400\)\. Check source "halo": .*clientId and clientSecret/);
    expect((err as Error).message).toContain(`authUrl ${sim.url}/auth with tenant "trueupdemo"`);
    // Refused at the token endpoint: no API call was made with bad credentials.
    expect(sim.log.filter((r) => r.path.startsWith('/api/'))).toEqual([]);
  });

  it('quarantines a malformed contract and a malformed line, and returns the rest', async () => {
    const sim = await start();
    sim.state.invoices[0]!.lines[1]!.qty_order = null;

    const pull: SourcePull = await connect(sim).connector.pull(TEST_NIGHT);

    expect(pull.quarantined).toEqual([
      { sourceId: 'halo', entity: 'contract', externalId: '1999', reason: expect.stringMatching(/^client_id: /) },
      { sourceId: 'halo', entity: 'recurring-invoice-line', externalId: '5002', reason: expect.stringMatching(/^qty_order: /) },
    ]);
    expect(pull.agreements).toHaveLength(4);
    expect(byId(pull.agreements, '1001').lines.map((l) => l.externalId)).toEqual(['5001', '5003']);
  });

  it('writes a new quantity that a re-read and the next pull both show, leaving the other lines alone', async () => {
    const sim = await start();
    const { connector } = connect(sim);

    const result = await connector.writeLineQuantity({ ref, expectedQuantity: 42, newQuantity: 47, effectiveDate: '2026-03-02' });

    expect(result).toEqual({ previousQuantity: 42, newQuantity: 47, effective: 'next recurring invoice on 2026-04-01' });
    expect(await connector.readLineQuantity(ref, TEST_NIGHT.runDate)).toBe(47);
    const lines = byId((await connector.pull(TEST_NIGHT)).agreements, '1001').lines;
    expect(lines.map((l) => [l.externalId, l.quantity])).toEqual([
      ['5001', 47],
      ['5002', 40],
      ['5003', 5],
    ]);
    const post = sim.log.find((r) => r.method === 'POST' && r.path === '/api/RecurringInvoice');
    expect(post?.body).toMatchObject([{ id: 1, lines: [{ id: 5001, qty_order: 47 }, { id: 5002, qty_order: 40 }, { id: 5003, qty_order: 5 }] }]);
  });

  it('refuses to write when the quantity moved since the proposal', async () => {
    const sim = await start();
    sim.state.invoices[0]!.lines[0]!.qty_order = 44;
    const { connector } = connect(sim);

    const err = await connector.writeLineQuantity({ ref, expectedQuantity: 42, newQuantity: 47, effectiveDate: '2026-03-02' }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(WriteBackConflictError);
    expect(err).toMatchObject({ expected: 42, actual: 44 });
    expect(sim.log.some((r) => r.method === 'POST' && r.path === '/api/RecurringInvoice')).toBe(false);
    expect(await connector.readLineQuantity(ref, TEST_NIGHT.runDate)).toBe(44);
  });

  it('refuses to write a quantity Halo calculates from assets', async () => {
    const sim = await start();
    sim.state.invoices[0]!.lines[0]!.calculate_price_from_assets = true;
    const { connector } = connect(sim);

    const err = await connector.writeLineQuantity({ ref, expectedQuantity: 42, newQuantity: 47, effectiveDate: '2026-03-02' }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(VendorRequestError);
    expect((err as Error).message).toContain('calculated by Halo from assets');
    expect(sim.log.some((r) => r.method === 'POST' && r.path === '/api/RecurringInvoice')).toBe(false);
  });
});
