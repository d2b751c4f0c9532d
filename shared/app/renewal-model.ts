import { z } from 'zod';
import { LedgerEntry } from '../domain/ledger';
import { RenewalAlert } from '../domain/model';
import type { RenewalAlertModel } from '../mail/models';

/** The renewal alert as reconcile stores it for notify: validated again when read back. */
export const StoredRenewalModel = z.object({
  msp: z.object({ name: z.string(), currency: z.string(), timeZone: z.string() }),
  alert: RenewalAlert,
  risk: z.object({ level: z.enum(['low', 'medium', 'high']), reasons: z.array(z.string()) }),
  trend: z.array(z.object({ runDate: z.string(), devices: z.number(), seats: z.number() })),
  openLeakage: z.array(LedgerEntry),
  overBilling: z.array(LedgerEntry),
  unmapped: z.array(LedgerEntry),
  commitments: z.array(z.object({ product: z.string(), seats: z.number(), endDate: z.string() })),
}) satisfies z.ZodType<RenewalAlertModel>;
