import * as z from 'zod';

/**
 * The Autotask records Trueup reads, as the REST API returns them (camelCase JSON of the vendor
 * models in panoramicdata/AutoTask.Psa.Api Data/*Model.cs) [V]. Only these fields are asked for
 * (IncludeFields), so what is requested and what is read cannot drift apart.
 */

const id = z.number().int().nonnegative();
/** Autotask sends dates as timestamps ("2025-01-01T00:00:00Z"); date-only fields mean the date [V]. */
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}/, 'expected an ISO date')
  .transform((s) => s.slice(0, 10));

export const AtCompany = z.object({
  id,
  companyName: z.string().trim().min(1),
  isActive: z.boolean(),
  ownerResourceID: id.nullable().optional(),
});

export const AtResource = z.object({ id, email: z.string().nullable().optional() });

export const AtContract = z.object({
  id,
  companyID: id,
  contractName: z.string().trim().min(1),
  /** Picklist; 1 = Active [I: read the picklist from /Contracts/entityInformation/fields to confirm]. */
  status: z.number().int(),
  startDate: date,
  // Autotask contracts always have an end date [V].
  endDate: date,
});

export const AtContractService = z.object({
  id,
  contractID: id,
  serviceID: id,
  /** Price per unit per contract period [I: taken as monthly; contractPeriodType is not read]. */
  unitPrice: z.number().nonnegative(),
  invoiceDescription: z.string().nullable().optional(),
});

export const AtService = z.object({ id, name: z.string().trim().min(1) });

/** A Services catalog entry an add-line may use: only active ones are added [V: ServiceModel.IsActive]. */
export const AtCatalogService = AtService.extend({ isActive: z.boolean() });

/** What a create answers: the new record's id [V3: vendor-apis README 2(b)]. */
export const AtCreated = z.object({ itemId: id });

/** One billing period of a contract service, with its unit count [V]. */
export const AtServiceUnit = z.object({
  id,
  contractServiceID: id,
  units: z.number().int().nonnegative(),
  startDate: date,
  endDate: date,
});
export type AtServiceUnit = z.infer<typeof AtServiceUnit>;

export const fieldsOf = (schema: z.ZodObject): string[] => Object.keys(schema.shape);

/** Contract status picklist value for Active [I]. */
export const CONTRACT_ACTIVE = 1;
