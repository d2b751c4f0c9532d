import * as z from 'zod';
import type { HttpClient, HttpRequest } from '../client';
import { VendorRequestError } from '../errors';

/**
 * A Syncro list body: `{<plural>: [...], meta: {total_pages, total_entries, per_page, page}}`
 * [V: spec examples for /customers and /contracts]. The /schedules example has no meta [V], so
 * it is optional. Records stay unknown; callers validate them one by one.
 */
const Envelope = z.object({ meta: z.object({ total_pages: z.number().int().nonnegative() }).nullish() }).catchall(z.unknown());

/**
 * Syncro paging: `page=1,2,...` (the page size is the server's) until `meta.total_pages` [V].
 * [I] Without meta, until an empty page; a page that repeats the one before (a server ignoring
 * `page`) stops the pull with an error rather than looping the night away.
 */
export async function* syncroPages(http: HttpClient, first: Pick<HttpRequest, 'path' | 'query'> & { key: string }): AsyncGenerator<unknown[]> {
  for await (const { records } of syncroPageRange(http, first, { from: 1, to: null })) if (records.length > 0) yield records;
}

/**
 * Pages `from` up to (not including) `to` of a Syncro list, or to its end when `to` is null, each
 * with its number, empty ones too: a partition's bounds are page numbers, never row counts, since
 * a server may serve fewer rows a page than the 25 its spec says [V: "each 'page' contains 25"].
 * Stops early where the list ends (meta.total_pages, or an empty page without meta).
 */
export async function* syncroPageRange(
  http: HttpClient,
  first: Pick<HttpRequest, 'path' | 'query'> & { key: string },
  range: { from: number; to: number | null },
): AsyncGenerator<{ page: number; records: unknown[] }> {
  let previous: string | undefined;
  let read = 0;
  for (let page = range.from; range.to === null || page < range.to; page++) {
    const res = await http.json({ path: first.path, query: { ...first.query, page } });
    const where = http.url(first.path).pathname;
    const envelope = Envelope.safeParse(res.body);
    const records = envelope.success ? envelope.data[first.key] : undefined;
    if (!envelope.success || !Array.isArray(records))
      throw new VendorRequestError(http.vendor, `${where} page ${page} is not a {${first.key}, meta} envelope (HTTP ${res.status})`, res.status);
    const meta = envelope.data.meta;
    if (!meta) {
      if (records.length === 0) {
        yield { page, records };
        return;
      }
      const fingerprint = JSON.stringify(records[0]);
      if (fingerprint === previous) throw new VendorRequestError(http.vendor, `${where} page ${page} repeats page ${page - 1}; stopped paging`);
      previous = fingerprint;
    }
    if (records.length > 0) http.recordsRead(first.path, (read += records.length));
    yield { page, records };
    if (meta && page >= meta.total_pages) return;
  }
}
