import * as z from 'zod';
import type { ApiRootRule } from '../../../config/api-root';
import { apiRootUrl, SecretRef, sourceCommon, url } from '../../../config/source-common';
import type { VendorLimits } from '../define';

/** What baseUrl means for dattormm (the table in shared/config/api-root.ts). */
export const API_ROOT: ApiRootRule = { rootPath: '/api', example: 'https://merlot-api.centrastage.net/api' };

/**
 * "600 requests within the past 60 seconds", account-wide [V: Datto RMM APIv2 help].
 * [V] 250 per page.
 */
export const LIMITS: VendorLimits = { rateLimit: { requests: 600, perSeconds: 60 }, maxPageSize: 250, concurrency: 1 };

export const DattoRmmSource = z.strictObject({
  ...sourceCommon,
  kind: z.literal('dattormm'),
  /** The API root, e.g. https://merlot-api.centrastage.net/api (a bare platform host is completed with /api, with a warning). */
  baseUrl: apiRootUrl(API_ROOT),
  /** Defaults to /auth/oauth/token on the baseUrl's host */
  tokenUrl: url.optional(),
  apiKey: SecretRef,
  apiSecret: SecretRef,
  pageSize: z.number().int().min(1).max(250).default(250),
});
export type DattoRmmSourceConfig = z.infer<typeof DattoRmmSource>;
