import { afterEach, describe, expect, it } from 'vitest';
import type { DemoWorld } from '../../../local/demo/world';
import type { FaultPlan, RunningSimulator } from '../../../local/simulators/harness';
import { NINJAONE_DEMO_ENV, ninjaoneDemoSource, startNinjaOneSimulator } from '../../../local/simulators/ninjaone';
import { NinjaOneSource } from '../../../shared/connectors/vendors/ninjaone/config';
import { VendorAuthError } from '../../../shared/connectors/http/errors';
import { createNinjaOneConnector } from '../../../shared/connectors/vendors/ninjaone/connector';
import type { Device } from '../../../shared/domain/model';
import { rmmWorld } from '../../support/rmm-world';
import { TEST_NIGHT, recordingDeps } from '../../support/connector-deps';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(world: DemoWorld = rmmWorld(), faults?: FaultPlan) {
  const sim = await startNinjaOneSimulator(world, { faults });
  running.push(sim);
  return sim;
}

/** pageSize 2 so the small world spans several pages; sleeps are recorded, not slept. */
function connect(baseUrl: string, env: Record<string, string> = { ...NINJAONE_DEMO_ENV }) {
  const sleeps: number[] = [];
  const connector = createNinjaOneConnector(NinjaOneSource.parse({ ...ninjaoneDemoSource(baseUrl), pageSize: 2 }), recordingDeps(env, sleeps));
  return { connector, sleeps };
}

async function baseline() {
  return connect((await start()).url).connector.pull(TEST_NIGHT);
}

const dev = (id: string, org: string, name: string, vendorClass: string, deviceClass: Device['deviceClass'], lastSeenAt: string, approved = true): Device => ({
  externalId: id,
  clientExternalId: org,
  name,
  deviceClass,
  vendorClass,
  lastSeenAt,
  approved,
  deleted: false,
});

