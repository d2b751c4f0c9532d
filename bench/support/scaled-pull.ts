import type { DemoVendors } from '../../local/demo/vendors';
import type { LoggedRequest } from '../../local/simulators/harness';
import { defaultPace } from '../../shared/connectors/http/for-source';
import type { SourceConfig } from '../../shared/config/schema';
import { minimumRequests, type ListCost } from './minimums';
import { rateFloorSeconds } from './aws-projection';
import { runPullWorker } from './run-worker';
import { VENDOR_LIMITS, wallFloorSeconds, type VendorKind } from './vendor-limits';
import type { PullResult } from './worker-protocol';

/**
 * One source's pull through the real connector, in its own process, against its simulator
 * enforcing the vendor's documented limit, with time scaled by `scale`: every window, latency
 * and wait is `scale` times shorter, the requests a window allows are the same. So the ratios
 * (requests to the minimum, wall time to the floor) hold, and a pull the limit stretches to an
 * hour takes a minute. Times reported here are in unscaled (vendor) seconds.
 */

export interface ScaledPullOptions {
  source: SourceConfig;
  sims: DemoVendors;
  runDate: string;
  env: Record<string, string>;
  /** Simulated vendor latency per request, unscaled ms. */
  latencyMs: number;
  /** Real seconds a rate-bound pull is scaled to take. */
  targetSeconds: number;
}

export interface ScaledPull {
  source: SourceConfig;
  result: Extract<PullResult, { ok: true }>;
  served: LoggedRequest[];
  minimum: ListCost[];
  /** Requests against the limit: what the simulator served, less token and zone calls. */
  limitedRequests: number;
  scale: number;
  /** Wall time in vendor seconds (measured real seconds times the scale). */
  wallSeconds: number;
  floor: { rate: number; latency: number; both: number };
}

/** Real milliseconds each request keeps at least, so local CPU does not pose as vendor time once scaled. */
const MIN_REAL_MS_PER_REQUEST = 10;

export function timeScaleFor(rateFloorAtPace: number, requests: number, targetSeconds: number): number {
  if (rateFloorAtPace <= targetSeconds || requests === 0) return 1;
  return Math.max(1, Math.min(rateFloorAtPace / targetSeconds, rateFloorAtPace / ((requests * MIN_REAL_MS_PER_REQUEST) / 1000)));
}

export async function scaledPull(o: ScaledPullOptions): Promise<ScaledPull> {
  const kind = o.source.kind as VendorKind;
  const limits = VENDOR_LIMITS[kind];
  const pace = defaultPace(limits.rateLimit);
  const minimum = minimumRequests(o.source, o.sims, o.runDate);
  const minApi = minimum.filter((m) => !m.auth).reduce((n, m) => n + m.requests, 0);
  const scale = timeScaleFor(rateFloorSeconds(minApi, pace), minApi, o.targetSeconds);
  const sim = o.sims[kind];
  const before = sim.log.length;
  sim.faults = { latencyMs: o.latencyMs / scale, rateLimit: { ...limits.rateLimit, perSeconds: limits.rateLimit.perSeconds / scale } };
  // The connector paces at its default (the documented limit less its headroom), time-scaled alike.
  const source = { ...o.source, rateLimit: { ...pace, perSeconds: pace.perSeconds / scale } };
  try {
    const result = await runPullWorker({ source, runDate: o.runDate, env: o.env });
    if (!result.ok) throw new Error(`${o.source.id}: the pull failed: ${result.error}`);
    const served = sim.log.slice(before);
    const auth = served.filter((r) => minimum.some((m) => m.auth && m.route.test(r.path))).length;
    return {
      source: o.source,
      result,
      served,
      minimum,
      limitedRequests: served.length - auth,
      scale,
      wallSeconds: (result.wallMs / 1000) * scale,
      floor: wallFloorSeconds(minApi, limits, o.latencyMs),
    };
  } finally {
    sim.faults = {};
  }
}
