import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { Pax8Source } from '../../shared/connectors/vendors/pax8/config';
import { createSecretResolver } from '../../shared/config/secrets';
import { PageEnvelope } from '../../shared/connectors/http/paging/page-object';
import { createPax8Connector } from '../../shared/connectors/vendors/pax8/connector';
import { SUBSCRIPTION_STATUS } from '../../shared/connectors/vendors/pax8/map';
import { Pax8Company, Pax8Product, Pax8Subscription } from '../../shared/connectors/vendors/pax8/records';
import { PAX8_BASE_PATH, PAX8_DEMO_ENV, pax8DemoSource, startPax8Simulator } from '../../local/simulators/pax8';
import { pax8World } from '../support/pax8-world';
import { TEST_NIGHT } from '../support/connector-deps';

/**
 * Holds the Pax8 connector and its simulator to the vendor's own specs: the partner endpoints
 * (OpenAPI JSON), the refined subscriptions spec (YAML) and the authentication spec. The specs
 * document no 429/Retry-After and no body for a refused bearer token, so those are not checked here.
 */

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  enum?: unknown[];
  maximum?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
}
interface Parameter {
  name: string;
  in: string;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface Spec {
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const specDir = path.resolve(process.cwd(), '../shared/vendor-apis/specs/pax8');
const read = (file: string) => readFileSync(path.join(specDir, file), 'utf8');
const partner = JSON.parse(read('pax8-partner-endpoints-openapi.json')) as Spec;
const subscriptionsSpec = parseYaml(read('refined-pax8-subscriptions-api-openapi.yml')) as Spec;
const authSpec = JSON.parse(read('pax8-authentication-openapi.json')) as Spec;

/** A schema's properties, following $ref and merging allOf. */
function propertiesOf(spec: Spec, schema: Schema): Record<string, Schema> {
  if (schema.$ref) return propertiesOf(spec, spec.components.schemas[schema.$ref.replace('#/components/schemas/', '')]!);
  return Object.assign({}, schema.properties, ...(schema.allOf ?? []).map((s) => propertiesOf(spec, s)));
}
const schemaNamed = (spec: Spec, name: string) => propertiesOf(spec, { $ref: `#/components/schemas/${name}` });

/** The spec operation a concrete path (without the /v1 server prefix) hits, templates matched. */
function operationFor(spec: Spec, method: string, apiPath: string): Operation | undefined {
  const template = Object.keys(spec.paths).find((p) => new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(apiPath) && spec.paths[p]![method.toLowerCase()]);
  // Literal paths win over templates (/products/x must not be read as a list).
  const literal = spec.paths[apiPath]?.[method.toLowerCase()];
  return literal ?? (template ? spec.paths[template]![method.toLowerCase()] : undefined);
}
const okSchema = (op: Operation) => op.responses['200']!.content!['application/json']!.schema;
const keysOf = (schema: z.ZodObject) => Object.keys(schema.shape);

let sim: Awaited<ReturnType<typeof startPax8Simulator>>;
beforeAll(async () => {
  sim = await startPax8Simulator(pax8World());
  const source = Pax8Source.parse({ ...pax8DemoSource(sim.url), pageSize: 2 });
  await createPax8Connector(source, { secrets: createSecretResolver(PAX8_DEMO_ENV) }).pull(TEST_NIGHT);
});
afterAll(() => sim.close());

describe('Pax8 connector and simulator against the vendor specs', () => {
  it('default base and token URLs are the specs\' servers, and the simulator serves under the same base path', () => {
    const defaults = Pax8Source.parse({ id: 'pax8', kind: 'pax8', clientId: { env: 'X' }, clientSecret: { env: 'Y' } });
    expect(defaults.baseUrl).toBe(partner.servers[0]!.url);
    expect(defaults.baseUrl).toBe(subscriptionsSpec.servers[0]!.url);
    expect(defaults.tokenUrl).toBe(`${authSpec.servers[0]!.url}/token`);
    expect(new URL(partner.servers[0]!.url).pathname).toBe(PAX8_BASE_PATH);
  });

  it('every request of a pull is a spec operation, with only declared query parameters and allowed values', () => {
    expect(sim.log.length).toBeGreaterThan(3);
    for (const req of sim.log) {
      const apiPath = req.path.slice(PAX8_BASE_PATH.length);
      const spec = apiPath === '/token' ? authSpec : partner;
      const op = operationFor(spec, req.method, apiPath);
      expect(op, `${req.method} ${req.path}`).toBeDefined();
      const declared = new Map((op!.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p.schema ?? {}]));
      for (const [name, value] of new URLSearchParams(req.query)) {
        expect([...declared.keys()], `${req.method} ${req.path}?${name}`).toContain(name);
        const schema = declared.get(name)!;
        if (schema.enum) expect(schema.enum, `${name}=${value}`).toContain(value);
        if (schema.maximum !== undefined) expect(Number(value), name).toBeLessThanOrEqual(schema.maximum);
      }
    }
    // The subscriptions list is also in the refined spec; its parameters must agree.
    const refined = operationFor(subscriptionsSpec, 'GET', '/subscriptions')!;
    const sent = sim.log.filter((r) => r.path === `${PAX8_BASE_PATH}/subscriptions`).flatMap((r) => [...new URLSearchParams(r.query).keys()]);
    for (const name of sent) expect(refined.parameters!.map((p) => p.name)).toContain(name);
  });

  it('the token request body is the spec\'s TokenRequest, and the simulator answers with its TokenResponse', async () => {
    const tokenSchema = schemaNamed(authSpec, 'TokenRequest');
    const { required } = authSpec.components.schemas.TokenRequest!;
    const body = sim.log.find((r) => r.path === `${PAX8_BASE_PATH}/token`)!.body as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual(Object.keys(tokenSchema).sort());
    expect(Object.keys(body)).toEqual(expect.arrayContaining(required!));
    expect(tokenSchema.audience!.enum).toContain(body.audience);
    expect(tokenSchema.grant_type!.enum).toContain(body.grant_type);

    const res = await fetch(`${sim.url}${PAX8_BASE_PATH}/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const answer = (await res.json()) as Record<string, unknown>;
    const responseSchema = schemaNamed(authSpec, 'TokenResponse');
    expect(Object.keys(answer).sort()).toEqual(Object.keys(responseSchema).sort());
    expect(responseSchema.expires_in!.enum).toContain(answer.expires_in);
  });

  it('every field the connector reads exists in the spec schemas', () => {
    const listOf = (apiPath: string) => propertiesOf(partner, okSchema(operationFor(partner, 'GET', apiPath)!));
    for (const apiPath of ['/companies', '/subscriptions']) expect(Object.keys(listOf(apiPath))).toEqual(expect.arrayContaining(keysOf(PageEnvelope)));
    expect(Object.keys(schemaNamed(partner, 'Page'))).toEqual(expect.arrayContaining(keysOf(PageEnvelope.shape.page)));

    expect(Object.keys(schemaNamed(partner, 'Company'))).toEqual(expect.arrayContaining(keysOf(Pax8Company)));
    const product = propertiesOf(partner, okSchema(operationFor(partner, 'GET', '/products/some-id')!));
    expect(Object.keys(product)).toEqual(expect.arrayContaining(keysOf(Pax8Product)));

    const commitment = keysOf(Pax8Subscription.shape.commitmentTerm.unwrap().unwrap());
    for (const spec of [partner, subscriptionsSpec]) {
      const subscription = schemaNamed(spec, 'Subscription');
      expect(Object.keys(subscription)).toEqual(expect.arrayContaining(keysOf(Pax8Subscription)));
      expect(Object.keys(propertiesOf(spec, subscription.commitmentTerm!))).toEqual(expect.arrayContaining(commitment));
    }
  });

  it('maps every subscription status either spec lists, and only those', () => {
    for (const spec of [partner, subscriptionsSpec]) expect(Object.keys(SUBSCRIPTION_STATUS).sort()).toEqual([...schemaNamed(spec, 'Subscription').status!.enum!].sort());
    expect(schemaNamed(partner, 'Company').status!.enum).toContain('Active');
  });

  it('the simulator serves only spec fields and spec enum values', () => {
    const check = (records: readonly unknown[], schema: Record<string, Schema>) => {
      for (const record of records as Array<Record<string, unknown>>) {
        for (const [key, value] of Object.entries(record)) {
          expect(Object.keys(schema), key).toContain(key);
          if (schema[key]!.enum) expect(schema[key]!.enum, `${key}=${String(value)}`).toContain(value);
        }
      }
    };
    const planted = new Set(pax8World().malformed.pax8!.map((r) => (r as { id: string }).id));
    const served = sim.state.subscriptions.filter((s) => !planted.has((s as { id: string }).id));
    expect(served.length).toBeGreaterThan(0);
    check(served, schemaNamed(partner, 'Subscription'));
    check(served, schemaNamed(subscriptionsSpec, 'Subscription'));
    check(
      served.flatMap((s) => ((s as { commitmentTerm?: unknown }).commitmentTerm ? [(s as { commitmentTerm: unknown }).commitmentTerm] : [])),
      schemaNamed(partner, 'SubscriptionCommitment'),
    );
    check(sim.state.companies, schemaNamed(partner, 'Company'));
    check(sim.state.products, schemaNamed(partner, 'Product'));
  });
});
