import * as z from 'zod';
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
 * so it is always sent. A short page never ends the list: Halo may serve fewer rows than asked.
 * A partition reads pages `from` to `to` (exclusive). One that starts past page 1 cannot know
 * how many rows came before (pages may be short), so it ends at an empty page, not at
 * record_count: one more request for the list's last partition, never a row missed.
 */
export async function* haloPages(
  http: HttpClient,
  first: Pick<HttpRequest, 'path' | 'query'> & { key: string },
  pageSize: number,
  pages: { from: number; to: number | null } = { from: 1, to: null },
): AsyncGenerator<unknown[]> {
  let collected = 0;
  let previous: string | undefined;
  for (let pageNo = pages.from; pages.to === null || pageNo < pages.to; pageNo++) {
    const res = await http.json({ path: first.path, query: { ...first.query, pageinate: true, page_size: pageSize, page_no: pageNo } });
    const list = unwrapHaloList(res.body, first.key);
    const where = http.url(first.path).pathname;
    if (!list)
      throw new VendorRequestError(http.vendor, `${where} page ${pageNo} is neither {record_count, ${first.key}} nor a JSON array (HTTP ${res.status})`, res.status);
    // An empty page ends any list: a bare array states no total [I], and a record_count that
    // overstates the list (records deleted mid-pull) must not loop the nightly pull forever.
    if (list.records.length === 0) return;
    // [I] a server ignoring page_no would serve page 1 forever.
    const fingerprint = JSON.stringify(list.records[0]);
    if (fingerprint === previous) throw new VendorRequestError(http.vendor, `${where} page ${pageNo} repeats page ${pageNo - 1}; stopped paging`);
    previous = fingerprint;
    http.recordsRead(first.path, collected + list.records.length);
    yield list.records;
    collected += list.records.length;
    if (pages.from === 1 && list.recordCount !== undefined && collected >= list.recordCount) return;
  }
}
