import * as z from 'zod';
import type { HttpClient, HttpRequest } from '../client';
import { VendorRequestError } from '../errors';

/** A list page body is a bare JSON array; its records are validated one by one by the caller. */
const Page = z.array(z.unknown());

/**
 * Forward-only paging (ConnectWise PSA): ask with `pagination-type: forward-only`, read a bare
 * JSON array, and follow the Link header's rel="next" until there is none. pageId acts as an
 * `id > pageId` cursor, so records added or removed mid-pull do not shift pages [V].
 */
export async function* forwardOnlyPages(
  http: HttpClient,
  first: Pick<HttpRequest, 'path' | 'query' | 'headers'>,
): AsyncGenerator<unknown[]> {
  const headers = { ...first.headers, 'pagination-type': 'forward-only' };
  let url = http.url(first.path, first.query).href;
  const followed = new Set<string>([url]);
  let read = 0;
  for (;;) {
    const res = await http.json({ path: url, headers });
    const page = Page.safeParse(res.body);
    if (!page.success)
      throw new VendorRequestError(http.vendor, `${new URL(url).pathname} did not return a JSON array (HTTP ${res.status})`, res.status);
    http.recordsRead(first.path, (read += page.data.length));
    yield page.data;
    const next = parseLinkHeader(res.headers.get('link')).next;
    if (!next) return;
    // A relative link is resolved against the page it came from [I: CW sends absolute ones].
    url = new URL(next, url).href;
    // [I] a server that hands back a link already followed would loop the nightly pull forever.
    if (followed.has(url)) throw new VendorRequestError(http.vendor, `next link repeats ${new URL(url).pathname}; stopped paging`);
    followed.add(url);
  }
}

/** RFC 8288 Link header -> { rel: url }, e.g. `<https://…&pageId=25>; rel="next"`. */
export function parseLinkHeader(value: string | null): Record<string, string> {
  const links: Record<string, string> = {};
  if (!value) return links;
  for (const part of value.split(/,\s*(?=<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match) continue;
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(match[2]!)?.[1];
    // rel may list several relation types separated by spaces: `rel="next last"`.
    for (const name of rel?.trim().split(/\s+/) ?? []) links[name.toLowerCase()] ??= match[1]!;
  }
  return links;
}
