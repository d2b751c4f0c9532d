import { VENDORS } from '../../shared/connectors/vendors';
import type { VendorLimits } from '../../shared/connectors/vendors/define';
import type { VendorKind } from '../../shared/domain/model';
import { leastWallSeconds, rateFloorSeconds } from './aws-projection';

export type { VendorKind, VendorLimits };

/**
 * The documented limits each simulator enforces in the benchmark (vendor-apis/README.md): each
 * vendor's own (its config.ts). ConnectWise and NinjaOne publish no rate [I]: they get the connectors' own default, 300/60 s.
 */
export const VENDOR_LIMITS = Object.fromEntries(Object.values(VENDORS).map((v) => [v.kind, v.limits])) as Record<VendorKind, VendorLimits>;

/**
 * The least wall time `requests` can take: under a sliding window of R starts per W seconds,
 * request k (0-based) cannot start before floor(k / R) * W; and each request waits `latencyMs`,
 * `concurrency` at a time; `both` applies the two together (leastWallSeconds).
 */
export function wallFloorSeconds(requests: number, limits: VendorLimits, latencyMs: number): { rate: number; latency: number; both: number } {
  return {
    rate: rateFloorSeconds(requests, limits.rateLimit),
    latency: (requests * latencyMs) / 1000 / limits.concurrency,
    both: leastWallSeconds(requests, limits.rateLimit, latencyMs / 1000, limits.concurrency),
  };
}
