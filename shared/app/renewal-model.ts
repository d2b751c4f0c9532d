import * as z from 'zod';
import { LedgerEntry } from '../domain/ledger';
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
}) satisfies z.ZodType<RenewalAlertModel>;
