import * as z from 'zod';
import type { HttpClient } from '../client';
import { VendorRequestError } from '../errors';

/** A query condition, or an and/or group of them: QueryModel's Filter (panoramicdata Data/Filter.cs) [V]. */
export type AutotaskFilter =
  | { op: 'eq' | 'noteq' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'notIn'; field: string; value: unknown }
  | { op: 'exist' | 'notExist'; field: string }
  | { op: 'and' | 'or'; items: AutotaskFilter[] };

export interface AutotaskQuery {
  /** The entity's path segment, e.g. "Contracts". */
  entity: string;
  /** Top-level conditions are AND-ed. Autotask refuses a query without one [V]. */
  filter: [AutotaskFilter, ...AutotaskFilter[]];
  includeFields: readonly string[];
  /** MaxRecords: at most 500 per page [V]. */
  pageSize: number;
}

/** QueryActionResult<T> (panoramicdata Data/QueryActionResult.cs, Data/PageDetails.cs) [V]. */
const Envelope = z.object({
  items: z.array(z.unknown()),
  pageDetails: z.object({ nextPageUrl: z.string().min(1).nullable().optional() }),
});

/** Values in one `in` condition: Autotask allows at most 500 OR conditions per query [V]. */
export const AUTOTASK_MAX_IN_VALUES = 500;
/** Integrations created after 2023.1 get 3 concurrent threads per entity endpoint [V]. */
export const AUTOTASK_THREADS_PER_ENTITY = 3;

/**
 * POST /V1.0/{Entity}/query, then POST the same body to pageDetails.nextPageUrl until it is null.
 * A GET on a next link of a POSTed query is refused with 405 [V3: WYRE-AI/autotask-mcp #170].
 * The query only reads, so HttpClient may repeat it after a 5xx or a timeout.
 */
export async function* autotaskPages(http: HttpClient, q: AutotaskQuery): AsyncGenerator<unknown[]> {
  // Results over one page are paged by id, which IncludeFields must then contain [V].
  const includeFields = [...new Set(['id', ...q.includeFields])];
  const body = { MaxRecords: Math.min(q.pageSize, 500), IncludeFields: includeFields, Filter: q.filter };
  let url = http.url(`V1.0/${q.entity}/query`).href;
  const followed = new Set<string>([url]);
  const list = url;
  let read = 0;
  for (;;) {
    const res = await http.json({ method: 'POST', path: url, json: body, idempotent: true });
    const page = Envelope.safeParse(res.body);
    if (!page.success)
      throw new VendorRequestError(http.vendor, `${q.entity} query did not return {items, pageDetails} (HTTP ${res.status})`, res.status);
    http.recordsRead(list, (read += page.data.items.length));
    yield page.data.items;
    const next = page.data.pageDetails.nextPageUrl;
    if (!next) return;
    // [I] Autotask sends absolute links; a relative one is resolved against the page it came from.
    url = new URL(next, url).href;
    // A server handing back a link already followed would loop the nightly pull forever.
    if (followed.has(url)) throw new VendorRequestError(http.vendor, `${q.entity} next page link repeats; stopped paging`);
    followed.add(url);
  }
}

/** Every record of one query, all pages. */
export async function autotaskQueryAll(http: HttpClient, q: AutotaskQuery): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const page of autotaskPages(http, q)) items.push(...page);
  return items;
}

/**
 * Records whose `field` is one of `values`: one query per batch of at most 500 values instead of
 * one per parent, to spend as little of the 10,000-an-hour budget as possible, and at most 3 at a
 * time. A batch's records come in pages, so a batch whose records run just past a page costs one
 * nearly empty page more: the first batch shows how the records spread over the values, and the
 * rest are cut to fill whole pages (inBatchSize).
 */
export async function autotaskQueryIn(
  http: HttpClient,
  q: Omit<AutotaskQuery, 'filter'> & { field: string; values: readonly number[]; also?: AutotaskFilter[] },
): Promise<unknown[]> {
  const values = [...new Set(q.values)];
  const query = (batch: number[]) => autotaskQueryAll(http, { ...q, filter: [{ op: 'in', field: q.field, value: batch }, ...(q.also ?? [])] });
  const first = values.slice(0, AUTOTASK_MAX_IN_VALUES);
  const head = await query(first);
  if (values.length === first.length) return head;
  const perValue = new Map<unknown, number>();
  for (const r of head) {
    const v = (r as Record<string, unknown> | null)?.[q.field];
    perValue.set(v, (perValue.get(v) ?? 0) + 1);
  }
  const size = inBatchSize(first.map((v) => perValue.get(v) ?? 0), Math.min(q.pageSize, 500));
  const batches: number[][] = [];
  for (let i = first.length; i < values.length; i += size) batches.push(values.slice(i, i + size));
  const rest = await mapLimited(batches, AUTOTASK_THREADS_PER_ENTITY, query);
  return [head, ...rest].flat();
}

/** Values per block when estimating how much runs of values differ (20 blocks in a first batch). */
const BLOCK = 25;

/**
 * Values per `in` batch, from the records each value had in a first batch: the most values per
 * page read, where a run of that many values fits in a whole number of pages with room for two
 * standard deviations (estimated from disjoint blocks of the first batch, scaled to the run's
 * length) and for the busiest run seen, so few later batches spill into a page more. At most 500
 * values [V].
 */
export function inBatchSize(recordsPerValue: readonly number[], pageSize: number): number {
  const n = recordsPerValue.length;
  const total = recordsPerValue.reduce((a, b) => a + b, 0);
  if (total === 0) return AUTOTASK_MAX_IN_VALUES;
  const prefix = [0];
  for (const c of recordsPerValue) prefix.push(prefix[prefix.length - 1]! + c);
  const blocks = Array.from({ length: Math.floor(n / BLOCK) }, (_, i) => prefix[(i + 1) * BLOCK]! - prefix[i * BLOCK]!);
  const blockMean = (BLOCK * total) / n;
  const blockVariance = blocks.reduce((a, b) => a + (b - blockMean) ** 2, 0) / Math.max(1, blocks.length);
  let best = { size: 1, perPage: 0 };
  for (let size = 1; size <= Math.min(AUTOTASK_MAX_IN_VALUES, n); size++) {
    let busiest = 0;
    for (let i = 0; i + size <= n; i++) busiest = Math.max(busiest, prefix[i + size]! - prefix[i]!);
    const likely = (size * total) / n + 2 * Math.sqrt((size / BLOCK) * blockVariance);
    const perPage = size / Math.max(1, Math.ceil(Math.max(busiest, likely) / pageSize));
    if (perPage >= best.perPage) best = { size, perPage };
  }
  return best.size;
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
