import * as z from 'zod';
import { apiRootProblem, type ApiRootRule } from './api-root';

/** A credential is named, never inlined: an environment variable or a Secrets Manager secret (optionally one JSON field of it). */
export const SecretRef = z.union([
  z.strictObject({ env: z.string().min(1).describe('Environment variable holding the value') }),
  z.strictObject({
    secret: z.string().min(1).describe('Secrets Manager secret name or ARN'),
    field: z.string().min(1).optional().describe('JSON field inside the secret; the whole string when absent'),
  }),
]);
export type SecretRef = z.infer<typeof SecretRef>;

export const url = z.url({ protocol: /^https?$/ });
/** The vendor's API root (shared/config/api-root.ts has the table): refused only where it cannot be completed. */
export const apiRootUrl = (rule: ApiRootRule) =>
  url.superRefine((u, ctx) => {
    const problem = apiRootProblem(rule, u);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const rateLimit = z
  .strictObject({
    requests: z.number().int().positive(),
    perSeconds: z.number().positive(),
  })
  .describe('Client-side rate limit; defaults to the vendor documented limit');
/**
 * When a source's pull runs as partitions on Step Functions (shared/connectors/partitions.ts)
 * instead of one invocation, and how they share the vendor's limit.
 */
export const FanOut = z
  .strictObject({
    mode: z
      .enum(['auto', 'single', 'partitioned'])
      .default('auto')
      .describe('auto: one invocation while the estimate fits singleUpToSeconds, partitions past it or when no earlier night gives sizes'),
    singleUpToSeconds: z
      .number()
      .int()
      .min(0)
      .max(840)
      .default(600)
      .describe("A pull estimated from the last night's list sizes to take longer than this runs as partitions"),
    partitionSize: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Pages (paged lists) or parent records (ConnectWise agreements) per partition; default: about 5 minutes of requests at the shared rate'),
    share: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe("Fraction of the rate limit the partitions take together; default 0.5 where the vendor's limit is per tenant (its other integrations keep the rest), else 1"),
    maxConcurrency: z.number().int().min(1).max(40).default(4).describe('Most partitions running at once; also reserves that much collect concurrency'),
  })
  .describe('Partitioned collection past one Lambda invocation');
export type FanOut = z.infer<typeof FanOut>;
/** The fields every source has. */
export const sourceCommon = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'use lower-case letters, digits and dashes (max 32)'),
  /** Per-request timeout; vendors are slow at night. */
  timeoutMs: z.number().int().positive().default(30_000),
  maxRetries: z.number().int().min(0).max(10).default(5),
  rateLimit: rateLimit.optional(),
  fanOut: FanOut.optional(),
  /** The vendor's web app, for links in emails and pages (shared/connectors/web-links.ts); no links without it. */
  webUrl: url.optional().describe("The address of the vendor's web app, e.g. https://app.ninjarmm.com; emails and approval pages link to agreements and clients there"),
};
