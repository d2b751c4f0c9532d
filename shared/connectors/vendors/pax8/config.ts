import * as z from 'zod';
import type { ApiRootRule } from '../../../config/api-root';
import { apiRootUrl, SecretRef, sourceCommon, url } from '../../../config/source-common';
import type { VendorLimits } from '../define';

/** What baseUrl means for pax8 (the table in shared/config/api-root.ts). */
export const API_ROOT: ApiRootRule = { rootPath: '/v1', example: 'https://api.pax8.com/v1' };

/**
 * [V3] 1000 requests per minute: Pax8's own page is cut off before the unit; third-party clients say per minute.
 * [V] 200 per page.
 */
export const LIMITS: VendorLimits = { rateLimit: { requests: 1000, perSeconds: 60 }, maxPageSize: 200, concurrency: 1 };

export const Pax8Source = z.strictObject({
  ...sourceCommon,
  kind: z.literal('pax8'),
  /** The API root. */
  baseUrl: apiRootUrl(API_ROOT).default('https://api.pax8.com/v1'),
  tokenUrl: url.default('https://api.pax8.com/v1/token'),
  audience: z.string().default('https://api.pax8.com'),
  clientId: SecretRef,
  clientSecret: SecretRef,
  pageSize: z.number().int().min(1).max(200).default(200),
});
export type Pax8SourceConfig = z.infer<typeof Pax8Source>;
