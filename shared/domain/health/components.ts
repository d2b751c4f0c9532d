import { addDays, daysBetween } from '../dates';
import type { LedgerEntry } from '../ledger';
import { isLeakage, isLive, isOverBilling } from '../ledger';
import type { Agreement } from '../model';
import type { CountPoint } from '../renewal-risk';
import type { Invoice, Ticket } from '../work';

/**
 * The parts of a client's health, each scored 0-100 on a documented scale from the client's own
 * records, or missing with the reason. A missing part is never read as perfect or as zero: the
 * score re-weights over what exists (score.ts). Facts are numbers for the words (mail/health-text.ts).
 */

export const HEALTH_COMPONENTS = ['ticketVolume', 'ticketTrend', 'slaBreaches', 'reopened', 'overdueInvoices', 'daysToPay', 'tenure', 'billingGaps', 'seatTrend'] as const;
export type HealthComponentKey = (typeof HEALTH_COMPONENTS)[number];

export type Facts = Record<string, number | string>;
export type Measure = { score: number; facts: Facts } | { missing: string };

/** The client's records for one night. `work` is null when the PSA's work pull did not run. */
export interface ClientHealthInputs {
  runDate: string;
  work: { tickets: Ticket[]; invoices: Invoice[]; ticketsReachBack: string | null } | null;
  agreements: Agreement[];
  /** Tonight's counts; null when the client was not counted. */
  size: { seats: number; devices: number } | null;
  /** Past nights' counts, oldest first. */
  trend: CountPoint[];
  /** The client's ledger entries (any status; only live ones count). */
  ledger: LedgerEntry[];
}

/** Across the MSP: the median of clients' monthly tickets per seat, null when too few clients have one. */
export interface PeerContext {
  medianTicketsPerSeat: number | null;
}

/** The lookback of ticket and SLA measures, and the recent stretch the trend compares with the rest. */
export const TICKET_DAYS = 90;
export const RECENT_DAYS = 30;
/** Invoices and payments are judged over a year. */
export const INVOICE_DAYS = 365;
/** The seat trend needs nights at least this far apart. */
export const MIN_TREND_DAYS = 14;

/** Linear from `best` (100) to `worst` (0), clamped: works whichever way round the scale runs. */
export function scale(value: number, best: number, worst: number): number {
  const t = (value - best) / (worst - best);
  return Math.round(100 * (1 - Math.min(1, Math.max(0, t))));
}

const NO_WORK = 'the PSA\u2019s tickets and invoices were not read tonight';
const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;
const openedIn = (t: Ticket, from: string, to: string) => t.openedAt !== null && t.openedAt.slice(0, 10) > from && t.openedAt.slice(0, 10) <= to;
const inLastDays = (t: Ticket, runDate: string, days: number) => openedIn(t, addDays(runDate, -days), runDate) || (t.closedAt !== null && t.closedAt.slice(0, 10) > addDays(runDate, -days));

/** Seats when the client has licensed seats, else managed devices: what "per seat" divides by. */
export function sizeOf(size: ClientHealthInputs['size']): { n: number; unit: 'seats' | 'devices' } | null {
  if (!size) return null;
  if (size.seats > 0) return { n: size.seats, unit: 'seats' };
  if (size.devices > 0) return { n: size.devices, unit: 'devices' };
  return null;
}

/** The PSA's tickets reach back the whole 90 days: a shorter read would understate the monthly rate. */
const reachesBack = (w: NonNullable<ClientHealthInputs['work']>, runDate: string) => w.ticketsReachBack !== null && w.ticketsReachBack <= addDays(runDate, -TICKET_DAYS);

/** Tickets opened a month per seat over the last 90 days; null when it cannot be worked out. */
export function ticketsPerSeat(i: ClientHealthInputs): number | null {
  const size = sizeOf(i.size);
  if (!i.work || !size || !reachesBack(i.work, i.runDate)) return null;
  const opened = i.work.tickets.filter((t) => openedIn(t, addDays(i.runDate, -TICKET_DAYS), i.runDate)).length;
  return opened / (TICKET_DAYS / 30) / size.n;
}

