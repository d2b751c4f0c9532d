import type { Facts, HealthComponentKey } from '../domain/health/components';
import type { HealthColour, HealthComponent, HealthScore } from '../domain/health/score';
import { COLORS } from './layout';
import { longDate, money, plural } from './format';

/** Client health in words, the same in the renewal alert, the chat post and the QBR pack. */

export const COMPONENT_LABEL: Record<HealthComponentKey, string> = {
  ticketVolume: 'Ticket volume per seat',
  ticketTrend: 'Ticket trend',
  slaBreaches: 'SLA breaches',
  reopened: 'Reopened tickets',
  overdueInvoices: 'Overdue invoices',
  daysToPay: 'Days to pay',
  tenure: 'Tenure',
  billingGaps: 'Open billing gaps',
  seatTrend: 'Seat trend',
};

export const COLOUR: Record<HealthColour, { word: string; color: string }> = {
  green: { word: 'Green', color: COLORS.good },
  yellow: { word: 'Yellow', color: COLORS.warnText },
  red: { word: 'Red', color: COLORS.bad },
  unknown: { word: 'Not enough data', color: COLORS.muted },
};

const num = (f: Facts, k: string) => Number(f[k] ?? 0);
const signed = (n: number) => (n === 0 ? 'no change' : `${n > 0 ? '+' : '\u2212'}${Math.abs(n)}%`);

/** What the component measured, as one sentence. */
export function componentFacts(key: HealthComponentKey, f: Facts, cur: string): string {
  switch (key) {
    case 'ticketVolume':
      return `${num(f, 'perSeatMonthly')} tickets a month per seat over 90 days, ${num(f, 'ratio')}\u00d7 the median client (${num(f, 'medianMonthly')}).`;
    case 'ticketTrend':
      return `${plural(num(f, 'recent'), 'ticket')} in the last 30 days against ${num(f, 'usualMonthly')} in a usual month (${num(f, 'ratio')}\u00d7).`;
    case 'slaBreaches':
      return `${num(f, 'hits')} of ${plural(num(f, 'tickets'), 'ticket')} in 90 days missed their SLA (${num(f, 'pct')}%).`;
    case 'reopened':
      return `${num(f, 'hits')} of ${plural(num(f, 'tickets'), 'ticket')} in 90 days were reopened (${num(f, 'pct')}%).`;
    case 'overdueInvoices':
      return num(f, 'overdue') === 0
        ? 'No invoice is overdue.'
        : `${plural(num(f, 'overdue'), 'invoice')} overdue, ${money(num(f, 'overdueCents'), cur)} owed; the oldest ${plural(num(f, 'oldestDays'), 'day')} past due.`;
    case 'daysToPay':
      return `Paid on average ${plural(num(f, 'averageDays'), 'day')} after the invoice (${plural(num(f, 'invoices'), 'invoice')} in the last year).`;
    case 'tenure':
      return `A client for ${num(f, 'years')} years, since ${longDate(String(f.since))}.`;
    case 'billingGaps':
      return num(f, 'overBilled') + num(f, 'underBilled') === 0
        ? 'No open billing gaps.'
        : `${plural(num(f, 'overBilled'), 'line')} over-billed, ${plural(num(f, 'underBilled'), 'line')} under-billed, open.`;
    case 'seatTrend':
      return `${String(f.unit) === 'seats' ? 'Seats' : 'Devices'} ${num(f, 'from')} \u2192 ${num(f, 'to')} over ${plural(num(f, 'days'), 'day')} (${signed(num(f, 'pct'))}).`;
  }
}

/** A component's line: label, what it measured (or why it could not), its score and contribution. */
export function componentLine(c: HealthComponent, cur: string): string {
  if (c.score === null) return `${COMPONENT_LABEL[c.key]}: not scored: ${c.missing}.`;
  return `${COMPONENT_LABEL[c.key]}: ${c.score}/100, ${Math.round(c.share * 100)}% of the score, adds ${c.contribution} points. ${componentFacts(c.key, c.facts, cur)}`;
}

/** The headline: "Health 38/100 (red)", or why there is none. */
export function healthHeadline(h: HealthScore): string {
  if (h.score === null) return `Health: not enough data to score (only ${h.coveragePct}% of the weight had inputs).`;
  const missing = h.components.filter((c) => c.score === null).length;
  return `Health ${h.score}/100 (${COLOUR[h.colour].word.toLowerCase()})${missing ? `, scored on ${h.coveragePct}% of the weight: ${plural(missing, 'part')} had no data` : ''}.`;
}
