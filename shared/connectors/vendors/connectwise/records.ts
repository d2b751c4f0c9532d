import * as z from 'zod';

/**
 * The parts of ConnectWise PSA records Trueup reads, as the API sends them (schemas Company,
 * Agreement, Addition of the spec excerpt [V]). Only what is mapped is validated: a field we do
 * not read never quarantines a record. test/contract/connectwise.test.ts checks every key here
 * against the spec, so these cannot drift from the real API unnoticed.
 */

/** CW sends date-times as `2018-05-17T00:00:00Z` [V: captured sample]; the calendar date is the prefix. */
const CwDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/, 'expected an ISO date-time');

export const CwCompany = z.object({
  id: z.number().int().positive(),
  identifier: z.string().min(1),
  name: z.string().min(1),
  status: z.object({ name: z.string() }).nullish(),
  deletedFlag: z.boolean().nullish(),
});
export type CwCompany = z.infer<typeof CwCompany>;

export const AGREEMENT_STATUSES = ['Active', 'Cancelled', 'Expired', 'Inactive'] as const;

export const CwAgreement = z.object({
  id: z.number().int().positive(),
  name: z.string().min(1),
  // Required by the spec; without it the agreement belongs to no client, so it is quarantined.
  company: z.object({ id: z.number().int().positive() }),
  startDate: CwDate.nullish(),
  endDate: CwDate.nullish(),
  noEndingDateFlag: z.boolean().nullish(),
  cancelledFlag: z.boolean().nullish(),
  agreementStatus: z.enum(AGREEMENT_STATUSES).nullish(),
  billAmount: z.number().nonnegative().nullish(),
  billingCycle: z.object({ name: z.string() }).nullish(),
});
export type CwAgreement = z.infer<typeof CwAgreement>;

export const BILL_CUSTOMER = ['Billable', 'DoNotBill', 'NoCharge'] as const;

export const CwAddition = z.object({
  id: z.number().int().positive(),
  product: z.object({ identifier: z.string().min(1) }),
  // Nullable in the spec, but a line without a quantity cannot be counted: quarantined.
  quantity: z.number().nonnegative(),
  lessIncluded: z.number().nonnegative().nullish(),
  // [I] a negative price is a discount line, which the canonical model cannot hold: quarantined.
  unitPrice: z.number().nonnegative().nullish(),
  // Required by the spec; without it we cannot tell whether the line is billed.
  billCustomer: z.enum(BILL_CUSTOMER),
  effectiveDate: CwDate.nullish(),
  cancelledDate: CwDate.nullish(),
  description: z.string().nullish(),
});
export type CwAddition = z.infer<typeof CwAddition>;

/** What the write-back reads back: the quantity of one addition. */
export const CwAdditionQuantity = CwAddition.pick({ id: true, quantity: true });

/** The connector's own writeBack ref; the engine passes it back untouched (numbers or strings). */
export const CwLineRef = z.object({
  agreementId: z.coerce.number().int().positive(),
  additionId: z.coerce.number().int().positive(),
});
export type CwLineRef = z.infer<typeof CwLineRef>;

/** A product catalog item (schema CatalogItem of the GET spec [V]): what a new addition's product points at. */
export const CwCatalogItem = z.object({
  id: z.number().int().positive(),
  identifier: z.string().min(1),
  inactiveFlag: z.boolean().nullish(),
});
export type CwCatalogItem = z.infer<typeof CwCatalogItem>;
