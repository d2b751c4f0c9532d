import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { oauth2 } from '../../shared/connectors/http/auth';
import { HttpClient } from '../../shared/connectors/http/client';
import { VendorAuthError } from '../../shared/connectors/http/errors';
import type { PullNight } from '../../shared/connectors/types';
import type { SourcePull } from '../../shared/domain/model';
import type { DemoVendors } from '../../local/demo/vendors';
import { generateDemoWorld } from '../../local/demo/generate';
import type { FaultPlan, LoggedRequest, RunningSimulator } from '../../local/simulators/harness';
import { NINJAONE_DEMO_ENV, startNinjaOneSimulator } from '../../local/simulators/ninjaone';
import { OAUTH_VENDORS, VENDORS, startVendor, type Vendor } from '../support/vendor-sims';

/**
 * Behaviours the vendors' specs allow, run against every connector through its simulator: a
 * server that serves fewer rows than asked, a token revoked before its stated expiry, optional
 * fields left out, and dates written in the other forms the specs and live tenants use. Each
 * gives the same records as the plain night, or fails the source saying what to check.
 */

const NIGHT: PullNight = { runDate: '2026-03-02' };
const world = generateDemoWorld({ seed: 11, asOf: NIGHT.runDate, clients: 16, devicesPerClient: 12, subscriptionsPerClient: 4 });
/** Far below every connector's page size (100 to 1,000): each list spans several served pages. */
const CLAMP = 3;

const open: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function pull<V extends Vendor>(vendor: V, faults?: FaultPlan, change?: (sim: DemoVendors[V]) => void) {
  const { sim, connector } = await startVendor(vendor, world, faults);
  open.push(sim);
  change?.(sim);
  const result = await connector.pull(NIGHT).then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error }),
  );
  return { ...result, log: sim.log, requests: connector.stats().requests };
}

const isToken = (r: LoggedRequest) => r.method === 'POST' && r.path.endsWith('/token');
const countOf = (p: SourcePull) => p.clients.length + p.agreements.length + p.devices.length + p.subscriptions.length;

describe.each(VENDORS)('%s', (vendor) => {
  let plain: Awaited<ReturnType<typeof pull>>;
  beforeAll(async () => {
    plain = await pull(vendor);
    open.splice(0).forEach((s) => void s.close());
  });

  it('reads the plain night: the baseline every behaviour is compared with', () => {
    expect(plain.error).toBeUndefined();
    expect(countOf(plain.value!)).toBeGreaterThan(CLAMP * 2);
  });

  it(`yields every record when the server serves ${CLAMP} rows a page, whatever was asked`, async () => {
    const clamped = await pull(vendor, { clampPageSize: CLAMP });
    expect(clamped.error).toBeUndefined();
    expect(clamped.value).toEqual(plain.value);
    // The clamp took effect: the same records cost more pages.
    expect(clamped.requests).toBeGreaterThan(plain.requests);
  });

  if (OAUTH_VENDORS.includes(vendor)) {
    it('logs in once more after a token revoked mid-pull, completes the pull and loses nothing', async () => {
      // Revoked after the first list request, so every request after it needs the new login.
      expect(plain.log.filter((r) => !isToken(r)).length).toBeGreaterThan(1);
      const revoked = await pull(vendor, { revokeTokensAfter: 1 });
      expect(revoked.error).toBeUndefined();
      expect(revoked.value).toEqual(plain.value);
      expect(revoked.log.filter(isToken)).toHaveLength(2);
      expect(revoked.log.some((r) => r.status === 401)).toBe(true);
    });
  } else {
    it('fails the source naming what to check when its fixed key is revoked mid-pull, rather than returning part of a list', async () => {
      const revoked = await pull(vendor, { revokeTokensAfter: 1 });
      expect(revoked.value).toBeUndefined();
      expect(revoked.error).toBeInstanceOf(VendorAuthError);
      expect((revoked.error as Error).message).toMatch(/HTTP 401 .*Check /);
    });
  }
});

describe('a token revoked under requests running side by side', () => {
  it('causes one re-login, not one per refused request', async () => {
    const sim = await startNinjaOneSimulator(world, { faults: { revokeTokensAfter: 1 } });
    open.push(sim);
    const auth = oauth2({
      vendor: 'NinjaOne (test)',
      authHint: 'the test client',
      timeoutMs: 5000,
      request: async () => ({
        url: `${sim.url}/ws/oauth/token`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: NINJAONE_DEMO_ENV.NINJAONE_CLIENT_ID, client_secret: NINJAONE_DEMO_ENV.NINJAONE_CLIENT_SECRET, scope: 'monitoring' }).toString(),
      }),
    });
    const http = new HttpClient({ vendor: 'NinjaOne (test)', baseUrl: sim.url, auth, authHint: 'the test client' });
    await http.json({ path: 'v2/organizations' });
    const pages = await Promise.all(Array.from({ length: 5 }, () => http.json<unknown[]>({ path: 'v2/organizations' })));

    expect(pages.every((p) => p.status === 200 && p.body.length > 0)).toBe(true);
    expect(sim.log.filter((r) => r.status === 401)).toHaveLength(5);
    expect(sim.log.filter(isToken)).toHaveLength(2);
  });
});
