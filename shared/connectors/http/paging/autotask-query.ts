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
 * Records whose `field` is one of `values`: one query per 500 values instead of one per parent,
 * to spend as little of the 10,000-an-hour budget as possible, and at most 3 at a time.
 */
export async function autotaskQueryIn(
  http: HttpClient,
  q: Omit<AutotaskQuery, 'filter'> & { field: string; values: readonly number[]; also?: AutotaskFilter[] },
): Promise<unknown[]> {
  const values = [...new Set(q.values)];
  const batches: number[][] = [];
  for (let i = 0; i < values.length; i += AUTOTASK_MAX_IN_VALUES) batches.push(values.slice(i, i + AUTOTASK_MAX_IN_VALUES));
  const pages = await mapLimited(batches, AUTOTASK_THREADS_PER_ENTITY, (batch) =>
    autotaskQueryAll(http, { ...q, filter: [{ op: 'in', field: q.field, value: batch }, ...(q.also ?? [])] }),
  );
  return pages.flat();
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
