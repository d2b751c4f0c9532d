import type { z } from 'zod';

/** Just enough of OpenAPI 3 to hold the RMM connectors and simulators to their vendor specs. */

export interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
}
export interface Operation {
  parameters?: Array<{ name: string; in: string }>;
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
export interface Spec {
  servers?: Array<{ url: string }>;
  security?: Array<Record<string, string[]>>;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes?: Record<string, { type: string; scheme?: string }> };
}

/** Follows a $ref to the schema it names. */
export function resolve(spec: Spec, schema: Schema): Schema {
  return schema.$ref ? resolve(spec, spec.components.schemas[schema.$ref.replace('#/components/schemas/', '')]!) : schema;
}

export const propertiesOf = (spec: Spec, schema: Schema): Record<string, Schema> => resolve(spec, schema).properties ?? {};

/** The spec operation a concrete path hits, `{param}` templates matched; literal paths win. */
export function operationFor(spec: Spec, method: string, apiPath: string): Operation | undefined {
  const m = method.toLowerCase();
  const literal = spec.paths[apiPath]?.[m];
  if (literal) return literal;
  const template = Object.keys(spec.paths).find((p) => spec.paths[p]![m] && new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(apiPath));
  return template ? spec.paths[template]![m] : undefined;
}

/** The schema of a successful JSON answer (NinjaOne documents only `default`). */
export function okSchema(op: Operation): Schema {
  const response = op.responses['200'] ?? op.responses.default;
  return response!.content!['application/json']!.schema;
}

/** Query parameter names a request sent that its operation does not declare. */
export function undeclaredQuery(op: Operation, query: string): string[] {
  const declared = new Set((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
  return [...new URLSearchParams(query).keys()].filter((name) => !declared.has(name));
}

export const keysOf = (schema: z.ZodObject) => Object.keys(schema.shape);

/** The object schema inside optional, nullable and catch wrappers: the fields a nested record is read by. */
export function objectIn(schema: z.ZodType): z.ZodObject {
  let s = schema as z.ZodType & { def: { type: string; innerType?: z.ZodType } };
  while (s.def.type !== 'object') s = s.def.innerType as typeof s;
  return s as unknown as z.ZodObject;
}
