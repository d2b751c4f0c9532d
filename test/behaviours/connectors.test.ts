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

// OAuth2 token calls, Automate's login (/apitoken), and Kaseya VSA's session login (a GET).
const isToken = (r: LoggedRequest) => (r.method === 'POST' && /\/(api)?token$/i.test(r.path)) || (r.method === 'GET' && /\/api\/v1\.0\/auth$/i.test(r.path));
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

type Rec = Record<string, unknown>;
/** A behaviour planted in one vendor's simulator state before the pull. */
interface Planted<V extends Vendor> {
  what: string;
  change(sim: DemoVendors[V]): void;
  /** What must hold of the pull beyond "nothing dropped, nothing quarantined". */
  check?(pull: SourcePull): void;
}
type PerVendor = { [V in Vendor]: Planted<V>[] };

const first = <T>(items: readonly T[], what: string): T => items[0] ?? expect.fail(`the world has no ${what}`);
const firstAddition = (sim: DemoVendors['connectwise']) => first([...sim.state.additions.values()].flat(), 'ConnectWise addition');
const committed = (sim: DemoVendors['pax8']) => first(sim.state.subscriptions.filter((s) => (s as Rec).commitmentTerm) as Rec[], 'committed Pax8 subscription');
const lineOf = (pull: SourcePull, id: string) => pull.agreements.flatMap((a) => a.lines).find((l) => l.externalId === id) ?? expect.fail(`no line ${id}`);
const drop = (record: Rec, ...fields: string[]) => fields.forEach((f) => delete record[f]);
const device = (sim: { state: { devices: unknown[] } }) => first(sim.state.devices, 'device') as Rec;
const computer = (sim: DemoVendors['automate']) => first(sim.state.computers, 'Automate computer') as Rec;

/** Optional fields (nullish in the spec or absent on live tenants) left out: the record still counts, as unknown where it must. */
const MISSING: PerVendor = {
  connectwise: [
    {
      what: 'an addition without effectiveDate, cancelledDate or description',
      change: (sim) => drop(firstAddition(sim), 'effectiveDate', 'cancelledDate', 'description'),
      check: (p) => expect(lineOf(p, '5001')).toMatchObject({ quantity: 10, effectiveDate: null, cancelledDate: null }),
    },
  ],
  autotask: [
    {
      what: 'a company without ownerResourceID and a contract service without invoiceDescription',
      change: (sim) => {
        drop(first(sim.state.entities.Companies, 'company'), 'ownerResourceID');
        drop(first(sim.state.entities.ContractServices, 'contract service'), 'invoiceDescription');
      },
      check: (p) => expect(p.clients.find((c) => c.externalId === '29683001')?.accountManagerEmail).toBeNull(),
    },
  ],
  halopsa: [
    {
      what: 'a contract without end_date and a recurring line without startdate',
      change: (sim) => {
        drop(first(sim.state.contracts, 'contract'), 'end_date');
        drop(first(first(sim.state.invoices, 'invoice').lines, 'line'), 'startdate', 'enddate');
      },
      check: (p) => {
        expect(p.agreements.find((a) => a.externalId === '1003')).toMatchObject({ endDate: null, noEndDate: true });
        expect(lineOf(p, '5011')).toMatchObject({ quantity: 8, effectiveDate: null });
      },
    },
  ],
  syncro: [
    {
      what: 'a contract without end_date',
      change: (sim) => drop(first(sim.state.contracts, 'contract'), 'end_date'),
      check: (p) => expect(p.agreements.find((a) => a.externalId === '1004')).toMatchObject({ endDate: null, noEndDate: true }),
    },
  ],
  ninjaone: [
    {
      what: 'a device without lastContact, approvalStatus or displayName',
      change: (sim) => drop(device(sim), 'lastContact', 'approvalStatus', 'displayName'),
      // Never seen and not approved: it is listed but counts toward no seat.
      check: (p) => expect(p.devices.find((d) => d.externalId === '100001')).toMatchObject({ name: 'WS-001', lastSeenAt: null, approved: false }),
    },
  ],
  dattormm: [
    {
      what: 'a device without lastSeen',
      change: (sim) => drop(device(sim), 'lastSeen'),
      check: (p) => expect(p.devices.find((d) => d.externalId === '7a1e0000-0000-4000-8000-000000000013' || d.externalId === '100013')?.lastSeenAt).toBeNull(),
    },
  ],
  kaseyavsa: [
    {
      what: 'an agent without LastCheckInTime, ComputerName, OperatingSystem, OSType or OSInfo',
      change: (sim) => drop(device(sim), 'LastCheckInTime', 'ComputerName', 'OperatingSystem', 'OSType', 'OSInfo'),
      // Never seen and of no stated kind: listed under its agent name (machine.group.org), counted toward no seat.
      check: (p) => expect(p.devices.filter((d) => d.lastSeenAt === null && d.deviceClass === 'UNCLASSIFIED' && d.name.includes('.root.'))).toHaveLength(1),
    },
  ],
  automate: [
    {
      what: 'a computer without Type, RemoteAgentLastContact, LastHeartbeat or ComputerName',
      change: (sim) => drop(computer(sim), 'Type', 'RemoteAgentLastContact', 'LastHeartbeat', 'ComputerName'),
      // Its kind unstated: listed as UNCLASSIFIED and never seen, so no recipe counts it.
      check: (p) => expect(p.devices.filter((d) => d.name === '')).toEqual([expect.objectContaining({ lastSeenAt: null, deviceClass: 'UNCLASSIFIED' })]),
    },
    {
      what: 'a client without ExternalId',
      change: (sim) => drop(first(sim.state.clients, 'Automate client'), 'ExternalId'),
      check: (p) => expect(p.clients.filter((c) => c.refs.length === 0)).toHaveLength(1),
    },
  ],
  pax8: [
    {
      what: 'a subscription without commitmentTerm, startDate or billingTerm',
      change: (sim) => drop(committed(sim), 'commitmentTerm', 'startDate', 'billingTerm'),
      check: (p) => expect(p.subscriptions.filter((s) => s.commitmentEndDate === null && s.startDate === null)).not.toHaveLength(0),
    },
  ],
};

