import * as z from 'zod';

/**
 * The parts of HaloPSA records Trueup reads, named as in the vendor swagger's schemas (Area for
 * clients, Uname_List, ContractHeader_List, InvoiceHeader, InvoiceDetail, Device_List) [V]. Only
 * what is mapped is validated, so a field we never read cannot quarantine a record.
 * test/contract/halopsa.test.ts checks every key here against the spec.
 */

/** Halo dates are naive local date-times, `2025-12-31T00:00:00` [V3]; only the date prefix is kept. */
const HaloDate = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'expected a date as YYYY-MM-DDTHH:mm:ss');
const Id = z.number().int().positive();

export const HaloClient = z.object({
  id: Id,
  name: z.string().trim().min(1),
  inactive: z.boolean().nullish(),
  // [I] the list form carries the account manager as an agent id; the email sits on the agent.
  accountmanagertech: z.number().int().nullish(),
});
export type HaloClient = z.infer<typeof HaloClient>;

export const HaloAgent = z.object({ id: z.number().int(), email: z.string().nullish(), name: z.string().nullish() });
export type HaloAgent = z.infer<typeof HaloAgent>;

export const HaloContract = z.object({
  id: Id,
  // A contract that belongs to no client cannot be reconciled: quarantined.
  client_id: Id,
  ref: z.string().nullish(),
  start_date: HaloDate.nullish(),
  end_date: HaloDate.nullish(),
  active: z.boolean().nullish(),
  expired: z.boolean().nullish(),
  contract_status: z.string().nullish(),
});
export type HaloContract = z.infer<typeof HaloContract>;

/** A recurring invoice as the list shows it: the list omits `lines` [V3]. */
export const HaloInvoiceHeader = z.object({
  id: Id,
  client_id: Id,
  contract_id: z.number().int().nullish(),
  reference: z.string().nullish(),
  disabled: z.boolean().nullish(),
  nextcreationdate: HaloDate.nullish(),
});
export type HaloInvoiceHeader = z.infer<typeof HaloInvoiceHeader>;

/**
 * GET /RecurringInvoice/{id}, or a list entry with includelines=true [V: spec parameter]: lines
 * stay unknown here and are validated one by one.
 */
export const HaloInvoice = HaloInvoiceHeader.extend({ lines: z.array(z.unknown()).nullish() });
export type HaloInvoice = z.infer<typeof HaloInvoice>;

export const HaloInvoiceLine = z
  .object({
    id: Id,
    item_code: z.string().nullish(),
    item_shortdescription: z.string().nullish(),
    item_longdescription: z.string().nullish(),
    // Nullable in the spec, but a line without a quantity cannot be counted: quarantined.
    qty_order: z.number().nonnegative(),
    // [I] a negative price is a discount line, which the canonical model cannot hold: quarantined.
    unit_price: z.number().nonnegative().nullish(),
    startdate: HaloDate.nullish(),
    enddate: HaloDate.nullish(),
    isinactive: z.boolean().nullish(),
    calculate_price_from_assets: z.boolean().nullish(),
    calculate_price_from_users: z.boolean().nullish(),
  })
  .refine((l) => Boolean(l.item_shortdescription?.trim() || l.item_code?.trim()), 'item_shortdescription and item_code are both empty');
export type HaloInvoiceLine = z.infer<typeof HaloInvoiceLine>;

export const HaloAsset = z.object({
  id: Id,
  client_id: Id,
  ninjarmm_id: z.number().int().nullish(),
  datto_id: z.string().nullish(),
  datto_alternate_id: z.number().int().nullish(),
});
export type HaloAsset = z.infer<typeof HaloAsset>;

/** The connector's own writeBack ref; the engine passes it back untouched (numbers or strings). */
export const HaloLineRef = z.object({
  recurringInvoiceId: z.coerce.number().int().positive(),
  lineId: z.coerce.number().int().positive(),
});
export type HaloLineRef = z.infer<typeof HaloLineRef>;

/** An item of Halo's catalog (schema Item [V]): what a new recurring-invoice line is for. */
export const HaloItem = z.object({
  id: Id,
  name: z.string().nullish(),
});
export type HaloItem = z.infer<typeof HaloItem>;
