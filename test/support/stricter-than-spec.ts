import type * as z from 'zod';

/** What a vendor spec allows of a record's fields: the keys it requires, and the keys it allows to be null. */
export interface SpecFields {
  required: readonly string[];
  nullable: readonly string[];
}

/**
 * Where a connector's record schema is stricter than the vendor spec: `key missing` for a field
 * the spec does not require that the schema refuses when absent, `key null` for one the spec
 * allows null that the schema refuses as null. Each is a record quarantined for what the spec
 * allows, so each must be a field nothing can be judged without.
 */
export function stricterThanSpec(schema: z.ZodObject, spec: SpecFields): string[] {
  return Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([key, field]) => [
    ...(!spec.required.includes(key) && !field.safeParse(undefined).success ? [`${key} missing`] : []),
    ...(spec.nullable.includes(key) && !field.safeParse(null).success ? [`${key} null`] : []),
  ]);
}
