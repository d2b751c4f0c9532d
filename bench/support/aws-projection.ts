import type { RateLimit } from '../../shared/connectors/http/for-source';
import type { PartitionPlan } from '../../shared/connectors/partitions';

/**
 * How a source's pull would run in AWS: the real partition plan (shared/connectors/plan.ts, fed
 * the list sizes the pull measured) says one invocation or how many partitions, how many at once
 * and the rate they share; this projects its wall time and billed time from what the benchmark
 * measured (requests, CPU). Pure arithmetic, so it can be checked by a unit test.
 */

/** Lambda's hard cap on one invocation. */
export const LAMBDA_CAP_SECONDS = 900;
/** Lambda gives one full vCPU at 1,769 MB, and CPU in proportion to memory below it. */
export const ONE_VCPU_MB = 1769;

export interface MeasuredPull {
  /** Requests counted against the vendor's limit (token and zone calls excluded). */
  requests: number;
  /** The pace one invocation keeps (the source's rate); a partitioned plan's workers keep its sharedRate together. */
  pace: RateLimit;
  /** Requests one worker keeps in flight (the connector's own concurrency). */
  concurrency: number;
  /** Round trip of one request to the vendor, seconds (assumed: no vendor publishes it). */
  latencySeconds: number;
  /** CPU seconds the whole pull needs in Lambda. */
  cpuSeconds: number;
}

export interface CollectProjection {
  /** Invocations: one, or the plan's partitions. */
  partitions: number;
  /** Partitions running at once (the plan's MaxConcurrency). */
  atOnce: number;
  /** The pace all workers keep together. */
  pace: RateLimit;
  /** How long one average partition (or the one invocation) runs, seconds: must stay under the cap. */
  partitionSeconds: number;
  /** The source's collect from first request to last, seconds. */
  wallSeconds: number;
  /** Every invocation's duration added up: what Lambda bills. */
  workerSeconds: number;
}

/**
 * The least wall time `requests` can take under a sliding window of R starts per W seconds:
 * request k (0-based) cannot start before floor(k / R) * W.
 */
export function rateFloorSeconds(requests: number, pace: RateLimit): number {
  return requests > 0 ? Math.floor((requests - 1) / pace.requests) * pace.perSeconds : 0;
}

/**
 * The least wall time under both the limit and the round trips: request k starts no earlier than
 * request k - R plus the window (sliding), nor than request k - concurrency plus the latency; the
 * last one ends a latency later. Past the last full window, the remaining requests still take
 * their round trips one after another, which neither floor alone counts.
 */
export function leastWallSeconds(requests: number, pace: RateLimit, latencySeconds: number, concurrency: number): number {
  if (requests === 0) return 0;
  const starts = new Float64Array(requests);
  for (let k = 0; k < requests; k++) {
    const byRate = k >= pace.requests ? starts[k - pace.requests]! + pace.perSeconds : 0;
    const byLatency = k >= concurrency ? starts[k - concurrency]! + latencySeconds : 0;
    starts[k] = Math.max(byRate, byLatency);
  }
  return starts[requests - 1]! + latencySeconds;
}

/** CPU seconds measured on one core, as a Lambda of `memoryMb` would take them. */
export function lambdaCpuSeconds(measuredCpuSeconds: number, memoryMb: number): number {
  return measuredCpuSeconds * Math.max(1, ONE_VCPU_MB / memoryMb);
}

/**
 * The measured pull run as the plan says: each worker does a request per round trip (its
 * concurrency at a time) plus its share of CPU, and the workers together never beat the pace's
 * floor (the plan's shared rate when partitioned). Workers waiting on the shared bucket are
 * still billed, so every worker runs the whole wall time.
 */
export function projectCollect(plan: PartitionPlan, measured: MeasuredPull): CollectProjection {
  const { requests, latencySeconds, concurrency, cpuSeconds } = measured;
  const partitioned = plan.mode === 'partitioned';
  const pace = partitioned ? plan.sharedRate : measured.pace;
  const partitions = partitioned ? plan.partitions.length : 1;
  const atOnce = partitioned ? plan.maxConcurrency : 1;
  if (requests === 0) return { partitions, atOnce, pace, partitionSeconds: cpuSeconds, wallSeconds: cpuSeconds, workerSeconds: cpuSeconds };
  const workerRate = 1 / (latencySeconds / concurrency + cpuSeconds / requests);
  const wallSeconds = Math.max(rateFloorSeconds(requests, pace), requests / (workerRate * atOnce));
  const workerSeconds = wallSeconds * atOnce;
  return { partitions, atOnce, pace, partitionSeconds: workerSeconds / partitions, wallSeconds, workerSeconds };
}
