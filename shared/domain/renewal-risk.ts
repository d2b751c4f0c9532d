import type { Facts, HealthComponentKey } from './health/components';
import type { HealthScore } from './health/score';
import type { LedgerEntry } from './ledger';

/**
 * Why a renewal is at risk, and what could grow it, as signals a vCIO can take into the meeting.
 * Churn signals (a shrinking client, over-billing it may dispute) set the level; expansion
 * opportunities (growth, usage nobody bills) never raise it: a product the client uses but does
 * not pay for is something to sell, not a reason it might leave. Signals carry numbers and dates;
 * the email phrases them.
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
  /** Tonight's client health, when scored: red or yellow is a churn signal, and so is each weak component. */
  health?: HealthScore;
}

export type RiskLevel = 'low' | 'medium' | 'high';

export type ChurnSignal =
  | { kind: 'shrinking'; since: string; devicesPct: number; seatsPct: number }
  | { kind: 'over-billed'; monthlyCents: number; lines: number }
  | { kind: 'health'; colour: 'red' | 'yellow'; score: number }
  | { kind: 'weak-component'; key: HealthComponentKey; score: number; facts: Facts };

export type ExpansionSignal =
  | { kind: 'growing'; since: string; devicesPct: number; seatsPct: number }
  | { kind: 'unbilled'; monthlyCents: number; gaps: number }
  | { kind: 'unmapped'; count: number };

export interface RenewalRisk {
  level: RiskLevel;
  churn: ChurnSignal[];
  expansion: ExpansionSignal[];
}

/** A move of this many percent in devices or seats over the stored nights is a signal. */
const TREND_SIGNAL_PCT = 10;
/** Each churn signal weighs this much; two make the risk high. */
const CHURN_POINTS = 2;
/** A health component scoring under this is named as a churn signal. */
export const WEAK_COMPONENT_SCORE = 50;
/** Red health alone makes the risk high, yellow medium; the weak components behind it are its reasons, not more points. */
const HEALTH_POINTS = { red: 2 * CHURN_POINTS, yellow: CHURN_POINTS } as const;

const pct = (from: number, to: number) => (from === 0 ? 0 : Math.round(((to - from) / from) * 100));

export function assessRenewalRisk(s: RenewalSignals): RenewalRisk {
  const churn: ChurnSignal[] = [];
  const expansion: ExpansionSignal[] = [];
  const first = s.trend[0];
  const last = s.trend.at(-1);
  if (first && last && first !== last) {
    const move = { since: first.runDate, devicesPct: pct(first.devices, last.devices), seatsPct: pct(first.seats, last.seats) };
    if (move.devicesPct <= -TREND_SIGNAL_PCT || move.seatsPct <= -TREND_SIGNAL_PCT) churn.push({ kind: 'shrinking', ...move });
    else if (move.devicesPct >= TREND_SIGNAL_PCT || move.seatsPct >= TREND_SIGNAL_PCT) expansion.push({ kind: 'growing', ...move });
  }
  const disputed = s.overBilling.reduce((n, e) => n - e.monthlyImpactCents, 0);
  if (disputed > 0) churn.push({ kind: 'over-billed', monthlyCents: disputed, lines: s.overBilling.length });
  const unbilled = s.openLeakage.reduce((n, e) => n + e.monthlyImpactCents, 0);
  if (unbilled > 0) expansion.push({ kind: 'unbilled', monthlyCents: unbilled, gaps: s.openLeakage.length });
  if (s.unmapped.length > 0) expansion.push({ kind: 'unmapped', count: s.unmapped.length });
  let points = churn.length * CHURN_POINTS;
  const h = s.health;
  if (h && h.score !== null && (h.colour === 'red' || h.colour === 'yellow')) {
    churn.push({ kind: 'health', colour: h.colour, score: h.score });
    points += HEALTH_POINTS[h.colour];
  }
  for (const c of h?.components ?? []) if (c.score !== null && c.score < WEAK_COMPONENT_SCORE) churn.push({ kind: 'weak-component', key: c.key, score: c.score, facts: c.facts });
  return { level: points >= 2 * CHURN_POINTS ? 'high' : points > 0 ? 'medium' : 'low', churn, expansion };
}
