import * as z from 'zod';
import { datePrefix, utcInstant, wallTime } from '../../vendor-dates';

/**
 * The HaloPSA service-work records Trueup reads, named as in the vendor swagger's schemas (Faults
 * for tickets, Actions for time, InvoiceHeader, ContractHeader_List, Lookup) [V]. Only what is
 * mapped is validated; optional fields may be missing or null. test/contract/halopsa.test.ts
 * checks every key against the spec.
 */

const Id = z.number().int().positive();
const ref = z.number().int().nullish();
/** Halo dates are naive date-times ("2025-12-31T00:00:00") [V3], taken as UTC [I: the API reports UTC unless utcoffset is sent]. */
const HaloDay = datePrefix('expected a date as YYYY-MM-DDTHH:mm:ss');
const HaloTime = utcInstant;
/** [I] Halo answers "no date" with its minimum date rather than null. */
const optionalTime = HaloTime.nullish().transform((t) => (t && t.startsWith('1900-01-01') ? null : (t ?? null)));

export const HaloTicket = z.object({
  id: Id,
  client_id: Id,
  contract_id: ref,
  summary: z.string().nullish(),
  status_name: z.string().nullish(),
  dateoccurred: optionalTime,
  dateclosed: optionalTime,
  hasbeenclosed: z.boolean().nullish(),
  /** The ticket's charge type (a Lookup id) [I]: its billing classification. */
  chargerate: ref,
  /** "I" inside SLA, "O" outside [I]. */
  slastate: z.string().nullish(),
  last_update: optionalTime,
});
export type HaloTicket = z.infer<typeof HaloTicket>;

/** A time entry is an action with time on a ticket [V: Actions.timetaken]. */
export const HaloAction = z.object({
  id: Id,
  ticket_id: Id,
  /** Kept as sent: the day of the work is the day Halo wrote, even where it states an offset. */
  datetime: wallTime,
  // Nullable in the spec [V]; without the time taken there is nothing to judge or price, so the action is held.
  timetaken: z.number({ error: 'timetaken is missing' }).nonnegative(),
  /** Nullable in the spec [V]: missing or null, the action's billing is unknown, never taken as billable. */
  actisbillable: z.boolean().nullish(),
  actionchargehours: z.number().nullish(),
  actionnonchargehours: z.number().nullish(),
  actionprepayhours: z.number().nullish(),
  actionchargeamount: z.number().nullish(),
  /** The action's charge type (a Lookup id) [I]. */
  chargerate: ref,
  actioncontractid: ref,
  invoice_id: ref,
  actioninvoicenumber: z.string().nullish(),
  who_agentid: ref,
  note: z.string().nullish(),
  last_updated: optionalTime,
});
export type HaloAction = z.infer<typeof HaloAction>;

export const HaloBilledInvoice = z.object({
  id: Id,
  client_id: Id,
  invoicenumber: z.string().nullish(),
  invoice_date: HaloDay,
  duedate: HaloDay.nullish(),
  total: z.number(),
  amountdue: z.number().nullish(),
  datepaid: HaloDay.nullish(),
});
export type HaloBilledInvoice = z.infer<typeof HaloBilledInvoice>;

export const HaloWorkContract = z.object({
  id: Id,
  client_id: Id,
  contracttype_name: z.string().nullish(),
  /** Units (hours [I]) included free each billing period. */
  numberofunitsfree: z.number().nullish(),
  start_date: HaloDay.nullish(),
  end_date: HaloDay.nullish(),
});
export type HaloWorkContract = z.infer<typeof HaloWorkContract>;

/** A charge type (Lookup entry) [V: Lookup schema]. */
export const HaloChargeType = z.object({ id: z.number().int(), name: z.string().trim().min(1) });
