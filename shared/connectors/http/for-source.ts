import type { SourceConfig } from '../../config/schema';
import type { ConnectorDeps } from '../types';
import type { AuthStrategy } from './auth';
import { HttpClient } from './client';
import { SlidingWindowLimiter } from './rate-limiter';

export interface RateLimit {
  requests: number;
  perSeconds: number;
}

/** The source's configured rate limit, or the vendor's documented (or chosen) default. */
export function sourceLimiter(source: Pick<SourceConfig, 'rateLimit'>, deps: ConnectorDeps, vendorDefault: RateLimit): SlidingWindowLimiter {
  const limit = source.rateLimit ?? vendorDefault;
  return new SlidingWindowLimiter(limit.requests, limit.perSeconds, Date.now, deps.sleep);
}

export interface SourceHttpOptions {
  vendor: string;
  baseUrl: string;
  auth: AuthStrategy;
  authHint: string;
  /** None only for endpoints the vendor exempts from its limits (Autotask's zone lookup). */
  limiter?: SlidingWindowLimiter;
}

/** One HttpClient for a configured source: its timeouts, retries and the injected fetch and clock. */
export function httpForSource(source: Pick<SourceConfig, 'timeoutMs' | 'maxRetries'>, deps: ConnectorDeps, opts: SourceHttpOptions): HttpClient {
  return new HttpClient({ ...opts, timeoutMs: source.timeoutMs, maxRetries: source.maxRetries, fetch: deps.fetch, sleep: deps.sleep });
}
