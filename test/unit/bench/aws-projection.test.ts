import { describe, expect, it } from 'vitest';
import { lambdaCpuSeconds, LAMBDA_CAP_SECONDS, leastWallSeconds, projectCollect, rateFloorSeconds, type MeasuredPull } from '../../../bench/support/aws-projection';
import { SourceConfig } from '../../../shared/config/schema';
import { planPartitions } from '../../../shared/connectors/plan';

const halo = SourceConfig.parse({
  id: 'halo',
  kind: 'halopsa',
  baseUrl: 'https://acme.halopsa.com/api',
  authUrl: 'https://acme.halopsa.com/auth',
  clientId: { env: 'X' },
  clientSecret: { env: 'X' },
});
// A 5,000-client HaloPSA as a night lists it: 15,000 recurring invoices and 500,000 assets, 100 a page.
const large = { invoices: 15_000, assets: 500_000 };
const measured: MeasuredPull = { requests: 5_153, pace: { requests: 630, perSeconds: 300 }, concurrency: 1, latencySeconds: 0.25, cpuSeconds: 40 };

describe('rateFloorSeconds', () => {
  it('lets the first window start at once and each later one a window apart', () => {
    expect(rateFloorSeconds(0, { requests: 10, perSeconds: 60 })).toBe(0);
    expect(rateFloorSeconds(10, { requests: 10, perSeconds: 60 })).toBe(0);
    expect(rateFloorSeconds(11, { requests: 10, perSeconds: 60 })).toBe(60);
    expect(rateFloorSeconds(5350, { requests: 700, perSeconds: 300 })).toBe(7 * 300);
  });
});

describe('leastWallSeconds', () => {
  it('is the rate floor plus one round trip when the round trips are short', () => {
    expect(leastWallSeconds(15_020, { requests: 300, perSeconds: 60 }, 0.025, 1)).toBeCloseTo(50 * 60 + 20 * 0.025, 6);
  });

  it('is the round trips alone when the limit never binds', () => {
    expect(leastWallSeconds(532, { requests: 1000, perSeconds: 60 }, 0.025, 1)).toBeCloseTo(532 * 0.025, 6);
    expect(leastWallSeconds(150, { requests: 10_000, perSeconds: 3600 }, 0.025, 3)).toBeCloseTo(50 * 0.025, 6);
  });

  it('counts the round trips of the requests left after the last full window', () => {
    // 300 fit in the first minute; the other 207 start at 60 s, one after another.
    expect(leastWallSeconds(507, { requests: 300, perSeconds: 60 }, 0.025, 1)).toBeCloseTo(60 + 207 * 0.025, 6);
  });
});

describe('projectCollect', () => {
  it("runs a partitioned plan's partitions, at its concurrency and its shared rate", () => {
    const plan = planPartitions(halo, large);
    expect(plan.mode).toBe('partitioned');
    const aws = projectCollect(plan, measured);
    expect(aws).toMatchObject({ partitions: plan.partitions.length, atOnce: plan.maxConcurrency, pace: plan.sharedRate });
    // Halo's limit, halved for the MSP's other integrations, binds: the wall is the shared rate's floor.
    expect(aws.wallSeconds).toBe(rateFloorSeconds(measured.requests, plan.sharedRate));
    expect(aws.partitionSeconds).toBeLessThan(LAMBDA_CAP_SECONDS);
    expect(aws.workerSeconds).toBeGreaterThanOrEqual(aws.wallSeconds);
  });

  it('takes about twice as long when the partitions take half the limit instead of all of it', () => {
    const half = projectCollect(planPartitions(halo, large), measured);
    const whole = projectCollect(planPartitions({ ...halo, fanOut: { mode: 'auto', singleUpToSeconds: 600, maxConcurrency: 4, share: 1 } }, large), measured);
    expect(half.wallSeconds / whole.wallSeconds).toBeGreaterThan(1.9);
    expect(half.wallSeconds / whole.wallSeconds).toBeLessThan(2.2);
  });

  it("keeps one invocation at the source's own pace when the plan keeps one", () => {
    const plan = planPartitions(halo, { invoices: 150, assets: 5_000 });
    expect(plan.mode).toBe('single');
    const small = { ...measured, requests: 60, cpuSeconds: 1 };
    const aws = projectCollect(plan, small);
    expect(aws).toMatchObject({ partitions: 1, atOnce: 1, pace: small.pace });
    // 60 round trips of 250 ms and a second of CPU: the limit never binds.
    for (const seconds of [aws.partitionSeconds, aws.wallSeconds, aws.workerSeconds]) expect(seconds).toBeCloseTo(16, 6);
  });

  it('is latency-bound when the round trips, not the limit, set the pace', () => {
    const plan = planPartitions(halo, large);
    const slow = projectCollect(plan, { ...measured, latencySeconds: 2 });
    expect(slow.wallSeconds).toBeCloseTo(measured.requests * (2 + measured.cpuSeconds / measured.requests) / plan.maxConcurrency, 6);
    expect(slow.workerSeconds).toBeCloseTo(slow.wallSeconds * plan.maxConcurrency, 6);
  });
});

describe('lambdaCpuSeconds', () => {
  it('stretches CPU time below one vCPU (1,769 MB) and leaves it above', () => {
    expect(lambdaCpuSeconds(10, 1769)).toBe(10);
    expect(lambdaCpuSeconds(10, 3538)).toBe(10);
    expect(lambdaCpuSeconds(10, 1024)).toBeCloseTo(17.28, 2);
  });
});
