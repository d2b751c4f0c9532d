import * as z from 'zod';
import { wallTime } from '../../vendor-dates';

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

/* Service work (labor leakage, client health): schemas TimeEntry, Ticket, Invoice of the GET subset [V]. */

const CwRef = z.object({ id: z.number().int().positive() });
const CwNamed = z.object({ name: z.string() });
/**
 * Work dates: the spec types timeStart, dueDate and Invoice.date as date-time and closedDate as a
 * plain string [V]; CW sends them with a `Z` [V: captured sample], but a date alone or a time
 * without an offset is read too (taken as UTC [I]), never quarantined for its form.
 */
const CwTime = wallTime;
/** `_info` carries lastUpdated (and dateEntered) on every record [I: not in the stored specs, where `_info` is a bare object]. */
const CwInfo = z.object({ lastUpdated: CwTime.nullish(), dateEntered: CwTime.nullish() }).nullish();

export const TIME_STATUSES = [
  'Open', 'Rejected', 'PendingApproval', 'ErrorsCorrected', 'PendingProjectApproval', 'ApprovedByTierOne', 'RejectBySecondTier', 'ApprovedByTierTwo', 'ReadyToBill', 'Billed', 'WrittenOff', 'BilledAgreement',
] as const;
export const BILLABLE_OPTIONS = ['Billable', 'DoNotBill', 'NoCharge', 'NoDefault'] as const;

export const CwTimeEntry = z.object({
  id: z.number().int().positive(),
  // Optional in the spec: without it the client is the company charged (chargeToType Company) or the ticket's.
  company: CwRef.nullish(),
  chargeToId: z.number().int().nullish(),
  chargeToType: z.enum(['Company', 'ServiceTicket', 'ProjectTicket', 'ChargeCode', 'Activity']).nullish(),
  member: z.object({ identifier: z.string().nullish(), name: z.string().nullish() }).nullish(),
  workType: CwNamed.nullish(),
  agreement: CwRef.nullish(),
  // The one field the spec requires [V].
  timeStart: CwTime,
  // Hours worked (nullable in the spec): without them there is nothing to judge or price, so the entry is held.
  actualHours: z.number({ error: 'actualHours (the hours worked) is missing' }).nonnegative(),
  agreementHours: z.number().nullish(),
  billableOption: z.enum(BILLABLE_OPTIONS).nullish(),
  notes: z.string().nullish(),
  invoice: CwRef.nullish(),
  hourlyRate: z.number().nonnegative().nullish(),
  status: z.enum(TIME_STATUSES).nullish(),
  ticket: CwRef.nullish(),
  _info: CwInfo,
});
export type CwTimeEntry = z.infer<typeof CwTimeEntry>;

/** What "Bill it" reads back and compares: the billable option and the invoice of one entry. */
export const CwTimeBilling = CwTimeEntry.pick({ id: true, billableOption: true, invoice: true, status: true });

export const CwTicket = z.object({
  id: z.number().int().positive(),
  summary: z.string().nullish(),
  status: CwNamed.nullish(),
  workType: CwNamed.nullish(),
  // Required by the spec.
  company: CwRef,
  agreement: CwRef.nullish(),
  closedDate: CwTime.nullish(),
  closedFlag: z.boolean().nullish(),
  billTime: z.enum(BILLABLE_OPTIONS).nullish(),
  isInSla: z.boolean().nullish(),
  _info: CwInfo,
});
export type CwTicket = z.infer<typeof CwTicket>;

export const CwInvoice = z.object({
  id: z.number().int().positive(),
  invoiceNumber: z.string().nullish(),
  company: CwRef,
  date: CwTime,
  dueDate: CwTime.nullish(),
  // [I] serviceTotal is the invoice's labor (services) part.
  serviceTotal: z.number().nullish(),
  total: z.number(),
  balance: z.number().nullish(),
  _info: CwInfo,
});
export type CwInvoice = z.infer<typeof CwInvoice>;

/** The agreement fields coverage reads: its type and its hours allowance (applicationUnits Hours). */
export const CwAgreementCoverage = CwAgreement.extend({
  type: CwNamed.nullish(),
  applicationUnits: z.enum(['Amount', 'Hours', 'Incidents']).nullish(),
  applicationLimit: z.number().nonnegative().nullish(),
  applicationCycle: z.enum(['Contract2Weeks', 'Contract4Weeks', 'ContractYear', 'CalendarMonth', 'CalendarQuarter', 'CalendarWeek', 'ContractQuarter', 'CalendarYear']).nullish(),
  applicationUnlimitedFlag: z.boolean().nullish(),
  oneTimeFlag: z.boolean().nullish(),
});
export type CwAgreementCoverage = z.infer<typeof CwAgreementCoverage>;

/** The connector's writeBack ref for a time entry. */
export const CwTimeRef = z.object({ timeEntryId: z.coerce.number().int().positive() });
