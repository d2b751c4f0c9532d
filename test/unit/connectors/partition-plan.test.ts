import { describe, expect, it } from 'vitest';
import { SourceConfig } from '../../../shared/config/schema';
import { MAX_PARTITIONS, type Partition } from '../../../shared/connectors/partitions';
import { planPartitions } from '../../../shared/connectors/plan';

const secret = { env: 'X' };
const cw = (extra: Record<string, unknown> = {}) =>
  SourceConfig.parse({ id: 'cw', kind: 'connectwise', baseUrl: 'https://api-na.myconnectwise.net/v4_6_release/apis/3.0', companyId: 'acme', publicKey: secret, privateKey: secret, clientId: secret, ...extra });
const halo = (extra: Record<string, unknown> = {}) =>
  SourceConfig.parse({ id: 'halo', kind: 'halopsa', baseUrl: 'https://acme.halopsa.com/api', authUrl: 'https://acme.halopsa.com/auth', clientId: secret, clientSecret: secret, ...extra });

/** Each list's partitions follow on from each other from its first unit, and only the last is open-ended. */
function expectContiguous(partitions: Partition[], list: string, first: number) {
  const mine = partitions.filter((p) => p.list === list);
  expect(mine.length).toBeGreaterThan(0);
  mine.forEach((p, i) => {
    expect(p.from).toBe(i === 0 ? first : mine[i - 1]!.to);
    expect(p.to === null).toBe(i === mine.length - 1);
  });
}

describe('planPartitions', () => {
  it('keeps a small ConnectWise pull in one invocation and splits 10,000 agreements into ranges of the agreement list', () => {
    expect(planPartitions(cw(), { clients: 100, agreements: 100 }).mode).toBe('single');
    const big = planPartitions(cw(), { clients: 1000, agreements: 10_000 });
    expect(big.mode).toBe('partitioned');
    // ConnectWise's limit is taken as per tenant: half of 285 (300 less the 5% headroom) a minute.
    expect(big.sharedRate).toEqual({ requests: 142, perSeconds: 60 });
    expectContiguous(big.partitions, 'agreements', 0);
    // About five minutes of requests each at the shared rate.
    expect(big.partitions[0]!.to).toBe(Math.floor(300 * (142 / 60)));
    expect(big.partitions.map((p) => p.index)).toEqual(big.partitions.map((_, i) => i));
    expect(big.requests).toBe(1 + 10 + 10_000);
  });

  it('splits HaloPSA recurring invoices and assets by page ranges, at half its per-instance limit', () => {
    const plan = planPartitions(halo({ pageSize: 100 }), { clients: 5000, contracts: 5000, invoices: 5000, assets: 500_000 });
    expect(plan.mode).toBe('partitioned');
    expect(plan.sharedRate).toEqual({ requests: 332, perSeconds: 300 });
    expectContiguous(plan.partitions, 'invoices', 1);
    expectContiguous(plan.partitions, 'assets', 1);
    const assetPages = plan.partitions.filter((p) => p.list === 'assets');
    // 5,000 pages of assets at 300 pages a partition (300 s at 332 per 300 s).
    expect(assetPages).toHaveLength(Math.ceil(5000 / 332));
    // 1.1 requests a second keeps one worker of 0.5 s round trips busy: more would only wait on the bucket.
    expect(plan.maxConcurrency).toBe(1);
  });

  it('runs as many workers as the shared rate keeps busy, capped by fanOut.maxConcurrency', () => {
    const fast = { rateLimit: { requests: 600, perSeconds: 60 } };
    expect(planPartitions(cw({ ...fast, fanOut: { share: 1 } }), { clients: 10, agreements: 20_000 }).maxConcurrency).toBe(4);
    expect(planPartitions(cw({ ...fast, fanOut: { share: 1, maxConcurrency: 2 } }), { clients: 10, agreements: 20_000 }).maxConcurrency).toBe(2);
    expect(planPartitions(cw({ ...fast, fanOut: { share: 0.25 } }), { clients: 10, agreements: 20_000 }).sharedRate).toEqual({ requests: 150, perSeconds: 60 });
  });

  it('partitions a source of unknown size (its last collects failed) one open-ended partition per list, so it finishes however large', () => {
    const plan = planPartitions(halo(), null);
    expect(plan.mode).toBe('partitioned');
    expect(plan.partitions).toEqual([
      { index: 0, list: 'invoices', from: 1, to: null },
      { index: 1, list: 'assets', from: 1, to: null },
    ]);
  });

  it('follows fanOut.mode and a forced partition size', () => {
    expect(planPartitions(cw({ fanOut: { mode: 'single' } }), { clients: 1000, agreements: 10_000 }).mode).toBe('single');
    const tiny = planPartitions(cw({ fanOut: { mode: 'partitioned', partitionSize: 3 } }), { clients: 5, agreements: 8 });
    expect(tiny.partitions.map((p) => [p.from, p.to])).toEqual([
      [0, 3],
      [3, 6],
      [6, null],
    ]);
  });

  it('keeps a vendor whose pull does not split in one invocation, whatever its size', () => {
    const ninja = SourceConfig.parse({ id: 'ninja', kind: 'ninjaone', baseUrl: 'https://app.ninjarmm.com', clientId: secret, clientSecret: secret });
    const plan = planPartitions(ninja, { devices: 1_000_000 });
    expect([plan.mode, plan.partitions]).toEqual(['single', []]);
  });
});

