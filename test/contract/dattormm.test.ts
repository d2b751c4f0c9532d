import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATTORMM_DEMO_ENV, dattormmDemoSource, startDattoRmmSimulator } from '../../local/simulators/dattormm';
import { DattoRmmSource } from '../../shared/connectors/vendors/dattormm/config';
import { createSecretResolver } from '../../shared/config/secrets';
import { DATTO_DEVICE_CLASSES } from '../../shared/connectors/device-class';
import { DATTO_ANTIVIRUS, DattoDevice, DattoSite, createDattoRmmConnector } from '../../shared/connectors/vendors/dattormm/connector';
import { rmmWorld, withDeviceFacts, withUnclassified } from '../support/rmm-world';
import { keysOf, objectIn, okSchema, operationFor, propertiesOf, undeclaredQuery, type Spec } from '../support/rmm-spec';
import { TEST_NIGHT } from '../support/connector-deps';

/**
 * Holds the Datto RMM connector and its simulator to Datto's own spec (API v2, Build 235). The
 * spec has no securitySchemes, so the token endpoint (/auth/oauth/token, outside /api) is not in
 * it and is not checked here; it documents no 429 either. It types lastSeen as a date-time
 * string while live accounts send epoch milliseconds [V field note]: the simulator sends numbers
 * by default and only field names, not types, are compared.
 */

const spec = JSON.parse(readFileSync(path.resolve(process.cwd(), '../shared/vendor-apis/specs/dattormm/datto-rmm-openapi-build235.json'), 'utf8')) as Spec;
const API_PREFIX = new URL(spec.servers![0]!.url).pathname;
const TOKEN_PATH = '/auth/oauth/token';

let sim: Awaited<ReturnType<typeof startDattoRmmSimulator>>;
beforeAll(async () => {
  sim = await startDattoRmmSimulator(withDeviceFacts(withUnclassified(rmmWorld())));
  const source = DattoRmmSource.parse({ ...dattormmDemoSource(sim.url), pageSize: 2 });
  await createDattoRmmConnector(source, { secrets: createSecretResolver({ ...DATTORMM_DEMO_ENV }) }).pull(TEST_NIGHT);
});
afterAll(() => sim.close());

const schema = (name: string) => propertiesOf(spec, { $ref: `#/components/schemas/${name}` });
const listOf = (apiPath: string) => propertiesOf(spec, okSchema(operationFor(spec, 'GET', apiPath)!));

describe('Datto RMM connector and simulator against the vendor spec', () => {
  it('every API request of a pull is a spec operation under the spec server path, with only declared query parameters', () => {
    expect(API_PREFIX).toBe('/api');
    const api = sim.log.filter((r) => r.path !== TOKEN_PATH);
    expect(api.length).toBeGreaterThan(4);
    for (const req of api) {
      expect(req.path.startsWith(`${API_PREFIX}/`), req.path).toBe(true);
      const op = operationFor(spec, req.method, req.path.slice(API_PREFIX.length));
      expect(op, `${req.method} ${req.path}`).toBeDefined();
      expect(undeclaredQuery(op!, req.query), `${req.method} ${req.path}${req.query}`).toEqual([]);
    }
  });

  it('list responses are {pageDetails, <entity>} envelopes with a nextPageUrl, as the connector pages them', () => {
    expect(Object.keys(listOf('/v2/account/sites'))).toEqual(expect.arrayContaining(['pageDetails', 'sites']));
    expect(Object.keys(listOf('/v2/account/devices'))).toEqual(expect.arrayContaining(['pageDetails', 'devices']));
    expect(Object.keys(schema('PaginationData'))).toContain('nextPageUrl');
  });

  it('every field the connector reads exists in the spec schemas', () => {
    expect(Object.keys(schema('Site'))).toEqual(expect.arrayContaining(keysOf(DattoSite)));
    expect(Object.keys(schema('Device'))).toEqual(expect.arrayContaining(keysOf(DattoDevice)));
    expect(Object.keys(schema('DevicesType'))).toEqual(expect.arrayContaining(keysOf(DattoDevice.shape.deviceType.unwrap().unwrap())));
  });

  it('reads antivirus as the spec words it, every antivirusStatus mapped, and warrantyDate as a string', () => {
    expect(Object.keys(schema('Antivirus'))).toEqual(expect.arrayContaining(keysOf(objectIn(DattoDevice.shape.antivirus))));
    expect(Object.keys(DATTO_ANTIVIRUS).sort()).toEqual([...schema('Antivirus').antivirusStatus!.enum!].map(String).sort());
    expect(schema('Device').warrantyDate).toMatchObject({ type: 'string' });
    const served = (sim.state.devices as Array<Record<string, unknown>>).filter((d) => d.antivirus);
    expect(served.length, 'devices with antivirus are served').toBeGreaterThan(0);
    for (const d of served) {
      const av = d.antivirus as Record<string, unknown>;
      expect(Object.keys(schema('Antivirus'))).toEqual(expect.arrayContaining(Object.keys(av)));
      expect(schema('Antivirus').antivirusStatus!.enum).toContain(av.antivirusStatus);
    }
  });

  it('maps every deviceClass the spec lists, and only those', () => {
    expect(Object.keys(DATTO_DEVICE_CLASSES).sort()).toEqual([...schema('Device').deviceClass!.enum!].map(String).sort());
  });

  it('the simulator serves only spec fields and spec enum values', () => {
    expect(sim.state.devices.some((d) => (d as { deviceClass?: unknown }).deviceClass === 'unknown'), 'an unclassified device is served').toBe(true);
    for (const record of sim.state.sites) {
      expect(Object.keys(schema('Site'))).toEqual(expect.arrayContaining(Object.keys(record)));
      expect(Object.keys(schema('DevicesStatus'))).toEqual(expect.arrayContaining(Object.keys(record.devicesStatus as object)));
    }
    for (const record of sim.state.devices as Array<Record<string, unknown>>) {
      expect(Object.keys(schema('Device'))).toEqual(expect.arrayContaining(Object.keys(record)));
      // An unclassified device may come without deviceType.
      if (record.deviceType) expect(Object.keys(schema('DevicesType'))).toEqual(expect.arrayContaining(Object.keys(record.deviceType)));
      expect(schema('Device').deviceClass!.enum).toContain(record.deviceClass);
    }
  });

  it('the simulator pages and refuses in the spec\'s shapes', async () => {
    const res = await fetch(`${sim.url}${API_PREFIX}/v2/account/sites`);
    expect(res.status).toBe(401);
    expect(Object.keys(schema('ErrorResponse')).sort()).toEqual(Object.keys((await res.json()) as object).sort());

    const token = (await (
      await fetch(`${sim.url}${TOKEN_PATH}`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from('public-client:public').toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', username: DATTORMM_DEMO_ENV.DATTORMM_API_KEY, password: DATTORMM_DEMO_ENV.DATTORMM_API_SECRET }),
      })
    ).json()) as { access_token: string };
    const body = (await (await fetch(`${sim.url}${API_PREFIX}/v2/account/devices?max=2`, { headers: { Authorization: `Bearer ${token.access_token}` } })).json()) as Record<string, Record<string, unknown>>;
    expect(Object.keys(schema('PaginationData')).sort()).toEqual(Object.keys(body.pageDetails!).sort());
    expect(new URL(String(body.pageDetails!.nextPageUrl)).origin).toBe(sim.url);
  });
});
