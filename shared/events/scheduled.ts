import * as z from 'zod';
import { IsoDate } from '../domain/values';

/**
 * What the Scheduler (lib/constructs/schedules.ts) and the local runner invoke functions with,
 * each written once in zod: the handler parses with it and the schedule's input is typed by it.
 * `runDate` is for the local runner and manual runs; the schedules leave it to the clock.
 */

/** One invocation per source and night. */
export const CollectInvocation = z.object({ sourceId: z.string().min(1), runDate: IsoDate.optional() });
export type CollectInvocation = z.infer<typeof CollectInvocation>;

/** The night's deadline passed: reconcile with what has arrived. */
export const DeadlineInvocation = z.object({ deadline: z.literal(true), runDate: IsoDate.optional() });
export type DeadlineInvocation = z.infer<typeof DeadlineInvocation>;