describe('NinjaOne connector against the simulator', () => {
  it('pulls every organization and device through several pages of pageSize + after', async () => {
    const sim = await start();
    const { connector } = connect(sim.url);
    const pull = await connector.pull(TEST_NIGHT);

    expect(pull.clients.map((c) => [c.externalId, c.name, c.refs])).toEqual([
      ['1', 'NORTHWIND TRADERS', []],
      ['2', 'Contoso Dental Group', []],
      ['3', 'Hartley & Sons Plumbing', []],
    ]);
    // The deleted device (106) is absent: NinjaOne drops deleted devices from its lists.
    expect(pull.devices).toEqual([
      dev('101', '1', 'NW-LT-001', 'WINDOWS_WORKSTATION', 'WINDOWS_WORKSTATION', '2025-05-31T22:15:30.250Z'),
      dev('102', '1', 'NW-DC01', 'WINDOWS_SERVER', 'WINDOWS_SERVER', '2025-05-31T23:00:00.000Z'),
      dev('103', '1', 'NW-MBP-07', 'MAC', 'MAC', '2025-04-02T09:00:00.500Z', false),
      dev('104', '1', 'NW-WEB01', 'LINUX_SERVER', 'LINUX_SERVER', '2025-05-30T12:00:00.000Z'),
      dev('105', '1', 'NW-VM-SQL', 'HYPERV_VMM_GUEST', 'VIRTUAL_GUEST', '2025-05-31T06:45:00.000Z'),
      dev('201', '2', 'CD-UBU-01', 'LINUX_WORKSTATION', 'LINUX_WORKSTATION', '2025-05-31T10:00:00.000Z'),
      dev('202', '2', 'CD-PRN-01', 'NMS_PRINTER', 'PRINTER', '2025-05-31T10:05:00.000Z'),
      dev('203', '2', 'CD-SW-01', 'NMS_SWITCH', 'NETWORK', '2025-05-31T10:10:00.000Z'),
      dev('301', '3', 'HS-PC-01', 'WINDOWS_WORKSTATION', 'WINDOWS_WORKSTATION', '2025-05-31T07:30:00.000Z'),
    ]);
    expect(pull.quarantined).toEqual([]);

    const queries = (path: string) => sim.log.filter((r) => r.path === path).map((r) => r.query);
    // Only an empty page ends a list: the short last page is followed by one more request.
    expect(queries('/v2/organizations')).toEqual(['?pageSize=2', '?pageSize=2&after=2', '?pageSize=2&after=3']);
    expect(queries('/v2/devices')).toEqual(['?pageSize=2', '?pageSize=2&after=102', '?pageSize=2&after=104', '?pageSize=2&after=201', '?pageSize=2&after=203', '?pageSize=2&after=301']);

    const tokenCalls = sim.log.filter((r) => r.path === '/ws/oauth/token');
    expect(tokenCalls).toHaveLength(1);
    const form = new URLSearchParams(String(tokenCalls[0]!.body));
    expect([form.get('grant_type'), form.get('scope'), form.get('client_id')]).toEqual(['client_credentials', 'monitoring', NINJAONE_DEMO_ENV.NINJAONE_CLIENT_ID]);
    expect(sim.log.filter((r) => r.path !== '/ws/oauth/token').every((r) => r.headers.authorization?.startsWith('Bearer '))).toBe(true);
  });

  it('rides out a 429 storm with exactly the right data, waiting what Retry-After asks', async () => {
    const expected = await baseline();
    const sim = await start(rmmWorld(), { throttleEvery: 2, retryAfterSeconds: 7 });
    const { connector, sleeps } = connect(sim.url);

    expect(await connector.pull(TEST_NIGHT)).toEqual(expected);
    const throttled = sim.log.filter((r) => r.status === 429).length;
    expect(throttled).toBeGreaterThanOrEqual(3);
    expect(sleeps).toEqual(Array(throttled).fill(7000));
    expect(connector.stats().throttled).toBe(throttled);
  });

  it('retries a transient 503 and loses nothing', async () => {
    const expected = await baseline();
    const sim = await start(rmmWorld(), { failOnceOn: /^\/v2\/devices$/ });
    const { connector, sleeps } = connect(sim.url);

    expect(await connector.pull(TEST_NIGHT)).toEqual(expected);
    expect(sim.log.filter((r) => r.path === '/v2/devices').map((r) => r.status)).toEqual([503, 200, 200, 200, 200, 200, 200]);
    expect(sleeps).toHaveLength(1);
    expect(connector.stats()).toMatchObject({ serverErrors: 1, retries: 1 });
  });

  it('refuses bad credentials with a VendorAuthError that names NinjaOne and what to check', async () => {
    const sim = await start();
    const { connector } = connect(sim.url, { ...NINJAONE_DEMO_ENV, NINJAONE_CLIENT_SECRET: 'wrong' });

    const error = await connector.pull(TEST_NIGHT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorAuthError);
    expect((error as Error).message).toMatch(/^NinjaOne \(ninja\): token request refused \(HTTP 401\)/);
    expect((error as Error).message).toContain('clientId and clientSecret of source "ninja"');
    expect((error as Error).message).toContain('"monitoring" scope');
    // Nothing is asked of the API with credentials the token endpoint refused.
    expect(sim.log.map((r) => r.path)).toEqual(['/ws/oauth/token']);
  });

  it('renews a token that expires mid-pull and carries on', async () => {
    const expected = await baseline();
    const sim = await start();
    sim.state.tokens.expireTokensAfter = 3;
    const { connector } = connect(sim.url);

    expect(await connector.pull(TEST_NIGHT)).toEqual(expected);
    expect(sim.log.filter((r) => r.status === 401)).toHaveLength(1);
    expect(sim.log.filter((r) => r.path === '/ws/oauth/token')).toHaveLength(2);
    expect(sim.state.tokens.issued).toBe(2);
  });

  it('keeps a device without a nodeClass, or with one it does not know, as UNCLASSIFIED instead of quarantining it', async () => {
    const world = rmmWorld();
    world.clients[1]!.rmm!.devices.push({ ...world.clients[1]!.rmm!.devices[0]!, id: '204', uid: '00000000-0000-4000-8000-000000000204', name: 'CD-NOCLASS', deviceClass: 'UNCLASSIFIED' });
    const sim = await start(world);
    sim.state.devices.push({ id: 950, organizationId: 2, nodeClass: 'QUANTUM_WORKSTATION', approvalStatus: 'APPROVED', displayName: 'CD-FUTURE', lastContact: 1748700000 });

    const pull = await connect(sim.url).connector.pull(TEST_NIGHT);

    expect((sim.state.devices as Array<Record<string, unknown>>).find((d) => d.id === 204)).not.toHaveProperty('nodeClass');
    expect(pull.quarantined).toEqual([]);
    expect(pull.devices.filter((d) => d.deviceClass === 'UNCLASSIFIED')).toEqual([
      dev('204', '2', 'CD-NOCLASS', '', 'UNCLASSIFIED', '2025-05-31T10:00:00.000Z'),
      dev('950', '2', 'CD-FUTURE', 'QUANTUM_WORKSTATION', 'UNCLASSIFIED', '2025-05-31T14:00:00.000Z'),
    ]);
  });

  it('quarantines malformed devices and returns the rest', async () => {
    const expected = await baseline();
    const world = rmmWorld();
    world.malformed.ninjaone = [
      { id: 900, organizationId: 'two', nodeClass: 'WINDOWS_WORKSTATION', displayName: 'BROKEN-01' },
      { id: 901, organizationId: 2, nodeClass: 'MAC', lastContact: 'yesterday' },
    ];
    const sim = await start(world);
    const pull = await connect(sim.url).connector.pull(TEST_NIGHT);

    expect(pull.devices).toEqual(expected.devices);
    expect(pull.quarantined).toEqual([
      { sourceId: 'ninja', entity: 'device', externalId: '900', reason: expect.stringContaining('organizationId') },
      { sourceId: 'ninja', entity: 'device', externalId: '901', reason: expect.stringContaining('lastContact') },
    ]);
  });
});
