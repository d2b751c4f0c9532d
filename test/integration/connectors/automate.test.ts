import { afterEach, describe, expect, it } from 'vitest';
import type { DemoWorld } from '../../../local/demo/world';
import { AUTOMATE_DEMO_ENV, automateDemoSource, startAutomateSimulator } from '../../../local/simulators/automate';
import type { FaultPlan, LoggedRequest, RunningSimulator } from '../../../local/simulators/harness';
import { VendorAuthError } from '../../../shared/connectors/http/errors';
import { AutomateSource } from '../../../shared/connectors/vendors/automate/config';
import { createAutomateConnector } from '../../../shared/connectors/vendors/automate/connector';
import { apiRootWarning } from '../../../shared/connectors/vendors';
import type { Device } from '../../../shared/domain/model';
import { automateWorld } from '../../support/automate-world';
import { TEST_NIGHT, recordingDeps } from '../../support/connector-deps';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(world: DemoWorld = automateWorld(), faults?: FaultPlan) {
  const sim = await startAutomateSimulator(world, { faults });
  running.push(sim);
  return sim;
}

/** pageSize 2 so the small world spans several pages; sleeps are recorded, not slept. */
function connect(baseUrl: string, env: Record<string, string> = { ...AUTOMATE_DEMO_ENV }, pageSize = 2) {
  const sleeps: number[] = [];
  const connector = createAutomateConnector(AutomateSource.parse({ ...automateDemoSource(baseUrl), pageSize }), recordingDeps(env, sleeps));
  return { connector, sleeps };
}

const isLogin = (r: LoggedRequest) => r.method === 'POST' && /\/APIToken$/.test(r.path);
const pagesOf = (log: LoggedRequest[], list: string) => log.filter((r) => r.path.endsWith(`/${list}`)).map((r) => new URLSearchParams(r.query).get('options.page'));

/** The operating system is the part of vendorClass after the Type (the whole of it when there is no Type). */
const dev = (id: string, client: string, name: string, vendorClass: string, deviceClass: Device['deviceClass'], lastSeenAt: string, osName: string): Device => ({
  externalId: id,
  clientExternalId: client,
  name,
  deviceClass,
  vendorClass,
  lastSeenAt,
  approved: true,
  deleted: false,
  osName,
});

