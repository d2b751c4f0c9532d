import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTOMATE_DEMO_ENV, automateDemoSource, startAutomateSimulator } from '../../local/simulators/automate';
import { createSecretResolver } from '../../shared/config/secrets';
import { AutomateSource } from '../../shared/connectors/vendors/automate/config';
import { createAutomateConnector } from '../../shared/connectors/vendors/automate/connector';
import { AutomateClient, AutomateComputer } from '../../shared/connectors/vendors/automate/records';
import { automateWorld } from '../support/automate-world';
import { TEST_NIGHT } from '../support/connector-deps';
import { keysOf, objectIn, okSchema, operationFor, propertiesOf, resolve, undeclaredQuery, type Spec } from '../support/rmm-spec';
import { withDeviceFacts } from '../support/rmm-world';

/**
 * Holds the ConnectWise Automate connector and its simulator to the vendor's spec (the merged
 * v1 modules). The spec has no securitySchemes; its APIToken operation gives the login's body
 * and answer. Lists answer bare arrays with no total or Link header, so the connector can only
 * stop on a short page: what the spec declares for paging is checked here too.
 */

const spec = JSON.parse(readFileSync(path.resolve(process.cwd(), '../shared/vendor-apis/specs/connectwise/connectwise-automate-openapi-merged.json'), 'utf8')) as Spec;
const API_PREFIX = new URL(spec.servers![0]!.url.replace('{automateHost}', 'host')).pathname;

let sim: Awaited<ReturnType<typeof startAutomateSimulator>>;
beforeAll(async () => {
  sim = await startAutomateSimulator(withDeviceFacts(automateWorld()));
  const source = AutomateSource.parse({ ...automateDemoSource(sim.url), pageSize: 2 });
  await createAutomateConnector(source, { secrets: createSecretResolver({ ...AUTOMATE_DEMO_ENV }) }).pull(TEST_NIGHT);
});
afterAll(() => sim.close());

const schema = (name: string) => propertiesOf(spec, { $ref: `#/components/schemas/${name}` });

describe('ConnectWise Automate connector and simulator against the vendor spec', () => {
  it('every request of a pull is a spec operation under the spec server path, with only declared query parameters', () => {
    expect(API_PREFIX).toBe('/cwa');
    expect(sim.log.length).toBeGreaterThan(4);
    for (const req of sim.log) {
      expect(req.path.startsWith(`${API_PREFIX}/`), req.path).toBe(true);
      const op = operationFor(spec, req.method, req.path.slice(API_PREFIX.length));
      expect(op, `${req.method} ${req.path}`).toBeDefined();
      expect(undeclaredQuery(op!, req.query), `${req.method} ${req.path}${req.query}`).toEqual([]);
      expect(req.headers.clientid, 'the developer clientId on every call').toBe(AUTOMATE_DEMO_ENV.AUTOMATE_CLIENT_ID);
    }
  });

  it('logs in with the spec TokenCredentials and reads the spec TokenResult', () => {
    const login = sim.log.find((r) => r.method === 'POST')!;
    const op = operationFor(spec, 'POST', login.path.slice(API_PREFIX.length))!;
    const credentials = propertiesOf(spec, resolve(spec, (op as { requestBody?: { content: Record<string, { schema: { $ref: string } }> } }).requestBody!.content['application/json']!.schema));
    expect(Object.keys(credentials)).toEqual(expect.arrayContaining(Object.keys(login.body as object)));
    expect(Object.keys(propertiesOf(spec, okSchema(op)))).toEqual(expect.arrayContaining(['AccessToken', 'ExpirationDate', 'IsTwoFactorRequired']));
  });

  it('lists answer bare arrays of the schemas the connector reads, paged by options.page and options.pageSize', () => {
    for (const [apiPath, name] of [['/api/v1/Clients', 'LabTech.Models.Client'], ['/api/v1/Computers', 'LabTech.Models.Computer']] as const) {
      const op = operationFor(spec, 'GET', apiPath)!;
      const answer = resolve(spec, okSchema(op));
      expect(answer.type).toBe('array');
      expect(answer.items?.$ref).toBe(`#/components/schemas/${name}`);
      expect((op.parameters ?? []).map((p) => p.name)).toEqual(expect.arrayContaining(['options.page', 'options.pageSize']));
    }
  });

  it('every field the connector reads exists in the spec schemas', () => {
    expect(Object.keys(schema('LabTech.Models.Client'))).toEqual(expect.arrayContaining(keysOf(AutomateClient)));
    expect(Object.keys(schema('LabTech.Models.Computer'))).toEqual(expect.arrayContaining(keysOf(AutomateComputer)));
  });

  it('reads the virus scanner, warranty and asset dates as the spec names and types them', () => {
    expect(Object.keys(schema('LabTech.Models.VirusScannerDef'))).toEqual(expect.arrayContaining(keysOf(objectIn(AutomateComputer.shape.VirusScanner))));
    for (const field of ['WarrantyEndDate', 'AssetDate']) expect(schema('LabTech.Models.Computer')[field]).toMatchObject({ type: 'string', format: 'date-time' });
    const served = (sim.state.computers as Array<Record<string, unknown>>).filter((c) => c.VirusScanner);
    expect(served.length, 'computers with a virus scanner are served').toBeGreaterThan(0);
    for (const c of served) expect(Object.keys(schema('LabTech.Models.VirusScannerDef'))).toEqual(expect.arrayContaining(Object.keys(c.VirusScanner as object)));
  });

  it('the simulator serves only spec fields', () => {
    const client = Object.keys(schema('LabTech.Models.Client'));
    const computer = Object.keys(schema('LabTech.Models.Computer'));
    for (const record of sim.state.clients) expect(client).toEqual(expect.arrayContaining(Object.keys(record)));
    for (const record of sim.state.computers as Array<Record<string, unknown>>) {
      expect(computer).toEqual(expect.arrayContaining(Object.keys(record)));
      expect(Object.keys(schema('LabTech.Models.Location'))).toEqual(expect.arrayContaining(Object.keys(record.Location as object)));
    }
  });
});
