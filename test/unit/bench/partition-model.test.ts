import { describe, expect, it } from 'vitest';
import { lambdaCpuSeconds, LAMBDA_CAP_SECONDS, leastWallSeconds, planPartitions, rateFloorSeconds, type PullShape } from '../../../bench/support/partition-model';

const cw: PullShape = { requests: 15_020, pace: { requests: 285, perSeconds: 60 }, concurrency: 1, latencySeconds: 0.25, cpuSeconds: 20 };

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

describe('planPartitions', () => {
  it('keeps a pull that fits one invocation in one', () => {
    const plan = planPartitions({ ...cw, requests: 500, cpuSeconds: 1 });
    expect(plan).toMatchObject({ partitions: 1, mapConcurrency: 1, requestsPerPartition: 500 });
    expect(plan.wallSeconds).toBe(Math.max(rateFloorSeconds(500, cw.pace), 500 * (0.25 + 1 / 500)));
  });

  it('splits a long pull so every partition fits the Lambda cap, and never beats the rate floor', () => {
    const plan = planPartitions(cw);
    expect(plan.partitions).toBeGreaterThan(1);
    expect(plan.partitionSeconds).toBeLessThan(LAMBDA_CAP_SECONDS);
    expect(plan.partitions * plan.requestsPerPartition).toBeGreaterThanOrEqual(cw.requests);
    expect(plan.wallSeconds).toBeGreaterThanOrEqual(rateFloorSeconds(cw.requests, cw.pace));
    expect(plan.workerSeconds).toBeGreaterThanOrEqual(plan.wallSeconds);
  });

  it('runs more partitions at once when one worker cannot keep up with the pace', () => {
    // 285 a minute is 4.75 a second; one worker at 250 ms a request does under 4.
    expect(planPartitions(cw).mapConcurrency).toBe(2);
    expect(planPartitions({ ...cw, latencySeconds: 0.1 }).mapConcurrency).toBe(1);
  });

  it('takes twice as long at half the pace once the pace binds', () => {
    const full = planPartitions({ ...cw, latencySeconds: 0.05 });
    const half = planPartitions({ ...cw, latencySeconds: 0.05, pace: { requests: 142, perSeconds: 60 } });
    expect(half.wallSeconds / full.wallSeconds).toBeCloseTo(285 / 142, 1);
  });
});

describe('lambdaCpuSeconds', () => {
  it('stretches CPU time below one vCPU (1,769 MB) and leaves it above', () => {
    expect(lambdaCpuSeconds(10, 1769)).toBe(10);
    expect(lambdaCpuSeconds(10, 3538)).toBe(10);
    expect(lambdaCpuSeconds(10, 1024)).toBeCloseTo(17.28, 2);
  });
});