describe('ConnectWise Automate connector against the simulator', () => {
  it('pulls every client and computer through several pages, by Type and operating system, with the PSA cross-reference', async () => {
    const sim = await start();
    const pull = await connect(sim.url).connector.pull(TEST_NIGHT);

    expect(pull.clients.map((c) => [c.externalId, c.name, c.refs])).toEqual([
      ['1', 'NORTHWIND TRADERS', [{ vendor: 'connectwise', id: '250' }]],
      ['2', 'CONTOSO DENTAL', []],
      ['3', 'Hartley & Sons Plumbing', []],
    ]);
    // The retired agent (106) and the printer (107) are not on /Computers.
    expect(pull.devices).toEqual([
      dev('101', '1', 'NW-LT-001', 'Workstation / Microsoft Windows 11 Pro x64', 'WINDOWS_WORKSTATION', '2025-05-31T22:15:30.250Z', 'Microsoft Windows 11 Pro x64'),
      dev('102', '1', 'NW-DC01', 'Server / Microsoft Windows Server 2022 Standard x64', 'WINDOWS_SERVER', '2025-05-31T23:00:00.000Z', 'Microsoft Windows Server 2022 Standard x64'),
      dev('103', '1', 'NW-MBP-07', 'Workstation / macOS 14.5 Sonoma', 'MAC', '2025-04-02T09:00:00.000Z', 'macOS 14.5 Sonoma'),
      dev('104', '1', 'NW-WEB01', 'Server / Red Hat Enterprise Linux 9.3', 'LINUX_SERVER', '2025-05-30T12:00:00.000Z', 'Red Hat Enterprise Linux 9.3'),
      // The network probe is an agent, never a seat.
      dev('105', '1', 'NW-PROBE', 'Server / Microsoft Windows Server 2019 Standard x64 / network probe', 'OTHER', '2025-05-31T06:45:00.000Z', 'Microsoft Windows Server 2019 Standard x64'),
      dev('201', '2', 'CD-UBU-01', 'Workstation / Ubuntu 22.04.4 LTS', 'LINUX_WORKSTATION', '2025-05-31T10:00:00.000Z', 'Ubuntu 22.04.4 LTS'),
      dev('202', '2', 'CD-MINI-01', 'Server / macOS 14.5 Sonoma', 'MAC_SERVER', '2025-05-31T10:00:00.000Z', 'macOS 14.5 Sonoma'),
      // No Type: a Windows name does not make it a seat.
      dev('203', '2', 'CD-NOTYPE', 'Microsoft Windows 10 Pro x64', 'UNCLASSIFIED', '2025-05-31T10:00:00.000Z', 'Microsoft Windows 10 Pro x64'),
      dev('301', '3', 'HS-PC-01', 'Workstation / Microsoft Windows 11 Pro x64', 'WINDOWS_WORKSTATION', '2025-05-29T08:00:00.000Z', 'Microsoft Windows 11 Pro x64'),
    ]);
    expect(pull.quarantined).toEqual([]);
    // 3 clients: 2 + 1 (short, the end); 9 computers: 2 x 4 + 1.
    expect(pagesOf(sim.log, 'Clients')).toEqual(['1', '2']);
    expect(pagesOf(sim.log, 'Computers')).toEqual(['1', '2', '3', '4', '5']);
  });

  it('confirms a short first page with one more request, and reads on at the served size when the server clamps', async () => {
    const plain = await start();
    const expected = await connect(plain.url, undefined, 1000).connector.pull(TEST_NIGHT);
    // One short page each, confirmed by an empty one.
    expect(pagesOf(plain.log, 'Computers')).toEqual(['1', '2']);

    const clamped = await start(automateWorld(), { clampPageSize: 4 });
    const pull = await connect(clamped.url, undefined, 1000).connector.pull(TEST_NIGHT);
    expect(pull).toEqual(expected);
    const sizes = clamped.log.filter((r) => r.path.endsWith('/Computers')).map((r) => new URLSearchParams(r.query).get('options.pageSize'));
    expect(sizes).toEqual(['1000', '4', '4']);
  });

  it('waits out 429s and loses nothing', async () => {
    const expected = await connect((await start()).url).connector.pull(TEST_NIGHT);
    const sim = await start(automateWorld(), { throttleEvery: 3, retryAfterSeconds: 2 });
    const { connector, sleeps } = connect(sim.url);
    expect(await connector.pull(TEST_NIGHT)).toEqual(expected);
    expect(sim.log.filter((r) => r.status === 429).length).toBeGreaterThan(1);
    expect(sleeps).toContain(2000);
  });

  it('logs in again when the token it holds reaches its ExpirationDate, and once after a token refused early', async () => {
    const expected = await connect((await start()).url).connector.pull(TEST_NIGHT);
    const short = await start();
    // Under the minute Trueup renews early: every call needs a new login.
    short.state.tokenTtlMs = 30_000;
    expect(await connect(short.url).connector.pull(TEST_NIGHT)).toEqual(expected);
    expect(short.log.filter(isLogin)).toHaveLength(short.log.filter((r) => !isLogin(r)).length);

    const revoked = await start();
    revoked.state.tokens.expireTokensAfter = 2;
    expect(await connect(revoked.url).connector.pull(TEST_NIGHT)).toEqual(expected);
    expect(revoked.log.filter(isLogin)).toHaveLength(2);
    expect(revoked.log.filter((r) => r.status === 401)).toHaveLength(1);
  });

  it('fails naming what to check on a wrong password, a wrong clientId or a user that needs two-factor', async () => {
    const sim = await start();
    const wrongPassword = connect(sim.url, { ...AUTOMATE_DEMO_ENV, AUTOMATE_PASSWORD: 'nope' }).connector.pull(TEST_NIGHT);
    await expect(wrongPassword).rejects.toThrow(VendorAuthError);
    await expect(wrongPassword).rejects.toThrow(/HTTP 401.*username, password and clientId/);
    await expect(connect(sim.url, { ...AUTOMATE_DEMO_ENV, AUTOMATE_CLIENT_ID: 'other' }).connector.pull(TEST_NIGHT)).rejects.toThrow(/HTTP 403/);
    sim.state.twoFactor = true;
    await expect(connect(sim.url).connector.pull(TEST_NIGHT)).rejects.toThrow(/returned no token.*without two-factor/);
  });

  it('quarantines a computer without an Id or client, and keeps the rest', async () => {
    const world = automateWorld();
    world.malformed.automate = [{ ComputerName: 'NO-ID', Client: { Id: '1' } }, { Id: '999', ComputerName: 'NO-CLIENT' }];
    const pull = await connect((await start(world)).url).connector.pull(TEST_NIGHT);
    expect(pull.devices).toHaveLength(9);
    expect(pull.quarantined.map((q) => [q.entity, q.externalId])).toEqual([
      ['computer', null],
      ['computer', '999'],
    ]);
  });
});

describe('Automate baseUrl', () => {
  it('is the API root ending in /cwa/api/v1; a bare server host is completed, with a warning, and pulls the same', async () => {
    const sim = await start();
    const pull = (baseUrl: string) => createAutomateConnector(AutomateSource.parse({ ...automateDemoSource(sim.url), baseUrl }), recordingDeps({ ...AUTOMATE_DEMO_ENV }, [])).pull(TEST_NIGHT);
    const root = await pull(`${sim.url}/cwa/api/v1`);
    expect(root.devices.length).toBeGreaterThan(0);
    expect(await pull(sim.url)).toEqual(root);
    expect(apiRootWarning({ kind: 'automate', id: 'automate', baseUrl: `${sim.url}/cwa/api/v1` })).toBeUndefined();
    expect(apiRootWarning({ kind: 'automate', id: 'automate', baseUrl: sim.url })).toContain(`using ${sim.url}/cwa/api/v1`);
  });
});
