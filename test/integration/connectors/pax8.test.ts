import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { Pax8Source } from '../../../shared/connectors/vendors/pax8/config';
import { VendorAuthError } from '../../../shared/connectors/http/errors';
import { createPax8Connector } from '../../../shared/connectors/vendors/pax8/connector';
import type { Client, SourcePull, Subscription } from '../../../shared/domain/model';
import type { FaultPlan } from '../../../local/simulators/harness';
import { PAX8_DEMO_ENV, pax8DemoSource, startPax8Simulator } from '../../../local/simulators/pax8';
import { PAX8_IDS, pax8World } from '../../support/pax8-world';
import { TEST_NIGHT, recordingDeps } from '../../support/connector-deps';

type Sim = Awaited<ReturnType<typeof startPax8Simulator>>;
let sim: Sim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** Small pages so every list spans several of them: 3 companies -> 2 pages, 7 subscriptions -> 4. */
async function setup(opts: { faults?: FaultPlan; env?: Record<string, string>; source?: Partial<z.input<typeof Pax8Source>> } = {}) {
  sim = await startPax8Simulator(pax8World(), { faults: opts.faults });
  const sleeps: number[] = [];
  const source = Pax8Source.parse({ ...pax8DemoSource(sim.url), pageSize: 2, ...opts.source });
  const connector = createPax8Connector(source, recordingDeps(opts.env ?? PAX8_DEMO_ENV, sleeps));
  return { sim, connector, sleeps };
}

const EXPECTED_CLIENTS: Client[] = [
  { externalId: PAX8_IDS.northwind, name: 'Northwind Traders Inc', active: true, refs: [{ vendor: 'any-psa', id: '250' }], deviceRefs: [], accountManagerEmail: null },
  { externalId: PAX8_IDS.contoso, name: 'Contoso Dental', active: true, refs: [], deviceRefs: [], accountManagerEmail: null },
  { externalId: PAX8_IDS.greenfield, name: 'Greenfield Veterinary', active: true, refs: [], deviceRefs: [], accountManagerEmail: null },
];

const BP = 'Microsoft 365 Business Premium';
const EXO = 'Exchange Online (Plan 1)';
const sub = (externalId: string, clientExternalId: string, productId: string, productName: string, rest: Partial<Subscription>): Subscription => ({
  externalId,
  clientExternalId,
  productId,
  productName,
  quantity: 0,
  status: 'active',
  vendorStatus: 'Active',
  billingTerm: 'Monthly',
  commitmentEndDate: null,
  startDate: null,
  ...rest,
});
/** In the order the connector asks for them: oldest first. */
const EXPECTED_SUBSCRIPTIONS: Subscription[] = [
  sub('a1000000-0000-4000-8000-000000000002', PAX8_IDS.northwind, PAX8_IDS.exchange, EXO, { quantity: 10, startDate: '2025-04-01' }),
  // commitmentTerm.endDate, not the subscription's own endDate (the night it was cancelled).
  sub('a2000000-0000-4000-8000-000000000002', PAX8_IDS.contoso, PAX8_IDS.exchange, EXO, {
    quantity: 3,
    status: 'cancelled',
    vendorStatus: 'Cancelled',
    billingTerm: 'Annual',
    commitmentEndDate: '2026-05-31',
    startDate: '2025-06-01',
  }),
  sub('a1000000-0000-4000-8000-000000000001', PAX8_IDS.northwind, PAX8_IDS.premium, BP, { quantity: 40, billingTerm: 'Annual', commitmentEndDate: '2026-09-30', startDate: '2025-10-01' }),
  sub('a3000000-0000-4000-8000-000000000001', PAX8_IDS.greenfield, PAX8_IDS.exchange, EXO, { quantity: 2, startDate: '2025-12-01' }),
  sub('a1000000-0000-4000-8000-000000000003', PAX8_IDS.northwind, PAX8_IDS.premium, BP, { quantity: 5, status: 'trial', vendorStatus: 'Trial', startDate: '2026-02-15' }),
  sub('a2000000-0000-4000-8000-000000000001', PAX8_IDS.contoso, PAX8_IDS.premium, BP, { quantity: 12, status: 'pending', vendorStatus: 'PendingManual', startDate: '2026-02-27' }),
];

function expectExactData(pull: SourcePull) {
  expect(pull.clients).toEqual(EXPECTED_CLIENTS);
  expect(pull.subscriptions).toEqual(EXPECTED_SUBSCRIPTIONS);
  expect(pull.agreements).toEqual([]);
  expect(pull.devices).toEqual([]);
  expect(pull.quarantined).toHaveLength(1);
}

const okRequests = (s: Sim, path: string) => s.log.filter((r) => r.path === path && r.status === 200);
const pagesAsked = (s: Sim, path: string) => okRequests(s, path).map((r) => new URLSearchParams(r.query).get('page'));

