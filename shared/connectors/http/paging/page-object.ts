import * as z from 'zod';
import { describeIssues } from '../../../describe-issues';
import type { HttpClient, HttpRequest } from '../client';
import { VendorRequestError } from '../errors';

/**
 * The page envelope Pax8 wraps every list in [V: spec example `subscriptions-paged`]. Records
 * stay unknown here; the caller validates them one by one so one bad record is quarantined,
 * while a broken envelope means the list itself cannot be trusted.
 */
export const PageEnvelope = z.object({
  content: z.array(z.unknown()),
  page: z.object({
    totalPages: z.number().int().nonnegative(),
    number: z.number().int().nonnegative(),
  }),
});

/**
 * Page-object paging (Pax8): `page` is 0-based and `size` is capped by the vendor (200 for Pax8).
 * Asks page 0, 1, ... while `page.number + 1 < page.totalPages` [V: Pax8's own CLI, getPaginated].
 */
export async function* pageObjectPages(
  http: HttpClient,
  first: Pick<HttpRequest, 'path' | 'query'>,
  size: number,
): AsyncGenerator<unknown[]> {
  let read = 0;
  for (let page = 0; ; page++) {
    const res = await http.json({ path: first.path, query: { ...first.query, page, size } });
    const envelope = PageEnvelope.safeParse(res.body);
    const where = http.url(first.path).pathname;
    if (!envelope.success)
      throw new VendorRequestError(
        http.vendor,
        `${where} page ${page} is not a {content, page} envelope (HTTP ${res.status}): ${describeIssues(envelope.error).replace(/\n/g, '; ')}`,
        res.status,
      );
    // [I] a server that answers some other page than the one asked would repeat or skip records.
    if (envelope.data.page.number !== page)
      throw new VendorRequestError(http.vendor, `${where} answered page ${envelope.data.page.number} when asked for page ${page}; stopped paging`);
    http.recordsRead(first.path, (read += envelope.data.content.length));
    yield envelope.data.content;
    if (envelope.data.page.number + 1 >= envelope.data.page.totalPages) return;
  }
}
