import type { SourceConfig } from '../../shared/config/schema';

export type VendorKind = SourceConfig['kind'];

export interface VendorLimits {
  /** What the simulator enforces, as the vendor documents it. */
  rateLimit: { requests: number; perSeconds: number };
  /** Largest page the vendor serves; undefined where it publishes none (the source's own pageSize is used). */
  maxPageSize?: number;
  /** Requests the connector keeps in flight at once, for the latency floor. */
  concurrency: number;
}

/**
 * The documented limits each simulator enforces in the benchmark (vendor-apis/README.md).
 * ConnectWise and NinjaOne publish no rate [I]: they get the connectors' own default, 300/60 s.
 */
export const VENDOR_LIMITS: Record<VendorKind, VendorLimits> = {
  // [V] 1,000 records per page; [I] no published rate.
  connectwise: { rateLimit: { requests: 300, perSeconds: 60 }, maxPageSize: 1000, concurrency: 1 },
  // [V] 10,000 per rolling hour, 500 per page; up to 3 `in` batches in flight per entity.
  autotask: { rateLimit: { requests: 10_000, perSeconds: 3600 }, maxPageSize: 500, concurrency: 3 },
  // [V3] 700 per rolling 5 minutes; [I] no published page maximum.
  halopsa: { rateLimit: { requests: 700, perSeconds: 300 }, concurrency: 1 },
  // [V] 180 per minute; the page size is the server's own (see minimums.ts).
  syncro: { rateLimit: { requests: 180, perSeconds: 60 }, concurrency: 1 },
  // [I] no published rate or page maximum.
  ninjaone: { rateLimit: { requests: 300, perSeconds: 60 }, concurrency: 1 },
  // [V] 600 in the past 60 s, account-wide; 250 per page.
  dattormm: { rateLimit: { requests: 600, perSeconds: 60 }, maxPageSize: 250, concurrency: 1 },
  // [V3] 1,000 per minute; [V] 200 per page.
  pax8: { rateLimit: { requests: 1000, perSeconds: 60 }, maxPageSize: 200, concurrency: 1 },
};

/**
 * The least wall time `requests` can take: under a sliding window of R starts per W seconds,
 * request k (0-based) cannot start before floor(k / R) * W; and each request waits `latencyMs`,
 * `concurrency` at a time.
 */
export function wallFloorSeconds(requests: number, limits: VendorLimits, latencyMs: number): { rate: number; latency: number } {
  const { requests: r, perSeconds: w } = limits.rateLimit;
  return {
    rate: requests > 0 ? Math.floor((requests - 1) / r) * w : 0,
    latency: (requests * latencyMs) / 1000 / limits.concurrency,
  };
}
