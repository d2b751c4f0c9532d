import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { NINJAONE_DEMO_ENV, ninjaoneDemoSource, startNinjaOneSimulator } from '../../local/simulators/ninjaone';
import { NinjaOneSource } from '../../shared/connectors/vendors/ninjaone/config';
import { createSecretResolver } from '../../shared/config/secrets';
import { NINJA_NODE_CLASSES } from '../../shared/connectors/device-class';
import { NinjaDevice, NinjaOrganization, createNinjaOneConnector } from '../../shared/connectors/vendors/ninjaone/connector';
import { rmmWorld, withDeviceFacts, withUnclassified } from '../support/rmm-world';
import { keysOf, objectIn, okSchema, operationFor, propertiesOf, resolve, undeclaredQuery, type Spec } from '../support/rmm-spec';
import { TEST_NIGHT } from '../support/connector-deps';

/**
 * Holds the NinjaOne connector and its simulator to NinjaOne's own spec (Public API 2.0,
 * 2.0.9-draft). The spec models auth only as a bearer scheme with scopes: the token endpoint
 * /ws/oauth/token is not in it, so only the scope we ask for is checked. Responses are
 * documented only as `default`, and no 429 is documented at all.
 */

const spec = parseYaml(readFileSync(path.resolve(process.cwd(), '../shared/vendor-apis/specs/ninjaone/ninjaone-openapi-original.yml'), 'utf8')) as Spec;
const TOKEN_PATH = '/ws/oauth/token';

let sim: Awaited<ReturnType<typeof startNinjaOneSimulator>>;
beforeAll(async () => {
  sim = await startNinjaOneSimulator(withDeviceFacts(withUnclassified(rmmWorld())));
  const source = NinjaOneSource.parse({ ...ninjaoneDemoSource(sim.url), pageSize: 2 });
  await createNinjaOneConnector(source, { secrets: createSecretResolver({ ...NINJAONE_DEMO_ENV }) }).pull(TEST_NIGHT);
});
afterAll(() => sim.close());

const itemsOf = (apiPath: string) => propertiesOf(spec, okSchema(operationFor(spec, 'GET', apiPath)!).items!);

describe('NinjaOne connector and simulator against the vendor spec', () => {
  it('every API request of a pull is a spec operation with only declared query parameters, sent with a bearer token', () => {
    const api = sim.log.filter((r) => r.path !== TOKEN_PATH);
    expect(api.length).toBeGreaterThan(4);
    for (const req of api) {
      const op = operationFor(spec, req.method, req.path);
      expect(op, `${req.method} ${req.path}`).toBeDefined();
      expect(undeclaredQuery(op!, req.query), `${req.method} ${req.path}${req.query}`).toEqual([]);
      expect(req.headers.authorization).toMatch(/^Bearer /);
    }
    expect(spec.components.securitySchemes!.oauth2).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('asks only for a scope the spec defines, and the read-only one', () => {
    const form = new URLSearchParams(String(sim.log.find((r) => r.path === TOKEN_PATH)!.body));
    const scopes = spec.security!.find((s) => s.oauth2)!.oauth2!;
    expect(form.get('scope')).toBe('monitoring');
    expect(scopes).toContain(form.get('scope'));
  });

  it('list responses are bare arrays, as the connector pages them', () => {
    for (const apiPath of ['/v2/organizations', '/v2/devices']) expect(okSchema(operationFor(spec, 'GET', apiPath)!).type).toBe('array');
  });

  it('every field the connector reads exists in the spec schemas', () => {
    expect(Object.keys(itemsOf('/v2/organizations'))).toEqual(expect.arrayContaining(keysOf(NinjaOrganization)));
    const device = itemsOf('/v2/devices');
    expect(Object.keys(device)).toEqual(expect.arrayContaining(keysOf(NinjaDevice)));
    // The connector reads lastContact as epoch seconds: the spec types it as a double.
    expect(device.lastContact).toMatchObject({ type: 'number', format: 'double' });
    expect(resolve(spec, device.approvalStatus!).enum).toContain('APPROVED');
  });

  it('reads warranty dates under references as the spec names them, in epoch seconds', () => {
    const references = propertiesOf(spec, itemsOf('/v2/devices').references!);
    expect(Object.keys(references)).toEqual(expect.arrayContaining(keysOf(objectIn(NinjaDevice.shape.references))));
    const warranty = propertiesOf(spec, references.warranty!);
    expect(Object.keys(warranty)).toEqual(expect.arrayContaining(keysOf(objectIn(objectIn(NinjaDevice.shape.references).shape.warranty))));
    for (const field of ['endDate', 'manufacturerFulfillmentDate']) expect(warranty[field]).toMatchObject({ type: 'number', format: 'double' });
    const served = (sim.state.devices as Array<{ references?: { warranty?: object } }>).filter((d) => d.references);
    expect(served.length, 'devices with warranty dates are served').toBeGreaterThan(0);
    for (const d of served) expect(Object.keys(warranty)).toEqual(expect.arrayContaining(Object.keys(d.references!.warranty!)));
  });

  it('maps every nodeClass the spec lists, and only those', () => {
    const nodeClass = itemsOf('/v2/devices').nodeClass!;
    expect(Object.keys(NINJA_NODE_CLASSES).sort()).toEqual([...nodeClass.enum!].map(String).sort());
  });

  it('the simulator serves only spec fields and spec enum values', () => {
    expect(sim.state.devices.some((d) => !('nodeClass' in (d as object))), 'an unclassified device is served').toBe(true);
    const org = itemsOf('/v2/organizations');
    const device = itemsOf('/v2/devices');
    for (const record of sim.state.organizations) expect(Object.keys(org)).toEqual(expect.arrayContaining(Object.keys(record)));
    for (const record of sim.state.devices as Array<Record<string, unknown>>) {
      expect(Object.keys(device)).toEqual(expect.arrayContaining(Object.keys(record)));
      // An unclassified device comes without nodeClass; any other carries a spec value.
      if ('nodeClass' in record) expect(device.nodeClass!.enum).toContain(record.nodeClass);
      expect(device.approvalStatus!.enum).toContain(record.approvalStatus);
    }
  });
});
