import * as z from 'zod';
import { SecretRef } from './source-common';

/**
 * One chat channel alerts are posted to: a Teams Workflows webhook or a Slack incoming webhook
 * (each URL is bound to one channel). The URL carries its own credential, so it is a secret.
 */
export const AlertChannel = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'use lower-case letters, digits and dashes (max 32)'),
  kind: z.enum(['teams', 'slack']),
  webhookUrl: SecretRef.describe('The webhook URL (https): its signature or path is the credential'),
  /** What is posted here: renewal alerts (one message per night) and/or the owner's weekly digest summary. */
  send: z.array(z.enum(['renewals', 'digest'])).min(1),
  /** Renewal alerts of these vCIOs' clients only (as the emails address them); every renewal alert when absent. */
  vcio: z.array(z.email()).min(1).optional(),
});
export type AlertChannel = z.infer<typeof AlertChannel>;
