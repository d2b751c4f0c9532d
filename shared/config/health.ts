import * as z from 'zod';
import { HEALTH_COMPONENTS, type HealthComponentKey } from '../domain/health/components';

/**
 * Client health settings. Weights are relative (they need not add to 100): a client missing a
 * component is scored on the others, their weights scaled up to fill its place. The defaults
 * put service experience (tickets, SLA) and paying on time first, then the relationship (tenure,
 * billing, seats).
 */
export const DEFAULT_WEIGHTS = {
  ticketVolume: 15,
  ticketTrend: 10,
  slaBreaches: 15,
  reopened: 5,
  overdueInvoices: 15,
  daysToPay: 10,
  tenure: 10,
  billingGaps: 10,
  seatTrend: 10,
} as const satisfies Record<HealthComponentKey, number>;

const weight = (key: HealthComponentKey) => z.number().min(0).max(1000).default(DEFAULT_WEIGHTS[key]);

export const HEALTH_DEFAULTS = { weights: { ...DEFAULT_WEIGHTS }, greenFrom: 70, yellowFrom: 45, minCoveragePercent: 40 };

export const HealthConfig = z
  .strictObject({
    weights: z.strictObject(Object.fromEntries(HEALTH_COMPONENTS.map((k) => [k, weight(k)])) as Record<HealthComponentKey, ReturnType<typeof weight>>).default({ ...DEFAULT_WEIGHTS }),
    /** A score at or above this is green. */
    greenFrom: z.number().min(0).max(100).default(70),
    /** A score at or above this (and below greenFrom) is yellow; below it, red. */
    yellowFrom: z.number().min(0).max(100).default(45),
    /**
     * A client whose available components carry less than this share of the total weight gets no
     * score and no colour ("not enough to judge"), rather than a figure resting on one input.
     */
    minCoveragePercent: z.number().min(0).max(100).default(40),
  })
  .refine((h) => h.yellowFrom <= h.greenFrom, 'yellowFrom must not exceed greenFrom')
  .refine((h) => Object.values(h.weights).some((w) => w > 0), 'at least one weight must be above 0');
export type HealthConfig = z.infer<typeof HealthConfig>;
