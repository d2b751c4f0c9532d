import * as z from 'zod';
import type { ApiRootRule } from '../../../config/api-root';
import { apiRootUrl, SecretRef, sourceCommon } from '../../../config/source-common';
import type { VendorLimits } from '../define';

/**
 * What baseUrl means for kaseyavsa: every customer hosts its own VSA 9 server and the REST API
 * lives under /api/v1.0 on it [V: help page 31615]; a bare host is completed with /api/v1.0.
 */
export const API_ROOT: ApiRootRule = { rootPath: '/api/v1.0', example: 'https://vsa.example.com/api/v1.0' };

/**
 * [V3] VSA 9 publishes no request-rate figure: stay well under anything plausible and honour 429.
 * [V3] 100 a page: Kaseya's own PowerShell module (VSAModule) pages by at most 100 records.
 */
export const LIMITS: VendorLimits = { rateLimit: { requests: 300, perSeconds: 60 }, maxPageSize: 100, concurrency: 1 };

export const KaseyaVsaSource = z.strictObject({
  ...sourceCommon,
  kind: z.literal('kaseyavsa'),
  /** The API root on your VSA server, e.g. https://vsa.example.com/api/v1.0 (a bare host is completed, with a warning). */
  baseUrl: apiRootUrl(API_ROOT),
  /** The VSA user the personal access token belongs to. */
  username: SecretRef,
  /** A personal access token with REST API scope (System > User Security > Users > Access Tokens). */
  personalAccessToken: SecretRef,
  pageSize: z.number().int().min(1).max(100).default(100),
});
export type KaseyaVsaSourceConfig = z.infer<typeof KaseyaVsaSource>;
