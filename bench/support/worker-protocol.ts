import { z } from 'zod';

/** What the parent asks a pull worker: one source (as configured), the night, and the env its secrets name. */
export const PullJob = z.object({
  source: z.unknown(),
  runDate: z.iso.date(),
  env: z.record(z.string(), z.string()),
  /** Pull the source's service work of this window (WorkConnector.pullWork) instead of its seats. */
  work: z.object({ from: z.iso.date(), changedSince: z.string().nullable(), confirm: z.boolean().optional() }).optional(),
});
export type PullJob = z.infer<typeof PullJob>;

/** What a pull worker reports back over IPC. */
export const PullResult = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    counts: z.object({
      clients: z.number(),
      agreements: z.number(),
      lines: z.number(),
      devices: z.number(),
      subscriptions: z.number(),
      quarantined: z.number(),
      /** A work pull's time entries, tickets, invoices and agreement coverage. */
      timeEntries: z.number().default(0),
      tickets: z.number().default(0),
      invoices: z.number().default(0),
      coverage: z.number().default(0),
    }),
    stats: z.object({ requests: z.number(), retries: z.number(), throttled: z.number(), serverErrors: z.number() }),
    /** With work.confirm: the next night read by changes only, then the records behind its labor findings read again by id (shared/app/confirm-work.ts). */
    confirm: z
      .object({ findings: z.number(), timeEntries: z.number(), tickets: z.number(), gone: z.number(), incrementalRequests: z.number(), requests: z.number() })
      .optional(),
    /** A seats pull that splits: its lists' sizes, as the manifest's `listed` records them for the next night's plan. */
    listed: z.record(z.string(), z.number()).optional(),
    wallMs: z.number(),
    /** CPU time (user + system) the worker process spent during the pull. */
    cpuMs: z.number(),
    /** RSS just before the pull, after the modules loaded. */
    rssBeforeMb: z.number(),
    /** Highest RSS sampled (every 25 ms) during the pull. */
    peakRssMb: z.number(),
    /** The process's RSS high-water mark (getrusage maxRSS), module loading included. */
    maxRssMb: z.number(),
    /** Highest V8 heap sampled during the pull. */
    peakHeapMb: z.number(),
  }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type PullResult = z.infer<typeof PullResult>;