describe('planPartitions at the edges', () => {
  it('never plans more partitions than an inline Map can run in one execution, whatever size is forced', () => {
    const plan = planPartitions(cw({ fanOut: { mode: 'partitioned', partitionSize: 1 } }), { clients: 10, agreements: 50_000 });
    expect(plan.partitions.length).toBeLessThanOrEqual(MAX_PARTITIONS);
    expectContiguous(plan.partitions, 'agreements', 0);
  });
});

describe('planPartitions for a list paged by offset', () => {
  it('cuts Kaseya VSA agents into $skip ranges of whole pages, the last open-ended', () => {
    const vsa = SourceConfig.parse({ id: 'vsa', kind: 'kaseyavsa', baseUrl: 'https://vsa.example.com/api/v1.0', username: secret, personalAccessToken: secret });
    expect(planPartitions(vsa, { clients: 1000, devices: 100_000 }).mode).toBe('single');
    const plan = planPartitions(vsa, { clients: 5000, devices: 500_000 });
    expect(plan.mode).toBe('partitioned');
    expectContiguous(plan.partitions, 'devices', 0);
    // 710 requests of 100 agents each: 300 s at half of 285 a minute.
    expect(plan.partitions[0]).toEqual({ index: 0, list: 'devices', from: 0, to: 710 * 100 });
    expect(plan.requests).toBe(50 + 5000);
  });
});

describe('planPartitions for a labor work pull that splits', () => {
  const syncro = (extra: Record<string, unknown> = {}) =>
    SourceConfig.parse({ id: 'syncro', kind: 'syncro', baseUrl: 'https://acme.syncromsp.com/api/v1', apiKey: secret, ...extra });
  // What a 1,000-client Syncro read over 45 days (bench:connectors): its timers, tickets updated in the window, and invoices.
  const large = { 'work:ticket_timers': 45_819, 'work:tickets': 15_562, 'work:invoices': 2_000 };

  it('partitions a work pull never sized (labor just turned on), so a first read too long for one invocation cannot cost the seats', () => {
    const plan = planPartitions(syncro({ labor: { enabled: true } }), {});
    expect(plan.mode).toBe('partitioned');
    expect(plan.partitions.map((p) => [p.list, p.from, p.to])).toEqual([
      ['work:ticket_timers', 1, null],
      ['work:tickets', 1, null],
      ['work:invoices', 1, null],
    ]);
  });

  it('keeps Syncro in one invocation without labor, or with a small work set', () => {
    expect(planPartitions(syncro(), large).mode).toBe('single');
    expect(planPartitions(syncro({ labor: { enabled: true } }), { 'work:ticket_timers': 2_000, 'work:tickets': 500, 'work:invoices': 100 }).mode).toBe('single');
  });

  it("splits Syncro's timers, tickets and invoices by page number at the whole of its limit", () => {
    const plan = planPartitions(syncro({ labor: { enabled: true } }), large);
    expect(plan.mode).toBe('partitioned');
    // All of 180 a minute less the 5% headroom: the limit is the source's own, no other integration shares it.
    expect(plan.sharedRate).toEqual({ requests: 171, perSeconds: 60 });
    for (const list of ['work:ticket_timers', 'work:tickets', 'work:invoices']) expectContiguous(plan.partitions, list, 1);
    // 1,833 pages of 25 timers, 855 pages a partition (300 s at 2.85 requests a second).
    expect(plan.partitions.filter((p) => p.list === 'work:ticket_timers').map((p) => [p.from, p.to])).toEqual([
      [1, 856],
      [856, 1711],
      [1711, null],
    ]);
    // The head: the catalog and the users' names.
    expect(plan.requests).toBe(2 + Math.ceil(45_819 / 25) + Math.ceil(15_562 / 25) + Math.ceil(2_000 / 25));
  });

  it('with no earlier night to size from, plans one open-ended partition per work list', () => {
    const plan = planPartitions(syncro({ labor: { enabled: true } }), null);
    expect(plan.partitions.map((p) => p.list)).toEqual(['work:ticket_timers', 'work:tickets', 'work:invoices']);
    expect(plan.partitions.every((p) => p.to === null)).toBe(true);
  });
});