/** Against the MSP's median: at the median or below is 100, two and a half times it is 0. */
export function ticketVolume(i: ClientHealthInputs, peers: PeerContext): Measure {
  if (!i.work) return { missing: NO_WORK };
  const size = sizeOf(i.size);
  if (!size) return { missing: 'no seats or devices were counted for the client, so tickets per seat cannot be worked out' };
  if (!reachesBack(i.work, i.runDate)) return { missing: `the PSA\u2019s tickets do not reach back ${TICKET_DAYS} days, so tickets per seat would be understated` };
  if (peers.medianTicketsPerSeat === null) return { missing: 'too few clients have ticket data to compare with' };
  const rate = ticketsPerSeat(i)!;
  const ratio = peers.medianTicketsPerSeat === 0 ? (rate === 0 ? 1 : 2.5) : rate / peers.medianTicketsPerSeat;
  return { score: scale(ratio, 1, 2.5), facts: { perSeatMonthly: round2(rate), medianMonthly: round2(peers.medianTicketsPerSeat), ratio: round1(ratio), size: size.n } };
}

/** The last 30 days against the 90 before: up to 1.2 times the usual month is 100, three times is 0. */
export function ticketTrend(i: ClientHealthInputs): Measure {
  if (!i.work) return { missing: NO_WORK };
  const from = addDays(i.runDate, -(RECENT_DAYS + TICKET_DAYS));
  if (i.work.ticketsReachBack === null || i.work.ticketsReachBack > from) return { missing: `the PSA\u2019s tickets do not reach back ${RECENT_DAYS + TICKET_DAYS} days, so there is no usual month to compare with` };
  const recent = i.work.tickets.filter((t) => openedIn(t, addDays(i.runDate, -RECENT_DAYS), i.runDate)).length;
  const before = i.work.tickets.filter((t) => openedIn(t, from, addDays(i.runDate, -RECENT_DAYS))).length;
  const usual = before / (TICKET_DAYS / 30);
  // Under one ticket a month is "quiet": a single ticket after a quiet quarter is not a surge.
  const ratio = recent / Math.max(usual, 1);
  return { score: scale(ratio, 1.2, 3), facts: { recent, usualMonthly: round1(usual), ratio: round1(ratio) } };
}

function ticketShare(i: ClientHealthInputs, field: 'slaBreached' | 'reopened', worstShare: number, unknownWords: string): Measure {
  if (!i.work) return { missing: NO_WORK };
  const recent = i.work.tickets.filter((t) => inLastDays(t, i.runDate, TICKET_DAYS));
  if (recent.length === 0) return { missing: `no tickets in the last ${TICKET_DAYS} days to judge by` };
  const known = recent.filter((t) => t[field] !== null);
  if (known.length === 0) return { missing: unknownWords };
  const hits = known.filter((t) => t[field] === true).length;
  return { score: scale(hits / known.length, 0, worstShare), facts: { hits, tickets: known.length, pct: Math.round((hits / known.length) * 100) } };
}

/** Share of the last 90 days' tickets that missed their SLA: none is 100, a fifth or more is 0. */
export const slaBreaches = (i: ClientHealthInputs): Measure => ticketShare(i, 'slaBreached', 0.2, 'the PSA does not say which tickets missed their SLA');
/** Share reopened after closing: none is 100, 15% or more is 0. */
export const reopened = (i: ClientHealthInputs): Measure => ticketShare(i, 'reopened', 0.15, 'the PSA does not say which tickets were reopened');