describe('Pax8 connector against the simulator', () => {
  it('pulls every company and subscription through several 0-based pages, naming products from the catalogue', async () => {
    const { sim, connector } = await setup();
    const pull = await connector.pull(TEST_NIGHT);

    expectExactData(pull);
    expect(pagesAsked(sim, '/v1/companies')).toEqual(['0', '1']);
    expect(pagesAsked(sim, '/v1/subscriptions')).toEqual(['0', '1', '2', '3']);
    expect(okRequests(sim, '/v1/subscriptions').every((r) => new URLSearchParams(r.query).get('size') === '2')).toBe(true);
    // One lookup per product in use; the catalogue's unused product is never asked for.
    const productPaths = sim.log.filter((r) => r.path.startsWith('/v1/products')).map((r) => r.path);
    expect(productPaths.sort()).toEqual([`/v1/products/${PAX8_IDS.premium}`, `/v1/products/${PAX8_IDS.exchange}`].sort());
    expect(connector.stats()).toMatchObject({ requests: 2 + 4 + 2, retries: 0 });
  });

  it('asks for at most 200 records a page by default, and stops after the last page', async () => {
    const { sim, connector } = await setup({ source: { pageSize: undefined } });
    await connector.pull(TEST_NIGHT);
    expect(okRequests(sim, '/v1/subscriptions').map((r) => r.query)).toEqual(['?sort=createdDate%2Casc&page=0&size=200']);
  });

  it('rides out a 429 storm, waiting exactly the Retry-After each time, and returns exactly the same data', async () => {
    const { sim, connector, sleeps } = await setup({ faults: { throttleEvery: 2, retryAfterSeconds: 3 } });
    const pull = await connector.pull(TEST_NIGHT);

    expectExactData(pull);
    const throttled = sim.log.filter((r) => r.status === 429).length;
    expect(throttled).toBeGreaterThan(3);
    expect(sleeps).toEqual(Array(throttled).fill(3000));
    expect(connector.stats()).toMatchObject({ throttled, retries: throttled });
  });

  it('retries a transient 503 and completes', async () => {
    const { sim, connector, sleeps } = await setup({ faults: { failOnceOn: /^\/v1\/subscriptions$/ } });
    const pull = await connector.pull(TEST_NIGHT);

    expectExactData(pull);
    const subscriptionCalls = sim.log.filter((r) => r.path === '/v1/subscriptions').map((r) => [new URLSearchParams(r.query).get('page'), r.status]);
    expect(subscriptionCalls).toEqual([['0', 503], ['0', 200], ['1', 200], ['2', 200], ['3', 200]]);
    expect(sleeps).toHaveLength(1);
    expect(connector.stats()).toMatchObject({ serverErrors: 1, retries: 1 });
  });

  it('fetches the token once and sends it on every call of the pull', async () => {
    const { sim, connector } = await setup();
    await connector.pull(TEST_NIGHT);

    const tokenCalls = sim.log.filter((r) => r.path === '/v1/token');
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0]!.body).toEqual({
      client_id: PAX8_DEMO_ENV.PAX8_CLIENT_ID,
      client_secret: PAX8_DEMO_ENV.PAX8_CLIENT_SECRET,
      audience: 'https://api.pax8.com',
      grant_type: 'client_credentials',
    });
    const bearers = new Set(sim.log.filter((r) => r.path !== '/v1/token').map((r) => r.headers.authorization));
    expect([...bearers]).toEqual([`Bearer ${[...sim.state.tokens][0]}`]);
  });

  it('names Pax8 and what to check when the client secret is refused, and sends nothing else', async () => {
    const { sim, connector } = await setup({ env: { ...PAX8_DEMO_ENV, PAX8_CLIENT_SECRET: 'wrong' } });
    const err = await connector.pull(TEST_NIGHT).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(VendorAuthError);
    const message = (err as VendorAuthError).message;
    expect(message).toMatch(/^Pax8 \(pax8\): token request refused \(HTTP 401\)/);
    for (const hint of ['client id', 'client secret', 'token URL', `${sim.url}/v1/token`, 'audience', '"https://api.pax8.com"']) expect(message).toContain(hint);
    // A refused login is not repeated (it could lock the account) and no API call is made without a token.
    expect(sim.log.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /v1/token 401']);
  });

  it('refuses a wrong audience the same way', async () => {
    const { connector } = await setup({ source: { audience: 'api://p8p.client' } });
    await expect(connector.pull(TEST_NIGHT)).rejects.toThrow(/Pax8 \(pax8\): token request refused.*audience \("api:\/\/p8p\.client"\)/);
  });

  it('quarantines a malformed subscription with its id and the reason, and returns the rest', async () => {
    const { connector } = await setup();
    const pull = await connector.pull(TEST_NIGHT);

    expect(pull.quarantined).toEqual([
      { sourceId: 'pax8', entity: 'subscription', externalId: 'b9000000-0000-4000-8000-000000000001', reason: expect.stringMatching(/^quantity: /) },
    ]);
    expect(pull.subscriptions.map((s) => s.externalId)).not.toContain('b9000000-0000-4000-8000-000000000001');
    expect(pull.subscriptions).toHaveLength(6);
  });

  it("falls back to the subscription's productName when the product has left the catalogue, and quarantines it when that is missing too", async () => {
    const { sim, connector } = await setup();
    sim.state.products = sim.state.products.filter((p) => p.id !== PAX8_IDS.exchange);
    const orphan = sim.state.subscriptions.find((s) => (s as { id?: string }).id === 'a3000000-0000-4000-8000-000000000001') as Record<string, unknown>;
    delete orphan.productName;

    const pull = await connector.pull(TEST_NIGHT);
    expect(sim.log.some((r) => r.path === `/v1/products/${PAX8_IDS.exchange}` && r.status === 404)).toBe(true);
    expect(pull.subscriptions.filter((s) => s.productId === PAX8_IDS.exchange).map((s) => [s.externalId, s.productName])).toEqual([
      ['a1000000-0000-4000-8000-000000000002', EXO],
      ['a2000000-0000-4000-8000-000000000002', EXO],
    ]);
    expect(pull.quarantined.map((q) => [q.externalId, q.reason])).toContainEqual([
      'a3000000-0000-4000-8000-000000000001',
      `product ${PAX8_IDS.exchange} is not in the Pax8 catalogue and the subscription names no product`,
    ]);
  });
});