/** Every form a date may arrive in: each must read as the same day or instant as the plain night. */
const setDate = (record: Rec, field: string, form: (value: string) => string) => (record[field] = form(String(record[field])));
const day = (v: string) => v.slice(0, 10);
const setEpoch = (record: Rec, field: string, form: (value: number) => number | string) => (record[field] = form(Number(record[field])));
const DATES: PerVendor = {
  connectwise: [
    { what: 'agreement dates as plain dates', change: (sim) => setDate(first(sim.state.agreements, 'agreement'), 'startDate', day) },
    { what: 'agreement dates without a zone', change: (sim) => setDate(first(sim.state.agreements, 'agreement'), 'startDate', (v) => `${day(v)}T00:00:00`) },
  ],
  autotask: [
    { what: 'contract dates without a zone', change: (sim) => setDate(first(sim.state.entities.Contracts, 'contract'), 'startDate', (v) => `${day(v)}T00:00:00`) },
    { what: 'contract dates with milliseconds', change: (sim) => setDate(first(sim.state.entities.Contracts, 'contract'), 'startDate', (v) => `${day(v)}T00:00:00.000Z`) },
  ],
  halopsa: [
    { what: 'contract dates as plain dates', change: (sim) => setDate(first(sim.state.contracts, 'contract'), 'start_date', day) },
    { what: 'contract dates with a Z', change: (sim) => setDate(first(sim.state.contracts, 'contract'), 'start_date', (v) => `${day(v)}T00:00:00.000Z`) },
  ],
  syncro: [
    { what: 'contract dates as plain dates', change: (sim) => setDate(first(sim.state.contracts, 'contract'), 'start_date', day) },
    { what: "contract dates in the account's zone", change: (sim) => setDate(first(sim.state.contracts, 'contract'), 'start_date', (v) => `${day(v)}T00:00:00.000-05:00`) },
  ],
  ninjaone: [
    { what: 'lastContact in milliseconds', change: (sim) => setEpoch(device(sim), 'lastContact', (s) => s * 1000) },
    { what: 'lastContact in seconds with fractions', change: (sim) => setEpoch(device(sim), 'lastContact', (s) => s + 0.0004) },
  ],
  dattormm: [
    { what: 'lastSeen in epoch seconds', change: (sim) => setEpoch(device(sim), 'lastSeen', (ms) => ms / 1000) },
    { what: 'lastSeen as an ISO date-time', change: (sim) => setEpoch(device(sim), 'lastSeen', (ms) => new Date(ms).toISOString()) },
    { what: 'lastSeen as an ISO date-time without a zone (UTC)', change: (sim) => setEpoch(device(sim), 'lastSeen', (ms) => new Date(ms).toISOString().replace('Z', '')) },
  ],
  kaseyavsa: [
    { what: 'LastCheckInTime without a zone (UTC)', change: (sim) => setDate(device(sim), 'LastCheckInTime', (v) => v.replace('Z', '')) },
    { what: 'LastCheckInTime with an offset', change: (sim) => setDate(device(sim), 'LastCheckInTime', (v) => new Date(Date.parse(v) + 3_600_000).toISOString().replace('Z', '+01:00')) },
  ],
  automate: [
    { what: 'RemoteAgentLastContact without a zone (UTC)', change: (sim) => setDate(computer(sim), 'RemoteAgentLastContact', (v) => v.replace('Z', '')) },
    { what: 'RemoteAgentLastContact with an offset', change: (sim) => setDate(computer(sim), 'RemoteAgentLastContact', (v) => new Date(Date.parse(v) - 5 * 3_600_000).toISOString().replace('Z', '-05:00')) },
    { what: 'Id as a number', change: (sim) => (computer(sim).Id = Number(computer(sim).Id)) },
  ],
  pax8: [
    { what: 'startDate as a date-time with an offset without a colon', change: (sim) => setDate(committed(sim), 'startDate', (v) => `${day(v)}T13:20:13.153-0700`) },
    { what: 'commitment end as a date-time with a Z', change: (sim) => setDate(committed(sim).commitmentTerm as Rec, 'endDate', (v) => `${day(v)}T00:00:00Z`) },
  ],
};

describe.each(VENDORS)('%s records as the specs allow them', (vendor) => {
  let plain: SourcePull;
  beforeAll(async () => {
    plain = (await pull(vendor)).value!;
    open.splice(0).forEach((s) => void s.close());
  });

  it.each((MISSING[vendor] as Planted<Vendor>[]).map((c) => [c.what, c]))('reads %s: nothing dropped or quarantined', async (_, planted) => {
    const { value, error } = await pull(vendor, undefined, planted.change as (sim: DemoVendors[Vendor]) => void);
    expect(error).toBeUndefined();
    expect(countOf(value!)).toBe(countOf(plain));
    expect(value!.quarantined).toEqual(plain.quarantined);
    planted.check?.(value!);
  });

  it.each((DATES[vendor] as Planted<Vendor>[]).map((c) => [c.what, c]))('reads %s as the same dates', async (_, planted) => {
    const { value, error } = await pull(vendor, undefined, planted.change as (sim: DemoVendors[Vendor]) => void);
    expect(error).toBeUndefined();
    expect(value).toEqual(plain);
  });
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
