import * as z from 'zod';
import type { ApiRootRule } from '../../../config/api-root';
import { apiRootUrl, SecretRef, sourceCommon, url } from '../../../config/source-common';
import { psaCommon } from '../../../config/labor';
import type { VendorLimits } from '../define';

/** What baseUrl means for halopsa (the table in shared/config/api-root.ts). */
export const API_ROOT: ApiRootRule = { rootPath: '/api', example: 'https://yourco.halopsa.com/api' };

/** [V3] 700 per rolling 5 minutes; [I] no published page maximum. */
export const LIMITS: VendorLimits = { rateLimit: { requests: 700, perSeconds: 300 }, concurrency: 1 };

export const HaloPsaSource = z.strictObject({
  ...sourceCommon,
  ...psaCommon,
  kind: z.literal('halopsa'),
  /** The API root ("Resource Server"), e.g. https://yourco.halopsa.com/api */
  baseUrl: apiRootUrl(API_ROOT),
  /** Auth server, e.g. https://yourco.halopsa.com/auth */
  authUrl: url,
  tenant: z.string().optional().describe('Hosted tenants only; sent as ?tenant='),
  clientId: SecretRef,
  clientSecret: SecretRef,
  pageSize: z.number().int().min(1).max(1000).default(100),
  recurringInvoiceMode: z
    .enum(['includelines', 'per-invoice'])
    .default('includelines')
    .describe(
      'includelines: list recurring invoices with their lines and change one line through /RecurringInvoice/updatelines; ' +
        'per-invoice: read each invoice on its own and write the whole invoice back, for a tenant that refuses either',
    ),
});
export type HaloPsaSourceConfig = z.infer<typeof HaloPsaSource>;
