import * as z from 'zod';
import type { ApiRootRule } from '../../../config/api-root';
import { apiRootUrl, SecretRef, sourceCommon } from '../../../config/source-common';
import { psaCommon } from '../../../config/labor';
import type { VendorLimits } from '../define';

/** What baseUrl means for connectwise (the table in shared/config/api-root.ts). */
export const API_ROOT: ApiRootRule = { rootPath: null, example: 'https://api-na.myconnectwise.net/v4_6_release/apis/3.0' };

/**
 * [I] ConnectWise publishes no request rate; 5/s is gentle, and 429 Retry-After is always honoured.
 * [V] 1,000 records per page.
 */
export const LIMITS: VendorLimits = { rateLimit: { requests: 300, perSeconds: 60 }, maxPageSize: 1000, concurrency: 1 };

export const ConnectWiseSource = z.strictObject({
  ...sourceCommon,
  ...psaCommon,
  kind: z.literal('connectwise'),
  /** The API root, e.g. https://api-na.myconnectwise.net/v4_6_release/apis/3.0 (cloud) or your on-premises URL. */
  baseUrl: apiRootUrl(API_ROOT),
  companyId: z.string().min(1),
  publicKey: SecretRef,
  privateKey: SecretRef,
  clientId: SecretRef,
  pageSize: z.number().int().min(1).max(1000).default(1000),
  /** How to count the write-back's effective date: now, or prorated from the next invoice. */
  writeBackEffective: z.enum(['immediate', 'prorated']).default('immediate'),
});
export type ConnectWiseSourceConfig = z.infer<typeof ConnectWiseSource>;
