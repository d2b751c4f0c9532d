import { parseArgs } from 'node:util';
import { z } from 'zod';

/** Command-line flags shared by the benchmarks, checked with zod like any other input. */
const Flags = z.object({
  scale: z.coerce.number().positive().max(10).default(1),
  latency: z.coerce.number().int().min(0).default(25),
  seed: z.coerce.number().int().default(42),
  only: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined)),
  parallel: z.boolean().default(false),
  /** bench:scale: the pulls only, without the night through the handlers (no reconcile, no cost). */
  pullsOnly: z.boolean().default(false),
  /** bench:scale: the round trip assumed for a real vendor in AWS (ms), for the projection. */
  awsLatency: z.coerce.number().int().min(0).default(250),
  /** bench:scale: real seconds a rate-bound pull is time-scaled to take. */
  target: z.coerce.number().positive().default(90),
  clients: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').map((x) => Number(x)) : undefined))
    .pipe(z.array(z.number().int().positive()).optional()),
});
export type Flags = z.infer<typeof Flags>;

export function readFlags(argv: string[] = process.argv.slice(2)): Flags {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: 'string' },
      latency: { type: 'string' },
      seed: { type: 'string' },
      only: { type: 'string' },
      parallel: { type: 'boolean' },
      clients: { type: 'string' },
      'aws-latency': { type: 'string' },
      target: { type: 'string' },
      'pulls-only': { type: 'boolean' },
    },
    strict: true,
  });
  const { 'aws-latency': awsLatency, 'pulls-only': pullsOnly, ...rest } = values;
  return Flags.parse({ ...rest, awsLatency, pullsOnly });
}
