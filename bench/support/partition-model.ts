import type { RateLimit } from '../../shared/connectors/http/for-source';

/**
 * How a source's pull would run in AWS, modelled from what the benchmark measured (requests, CPU)
 * and the vendor's limit: one collect invocation while it fits, else partitions run by a Map state
 * whose workers share the vendor's limit. Pure arithmetic, so it can be checked by a unit test.
 */

/** Lambda's hard cap on one invocation. */
export const LAMBDA_CAP_SECONDS = 900;
/** What a partition is planned to use of the cap: a fifth kept for retries, Retry-After and the cold start. */
export const PARTITION_BUDGET_SECONDS = 720;
/** Lambda gives one full vCPU at 1,769 MB, and CPU in proportion to memory below it. */
export const ONE_VCPU_MB = 1769;

export interface PullShape {
  /** Requests counted against the vendor's limit (token and zone calls excluded). */
  requests: number;
  /** The pace all of the source's workers keep together. */
  pace: RateLimit;
  /** Requests one worker keeps in flight (the connector's own concurrency). */
  concurrency: number;
  /** Round trip of one request to the vendor, seconds (assumed: no vendor publishes it). */
  latencySeconds: number;
  /** CPU seconds the whole pull needs in Lambda. */
  cpuSeconds: number;
}

export interface PartitionPlan {
  partitions: number;
  /** Partitions running at once (the Map state's MaxConcurrency). */
  mapConcurrency: number;
  requestsPerPartition: number;
  /** How long one full partition runs, seconds. */
  partitionSeconds: number;
  /** The source's collect from first request to last, seconds. */
  wallSeconds: number;
  /** Every partition's duration added up: what Lambda bills. */
  workerSeconds: number;
  /** The least wall time the pace allows for these requests (sliding window). */
  rateFloorSeconds: number;
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

export function planPartitions(shape: PullShape): PartitionPlan {
  const { requests, pace, concurrency, latencySeconds, cpuSeconds } = shape;
  const floor = rateFloorSeconds(requests, pace);
  if (requests === 0) return { partitions: 1, mapConcurrency: 1, requestsPerPartition: 0, partitionSeconds: cpuSeconds, wallSeconds: cpuSeconds, workerSeconds: cpuSeconds, rateFloorSeconds: 0 };
  // One worker alone: each request waits its round trip (concurrency at a time) and its share of CPU.
  const workerRate = 1 / (latencySeconds / concurrency + cpuSeconds / requests);
  const single = Math.max(floor, requests / workerRate);
  if (single <= PARTITION_BUDGET_SECONDS)
    return { partitions: 1, mapConcurrency: 1, requestsPerPartition: requests, partitionSeconds: single, wallSeconds: single, workerSeconds: single, rateFloorSeconds: floor };
  // Enough workers at once to use the whole pace; more would only queue on the shared bucket.
  const paceRate = pace.requests / pace.perSeconds;
  const mapConcurrency = Math.max(1, Math.ceil(paceRate / workerRate));
  const perWorker = Math.min(workerRate, paceRate / mapConcurrency);
  const requestsPerPartition = Math.max(1, Math.floor(perWorker * PARTITION_BUDGET_SECONDS));
  const partitions = Math.ceil(requests / requestsPerPartition);
  const wallSeconds = Math.max(floor, requests / (perWorker * mapConcurrency));
  return {
    partitions,
    mapConcurrency,
    requestsPerPartition,
    partitionSeconds: requestsPerPartition / perWorker,
    wallSeconds,
    workerSeconds: requests / perWorker,
    rateFloorSeconds: floor,
  };
}
