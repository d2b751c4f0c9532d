import * as z from 'zod';
import type { ApiRootRule } from '../../../config/api-root';
import { apiRootUrl, SecretRef, sourceCommon, url } from '../../../config/source-common';
import type { VendorLimits } from '../define';

/** What baseUrl means for ninjaone (the table in shared/config/api-root.ts). */
export const API_ROOT: ApiRootRule = { rootPath: '', example: 'https://app.ninjarmm.com', hostOnly: { dropSuffix: '/v2' } };

/**
 * [I] NinjaOne publishes no API v2 rate limit: stay well under anything plausible and honour 429.
 * [I] no published page maximum.
 */
export const LIMITS: VendorLimits = { rateLimit: { requests: 300, perSeconds: 60 }, concurrency: 1 };

export const NinjaOneSource = z.strictObject({
  ...sourceCommon,
  kind: z.literal('ninjaone'),
  /** The API root: the region host, e.g. https://app.ninjarmm.com or https://eu.ninjarmm.com */
  baseUrl: apiRootUrl(API_ROOT),
  /** Defaults to <baseUrl>/ws/oauth/token */
  tokenUrl: url.optional(),
  clientId: SecretRef,
  clientSecret: SecretRef,
  pageSize: z.number().int().min(1).max(10_000).default(1000),
});
export type NinjaOneSourceConfig = z.infer<typeof NinjaOneSource>;
