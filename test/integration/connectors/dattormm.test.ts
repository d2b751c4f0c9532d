import { afterEach, describe, expect, it } from 'vitest';
import type { DemoWorld } from '../../../local/demo/world';
import { DATTORMM_DEMO_ENV, dattormmDemoSource, startDattoRmmSimulator, type LastSeenFormat } from '../../../local/simulators/dattormm';
import type { FaultPlan, RunningSimulator } from '../../../local/simulators/harness';
import { DattoRmmSource } from '../../../shared/connectors/vendors/dattormm/config';
import { VendorAuthError } from '../../../shared/connectors/http/errors';
import { createDattoRmmConnector } from '../../../shared/connectors/vendors/dattormm/connector';
import type { Device } from '../../../shared/domain/model';
import { rmmWorld } from '../../support/rmm-world';
import { TEST_NIGHT, recordingDeps } from '../../support/connector-deps';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(world: DemoWorld = rmmWorld(), opts: { faults?: FaultPlan; lastSeen?: LastSeenFormat } = {}) {
  const sim = await startDattoRmmSimulator(world, opts);
  running.push(sim);
  return sim;
}

/** max 2 so the small world spans several pages; sleeps are recorded, not slept. */
function connect(baseUrl: string, env: Record<string, string> = { ...DATTORMM_DEMO_ENV }) {
  const sleeps: number[] = [];
  const connector = createDattoRmmConnector(DattoRmmSource.parse({ ...dattormmDemoSource(baseUrl), pageSize: 2 }), recordingDeps(env, sleeps));
  return { connector, sleeps };
}

async function baseline() {
  return connect((await start()).url).connector.pull(TEST_NIGHT);
}

const WIN11 = 'Microsoft Windows 11 Pro 10.0.22631';
const dev = (id: string, site: string, name: string, vendorClass: string, deviceClass: Device['deviceClass'], lastSeenAt: string, deleted = false, osName?: string): Device => ({
  externalId: id,
  clientExternalId: site,
  name,
  deviceClass,
  vendorClass,
  lastSeenAt,
  approved: true,
  deleted,
  ...(osName ? { osName } : {}),
});

