import { afterEach, describe, expect, it } from 'vitest';
import type { DemoWorld } from '../../../local/demo/world';
import type { FaultPlan, RunningSimulator } from '../../../local/simulators/harness';
import { KASEYAVSA_DEMO_ENV, kaseyavsaDemoSource, startKaseyaVsaSimulator } from '../../../local/simulators/kaseyavsa';
import { VendorAuthError, VendorRequestError } from '../../../shared/connectors/http/errors';
import { KaseyaVsaSource } from '../../../shared/connectors/vendors/kaseyavsa/config';
import { createKaseyaVsaConnector } from '../../../shared/connectors/vendors/kaseyavsa/connector';
import type { Device } from '../../../shared/domain/model';
import { kaseyaVsaWorld } from '../../support/kaseyavsa-world';
import { TEST_NIGHT, recordingDeps } from '../../support/connector-deps';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(world: DemoWorld = kaseyaVsaWorld(), faults?: FaultPlan) {
  const sim = await startKaseyaVsaSimulator(world, { faults });
  running.push(sim);
  return sim;
}

/** pageSize 2 so the small world spans several pages; sleeps are recorded, not slept. */
function connect(baseUrl: string, env: Record<string, string> = { ...KASEYAVSA_DEMO_ENV }) {
  const sleeps: number[] = [];
  const connector = createKaseyaVsaConnector(KaseyaVsaSource.parse({ ...kaseyavsaDemoSource(baseUrl), pageSize: 2 }), recordingDeps(env, sleeps));
  return { connector, sleeps };
}

async function baseline() {
  return connect((await start()).url).connector.pull(TEST_NIGHT);
}

const NW = '57384023443243';
const CD = '57384023443244';
const dev = (id: string, org: string, name: string, vendorClass: string, deviceClass: Device['deviceClass'], lastSeenAt: string | null, deleted = false, osName?: string): Device => ({
  externalId: id,
  clientExternalId: org,
  name,
  deviceClass,
  vendorClass,
  lastSeenAt,
  approved: true,
  deleted,
  ...(osName ? { osName } : {}),
});
const AGENTS = '/api/v1.0/assetmgmt/agents';
const AUTH = '/api/v1.0/auth';

