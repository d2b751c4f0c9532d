import { describe, expect, it } from 'vitest';
import { listName, progressPrinter } from '../../../local/cli/progress';
import { HttpClient } from '../../../shared/connectors/http/client';
import { nextPageUrlPages } from '../../../shared/connectors/http/paging/next-page-url';
import type { SourceProgress } from '../../../shared/connectors/http/progress';
import { SlidingWindowLimiter } from '../../../shared/connectors/http/rate-limiter';

/**
 * A Datto-style device list of three pages behind a limit of 2 requests per 10 s, where the vendor
 * also answers one 429 with Retry-After: the printer sees what the client and the pager report,
 * on a clock that moves only when the client waits.
 */
async function pullWithProgress(everyMs: number) {
  let t = 0;
  const now = () => t;
  const sleep = async (ms: number) => {
    t += ms;
  };
  const lines: string[] = [];
  const events: SourceProgress[] = [];
  const printer = progressPrinter({ write: (l) => lines.push(l), now, everyMs });
  let throttledOnce = false;
  const page = (n: number, next: string | null) => ({ pageDetails: { nextPageUrl: next }, devices: Array.from({ length: 250 }, (_, i) => ({ id: n * 1000 + i })) });
  const http = new HttpClient({
    vendor: 'Datto RMM (datto)',
    baseUrl: 'https://merlot-api.centrastage.net/api',
    auth: { headers: async () => ({}) },
    authHint: 'the keys',
    limiter: new SlidingWindowLimiter(2, 10, now, sleep),
    sleep,
    progress: (e) => {
      events.push({ ...e, sourceId: 'datto' });
      printer({ ...e, sourceId: 'datto' });
    },
    fetch: async (input) => {
      const n = Number(new URL(String(input)).searchParams.get('page') ?? '1');
      if (n === 3 && !throttledOnce) {
        throttledOnce = true;
        return new Response('', { status: 429, headers: { 'Retry-After': '5' } });
      }
      const next = n < 3 ? `https://merlot-api.centrastage.net/api/v2/account/devices?page=${n + 1}` : null;
      return Response.json(page(n, next));
    },
  });
  let records = 0;
  for await (const p of nextPageUrlPages(http, { path: 'v2/account/devices' }, 'devices')) records += p.length;
  return { lines, events, records };
}

describe('pull progress on the terminal', () => {
  it('prints records so far and the waits, one line per source at most every few seconds', async () => {
    const { lines, records } = await pullWithProgress(3000);
    expect(records).toBe(750);
    expect(lines).toEqual([
      "datto: waiting 10 s (the vendor's rate limit)",
      "datto: waiting 5 s (the vendor's Retry-After)",
      'datto: 500 devices so far; 15 s waiting for rate limits',
      'datto: 750 devices so far; 15 s waiting for rate limits',
    ]);
  });

  it('prints nothing for a pull shorter than the interval', async () => {
    const { lines, events } = await pullWithProgress(60_000);
    expect(events.filter((e) => e.type === 'records').map((e) => (e.type === 'records' ? e.records : 0))).toEqual([250, 500, 750]);
    expect(lines).toEqual([]);
  });

  it('names a list by its last meaningful path segment', () => {
    expect(listName('/api/v2/account/devices')).toBe('devices');
    expect(listName('/atservicesrest/V1.0/Contracts/query')).toBe('Contracts');
    expect(listName('/v4_6_release/apis/3.0/finance/agreements')).toBe('agreements');
  });
});
