import { wallMs } from '../../clock';
import type { SourceConfig } from '../../config/schema';
import type { ConnectorDeps } from '../types';
import type { AuthStrategy } from './auth';
import { HttpClient } from './client';
import type { HttpProgress } from './progress';
import { SlidingWindowLimiter, type RequestLimiter } from './rate-limiter';

export interface RateLimit {
  requests: number;
  perSeconds: number;
}

/**
 * We count a request when it starts, the vendor when it arrives, so pacing at exactly the
 * documented limit still drew the odd 429 in the benchmark; defaults keep 5% in hand.
 */
const DEFAULT_HEADROOM = 0.95;

/** The pace a source keeps when it sets no rateLimit: the vendor's documented (or chosen) limit less the headroom. */
export const defaultPace = (vendorDefault: RateLimit): RateLimit => ({ requests: Math.floor(vendorDefault.requests * DEFAULT_HEADROOM), perSeconds: vendorDefault.perSeconds });

/** The source's configured rate limit as given, or the vendor's default pace. */
export function sourceRate(source: Pick<SourceConfig, 'rateLimit'>, vendorDefault: RateLimit): RateLimit {
  return source.rateLimit ?? defaultPace(vendorDefault);
}

/** A partition worker's limiter is shared with the other workers (deps.limiter); a single pull paces itself at sourceRate. */
export function sourceLimiter(source: Pick<SourceConfig, 'rateLimit'>, deps: ConnectorDeps, vendorDefault: RateLimit): RequestLimiter {
  if (deps.limiter) return deps.limiter;
  const limit = sourceRate(source, vendorDefault);
  return new SlidingWindowLimiter(limit.requests, limit.perSeconds, wallMs, deps.sleep);
}

export interface SourceHttpOptions {
  vendor: string;
  baseUrl: string;
  auth: AuthStrategy;
  authHint: string;
  /** None only for endpoints the vendor exempts from its limits (Autotask's zone lookup). */
  limiter?: RequestLimiter;
}

/** One HttpClient for a configured source: its timeouts, retries, the injected fetch and clock, and where its progress goes. */
export function httpForSource(source: Pick<SourceConfig, 'id' | 'timeoutMs' | 'maxRetries'>, deps: ConnectorDeps, opts: SourceHttpOptions): HttpClient {
  const sink = deps.progress;
  const progress = sink ? (event: HttpProgress) => sink({ ...event, sourceId: source.id }) : undefined;
  return new HttpClient({ ...opts, timeoutMs: source.timeoutMs, maxRetries: source.maxRetries, fetch: deps.fetch, sleep: deps.sleep, progress });
}
