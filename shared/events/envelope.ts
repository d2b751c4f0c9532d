import * as z from 'zod';

/**
 * The EventBridge envelope, as Powertools' EventBridgeSchema checks it. Our own copy: the
 * Powertools schema modules import zod's `z` object whole, which puts every zod locale (about
 * 260 KB) into each Lambda bundle.
 */
export const EventBridgeEnvelope = z.object({
  version: z.string(),
  id: z.string(),
  source: z.string(),
  account: z.string(),
  time: z.iso.datetime(),
  region: z.string(),
  resources: z.array(z.string()),
  'detail-type': z.string(),
  detail: z.unknown(),
  'replay-name': z.string().optional(),
});