describe('Datto RMM connector against the simulator', () => {
  it('pulls every site and device by following nextPageUrl, deleted devices carried', async () => {
    const sim = await start();
    const { connector } = connect(sim.url);
    const pull = await connector.pull(TEST_NIGHT);

    expect(pull.clients.map((c) => [c.externalId, c.name, c.refs])).toEqual([
      ['501', 'FABRIKAM LEGAL', [{ vendor: 'autotask', id: '29683001' }]],
      ['502', 'Tailspin Toys Ltd', []],
      ['503', 'Greenfield Veterinary', []],
    ]);
    expect(pull.devices).toEqual([
      dev('5001', '501', 'FAB-LT-001', `device / Laptop / ${WIN11}`, 'WINDOWS_WORKSTATION', '2025-05-31T21:00:00.000Z', false, WIN11),
      dev('5002', '501', 'FAB-DC01', 'device / Server / Microsoft Windows Server 2022 Standard 10.0.20348', 'WINDOWS_SERVER', '2025-05-31T21:30:00.000Z', false, 'Microsoft Windows Server 2022 Standard 10.0.20348'),
      dev('5003', '501', 'FAB-PRN-01', 'printer / Printer', 'PRINTER', '2025-05-31T08:00:00.000Z'),
      dev('5004', '501', 'FAB-FW-01', 'rmmnetworkdevice / Network Device', 'NETWORK', '2025-05-31T08:01:00.000Z'),
      dev('5005', '501', 'FAB-OLD-02', `device / Laptop / ${WIN11}`, 'WINDOWS_WORKSTATION', '2025-01-15T17:20:00.000Z', true, WIN11),
      dev('5006', '501', 'FAB-ESX-01', 'esxihost / ESXi Host / VMware ESXi 8.0.2', 'VIRTUAL_HOST', '2025-05-31T20:00:00.000Z', false, 'VMware ESXi 8.0.2'),
      dev('5101', '502', 'TT-MBA-01', 'device / Laptop / macOS Sonoma 14.5', 'MAC', '2025-05-29T15:00:00.000Z', false, 'macOS Sonoma 14.5'),
      dev('5102', '502', 'TT-DEV-01', 'device / Desktop / Ubuntu 22.04.4 LTS', 'LINUX_WORKSTATION', '2025-05-31T11:11:11.000Z', false, 'Ubuntu 22.04.4 LTS'),
      dev('5201', '503', 'GV-PC-01', `device / Laptop / ${WIN11}`, 'WINDOWS_WORKSTATION', '2025-05-31T09:00:00.000Z', false, WIN11),
    ]);
    expect(pull.quarantined).toEqual([]);

    const queries = (path: string) => sim.log.filter((r) => r.path === path).map((r) => r.query);
    expect(queries('/api/v2/account/sites')).toEqual(['?max=2', '?max=2&page=1']);
    expect(queries('/api/v2/account/devices')).toEqual(['?max=2', '?max=2&page=1', '?max=2&page=2', '?max=2&page=3', '?max=2&page=4']);

    const tokenCalls = sim.log.filter((r) => r.path === '/auth/oauth/token');
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0]!.headers.authorization).toBe(`Basic ${Buffer.from('public-client:public').toString('base64')}`);
    const form = new URLSearchParams(String(tokenCalls[0]!.body));
    expect([form.get('grant_type'), form.get('username')]).toEqual(['password', DATTORMM_DEMO_ENV.DATTORMM_API_KEY]);
  });

  it('reads lastSeen as epoch milliseconds or as an ISO string alike', async () => {
    const asMillis = await connect((await start(rmmWorld(), { lastSeen: 'epoch-ms' })).url).connector.pull(TEST_NIGHT);
    const asIso = await connect((await start(rmmWorld(), { lastSeen: 'iso' })).url).connector.pull(TEST_NIGHT);

    expect(asIso).toEqual(asMillis);
    expect(asIso.devices.find((d) => d.externalId === '5102')?.lastSeenAt).toBe('2025-05-31T11:11:11.000Z');
  });

  it('rides out a 429 storm with exactly the right data, waiting what Retry-After asks', async () => {
    const expected = await baseline();
    const sim = await start(rmmWorld(), { faults: { throttleEvery: 2, retryAfterSeconds: 5 } });
    const { connector, sleeps } = connect(sim.url);

    expect(await connector.pull(TEST_NIGHT)).toEqual(expected);
    const throttled = sim.log.filter((r) => r.status === 429).length;
    expect(throttled).toBeGreaterThanOrEqual(3);
    expect(sleeps).toEqual(Array(throttled).fill(5000));
    expect(connector.stats().throttled).toBe(throttled);
  });

  it('retries a transient 503 and loses nothing', async () => {
    const expected = await baseline();
    const sim = await start(rmmWorld(), { faults: { failOnceOn: /^\/api\/v2\/account\/devices$/ } });
    const { connector, sleeps } = connect(sim.url);

    expect(await connector.pull(TEST_NIGHT)).toEqual(expected);
    expect(sim.log.filter((r) => r.path === '/api/v2/account/devices').map((r) => r.status)).toEqual([503, 200, 200, 200, 200, 200]);
    expect(sleeps).toHaveLength(1);
    expect(connector.stats()).toMatchObject({ serverErrors: 1, retries: 1 });
  });

  it('refuses bad credentials with a VendorAuthError that names Datto RMM and what to check', async () => {
    const sim = await start();
    const { connector } = connect(sim.url, { ...DATTORMM_DEMO_ENV, DATTORMM_API_SECRET: 'wrong' });

    const error = await connector.pull(TEST_NIGHT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorAuthError);
    expect((error as Error).message).toMatch(/^Datto RMM \(datto\): token request refused \(HTTP 400\)/);
    expect((error as Error).message).toContain('apiKey and apiSecret of source "datto"');
    expect((error as Error).message).toContain('API access is enabled');
    expect(sim.log.map((r) => r.path)).toEqual(['/auth/oauth/token']);
  });

  it('renews a token that expires mid-pull and carries on', async () => {
    const expected = await baseline();
    const sim = await start();
    sim.state.tokens.expireTokensAfter = 4;
    const { connector } = connect(sim.url);

    expect(await connector.pull(TEST_NIGHT)).toEqual(expected);
    const unauthorized = sim.log.filter((r) => r.status === 401);
    expect(unauthorized).toHaveLength(1);
    expect(unauthorized[0]!.path).toBe('/api/v2/account/devices');
    expect(sim.log.filter((r) => r.path === '/auth/oauth/token')).toHaveLength(2);
  });

  it('keeps a device whose deviceClass is missing or unknown as UNCLASSIFIED, whatever its operating system says', async () => {
    const world = rmmWorld();
    world.clients[3]!.rmm!.devices.push({ ...world.clients[3]!.rmm!.devices[0]!, id: '5103', uid: '00000000-0000-4000-8000-000000005103', name: 'TT-UNKNOWN', deviceClass: 'UNCLASSIFIED' });
    const sim = await start(world);
    const served = (sim.state.devices as Array<Record<string, unknown>>).find((d) => d.id === 5103)!;
    // Rendered as Datto would: 'unknown', no deviceType, and an operating system naming Windows.
    expect([served.deviceClass, served.deviceType, served.operatingSystem]).toEqual(['unknown', undefined, WIN11]);
    const noClass: Record<string, unknown> = { ...served, id: 5104, uid: 'noclass-5104', hostname: 'TT-NOCLASS' };
    delete noClass.deviceClass;
    sim.state.devices.push(noClass);

    const pull = await connect(sim.url).connector.pull(TEST_NIGHT);

    expect(pull.quarantined).toEqual([]);
    expect(pull.devices.filter((d) => d.deviceClass === 'UNCLASSIFIED')).toEqual([
      dev('5103', '502', 'TT-UNKNOWN', `unknown / ${WIN11}`, 'UNCLASSIFIED', '2025-05-29T15:00:00.000Z', false, WIN11),
      dev('5104', '502', 'TT-NOCLASS', WIN11, 'UNCLASSIFIED', '2025-05-29T15:00:00.000Z', false, WIN11),
    ]);
  });

  it('quarantines malformed devices and returns the rest', async () => {
    const expected = await baseline();
    const world = rmmWorld();
    world.malformed.dattormm = [
      { id: 9000, uid: 'broken-9000', hostname: 'BROKEN-02', lastSeen: 1748700000000 },
      { id: 9001, uid: 'broken-9001', siteId: 501, hostname: 'BROKEN-03', lastSeen: 'last tuesday' },
    ];
    const sim = await start(world);
    const pull = await connect(sim.url).connector.pull(TEST_NIGHT);

    expect(pull.devices).toEqual(expected.devices);
    expect(pull.quarantined).toEqual([
      { sourceId: 'datto', entity: 'device', externalId: '9000', reason: expect.stringContaining('siteId') },
      { sourceId: 'datto', entity: 'device', externalId: '9001', reason: expect.stringContaining('lastSeen') },
    ]);
  });
});
