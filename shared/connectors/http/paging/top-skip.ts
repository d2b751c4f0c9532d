import type { HttpClient, HttpRequest } from '../client';
import { VendorRequestError } from '../errors';

/** One page's records and the list's stated total (undefined where the API states none). */
export interface TopSkipPage {
  records: unknown[];
  total: number | undefined;
}

/**
 * OData paging (Kaseya VSA): `$top` records after `$skip` of them, in a stable `$orderby`. The
 * list ends only when the API says so: the records read reach its stated total, or a page is
 * empty. A short page never ends it (a server may serve fewer rows than `$top`), and the next
 * `$skip` counts the rows actually served, not the rows asked for. `unwrap` reads the vendor's
 * envelope, or says why it cannot (undefined: not a list page). A partition reads from record
 * `from` until `to` (exclusive, counted in rows served) or the list's end.
 */
export async function* topSkipPages(
  http: HttpClient,
  first: Pick<HttpRequest, 'path' | 'query'> & { orderBy: string },
  top: number,
  unwrap: (body: unknown) => TopSkipPage | string,
  records: { from: number; to: number | null } = { from: 0, to: null },
): AsyncGenerator<unknown[]> {
  const where = http.url(first.path).pathname;
  let skip = records.from;
  let previous: string | undefined;
  while (records.to === null || skip < records.to) {
    // Never past `to`: the next partition starts there.
    const size = records.to === null ? top : Math.min(top, records.to - skip);
    const res = await http.json({ path: first.path, query: { ...first.query, $orderby: first.orderBy, $top: size, $skip: skip } });
    const page = unwrap(res.body);
    if (typeof page === 'string') throw new VendorRequestError(http.vendor, `${where} at $skip=${skip}: ${page} (HTTP ${res.status})`, res.status);
    if (page.records.length === 0) return;
    // [I] a server ignoring $skip would serve the first page forever.
    const fingerprint = JSON.stringify(page.records[0]);
    if (fingerprint === previous) throw new VendorRequestError(http.vendor, `${where} at $skip=${skip} repeats the page before; stopped paging`);
    previous = fingerprint;
    skip += page.records.length;
    http.recordsRead(first.path, skip);
    yield page.records;
    if (page.total !== undefined && skip >= page.total) return;
  }
}
