import * as z from 'zod';
import type { ApiRootRule } from '../../../config/api-root';
import { apiRootUrl, SecretRef, sourceCommon } from '../../../config/source-common';
import type { VendorLimits } from '../define';

/** What baseUrl means for automate (the table in shared/config/api-root.ts): the server's /cwa/api/v1 [V: spec servers + paths]. */
export const API_ROOT: ApiRootRule = { rootPath: '/cwa/api/v1', example: 'https://yourco.hostedrmm.com/cwa/api/v1' };

/**
 * [I] Automate publishes no rate limit: stay gentle and honour 429.
 * [I] no published page maximum either; 1,000 rows a page is what the connector asks by default.
 */
export const LIMITS: VendorLimits = { rateLimit: { requests: 300, perSeconds: 60 }, concurrency: 1 };

export const AutomateSource = z.strictObject({
  ...sourceCommon,
  kind: z.literal('automate'),
  /** The API root, e.g. https://yourco.hostedrmm.com/cwa/api/v1 (a bare server host is completed with /cwa/api/v1, with a warning). */
  baseUrl: apiRootUrl(API_ROOT),
  /** An Automate user for the API (an integrator login, or a user without two-factor). */
  username: SecretRef,
  password: SecretRef,
  /** The ConnectWise developer clientId, sent on every request [V]. */
  clientId: SecretRef,
  pageSize: z.number().int().min(1).max(10_000).default(1000),
});
export type AutomateSourceConfig = z.infer<typeof AutomateSource>;
