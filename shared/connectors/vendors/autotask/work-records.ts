import * as z from 'zod';
import { datePrefix, utcInstant } from '../../vendor-dates';

/**
 * The Autotask service-work records Trueup reads (TimeEntryModel, TicketModel, BillingItemModel,
 * InvoiceModel, ContractModel, ContractBlockModel, BillingCodeModel, ContractExclusionBillingCodeModel
 * in the complete Swagger [V]; camelCase on the wire). Only what is mapped is validated, and asked
 * for (IncludeFields); optional fields may be missing or null.
 */

const id = z.number().int().nonnegative();
const ref = id.nullable().optional();
/** Dates come as "2025-01-01T00:00:00Z" (date-only fields mean the date [V]); times in UTC [I]. */
const date = datePrefix();
const instant = utcInstant;
const money = z.number();

/** Who did the work: a resource's name (ResourceModel FirstName, LastName [V]), for the labor evidence only. */
export const AtWorker = z.object({ id, firstName: z.string().nullable().optional(), lastName: z.string().nullable().optional() });
export type AtWorker = z.infer<typeof AtWorker>;

export const AtTimeEntry = z.object({
  id,
  ticketID: id,
  contractID: ref,
  billingCodeID: ref,
  resourceID: ref,
  dateWorked: date,
  // Every field is optional in the spec [V]; without the hours worked there is nothing to judge or price, so the entry is held.
  hoursWorked: z.number({ error: 'hoursWorked is missing' }).nonnegative(),
  /** Missing or null: the entry's billing is unknown, never taken as billable. */
  isNonBillable: z.boolean().nullable().optional(),
  /** With isNonBillable: shown on the invoice at no charge [V: TimeEntryModel.ShowOnInvoice]. */
  showOnInvoice: z.boolean().nullable().optional(),
  summaryNotes: z.string().nullable().optional(),
  lastModifiedDateTime: instant.nullable().optional(),
});
export type AtTimeEntry = z.infer<typeof AtTimeEntry>;

export const AtTicket = z.object({
  id,
  companyID: id,
  contractID: ref,
  ticketNumber: z.string().nullable().optional(),
  title: z.string().nullable().optional(),
  /** Missing or null: complete when it has a completed date [I]. */
  status: z.number().int().nullable().optional(),
  createDate: instant.nullable().optional(),
  completedDate: instant.nullable().optional(),
  billingCodeID: ref,
  serviceLevelAgreementHasBeenMet: z.boolean().nullable().optional(),
  lastTrackedModificationDateTime: instant.nullable().optional(),
});
export type AtTicket = z.infer<typeof AtTicket>;

/** A time entry approved and posted for billing; invoiceID once an invoice carries it [V: BillingItemModel]. */
export const AtBillingItem = z.object({
  id,
  timeEntryID: id,
  invoiceID: ref,
  rate: money.nullable().optional(),
});
export type AtBillingItem = z.infer<typeof AtBillingItem>;

export const AtInvoice = z.object({
  id,
  companyID: id,
  invoiceNumber: z.string().nullable().optional(),
  invoiceDateTime: date,
  dueDate: date.nullable().optional(),
  invoiceTotal: money,
  paidDate: date.nullable().optional(),
  isVoided: z.boolean().nullable().optional(),
});
export type AtInvoice = z.infer<typeof AtInvoice>;

export const AtWorkContract = z.object({
  id,
  companyID: id,
  contractType: z.number().int(),
  contractExclusionSetID: ref,
});
export type AtWorkContract = z.infer<typeof AtWorkContract>;

/** A block of prepaid hours on a contract [V: ContractBlockModel]. */
export const AtContractBlock = z.object({
  id,
  contractID: id,
  hours: z.number().nonnegative(),
  startDate: date,
  endDate: date,
  /** Picklist [I: 1 = active]; a missing status counts as active. */
  status: z.number().int().nullable().optional(),
});
export type AtContractBlock = z.infer<typeof AtContractBlock>;

export const AtBillingCode = z.object({ id, name: z.string().trim().min(1), useType: z.number().int().nullable().optional(), isActive: z.boolean().nullable().optional() });
export type AtBillingCode = z.infer<typeof AtBillingCode>;

/** A billing code a contract excludes from its coverage [V: ContractExclusionBillingCodeModel]. */
export const AtExcludedCode = z.object({ id, contractID: id, billingCodeID: id });

/** A work type (billing code [I]) an exclusion set excludes: every contract using the set excludes it [V: ContractExclusionSetExcludedWorkTypeModel]. */
export const AtSetExcludedWorkType = z.object({ id, contractExclusionSetID: id, excludedWorkTypeID: id });

/** Contract types [I: the ContractType picklist; 7 is documented as Recurring Service]. */
export const CONTRACT_TYPES: Record<number, string> = { 1: 'Time and Materials', 3: 'Fixed Price', 4: 'Block Hours', 6: 'Retainer', 7: 'Recurring Service', 8: 'Per Ticket' };
/** Contract types whose time is covered (prepaid) rather than billed per hour [I]. */
export const COVERING_CONTRACT_TYPES = new Set([3, 4, 6, 7, 8]);
/** BillingCode.UseType of a work type (labor) code [I]. */
export const WORK_TYPE_USE = 1;
