import type * as z from 'zod';
import type { ApiRootRule } from '../../config/api-root';
import type { ROLE_OF, VendorKind } from '../../domain/model';
import type { SourceConfig } from '../../config/schema';
import type { HttpClient } from '../http/client';
import { httpForSource, sourceLimiter, type RateLimit, type SourceHttpOptions } from '../http/for-source';
import type { Connector, ConnectorDeps, PsaConnector } from '../types';
import type { PartitionSpec } from '../partitions';

/** A vendor's documented (or chosen) limits: the connector's default rate and what the benchmark's simulators enforce. */
export interface VendorLimits {
  /** The default when a source sets no rateLimit; the simulator enforces it in the benchmark. */
  rateLimit: RateLimit;
  /** Largest page the vendor serves; undefined where it publishes none (the source's own pageSize is used). */
  maxPageSize?: number;
  /** Requests the connector keeps in flight at once, for the benchmark's latency floor. */
  concurrency: number;
}

type WebPath = (id: string) => string | undefined;
/** Paths in the vendor's web app (after the source's webUrl), for agreements and clients by their external id; none where no pattern is known. */
export interface VendorWebLinks {
  agreement?: WebPath;
  client?: WebPath;
  /** A time entry and a service ticket, for the labor review list's "open it in the PSA". */
  timeEntry?: WebPath;
  ticket?: WebPath;
}
/** Ids Trueup prefixed to keep two record kinds apart (the vendor's map.ts): the vendor's own id, or undefined. */
export const unprefixed = (id: string, prefix: string): string | undefined => (id.startsWith(prefix) ? id.slice(prefix.length) : undefined);

type Role<K extends VendorKind> = (typeof ROLE_OF)[K];

/** Everything Trueup knows about one vendor, in its folder under shared/connectors/vendors/<kind>/. */
export interface VendorModule<K extends VendorKind = VendorKind, S extends z.ZodType<{ kind: K }> = z.ZodType<{ kind: K }>> {
  kind: K;
  /** Must agree with ROLE_OF in the domain (a compile error otherwise). */
  role: Role<K>;
  /** The source's config schema: SourceConfig and the JSON Schema are the union of these. */
  config: S;
  limits: VendorLimits;
  /** How the pull splits past one invocation; absent: it always runs whole (shared/connectors/partitions.ts). */
  partitions?: PartitionSpec;
  /** How the labor work pull splits (WorkConnector.partitionedWork); absent: it runs whole, after the seats. */
  workPartitions?: PartitionSpec;
  /** What baseUrl means; absent when the vendor finds its API root itself (Autotask's zone lookup). */
  apiRoot?: ApiRootRule;
  /** Deep links into the vendor's web app (shared/connectors/web-links.ts has the table). */
  webLinks: VendorWebLinks;
  /** The vendor's simulator, for local/ and tests only (a path, so no Lambda bundle imports it). */
  simulator: string;
  /** A PSA's connector can also read and write lines. */
  createConnector(source: z.infer<S>, deps: ConnectorDeps): Role<K> extends 'psa' ? PsaConnector : Connector;
}

/** Checks one vendor's module where it is written, keeping its literal kind and config type. */
export const defineVendor = <const K extends VendorKind, S extends z.ZodType<{ kind: K }>>(vendor: VendorModule<K, S>): VendorModule<K, S> => vendor;

/**
 * The scaffold every connector starts from: one HttpClient for the source, paced at the source's
 * rateLimit or else the vendor's default, and the sourceId and stats every connector returns.
 */
export function defineConnector(
  source: Pick<SourceConfig, 'id' | 'timeoutMs' | 'maxRetries' | 'rateLimit'>,
  deps: ConnectorDeps,
  opts: Omit<SourceHttpOptions, 'limiter'> & { limits: VendorLimits },
): { http: HttpClient; core: Pick<Connector, 'sourceId' | 'stats'> } {
  const { limits, ...http } = opts;
  const client = httpForSource(source, deps, { ...http, limiter: sourceLimiter(source, deps, limits.rateLimit) });
  return { http: client, core: { sourceId: source.id, stats: () => ({ ...client.stats }) } };
}
