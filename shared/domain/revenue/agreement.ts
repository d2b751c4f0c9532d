import type { Agreement } from '../model';
import { lineIsActive } from '../recipes';

/**
 * What one PSA agreement bills a month, and in which services. The rule, so nothing is counted
 * twice:
 *
 * - Only agreements with status `active` bill, and only from their start date on.
 * - Each line active on the night (started, not cancelled) bills quantity × unit price.
 * - `billAmountCents` (the agreement's stated monthly amount, e.g. ConnectWise billAmount) is read
 *   as the agreement's total, lines included: PSAs that state it carry the lines inside it [I: the
 *   ConnectWise worlds state billAmount as the sum of the additions]. So the agreement bills the
 *   larger of the two, and what the stated amount holds beyond its lines is a fixed fee of its own
 *   (the service FIXED_FEE_SERVICE).
 * - A stated amount below its lines' sum cannot be told apart from a stale total or a separate fee:
 *   the lines are counted (each is on the invoice [I]) and the agreement is named in `note`.
 */

export const FIXED_FEE_SERVICE = 'Agreement fixed fee';

export interface ServiceAmount {
  /** The line's product as the PSA names it, or FIXED_FEE_SERVICE. */
  service: string;
  cents: number;
  /** Units billed (null for the fixed fee). */
  quantity: number | null;
}

export interface AgreementRevenue {
  cents: number;
  services: ServiceAmount[];
  /** Why the figure needs a person's look, when it does. */
  note?: string;
}

export function agreementBills(agreement: Pick<Agreement, 'status' | 'startDate'>, runDate: string): boolean {
  return agreement.status === 'active' && (agreement.startDate === null || agreement.startDate <= runDate);
}

export function agreementRevenue(agreement: Agreement, runDate: string): AgreementRevenue {
  if (!agreementBills(agreement, runDate)) return { cents: 0, services: [] };
  const services = agreement.lines
    .filter((l) => lineIsActive(l, runDate))
    .map((l): ServiceAmount => ({ service: l.product, cents: Math.round(l.quantity * l.unitPriceCents), quantity: l.quantity }));
  const linesCents = services.reduce((n, s) => n + s.cents, 0);
  const stated = agreement.billAmountCents;
  if (stated === null || stated === linesCents) return { cents: linesCents, services };
  if (stated > linesCents) return { cents: stated, services: [...services, { service: FIXED_FEE_SERVICE, cents: stated - linesCents, quantity: null }] };
  return {
    cents: linesCents,
    services,
    note: `${agreement.name}: stated amount ${stated} cents is below its lines' ${linesCents} cents; the lines are counted`,
  };
}

/** The agreement's monthly recurring revenue in cents (the rule above). */
export const agreementMrr = (agreement: Agreement, runDate: string): number => agreementRevenue(agreement, runDate).cents;
