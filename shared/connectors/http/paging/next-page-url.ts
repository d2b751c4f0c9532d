import * as z from 'zod';
import type { HttpClient, HttpRequest } from '../client';
import { VendorRequestError } from '../errors';

const Envelope = z.looseObject({ pageDetails: z.looseObject({ nextPageUrl: z.string().nullish() }) });
const Items = z.array(z.unknown());

/**
 * Next-link paging (Datto RMM): the body is `{pageDetails: {nextPageUrl, …}, <entity>: [...]}`
 * and nextPageUrl is followed until it is null [V]. Page numbers are never computed: whether
 * they start at 0 or 1 is not documented [I].
 */
export async function* nextPageUrlPages(
  http: HttpClient,
  first: Pick<HttpRequest, 'path' | 'query'>,
  entity: string,
): AsyncGenerator<unknown[]> {
  let url = http.url(first.path, first.query);
  const followed = new Set<string>([url.href]);
  let read = 0;
  for (;;) {
    const res = await http.json({ path: url.href });
    const envelope = Envelope.safeParse(res.body);
    const items = Items.safeParse(envelope.success ? envelope.data[entity] : undefined);
    if (!envelope.success || !items.success)
      throw new VendorRequestError(http.vendor, `${url.pathname} did not return {pageDetails, ${entity}: [...]} (HTTP ${res.status})`, res.status);
    http.recordsRead(first.path, (read += items.data.length));
    yield items.data;
    const next = envelope.data.pageDetails.nextPageUrl;
    if (!next) return;
    const nextUrl = new URL(next, url);
    // The bearer token goes with every request: never send it to a host other than the configured one.
    if (nextUrl.origin !== url.origin)
      throw new VendorRequestError(http.vendor, `nextPageUrl points to ${nextUrl.origin}, not ${url.origin}; stopped paging`);
    if (followed.has(nextUrl.href)) throw new VendorRequestError(http.vendor, `nextPageUrl repeats ${nextUrl.pathname}; stopped paging`);
    followed.add(nextUrl.href);
    url = nextUrl;
  }
}
