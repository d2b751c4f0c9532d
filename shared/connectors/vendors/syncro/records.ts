import * as z from 'zod';

/**
 * The parts of Syncro records Trueup reads. The spec has no response schemas, only worked
 * examples [V]; field names follow those (customers, contracts, schedules, schedule_line_item).
 * Only what is mapped is validated. test/contract/syncro.test.ts checks every key here against
 * the spec's examples.
 */

/** Syncro sends ISO timestamps, `2019-10-23T00:00:00.000Z` [V: example]; the calendar date is the prefix. */
const SyncroDate = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'expected an ISO date-time');
const Id = z.number().int().positive();

export const SyncroCustomer = z
  .object({
    id: Id,
    // Null for a person rather than a business [V: example]; then the person's name is the client's.
    business_name: z.string().nullish(),
    fullname: z.string().nullish(),
    disabled: z.boolean().nullish(),
  })
  .refine((c) => Boolean(c.business_name?.trim() || c.fullname?.trim()), 'business_name and fullname are both empty');
export type SyncroCustomer = z.infer<typeof SyncroCustomer>;

export const SyncroContract = z.object({
  id: Id,
  // A contract that belongs to no customer cannot be reconciled: quarantined.
  customer_id: Id,
  name: z.string().nullish(),
  start_date: SyncroDate.nullish(),
  end_date: SyncroDate.nullish(),
  status: z.string().nullish(),
});
export type SyncroContract = z.infer<typeof SyncroContract>;

/** A recurring-invoice schedule; its line items stay unknown here and are validated one by one. */
export const SyncroSchedule = z.object({
  id: Id,
  customer_id: Id,
  name: z.string().nullish(),
  frequency: z.string().nullish(),
  next_run: SyncroDate.nullish(),
  paused: z.boolean().nullish(),
  lines: z.array(z.unknown()).nullish(),
});
export type SyncroSchedule = z.infer<typeof SyncroSchedule>;

/** GET /schedules/{id} wraps the schedule [V: example]. */
export const SyncroScheduleEnvelope = z.object({ schedule: SyncroSchedule });

/** Quantities are decimal strings, `"9.99"` [V: example]; a number is accepted too. */
const Quantity = z.union([z.number(), z.string().trim().regex(/^\d+(\.\d+)?$/, 'expected a decimal quantity like "12.0"').transform(Number)]).pipe(z.number().nonnegative());

export const SyncroLineItem = z.object({
  id: Id,
  // The product as the invoice names it: what recipes match on.
  name: z.string().trim().min(1),
  description: z.string().nullish(),
  quantity: Quantity,
  // [I] a negative price is a discount line, which the canonical model cannot hold: quarantined.
  retail_cents: z.number().int().nonnegative().nullish(),
  one_time_charge: z.boolean().nullish(),
});
export type SyncroLineItem = z.infer<typeof SyncroLineItem>;

/** The connector's own writeBack ref; the engine passes it back untouched (numbers or strings). */
export const SyncroLineRef = z.object({
  scheduleId: z.coerce.number().int().positive(),
  lineItemId: z.coerce.number().int().positive(),
});
export type SyncroLineRef = z.infer<typeof SyncroLineRef>;

/** A product of Syncro's catalog (GET /products example [V]): what a new schedule line item is for. */
export const SyncroProduct = z.object({
  id: Id,
  name: z.string().nullish(),
  disabled: z.boolean().nullish(),
});
export type SyncroProduct = z.infer<typeof SyncroProduct>;
