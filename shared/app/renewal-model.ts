import * as z from 'zod';
import { HEALTH_COMPONENTS } from '../domain/health/components';
import { HealthPoint, HealthScore } from '../domain/health/score';
import { LedgerEntry } from '../domain/ledger';
import { Opportunity } from '../domain/opportunity';
import { RenewalAlert } from '../domain/model';
import type { RenewalAlertModel } from '../mail/models';

/** The renewal alert as reconcile stores it for notify: validated again when read back. */
export const StoredRenewalModel = z.object({
  msp: z.object({ name: z.string(), currency: z.string(), timeZone: z.string() }),
  alert: RenewalAlert,
  risk: z.object({
    level: z.enum(['low', 'medium', 'high']),
    churn: z.array(
      z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('shrinking'), since: z.string(), devicesPct: z.number(), seatsPct: z.number() }),
        z.object({ kind: z.literal('over-billed'), monthlyCents: z.number(), lines: z.number() }),
        z.object({ kind: z.literal('health'), colour: z.enum(['red', 'yellow']), score: z.number() }),
        z.object({ kind: z.literal('weak-component'), key: z.enum(HEALTH_COMPONENTS), score: z.number(), facts: z.record(z.string(), z.union([z.number(), z.string()])) }),
      ]),
    ),
    expansion: z.array(
      z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('growing'), since: z.string(), devicesPct: z.number(), seatsPct: z.number() }),
        z.object({ kind: z.literal('unbilled'), monthlyCents: z.number(), gaps: z.number() }),
        z.object({ kind: z.literal('unmapped'), count: z.number() }),
      ]),
    ),
  }),
  trend: z.array(z.object({ runDate: z.string(), devices: z.number(), seats: z.number() })),
  openLeakage: z.array(LedgerEntry),
  overBilling: z.array(LedgerEntry),
  unmapped: z.array(LedgerEntry),
  commitments: z.array(z.object({ product: z.string(), seats: z.number(), endDate: z.string() })),
  health: z.object({ score: HealthScore, trend: z.array(HealthPoint) }).optional(),
  marginCents: z.number().int().nullable().optional(),
  opportunities: z.array(Opportunity).optional(),
  qbr: z.object({ clientKey: z.string(), runDate: z.string() }).optional(),
  qbrUrl: z.string().optional(),
}) satisfies z.ZodType<RenewalAlertModel>;
