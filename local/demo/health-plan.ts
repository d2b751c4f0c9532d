import { addDays } from '../../shared/domain/dates';
import type { Invoice, Ticket } from '../../shared/domain/work';

/**
 * The demo's client health, planted: which clients are red, yellow and green, and the tickets and
 * invoices that make them so, in Trueup's canonical words. The PSA simulators render these in each
 * vendor's shapes once they serve work (tickets, invoices); until then the demo's clients score
 * "not enough data", as a real MSP's would without them.
 *
 * Wiring at merge: each PSA simulator serves `demoWork(...)` for its clients, and the red client's
 * agreement ends RED_ENDS_IN_DAYS out (past the usual 120, inside red's 180) so its alert comes early.
 */

export type DemoHealth = 'green' | 'yellow' | 'red';

/** Client indexes in the generated world (generate.ts): one red, one yellow, the rest green. */
export const DEMO_HEALTH_CLIENTS = { red: 3, yellow: 6 } as const;
/** The red client's agreement end, in days after the demo night: alerted early because it is red. */
export const RED_ENDS_IN_DAYS = 160;

export function demoHealthFor(index: number): DemoHealth {
  return index === DEMO_HEALTH_CLIENTS.red ? 'red' : index === DEMO_HEALTH_CLIENTS.yellow ? 'yellow' : 'green';
}

interface Profile {
  /** Tickets a month per 10 seats over the 150 days before the last 30. */
  usualPer10: number;
  /** How many times the usual month the last 30 days bring. */
  surge: number;
  /** Every nth ticket missed its SLA / was reopened (0: none). */
  breachEvery: number;
  reopenEvery: number;
  /** Days from invoice to payment, and how many of the last months' invoices are still unpaid. */
  payDays: number;
  unpaid: number;
}

/**
 * Green: steady, on time. Yellow: a busier month, some missed SLAs, slow payment. Red: a surge of
 * tickets, a third missing their SLA, reopened work, and two invoices long past due.
 */
export const PROFILES: Record<DemoHealth, Profile> = {
  green: { usualPer10: 2, surge: 1, breachEvery: 0, reopenEvery: 0, payDays: 18, unpaid: 0 },
  yellow: { usualPer10: 3, surge: 2, breachEvery: 7, reopenEvery: 0, payDays: 55, unpaid: 2 },
  red: { usualPer10: 3, surge: 3.5, breachEvery: 3, reopenEvery: 6, payDays: 70, unpaid: 3 },
};

/** One client's planted tickets and invoices for the night `asOf`; ids are unique within the client. */
export function demoWork(health: DemoHealth, psaClientId: string, seats: number, asOf: string, monthlyCents: number): { tickets: Ticket[]; invoices: Invoice[] } {
  const p = PROFILES[health];
  const usualMonthly = Math.max(1, Math.round((p.usualPer10 * Math.max(seats, 1)) / 10));
  const tickets: Ticket[] = [];
  // Five usual months, then the last month at the profile's surge, spread evenly over each month.
  for (let month = 5; month >= 0; month--) {
    const n = month === 0 ? Math.round(usualMonthly * p.surge) : usualMonthly;
    for (let k = 0; k < n; k++) {
      const daysAgo = month * 30 + 1 + Math.floor((k * 29) / n);
      const seq = tickets.length + 1;
      const closed = daysAgo > 3;
      tickets.push({
        externalId: `${psaClientId}-T${seq}`,
        clientExternalId: psaClientId,
        agreementExternalId: null,
        summary: TICKET_SUBJECTS[seq % TICKET_SUBJECTS.length]!,
        status: closed ? 'Closed' : 'In Progress',
        closed,
        openedAt: `${addDays(asOf, -daysAgo)}T14:00:00.000Z`,
        closedAt: closed ? `${addDays(asOf, -daysAgo + 2)}T16:00:00.000Z` : null,
        billingCode: null,
        slaBreached: p.breachEvery > 0 && seq % p.breachEvery === 0,
        reopened: p.reopenEvery > 0 && seq % p.reopenEvery === 0,
        updatedAt: null,
      });
    }
  }
  return { tickets, invoices: monthlyInvoices(p, psaClientId, asOf, monthlyCents) };
}

/** A year of monthly invoices, due in 30 days: the newest `unpaid` past their due date still open, the rest paid after payDays. */
function monthlyInvoices(p: Profile, psaClientId: string, asOf: string, monthlyCents: number): Invoice[] {
  const out: Invoice[] = [];
  for (let m = 12; m >= 1; m--) {
    const date = addDays(asOf, -(m * 30 + 15));
    const open = m <= p.unpaid;
    out.push({
      externalId: `${psaClientId}-I${13 - m}`,
      clientExternalId: psaClientId,
      number: `INV-${psaClientId}-${13 - m}`,
      date,
      dueDate: addDays(date, 30),
      totalCents: monthlyCents,
      balanceCents: open ? monthlyCents : 0,
      paidDate: open ? null : addDays(date, p.payDays),
      laborCents: null,
    });
  }
  return out;
}

const TICKET_SUBJECTS = ['Outlook keeps asking for a password', 'New starter laptop', 'VPN drops at the branch', 'Printer offline', 'Shared drive permissions', 'MFA reset', 'Slow file server'];
