import { afterEach, describe, expect, it } from 'vitest';
import { HaloPsaSource } from '../../../shared/connectors/vendors/halopsa/config';
import { VendorAuthError, VendorRequestError, WriteBackConflictError } from '../../../shared/connectors/http/errors';
import { createHaloPsaConnector } from '../../../shared/connectors/vendors/halopsa/connector';
import type { RecurringInvoiceMode } from '../../../shared/connectors/vendors/halopsa/invoices';
import type { SourcePull } from '../../../shared/domain/model';
import type { FaultPlan } from '../../../local/simulators/harness';
import { HALOPSA_DEMO_ENV, haloPsaDemoSource, startHaloPsaSimulator } from '../../../local/simulators/halopsa';
import { haloWorld } from '../../support/halopsa-world';
import { addLineCases } from '../../support/add-line-cases';
import { TEST_NIGHT, recordingDeps } from '../../support/connector-deps';

type Sim = Awaited<ReturnType<typeof startHaloPsaSimulator>>;
const running: Sim[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(faults?: FaultPlan, opts: { ignoresIncludelines?: boolean } = {}): Promise<Sim> {
  const sim = await startHaloPsaSimulator(haloWorld(), { faults, ...opts });
  running.push(sim);
  return sim;
}

interface ConnectOptions {
  env?: Record<string, string>;
  mode?: RecurringInvoiceMode;
  fetch?: typeof fetch;
}

/** A connector on the simulator with pages of two, so every list takes several pages. */
function connect(sim: Sim, opts: ConnectOptions = {}) {
  const sleeps: number[] = [];
  const source = HaloPsaSource.parse({ ...haloPsaDemoSource(sim.url), pageSize: 2, ...(opts.mode ? { recurringInvoiceMode: opts.mode } : {}) });
  const connector = createHaloPsaConnector(source, { ...recordingDeps(opts.env ?? HALOPSA_DEMO_ENV, sleeps), ...(opts.fetch ? { fetch: opts.fetch } : {}) });
  return { connector, sleeps };
}

/**
 * A fetch that lets someone edit the simulator's records in Halo right after the connector's
 * first read of `path`: the moment between a compare-and-set's re-read and its write.
 */
function editAfterRead(path: string, edit: () => void): typeof fetch {
  let edited = false;
  return async (input, init) => {
    const res = await fetch(input, init);
    if (!edited && (init?.method ?? 'GET') === 'GET' && new URL(String(input)).pathname === path) {
      edited = true;
      edit();
    }
    return res;
  };
}

/** Invoice 1's lines as [id, qty_order, net_amount] once line 5001 went from 42 to 47: repriced, the others as they were. */
const AFTER_47 = [
  [5001, 47, 2115],
  [5002, 40, 880],
  [5003, 5, 225],
];
const priced = (sim: Sim) => sim.state.invoices[0]!.lines.map((l) => [l.id, l.qty_order, l.net_amount]);
const posts = (sim: Sim) => sim.log.filter((r) => r.method === 'POST' && r.path.startsWith('/api/'));
const invoiceReads = (sim: Sim) => sim.log.filter((r) => /^\/api\/RecurringInvoice\/\d+$/.test(r.path)).map((r) => r.path);

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
    // Lines come with the list: four invoices in two pages, none read on its own.
    const invoicePages = sim.log.filter((r) => r.path === '/api/RecurringInvoice').map((r) => new URLSearchParams(r.query));
    expect(invoicePages.map((q) => [q.get('includelines'), q.get('page_size'), q.get('page_no')])).toEqual([
      ['true', '2', '1'],
      ['true', '2', '2'],
    ]);
    expect(invoiceReads(sim)).toEqual([]);
    expect(pull.warnings).toEqual([]);
  });

  it('per-invoice mode, for a tenant that refuses includelines, reads each invoice on its own and returns the same pull', async () => {
    const baseline = await connect(await start()).connector.pull(TEST_NIGHT);
    const sim = await start();

    expect(await connect(sim, { mode: 'per-invoice' }).connector.pull(TEST_NIGHT)).toEqual(baseline);
    expect(sim.log.filter((r) => r.path === '/api/RecurringInvoice').every((r) => !r.query.includes('includelines'))).toBe(true);
    expect(invoiceReads(sim)).toEqual([1, 2, 3, 4].map((id) => `/api/RecurringInvoice/${id}`));
  });

  it('reads on its own every invoice a Halo lists without lines despite includelines, and says so, never taking it as billing nothing', async () => {
    const baseline = await connect(await start()).connector.pull(TEST_NIGHT);
    const sim = await start(undefined, { ignoresIncludelines: true });

    const pull = await connect(sim).connector.pull(TEST_NIGHT);

    expect(pull.agreements).toEqual(baseline.agreements);
    expect(invoiceReads(sim)).toEqual([1, 2, 3, 4].map((id) => `/api/RecurringInvoice/${id}`));
    expect(pull.warnings).toEqual([
      'HaloPSA listed 4 recurring invoice(s) without their lines, so they were read one by one; if this repeats, set recurringInvoiceMode "per-invoice" for source "halo"',
    ]);
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
    const sim = await start({ failOnceOn: /^\/api\/RecurringInvoice$/ });
    const { connector, sleeps } = connect(sim);

    expect(await connector.pull(TEST_NIGHT)).toEqual(baseline);
    expect(sim.log.filter((r) => r.path === '/api/RecurringInvoice').map((r) => r.status)).toEqual([503, 200, 200]);
    expect(sleeps).toHaveLength(1);
    expect(connector.stats().serverErrors).toBe(1);
  });

  it('names the vendor and what to check when the client secret is wrong', async () => {
    const sim = await start();
    const { connector } = connect(sim, { env: { ...HALOPSA_DEMO_ENV, HALO_CLIENT_SECRET: 'wrong' } });

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

  it('writes a new quantity through updatelines that a re-read and the next pull both show, with the line repriced', async () => {
    const sim = await start();
    const { connector } = connect(sim);

    const result = await connector.writeLineQuantity({ ref, expectedQuantity: 42, newQuantity: 47, effectiveDate: '2026-03-02' });

    expect(result).toEqual({ previousQuantity: 42, newQuantity: 47, effective: 'next recurring invoice on 2026-04-01' });
    expect(posts(sim).map((r) => [r.path, r.body])).toEqual([['/api/RecurringInvoice/updatelines', [{ id: 5001, ihid: 1, qty_order: 47 }]]]);
    expect(await connector.readLineQuantity(ref, TEST_NIGHT.runDate)).toBe(47);
    const lines = byId((await connector.pull(TEST_NIGHT)).agreements, '1001').lines;
    expect(lines.map((l) => [l.externalId, l.quantity])).toEqual([
      ['5001', 47],
      ['5002', 40],
      ['5003', 5],
    ]);
    expect(priced(sim)).toEqual(AFTER_47);
  });

  it('leaves a line edited in Halo between the re-read and the write untouched', async () => {
    const sim = await start();
    const editOtherLine = () => {
      sim.state.invoices[0]!.lines[1]!.qty_order = 41;
    };
    const { connector } = connect(sim, { fetch: editAfterRead('/api/RecurringInvoice/1', editOtherLine) });

    await connector.writeLineQuantity({ ref, expectedQuantity: 42, newQuantity: 47, effectiveDate: '2026-03-02' });

    expect(sim.state.invoices[0]!.lines.map((l) => [l.id, l.qty_order])).toEqual([
      [5001, 47],
      [5002, 41],
      [5003, 5],
    ]);
  });

  it('per-invoice mode writes the whole invoice back, every line as read and this one changed, priced right', async () => {
    const sim = await start();
    const { connector } = connect(sim, { mode: 'per-invoice' });

    const result = await connector.writeLineQuantity({ ref, expectedQuantity: 42, newQuantity: 47, effectiveDate: '2026-03-02' });

    expect(result).toEqual({ previousQuantity: 42, newQuantity: 47, effective: 'next recurring invoice on 2026-04-01' });
    expect(posts(sim).map((r) => r.path)).toEqual(['/api/RecurringInvoice']);
    expect(posts(sim)[0]!.body).toMatchObject([{ id: 1, lines: [{ id: 5001, qty_order: 47 }, { id: 5002, qty_order: 40 }, { id: 5003, qty_order: 5 }] }]);
    expect(await connector.readLineQuantity(ref, TEST_NIGHT.runDate)).toBe(47);
    expect(priced(sim)).toEqual(AFTER_47);
  });

  it('refuses to write when the quantity moved since the proposal', async () => {
    const sim = await start();
    sim.state.invoices[0]!.lines[0]!.qty_order = 44;
    const { connector } = connect(sim);

    const err = await connector.writeLineQuantity({ ref, expectedQuantity: 42, newQuantity: 47, effectiveDate: '2026-03-02' }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(WriteBackConflictError);
    expect(err).toMatchObject({ expected: 42, actual: 44 });
    expect(posts(sim)).toEqual([]);
    expect(await connector.readLineQuantity(ref, TEST_NIGHT.runDate)).toBe(44);
  });

  it('refuses to write a quantity Halo calculates from assets', async () => {
    const sim = await start();
    sim.state.invoices[0]!.lines[0]!.calculate_price_from_assets = true;
    const { connector } = connect(sim);

    const err = await connector.writeLineQuantity({ ref, expectedQuantity: 42, newQuantity: 47, effectiveDate: '2026-03-02' }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(VendorRequestError);
    expect((err as Error).message).toContain('calculated by Halo from assets');
    expect(posts(sim)).toEqual([]);
  });
});

describe.each(['includelines', 'per-invoice'] as const)('HaloPSA add-line true-ups (%s)', (mode) => {
  const product = 'Microsoft 365 Business Standard';
  addLineCases(
    async () => {
      const sim = await start();
      const invoice = sim.state.invoices.find((i) => i.contract_id === 1001)!;
      return {
        connector: connect(sim, { mode }).connector,
        writes: sim.writes,
        plantLine: () => invoice.lines.push({ ...invoice.lines[0]!, id: 5999, item_shortdescription: product, item_code: 'M365-BS', qty_order: 6, startdate: null }),
        dropProduct: () => (sim.state.items = sim.state.items.filter((i) => i.name !== product)),
      };
    },
    { agreementExternalId: '1001', product, productNames: [product], quantity: 7, unitPriceCents: 1250, effectiveDate: '2026-03-02' },
    { runDate: '2026-03-02' },
  );

  it('writes the new line as an InvoiceDetail for the item, leaving the other lines as they were', async () => {
    const sim = await start();
    const before = structuredClone(sim.state.invoices.find((i) => i.contract_id === 1001)!.lines);
    await connect(sim, { mode }).connector.addLine({ agreementExternalId: '1001', product, productNames: [product], quantity: 7, unitPriceCents: 1250, effectiveDate: '2026-03-02' });
    const item = sim.state.items.find((i) => i.name === product)!;
    const after = sim.state.invoices.find((i) => i.contract_id === 1001)!.lines;
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.at(-1)).toMatchObject({ ihid: 1, _itemid: item.id, item_shortdescription: product, qty_order: 7, unit_price: 12.5, net_amount: 87.5, startdate: '2026-03-02T00:00:00' });
    expect(sim.writes.map((w) => w.path)).toEqual([mode === 'includelines' ? '/api/RecurringInvoice/updatelines' : '/api/RecurringInvoice']);
  });
});
