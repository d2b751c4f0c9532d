import { z } from 'zod';
import type { HttpClient, HttpRequest } from '../client';
import { VendorRequestError } from '../errors';

/**
 * A Halo list body: `{record_count, <plural>: [...]}` [V: n8n HaloPSA node], but some endpoints
 * (/Agent, /Status) answer a bare array [V3]. Records stay unknown; callers validate them one by one.
 */
const Envelope = z.object({ record_count: z.number().int().nonnegative().optional() }).catchall(z.unknown());

export interface HaloList {
  records: unknown[];
  /** The total the server reports; undefined for a bare array. */
  recordCount: number | undefined;
}

/** Unwraps a Halo list body by its plural key, or as a bare array; anything else is an error. */
export function unwrapHaloList(body: unknown, key: string): HaloList | undefined {
  if (Array.isArray(body)) return { records: body, recordCount: undefined };
  const envelope = Envelope.safeParse(body);
  if (!envelope.success) return undefined;
  const records = envelope.data[key];
  return Array.isArray(records) ? { records, recordCount: envelope.data.record_count } : undefined;
}

/**
 * Halo paging: `pageinate=true&page_size=N&page_no=1,2,...` until the records collected reach
 * `record_count` [V: n8n's loop]. Without `pageinate` Halo answers only its default 50 rows [V3],
 * so it is always sent.
 */
export async function* haloPages(
  http: HttpClient,
  first: Pick<HttpRequest, 'path' | 'query'> & { key: string },
  pageSize: number,
): AsyncGenerator<unknown[]> {
  let collected = 0;
  for (let pageNo = 1; ; pageNo++) {
    const res = await http.json({ path: first.path, query: { ...first.query, pageinate: true, page_size: pageSize, page_no: pageNo } });
    const list = unwrapHaloList(res.body, first.key);
    const where = http.url(first.path).pathname;
    if (!list)
      throw new VendorRequestError(http.vendor, `${where} page ${pageNo} is neither {record_count, ${first.key}} nor a JSON array (HTTP ${res.status})`, res.status);
    if (list.records.length > 0) yield list.records;
    collected += list.records.length;
    // [I] a bare array has no record_count: a short page ends the list. An empty page always
    // does, so a record_count that overstates the list cannot loop the nightly pull forever.
    const done = list.recordCount === undefined ? list.records.length < pageSize : collected >= list.recordCount;
    if (done || list.records.length === 0) return;
  }
}
