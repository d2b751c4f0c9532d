import * as z from 'zod';
import type { ApiRootRule } from '../../../config/api-root';
import { apiRootUrl, SecretRef, sourceCommon } from '../../../config/source-common';
import { psaCommon } from '../../../config/labor';
import type { VendorLimits } from '../define';

/** What baseUrl means for syncro (the table in shared/config/api-root.ts). */
export const API_ROOT: ApiRootRule = { rootPath: '/api/v1', example: 'https://yourco.syncromsp.com/api/v1' };

/** [V] 180 per minute; the page size is the server's own (bench/support/minimums.ts). */
export const LIMITS: VendorLimits = { rateLimit: { requests: 180, perSeconds: 60 }, concurrency: 1 };

export const SyncroSource = z.strictObject({
  ...sourceCommon,
  ...psaCommon,
  kind: z.literal('syncro'),
  /** The API root, e.g. https://yourco.syncromsp.com/api/v1 */
  baseUrl: apiRootUrl(API_ROOT),
  apiKey: SecretRef,
});
export type SyncroSourceConfig = z.infer<typeof SyncroSource>;
