import * as z from 'zod';
import type { HttpClient, HttpRequest } from '../client';
import { VendorRequestError } from '../errors';

/** A list page body is a bare JSON array; its records are validated one by one by the caller. */
const Page = z.array(z.unknown());

/**
 * Page-number paging where a short page is the only end of list the API states (ConnectWise
 * Automate: `options.page` from 1 and `options.pageSize`, bare arrays, no total, no Link header [V]). That is the
 * only way the API allows, and it has a blind spot: a server that serves fewer rows than asked
 * (a clamp) looks exactly like the end of the list. The guard, for one request per list:
 * - the first page shorter than asked is confirmed with one more request for the next page at the
 *   size just served; an empty answer ends the list;
 * - a non-empty answer means the server clamps to that size: paging goes on at the size it
 *   honours, where a page shorter than that (or empty) is a true end.
 * A short page after full ones ends the list at once: the server honoured the size before.
 * [I] a server whose clamp changes from page to page would still be misread; none is known.
 */
export async function* shortPagePages(http: HttpClient, first: Pick<HttpRequest, 'path' | 'query'>, pageSize: number): AsyncGenerator<unknown[]> {
  let size = pageSize;
  let read = 0;
  for (let page = 1; ; page++) {
    const rows = await fetchPage(http, first, page, size);
    if (rows.length > 0) {
      http.recordsRead(first.path, (read += rows.length));
      yield rows;
    }
    if (rows.length === 0 || (rows.length < size && page > 1)) return;
    // Page 1 came short: the next page at the served size says whether that was all.
    size = Math.min(size, rows.length);
  }
}

async function fetchPage(http: HttpClient, first: Pick<HttpRequest, 'path' | 'query'>, page: number, pageSize: number): Promise<unknown[]> {
  const res = await http.json({ path: first.path, query: { ...first.query, 'options.page': page, 'options.pageSize': pageSize } });
  const body = Page.safeParse(res.body);
  if (!body.success) throw new VendorRequestError(http.vendor, `${http.url(first.path).pathname} page ${page} did not return a JSON array (HTTP ${res.status})`, res.status);
  return body.data;
}
