import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KASEYAVSA_DEMO_ENV, kaseyavsaDemoSource, startKaseyaVsaSimulator } from '../../local/simulators/kaseyavsa';
import { createSecretResolver } from '../../shared/config/secrets';
import { KaseyaVsaSource } from '../../shared/connectors/vendors/kaseyavsa/config';
import { createKaseyaVsaConnector, readSession, unwrapList } from '../../shared/connectors/vendors/kaseyavsa/connector';
import { toDevice } from '../../shared/connectors/vendors/kaseyavsa/map';
import { VSA_NEVER_CHECKED_IN, VSA_SUSPENDED, VsaAgent } from '../../shared/connectors/vendors/kaseyavsa/records';
import { keysOf } from '../support/rmm-spec';
import { kaseyaVsaWorld } from '../support/kaseyavsa-world';
import { TEST_NIGHT } from '../support/connector-deps';

/**
 * Holds the Kaseya VSA connector and its simulator to what is known of VSA 9's REST API. No
 * machine-readable spec exists: the facts are in shared/vendor-apis/notes/kaseya-vsa.md (help
 * pages and Kaseya's own PowerShell module), so this test reads them from the notes themselves.
 */

const notes = readFileSync(path.resolve(process.cwd(), '../shared/vendor-apis/notes/kaseya-vsa.md'), 'utf8');
/** The agent fields of the "Get Agent" sample (help page 31655), as the notes list them. */
const SAMPLE_FIELDS = /Fields in the 31655 sample: `([^`]+)`/
  .exec(notes)![1]!
  .split(',')
  .map((f) => f.trim().replace(/\{\}$/, ''));
/** The envelope the notes give: {"Result": ..., "ResponseCode": 0, "Status": ..., "Error": ...}. */
const ENVELOPE = ['Result', 'ResponseCode', 'Status', 'Error'];
const API = '/api/v1.0';

let sim: Awaited<ReturnType<typeof startKaseyaVsaSimulator>>;
beforeAll(async () => {
  sim = await startKaseyaVsaSimulator(kaseyaVsaWorld());
  const source = KaseyaVsaSource.parse({ ...kaseyavsaDemoSource(sim.url), pageSize: 2 });
  await createKaseyaVsaConnector(source, { secrets: createSecretResolver({ ...KASEYAVSA_DEMO_ENV }) }).pull(TEST_NIGHT);
});
afterAll(() => sim.close());

describe('Kaseya VSA connector and simulator against the vendor notes', () => {
  it('logs in with GET auth and Basic user:token, then sends the session token as Bearer on every request', () => {
    expect(notes).toContain('`Authorization: Bearer {SessionToken}`');
    const [login, ...api] = sim.log;
    expect(login).toMatchObject({ method: 'GET', path: `${API}/auth` });
    const [user, pat] = Buffer.from(login!.headers.authorization!.replace(/^Basic /, ''), 'base64').toString('utf8').split(':');
    expect([user, pat]).toEqual([KASEYAVSA_DEMO_ENV.KASEYAVSA_USERNAME, KASEYAVSA_DEMO_ENV.KASEYAVSA_PAT]);
    expect(api.length).toBeGreaterThan(4);
    for (const req of api) expect(req.headers.authorization).toMatch(/^Bearer /);
  });

  it('reads only the lists the notes name, with only the OData paging and ordering parameters', () => {
    expect(notes).toContain('`GET /assetmgmt/agents`');
    expect(notes).toContain('orgs `api/v1.0/system/orgs`');
    const odata = ['$top', '$skip', '$orderby', '$filter'].filter((p) => notes.includes(`\`${p}\``));
    expect(odata).toHaveLength(4);
    for (const req of sim.log.slice(1)) {
      expect([`${API}/system/orgs`, `${API}/assetmgmt/agents`]).toContain(req.path);
      expect([...new URLSearchParams(req.query).keys()].filter((k) => !odata.includes(k)), req.query).toEqual([]);
    }
  });

  it('every agent field the connector reads is in the documented sample, and so is every field the simulator serves', () => {
    expect(SAMPLE_FIELDS).toContain('LastCheckInTime');
    expect(SAMPLE_FIELDS).toEqual(expect.arrayContaining(keysOf(VsaAgent)));
    for (const agent of sim.state.devices as Array<Record<string, unknown>>) expect(SAMPLE_FIELDS).toEqual(expect.arrayContaining(Object.keys(agent)));
  });

  it('the simulator answers in the documented envelope, lists with a TotalRecords', () => {
    const orgs = (sim.state.orgs as unknown[]).length;
    expect(orgs).toBeGreaterThan(0);
    for (const key of ENVELOPE) expect(notes).toContain(`"${key}"`);
    const page = unwrapList({ Result: [{ AgentId: 1 }], ResponseCode: 0, Status: 'OK', Error: 'None', TotalRecords: 7 });
    expect(page).toEqual({ records: [{ AgentId: 1 }], total: 7 });
  });

  it('takes the suspended and never-checked-in codes from the notes', () => {
    expect(notes).toContain(`${VSA_SUSPENDED} suspended`);
    expect(notes).toContain(`${VSA_NEVER_CHECKED_IN} never checked in`);
  });

  it('maps an agent built by hand from the 31655 sample shape', () => {
    const agent = VsaAgent.parse({
      AgentId: '81234567890101',
      AgentName: 'nw-dc01.servers.northwind',
      Online: 0,
      OSType: '2019',
      OSInfo: 'Server Standard x64 Edition Build 17763',
      OrgId: '57384023443243',
      MachineGroupId: '12',
      MachineGroup: 'servers.northwind',
      ComputerName: 'NW-DC01',
      OperatingSystem: 'Windows',
      LastCheckInTime: '2025-05-31T23:00:00',
      Attributes: {},
    });
    expect(toDevice(agent)).toEqual({
      externalId: '81234567890101',
      clientExternalId: '57384023443243',
      name: 'NW-DC01',
      deviceClass: 'WINDOWS_SERVER',
      vendorClass: 'Windows 2019 Server Standard x64 Edition Build 17763',
      lastSeenAt: '2025-05-31T23:00:00.000Z',
      approved: true,
      deleted: false,
      osName: 'Windows Server 2019 Standard x64 Edition Build 17763',
    });
  });

  it('reads the auth call as VSAModule does: Token, and SessionExpiration plus OffSetInMinutes', () => {
    const now = Date.parse('2025-06-01T00:00:00Z');
    const body = { Result: { Token: 'abc', UserName: 'api', SessionExpiration: '2025-06-01T01:00:00Z', OffSetInMinutes: 30 }, ResponseCode: 0, Status: 'OK', Error: 'None' };
    expect(readSession(body, now)).toEqual({ token: 'abc', expiresIn: 5400 });
    expect(readSession({ ...body, ResponseCode: 401, Result: null }, now)).toBeUndefined();
  });
});
