import * as z from 'zod';
import type { HttpClient, HttpRequest } from '../client';
import { VendorRequestError } from '../errors';

/** A list page body is a bare JSON array; its records are validated one by one by the caller. */
const Page = z.array(z.unknown());
const WithId = z.object({ id: z.number().int() });

/**
 * Cursor paging by last id (NinjaOne): ask for `pageSize` records `after` the last id seen
 * [V: spec params pageSize, after = "Last Node ID from previous page"]. The API states no end
 * of list, so only an empty page ends it: a server may serve fewer rows than asked (a night once
 * read 300 of 2,923 devices by stopping at a short page). That costs one request per list.
 */
export async function* afterCursorPages(
  http: HttpClient,
  first: Pick<HttpRequest, 'path' | 'query'>,
  pageSize: number,
): AsyncGenerator<unknown[]> {
  let after: number | undefined;
  let read = 0;
  for (;;) {
    const res = await http.json({ path: first.path, query: { ...first.query, pageSize, after } });
    const page = Page.safeParse(res.body);
    if (!page.success)
      throw new VendorRequestError(http.vendor, `${http.url(first.path).pathname} did not return a JSON array (HTTP ${res.status})`, res.status);
    if (page.data.length === 0) return;
    http.recordsRead(first.path, (read += page.data.length));
    yield page.data;
    // The highest id, not the last record's: a malformed last record may have none.
    const next = page.data.reduce<number | undefined>((max, record) => {
      const id = WithId.safeParse(record);
      return id.success && (max === undefined || id.data.id > max) ? id.data.id : max;
    }, undefined);
    // A cursor that does not move would repeat the same page forever.
    if (next === undefined || (after !== undefined && next <= after))
      throw new VendorRequestError(http.vendor, `${http.url(first.path).pathname}: a page gave no id beyond ${after ?? 'the start'}; stopped paging`);
    after = next;
  }
}