/** Unpaid invoices past their due date, by the oldest: none is 100, 60 days overdue is 0. */
export function overdueInvoices(i: ClientHealthInputs): Measure {
  if (!i.work) return { missing: NO_WORK };
  const since = addDays(i.runDate, -INVOICE_DAYS);
  const recent = i.work.invoices.filter((v) => v.date > since || (v.balanceCents ?? 0) > 0);
  if (recent.length === 0) return { missing: `no invoices in the last ${INVOICE_DAYS} days` };
  const judged = recent.filter((v) => v.dueDate !== null && (v.balanceCents !== null || v.paidDate !== null));
  if (judged.length === 0) return { missing: 'the PSA does not say when invoices fall due or what is still owed' };
  const overdue = judged.filter((v) => (v.balanceCents ?? 0) > 0 && v.paidDate === null && v.dueDate! < i.runDate);
  const oldestDays = overdue.reduce((n, v) => Math.max(n, daysBetween(v.dueDate!, i.runDate)), 0);
  return { score: scale(oldestDays, 0, 60), facts: { overdue: overdue.length, overdueCents: overdue.reduce((n, v) => n + (v.balanceCents ?? 0), 0), oldestDays } };
}

/** Average days from invoice to payment over the last year: 30 or fewer is 100, 75 or more is 0. */
export function daysToPay(i: ClientHealthInputs): Measure {
  if (!i.work) return { missing: NO_WORK };
  const since = addDays(i.runDate, -INVOICE_DAYS);
  const paid = i.work.invoices.filter((v) => v.paidDate !== null && v.paidDate > since);
  if (paid.length === 0) return { missing: `no invoice paid in the last ${INVOICE_DAYS} days says when it was paid` };
  const average = paid.reduce((n, v) => n + Math.max(0, daysBetween(v.date, v.paidDate!)), 0) / paid.length;
  return { score: scale(average, 30, 75), facts: { averageDays: Math.round(average), invoices: paid.length } };
}

/** Years since the client's first agreement started: new clients leave more often. Under a year is 40, three or more is 100. */
export function tenure(i: ClientHealthInputs): Measure {
  const starts = i.agreements.map((a) => a.startDate).filter((d): d is string => d !== null && d <= i.runDate).sort();
  const first = starts[0];
  if (!first) return { missing: 'no agreement states a start date' };
  const years = daysBetween(first, i.runDate) / 365.25;
  return { score: Math.round(40 + 20 * Math.min(3, years)), facts: { years: round1(years), since: first } };
}

/** Open billing gaps: each over-billed line (a dispute waiting) costs 25, each unbilled one 10. */
export function billingGaps(i: ClientHealthInputs): Measure {
  const live = i.ledger.filter(isLive);
  const over = live.filter(isOverBilling).length;
  const under = live.filter(isLeakage).length;
  return { score: Math.max(0, 100 - 25 * over - 10 * under), facts: { overBilled: over, underBilled: under } };
}

/** Seats (else devices) over the stored nights: steady or growing is 100, a quarter fewer is 0. */
export function seatTrend(i: ClientHealthInputs): Measure {
  const first = i.trend[0];
  const last = i.trend.at(-1);
  if (!first || !last || daysBetween(first.runDate, last.runDate) < MIN_TREND_DAYS)
    return { missing: `fewer than ${MIN_TREND_DAYS} days of nightly counts so far` };
  const unit = first.seats > 0 ? 'seats' : 'devices';
  const from = first[unit];
  if (from === 0) return { missing: 'no seats or devices were counted on the first night' };
  const pct = ((last[unit] - from) / from) * 100;
  return { score: scale(-pct, 0, 25), facts: { from, to: last[unit], pct: Math.round(pct), days: daysBetween(first.runDate, last.runDate), unit } };
}

export const MEASURES: Record<HealthComponentKey, (i: ClientHealthInputs, peers: PeerContext) => Measure> = {
  ticketVolume,
  ticketTrend,
  slaBreaches,
  reopened,
  overdueInvoices,
  daysToPay,
  tenure,
  billingGaps,
  seatTrend,
};
