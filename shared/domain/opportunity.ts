import * as z from 'zod';

/**
 * Something to sell a client, as the renewal alert and the QBR pack list it: never leakage and
 * never a churn signal. The expansion signals from RMM usage (unmanaged devices, aging hardware,
 * missing security tooling, licence upgrades) map into this shape; until they are wired the
 * alert and the pack say none were looked for.
 */
export const Opportunity = z.object({
  /** The signal's kind, e.g. "missing-edr", "aging-hardware". */
  kind: z.string().min(1),
  title: z.string().min(1),
  detail: z.string().default(''),
  /** $/month at recipe prices, when a recipe prices it. */
  monthlyCents: z.number().int().nullable().default(null),
});
export type Opportunity = z.infer<typeof Opportunity>;
