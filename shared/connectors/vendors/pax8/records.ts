import * as z from 'zod';

/**
 * The parts of Pax8 records Trueup reads, as the API sends them (schemas Company, Subscription,
 * ProductDetail of the partner spec [V]). Only what is mapped is validated: a field we do not
 * read never quarantines a record. test/contract/pax8.test.ts checks every key here against the
 * spec, so these cannot drift from the real API unnoticed. Ids are not checked as uuids: the
 * spec's own examples carry malformed ones (`aaaee3f-262c-...`).
 */

/**
 * The spec says date-time, but its own examples carry plain dates (`2020-12-03`), `Z` times and
 * offsets without a colon (`2020-12-01T13:20:13.153-0700`) [V: spec examples]. All are accepted;
 * the calendar date is the prefix, the date as Pax8 wrote it.
 */
export const Pax8Date = z
  .string()
  .regex(
    /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/,
    'expected a date (YYYY-MM-DD) or an ISO date-time',
  )
  .transform((value) => value.slice(0, 10));

export const Pax8Company = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  externalId: z.string().nullish(),
  // Active | Inactive | Deleted [V]; kept a string so a new status cannot quarantine a client.
  status: z.string().nullish(),
});
export type Pax8Company = z.infer<typeof Pax8Company>;

export const Pax8Subscription = z.object({
  id: z.string().min(1),
  // readOnly in the spec, so always sent; without it the seats belong to no client.
  companyId: z.string().min(1),
  productId: z.string().min(1),
  // A seat count we cannot read must not be counted as zero: quarantined.
  quantity: z.number().nonnegative(),
  // Kept a string: an unknown status maps to "other" rather than quarantining the record.
  status: z.string().min(1),
  billingTerm: z.string().nullish(),
  startDate: Pax8Date.nullish(),
  // Evidence only ("last changed"): an unreadable one is dropped, never a reason to quarantine seats.
  updatedDate: Pax8Date.nullish().catch(null),
  productName: z.string().nullish(),
  // The date committed (NCE) seats may next go down; `endDate` is the subscription's own end [V].
  commitmentTerm: z.object({ endDate: Pax8Date.nullish() }).nullish(),
  // "The price for the Partner" [V], per seat for one billing term [I]. Margin only: an unreadable one is dropped, never a reason to quarantine seats.
  partnerCost: z.number().nonnegative().nullish().catch(null),
});
export type Pax8Subscription = z.infer<typeof Pax8Subscription>;

export const Pax8Product = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
});
export type Pax8Product = z.infer<typeof Pax8Product>;