describe('Kaseya VSA connector against the simulator', () => {
  it('pulls every organization and agent through $top/$skip pages to TotalRecords, classed by operating system', async () => {
    const sim = await start();
    const pull = await connect(sim.url).connector.pull(TEST_NIGHT);

    expect(pull.clients.map((c) => [c.externalId, c.name, c.refs])).toEqual([
      [NW, 'Northwind Traders', []],
      [CD, 'Contoso Dental Group', []],
    ]);
    // The printer and the unapproved device are not VSA agents: VSA never lists them.
    expect(pull.devices).toEqual([
      dev('81234567890101', NW, 'NW-LT-001', 'Windows 10 Professional x64 Edition Build 19045', 'WINDOWS_WORKSTATION', '2025-05-31T22:15:30.000Z', false, 'Windows 10 Professional x64 Edition Build 19045'),
      dev('81234567890102', NW, 'NW-DC01', 'Windows 2019 Server Standard x64 Edition Build 17763', 'WINDOWS_SERVER', '2025-05-31T23:00:00.000Z', false, 'Windows Server 2019 Standard x64 Edition Build 17763'),
      dev('81234567890103', NW, 'NW-MBP-07', 'Mac OS X 14.4 Sonoma', 'MAC', '2025-04-02T09:00:00.000Z', false, 'Mac OS X 14.4 Sonoma'),
      dev('81234567890104', NW, 'NW-WEB01', 'Linux Ubuntu 22.04 Server', 'LINUX_SERVER', '2025-05-30T01:02:03.000Z', false, 'Linux Ubuntu 22.04 Server'),
      // Retired (suspended): carried as deleted, so no recipe counts it.
      dev('81234567890105', NW, 'NW-OLD-09', 'Windows 10 Professional x64 Edition Build 19045 / suspended', 'WINDOWS_WORKSTATION', '2025-01-10T08:00:00.000Z', true, 'Windows 10 Professional x64 Edition Build 19045'),
      // A machine ID template never checks in: OTHER, never a seat.
      dev('81234567890201', CD, 'CD-TEMPLATE', 'never checked in', 'OTHER', null),
      dev('81234567890202', CD, 'CD-UNKNOWN', 'Unknown', 'UNCLASSIFIED', '2025-05-29T12:00:00.000Z', false, 'Unknown'),
      dev('81234567890204', CD, 'CD-XSERVE', 'Mac OS X 10.13 macOS Server', 'MAC_SERVER', '2025-05-31T12:30:00.000Z', false, 'Mac OS X 10.13 macOS Server'),
    ]);
    expect(pull.quarantined).toEqual([]);

    const queries = (path: string) => sim.log.filter((r) => r.path === path).map((r) => new URLSearchParams(r.query).toString());
    // TotalRecords (8) states the end: no request beyond it.
    expect(queries(AGENTS)).toEqual([0, 2, 4, 6].map((skip) => `%24orderby=AgentId&%24top=2&%24skip=${skip}`));
    expect(queries('/api/v1.0/system/orgs')).toEqual(['%24orderby=OrgId&%24top=2&%24skip=0']);
    expect(sim.log.filter((r) => r.path === AUTH)).toHaveLength(1);
  });

  it('reads every agent when the server serves fewer rows than $top, skipping by what was served', async () => {
    const expected = await baseline();
    const sim = await start(kaseyaVsaWorld(), { clampPageSize: 1 });
    expect(await connect(sim.url).connector.pull(TEST_NIGHT)).toEqual(expected);
    expect(sim.log.filter((r) => r.path === AGENTS)).toHaveLength(8);
  });

  it('reads to an empty page when a list states no TotalRecords', async () => {
    const expected = await baseline();
    const sim = await start();
    sim.state.statesTotal = false;
    expect(await connect(sim.url).connector.pull(TEST_NIGHT)).toEqual(expected);
    // 8 agents at 2 a page, then the empty page that ends the list.
    expect(sim.log.filter((r) => r.path === AGENTS)).toHaveLength(5);
  });

  it('rides out a 429 storm with exactly the right data, waiting what Retry-After asks', async () => {
    const expected = await baseline();
    const sim = await start(kaseyaVsaWorld(), { throttleEvery: 2, retryAfterSeconds: 7 });
    const { connector, sleeps } = connect(sim.url);

    expect(await connector.pull(TEST_NIGHT)).toEqual(expected);
    const throttled = sim.log.filter((r) => r.status === 429).length;
    expect(throttled).toBeGreaterThanOrEqual(2);
    expect(sleeps).toEqual(Array(throttled).fill(7000));
    expect(connector.stats().throttled).toBe(throttled);
  });

  it('logs in again when the session token expires mid-pull and carries on', async () => {
    const expected = await baseline();
    const sim = await start();
    sim.state.tokens.expireTokensAfter = 3;
    expect(await connect(sim.url).connector.pull(TEST_NIGHT)).toEqual(expected);
    expect(sim.log.filter((r) => r.status === 401)).toHaveLength(1);
    expect(sim.log.filter((r) => r.path === AUTH)).toHaveLength(2);
  });

  it('logs in again before a session it was told is ending, without waiting for a 401', async () => {
    const expected = await baseline();
    const sim = await start();
    // Expires 30 s after issue: within the minute the client renews ahead of any stated expiry.
    sim.state.sessionSeconds = 30;
    expect(await connect(sim.url).connector.pull(TEST_NIGHT)).toEqual(expected);
    expect(sim.log.filter((r) => r.status === 401)).toHaveLength(0);
    expect(sim.log.filter((r) => r.path === AUTH).length).toBeGreaterThan(1);
  });

  it('refuses a bad personal access token with a VendorAuthError that says what to check', async () => {
    const sim = await start();
    const error = await connect(sim.url, { ...KASEYAVSA_DEMO_ENV, KASEYAVSA_PAT: 'wrong' }).connector.pull(TEST_NIGHT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorAuthError);
    expect((error as Error).message).toMatch(/^Kaseya VSA \(vsa\): token request refused \(HTTP 401\)/);
    expect((error as Error).message).toContain('personalAccessToken of source "vsa"');
    expect(sim.log.map((r) => r.path)).toEqual([AUTH]);
  });

  it('fails the source on an error code inside an HTTP 200, rather than reading it as an empty list', async () => {
    const sim = await start();
    sim.state.listError = { ResponseCode: 500, Error: 'Internal error' };
    const error = await connect(sim.url).connector.pull(TEST_NIGHT).catch((e: unknown) => e);
    expect(sim.log.every((r) => r.status === 200)).toBe(true);
    expect(error).toBeInstanceOf(VendorRequestError);
    expect((error as Error).message).toContain('ResponseCode 500');
  });

  it('quarantines malformed agents, naming them by AgentId, and returns the rest', async () => {
    const expected = await baseline();
    const world = kaseyaVsaWorld();
    world.malformed.kaseyavsa = [
      { AgentId: 900, ComputerName: 'BROKEN-01', OperatingSystem: 'Windows' },
      { AgentId: 901, OrgId: Number(CD), LastCheckInTime: 'yesterday' },
    ];
    const pull = await connect((await start(world)).url).connector.pull(TEST_NIGHT);
    expect(pull.devices).toEqual(expected.devices);
    expect(pull.quarantined).toEqual([
      { sourceId: 'vsa', entity: 'agent', externalId: '900', reason: expect.stringContaining('OrgId') },
      { sourceId: 'vsa', entity: 'agent', externalId: '901', reason: expect.stringContaining('LastCheckInTime') },
    ]);
  });
});
