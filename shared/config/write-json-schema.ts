import { writeFile } from 'node:fs/promises';
import * as z from 'zod';
import { TrueupConfig } from './schema';

/** Writes config/trueup.schema.json so editors validate and complete the config file. */
export function configJsonSchema(): unknown {
  return z.toJSONSchema(TrueupConfig, { io: 'input', unrepresentable: 'any' });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = new URL('../../config/trueup.schema.json', import.meta.url);
  await writeFile(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  console.log(`wrote ${target.pathname}`);
}
