import type { LedgerEntry } from './ledger';
import type { RenewalAlert } from './model';

/**
 * Why a renewal is at risk, in words a vCIO can take into the meeting. A level with its
 * reasons, never a bare score.
 */

export interface CountPoint {
  runDate: string;
  devices: number;
  seats: number;
}

export interface Commitment {
  product: string;
  seats: number;
  endDate: string;
}

export interface RenewalSignals {
  /** Device and seat counts over past nights, oldest first. */
  trend: CountPoint[];
  openLeakage: LedgerEntry[];
  overBilling: LedgerEntry[];
  unmapped: LedgerEntry[];
  /** Pax8 commitments ending within 60 days of the agreement's end. */
  commitments: Commitment[];
}

export type RiskLevel = 'low' | 'medium' | 'high';

export interface RenewalRisk {
  level: RiskLevel;
  reasons: string[];
}

const pct = (from: number, to: number) => (from === 0 ? 0 : Math.round(((to - from) / from) * 100));

export function assessRenewalRisk(alert: Pick<RenewalAlert, 'daysLeft' | 'mrrCents'>, s: RenewalSignals): RenewalRisk {
  let points = 0;
  const reasons: string[] = [];
  const first = s.trend[0];
  const last = s.trend.at(-1);
  if (first && last && first !== last) {
    const devices = pct(first.devices, last.devices);
    const seats = pct(first.seats, last.seats);
    if (devices <= -10 || seats <= -10) {
      points += 2;
      reasons.push(`shrinking: devices ${signed(devices)}%, seats ${signed(seats)}% since ${first.runDate}, a churn sign`);
    } else if (devices >= 10 || seats >= 10) {
      reasons.push(`growing: devices ${signed(devices)}%, seats ${signed(seats)}% since ${first.runDate}, room to expand the agreement`);
    }
  }
  const disputed = s.overBilling.reduce((n, e) => n - e.monthlyImpactCents, 0);
  if (disputed > 0) {
    points += 2;
    reasons.push(`over-billed ${money(disputed)}/month on ${s.overBilling.length} line(s): the client may dispute it at renewal`);
  }
  const leakage = s.openLeakage.reduce((n, e) => n + e.monthlyImpactCents, 0);
  if (leakage > 0) {
    points += 1;
    reasons.push(`${money(leakage)}/month of delivered work is not billed: fold it into the renewal price`);
  }
  if (s.unmapped.length > 0) {
    points += 1;
    reasons.push(`${s.unmapped.length} product(s) or organization(s) are not mapped to the agreement`);
  }
  if (s.commitments.length > 0) {
    reasons.push(`Pax8 commitments end near the renewal: ${s.commitments.map((c) => `${c.product} (${c.seats} seats) on ${c.endDate}`).join('; ')}`);
  }
  if (reasons.length === 0) reasons.push('no warning signs in billing, usage or licences');
  return { level: points >= 3 ? 'high' : points >= 1 ? 'medium' : 'low', reasons };
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
const money = (cents: number) => `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 0 })}`;
