import * as z from 'zod';
import { wallTime } from '../../vendor-dates';

/**
 * The Syncro service-work records Trueup reads: tickets, ticket timers and invoices, named as in
 * the spec's examples (it has no response schemas) [V]. Only what is mapped is validated;
 * optional fields may be missing or null.
 */

const Id = z.number().int().positive();
const ref = z.number().int().nullish();
/**
 * A time as sent: the examples carry `2019-11-05T15:18:43.727Z` [V], but a date alone or a time
 * without an offset is read too (taken as UTC [I]), never quarantined for its form. Kept as sent,
 * so the calendar day is the one Syncro wrote; work-map makes instants of it.
 */
const Instant = wallTime;
const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}/, 'expected an ISO date')
  .transform((s) => s.slice(0, 10));
/** Money comes as a decimal string ("0.0") in the examples [V], or a number. */
const Money = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal amount').transform(Number)]);

export const SyncroTicket = z.object({
  id: Id,
  customer_id: Id,
  number: z.union([z.number(), z.string()]).nullish(),
  subject: z.string().nullish(),
  status: z.string().nullish(),
  created_at: Instant.nullish(),
  resolved_at: Instant.nullish(),
  updated_at: Instant.nullish(),
  sla_breached: z.boolean().nullish(),
  contract_id: ref,
  /** [I] The ticket's billing classification. */
  billing_status: z.string().nullish(),
});
export type SyncroTicket = z.infer<typeof SyncroTicket>;

/** A ticket timer [V: GET /ticket_timers example]; active_duration in seconds [I: 3600 for an hour in the PATCH example]. */
export const SyncroTimer = z
  .object({
    id: Id,
    ticket_id: Id,
    user_id: ref,
    start_time: Instant,
    end_time: Instant.nullish(),
    created_at: Instant,
    updated_at: Instant.nullish(),
    /** Missing or null: the timer's billing is unknown, never taken as billable. */
    billable: z.boolean().nullish(),
    /** Charged onto the ticket as a line item [I: charge_timer_entry answers recorded true]; missing: unknown. */
    recorded: z.boolean().nullish(),
    notes: z.string().nullish(),
    product_id: ref,
    active_duration: z.number().nonnegative().nullish(),
  })
  .refine(
    (t) => t.active_duration != null || (t.end_time != null && t.end_time.length > 10 && t.start_time.length > 10),
    'no active_duration, and no start and end times to measure it by (a running timer, or dates without times)',
  );
export type SyncroTimer = z.infer<typeof SyncroTimer>;

export const SyncroBilledInvoice = z.object({
  id: Id,
  customer_id: Id,
  number: z.union([z.string(), z.number()]).nullish(),
  date: Day,
  due_date: Day.nullish(),
  total: Money,
  is_paid: z.boolean().nullish(),
});
export type SyncroBilledInvoice = z.infer<typeof SyncroBilledInvoice>;

/** Ticket statuses that close a ticket [V: the status examples "Resolved", "Invoiced"]. */
/**
 * A /users row: the spec's example lists [id, name] pairs [V: GET /users example]; a row shaped as
 * GET /users/{id}'s user (id, full_name) is read too [I: the list example may not be every server's].
 */
export const SyncroUserName = z.union([
  z.tuple([Id, z.string()]).transform(([id, name]) => ({ id, name })),
  z.object({ id: Id, full_name: z.string() }).transform(({ id, full_name }) => ({ id, name: full_name })),
]);

export const CLOSED_STATUSES = new Set(['Resolved', 'Invoiced']);
