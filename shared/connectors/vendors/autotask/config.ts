import * as z from 'zod';
import { SecretRef, sourceCommon, url } from '../../../config/source-common';
import { psaCommon } from '../../../config/labor';
import type { VendorLimits } from '../define';

/** [V] 10,000 per rolling hour, 500 per page; up to 3 `in` batches in flight per entity. */
export const LIMITS: VendorLimits = { rateLimit: { requests: 10_000, perSeconds: 3600 }, maxPageSize: 500, concurrency: 3 };

export const AutotaskSource = z.strictObject({
  ...sourceCommon,
  ...psaCommon,
  kind: z.literal('autotask'),
  /** Zone discovery host; the API zone URL is looked up from it per user. */
  zoneLookupUrl: url.default('https://webservices.autotask.net/ATServicesRest/V1.0/ZoneInformation'),
  username: SecretRef,
  secret: SecretRef,
  integrationCode: SecretRef,
  impersonationResourceId: z.string().optional(),
  /** Autotask ContractType for recurring service contracts (documented: 7). */
  recurringContractType: z.number().int().default(7),
  /** Query MaxRecords; Autotask serves at most 500 per page. */
  pageSize: z.number().int().min(1).max(500).default(500),
});
export type AutotaskSourceConfig = z.infer<typeof AutotaskSource>;
