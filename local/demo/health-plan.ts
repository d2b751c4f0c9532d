import { addDays } from '../../shared/domain/dates';
import type { DemoWorld, PsaVendor, WorldClient } from './world';
import type { WorldInvoice, WorldTicket } from './work-world';

/**
 * The demo's client health, planted: which clients are red, yellow and green, and the tickets and
 * invoices that make them so, as vendor-neutral world work the PSA simulators render. Planted on
 * the PSA whose work the demo reads for health (config.ts), beside any labor already planted;
 * the red client's agreement ends RED_ENDS_IN_DAYS out (past the usual 120, inside red's 180) so
 * its alert comes early.
 */

export type DemoHealth = 'green' | 'yellow' | 'red';

/** Client indexes in the generated world (generate.ts): one red, one yellow, the rest green. */
export const DEMO_HEALTH_CLIENTS = { red: 14, yellow: 6 } as const;
/** The red client's agreement end, in days after the demo night: alerted early because it is red. */
export const RED_ENDS_IN_DAYS = 160;
/**
 * The PSA the planted red and yellow clients use: all its clients get work. HaloPSA reports what is
 * still owed and when each invoice was paid; Syncro's invoice list says only paid or not, so an
 * overdue invoice there cannot be told from a part-paid one (its connector leaves the balance unknown).
 */
export const HEALTH_PSA = 'halopsa' satisfies PsaVendor;
/**
 * Days of work that PSA is read for: past the 90 days ticket volume needs. Not the 120 the ticket
 * trend needs: HaloPSA's time is read one day a request (/Actions), and a longer window runs a
 * week of demo nights into its rate limit; the trend says it is missing and why.
 */
export const HEALTH_LOOKBACK_DAYS = 100;

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
 * Green: steady, on time. Yellow: a busier month, some missed SLAs, slow payment and one invoice a little late. Red: a surge of
 * tickets, a third missing their SLA, reopened work, and three invoices long past due.
 */
export const PROFILES: Record<DemoHealth, Profile> = {
  green: { usualPer10: 2, surge: 1, breachEvery: 0, reopenEvery: 0, payDays: 18, unpaid: 0 },
  yellow: { usualPer10: 3, surge: 1.8, breachEvery: 10, reopenEvery: 0, payDays: 55, unpaid: 1 },
  red: { usualPer10: 3, surge: 3.5, breachEvery: 3, reopenEvery: 6, payDays: 70, unpaid: 3 },
};

/** Ids per client: tickets and invoices from 800,000 + 1,000 x its index, clear of the labor plant's 70,001 on. */
const ID_BASE = 800_000;
const IDS_PER_CLIENT = 1_000;

/**
 * The world with health work planted on every client of HEALTH_PSA that has an agreement, added
 * to (never replacing) the work already there. Seats are the client's active Pax8 seats, as the
 * night counts them.
 */
export function plantDemoHealth(world: DemoWorld): DemoWorld {
  world.clients.forEach((client, index) => {
    if (client.psa.vendor !== HEALTH_PSA || client.agreements.length === 0) return;
    const planted = demoWork(demoHealthFor(index), ID_BASE + index * IDS_PER_CLIENT, activeSeats(client), world.asOf, monthlyCents(client));
    const work = client.work ?? { tickets: [], timeEntries: [], invoices: [], coverage: [] };
    client.work = { ...work, tickets: [...work.tickets, ...planted.tickets], invoices: [...work.invoices, ...planted.invoices] };
  });
  return world;
}

const activeSeats = (c: WorldClient) => c.pax8?.subscriptions.filter((s) => s.status === 'Active').reduce((n, s) => n + s.quantity, 0) ?? 0;
const monthlyCents = (c: WorldClient) => c.agreements.flatMap((a) => a.lines).filter((l) => l.cancelledDate === null).reduce((n, l) => n + l.quantity * l.unitPriceCents, 0);

/** One client's planted tickets and invoices for the night `asOf`, ids counting up from `firstId`. */
export function demoWork(health: DemoHealth, firstId: number, seats: number, asOf: string, monthlyCents: number): { tickets: WorldTicket[]; invoices: WorldInvoice[] } {
  const p = PROFILES[health];
  const usualMonthly = Math.max(1, Math.round((p.usualPer10 * Math.max(seats, 1)) / 10));
  const tickets: WorldTicket[] = [];
  // Five usual months, then the last month at the profile's surge, spread evenly over each month.
  for (let month = 5; month >= 0; month--) {
    const n = month === 0 ? Math.round(usualMonthly * p.surge) : usualMonthly;
    for (let k = 0; k < n; k++) {
      const daysAgo = month * 30 + 1 + Math.floor((k * 29) / n);
      const seq = tickets.length + 1;
      const closed = daysAgo > 3;
      const openedAt = `${addDays(asOf, -daysAgo)}T14:00:00.000Z`;
      const closedAt = closed ? `${addDays(asOf, -daysAgo + 2)}T16:00:00.000Z` : null;
      tickets.push({
        id: String(firstId + seq),
        agreementId: null,
        summary: TICKET_SUBJECTS[seq % TICKET_SUBJECTS.length]!,
        closed,
        openedAt,
        closedAt,
        billingCode: null,
        slaBreached: p.breachEvery > 0 && seq % p.breachEvery === 0,
        reopened: p.reopenEvery > 0 && seq % p.reopenEvery === 0,
        updatedAt: closedAt ?? openedAt,
      });
    }
  }
  return { tickets, invoices: monthlyInvoices(p, firstId + IDS_PER_CLIENT - 20, asOf, monthlyCents) };
}

/** A year of monthly invoices, due in 30 days: the newest `unpaid` past their due date still open, the rest paid after payDays. */
function monthlyInvoices(p: Profile, firstId: number, asOf: string, monthlyCents: number): WorldInvoice[] {
  const out: WorldInvoice[] = [];
  for (let m = 12; m >= 1; m--) {
    const date = addDays(asOf, -(m * 30 + 15));
    const open = m <= p.unpaid;
    const paidDate = open ? null : addDays(date, p.payDays);
    const id = String(firstId + 13 - m);
    out.push({ id, number: `INV-${id}`, date, dueDate: addDays(date, 30), totalCents: monthlyCents, paidCents: open ? 0 : monthlyCents, paidDate, updatedAt: `${paidDate ?? date}T12:00:00.000Z` });
  }
  return out;
}

const TICKET_SUBJECTS = ['Outlook keeps asking for a password', 'New starter laptop', 'VPN drops at the branch', 'Printer offline', 'Shared drive permissions', 'MFA reset', 'Slow file server'];
