import { addDays, daysBetween } from '../../shared/domain/dates';
import { lastClosedCycle } from '../../shared/domain/labor/cycle';
import { demoHealthFor, HEALTH_LOOKBACK_DAYS } from './health-plan';
import type { DemoWorld, PsaVendor, WorldClient } from './world';
import type { WorldCoverage, WorldTicket, WorldTimeEntry, WorldWork } from './work-world';

/**
 * Planted labor leakage for three clients of each PSA: each finding the PSA's API can express
 * once, and each trap the rules must pass over, rendered by the PSA's simulator in its own
 * shapes. `expected` names the findings a night must find, by kind and subject, so tests can hold
 * a night to exactly these. Billing cycles close on the 1st (the config default).
 */

export const LABOR_WORK_TYPES = { covered: ['Remote Support', 'Onsite Support'], agreementType: 'Managed Services' } as const;
/** The demo's rates: a default and one per work type, in cents per hour. */
export const LABOR_RATES = { defaultCents: 12_500, byWorkType: { 'Project Work': 16_500 } };

/** What a PSA's API can say about labor, which decides what can be planted on it. */
export interface LaborPsa {
  /** Every time entry hangs off a ticket (Autotask ticket time, Halo actions, Syncro timers): none is charged to the client alone. */
  timeOnTickets: boolean;
  /** Where an agreement's covered work types come from: config by agreement type, the PSA itself, or nowhere (no out-of-scope finding). */
  coverage: 'config' | 'psa' | 'none';
  /** How the PSA keeps included hours: a monthly allowance, a prepaid block (judged once it has ended), or not at all (no overage finding). */
  allowance: 'month' | 'block' | 'none';
  /** Days of work the demo reads from the PSA (config.ts): the outside-window trap lies before them. */
  lookbackDays: number;
  /** The first planted id: each PSA's are apart, as the labor ledger keeps billed time by entry id. */
  firstId: number;
}

export const LABOR_PSAS: Record<PsaVendor, LaborPsa> = {
  connectwise: { timeOnTickets: false, coverage: 'config', allowance: 'month', lookbackDays: 45, firstId: 70_001 },
  // What a contract covers is its own (the billing codes it excludes); prepaid hours are Contract Blocks, and there is no monthly allowance [I].
  autotask: { timeOnTickets: true, coverage: 'psa', allowance: 'block', lookbackDays: 45, firstId: 71_001 },
  // Covered charge types are not in the API (config by contract type); a contract's free units are hours a month [I].
  halopsa: { timeOnTickets: true, coverage: 'config', allowance: 'month', lookbackDays: HEALTH_LOOKBACK_DAYS, firstId: 72_001 },
  // No agreement coverage, included hours or no-charge state in the API: only unbilled time and tickets closed without billing.
  syncro: { timeOnTickets: true, coverage: 'none', allowance: 'none', lookbackDays: 45, firstId: 73_001 },
};

export interface PlantedLabor {
  /** `<kind>:<subject external id>` of every planted finding. */
  expected: string[];
  /** External ids of the time entries and tickets that are traps. */
  traps: string[];
}

type Plant = ReturnType<typeof planter>;

/** Record builders for one PSA's plantings: ids counting up, dates inside the last closed cycle and the default 45-day window. */
function planter(psa: LaborPsa, asOf: string) {
  let next = psa.firstId;
  const id = () => String(next++);
  const closed = lastClosedCycle(asOf, 1);
  const base = [closed.start, addDays(asOf, -44)].sort().at(-1)!;
  const span = daysBetween(base, closed.end);
  const inClosed = (day: number) => addDays(base, Math.min(day, span - 1));
  const at = (date: string) => `${date}T16:30:00Z`;
  const entry = (over: Partial<WorldTimeEntry> & Pick<WorldTimeEntry, 'date' | 'hours' | 'billable' | 'workType'>): WorldTimeEntry => ({
    id: id(), ticketId: null, agreementId: null, covered: false, rateCents: null, invoiceId: null, worker: 'sam.okafor', notes: '', updatedAt: at(over.date), ...over,
  });
  // Where time hangs off tickets the plant adds more of them, and HaloPSA's are read for client health: they say nothing of SLAs.
  const ticket = (over: Partial<WorldTicket> & Pick<WorldTicket, 'summary'>): WorldTicket => ({
    id: id(), agreementId: null, openedAt: at(inClosed(1)), closedAt: null, billingCode: null, slaBreached: psa.timeOnTickets ? null : false, reopened: false, updatedAt: at(inClosed(12)), ...over, closed: over.closedAt != null,
  });
  // The agreement type the demo config maps covered work types for (or, where the PSA says, the types themselves), and an allowance.
  const terms = (agreement: { id: string; name: string }, allowanceHours?: number): WorldCoverage => ({
    agreementId: agreement.id,
    name: agreement.name,
    type: psa.allowance === 'block' && allowanceHours != null ? 'block' : 'recurring',
    typeName: LABOR_WORK_TYPES.agreementType,
    coveredWorkTypes: psa.coverage === 'psa' ? [...LABOR_WORK_TYPES.covered] : null,
    hoursAllowance:
      allowanceHours == null ? null : psa.allowance === 'block' ? { hours: allowanceHours, period: 'block', startDate: closed.start, endDate: addDays(closed.end, -1) } : { hours: allowanceHours, period: 'month', startDate: null, endDate: null },
  });
  /** Where the allowance lives: the client's agreement, or a block of hours of its own (Autotask keeps blocks on a Block Hours contract). */
  const allowanceAgreement = (client: WorldClient) => (psa.allowance === 'block' ? { id: id(), name: 'Block of hours' } : client.agreements[0]!);
  return { psa, id, asOf, inClosed, at, entry, ticket, terms, allowanceAgreement };
}

export function plantLabor(clients: readonly [WorldClient, WorldClient, WorldClient], asOf: string, psa: LaborPsa = LABOR_PSAS.connectwise): PlantedLabor {
  const p = planter(psa, asOf);
  const [a, b, c] = clients;
  const planted = plantGaps(p, a);
  if (psa.allowance === 'none') return planted;
  const over = plantAllowance(p, b, [6, 7]);
  const under = plantAllowance(p, c, [4]);
  return { expected: [...planted.expected, `block-overage:${over.agreementId}`], traps: [...planted.traps, ...under.entryIds] };
}

/** Unbilled billable time, out-of-scope labor (where coverage is known), a ticket closed without billing; and their traps. */
function plantGaps(p: Plant, a: WorldClient): PlantedLabor {
  const { entry, ticket, inClosed, at, asOf, psa } = p;
  const agreement = a.agreements[0]!;
  const unbilled = entry({ date: inClosed(4), hours: 2.5, billable: 'billable', workType: 'Remote Support', rateCents: 15_000 });
  const invoiced = entry({ date: inClosed(2), hours: 1, billable: 'billable', workType: 'Remote Support', rateCents: 15_000, invoiceId: p.id() });
  const openCycle = entry({ date: asOf, hours: 1, billable: 'billable', workType: 'Remote Support' });
  const absorbed = (date: string, hours: number, workType: string) => entry({ date, hours, billable: 'no-charge', covered: true, agreementId: agreement.id, workType });
  const scoped = psa.coverage === 'none' ? [] : [absorbed(inClosed(7), 4, 'Project Work'), absorbed(inClosed(8), 1, 'Remote Support')];
  const outsideWindow = entry({ date: addDays(asOf, -(psa.lookbackDays + 15)), hours: 3, billable: 'billable', workType: 'Remote Support' });
  const [outOfScope, coveredType] = scoped;
  const noCode = ticket({ summary: 'Replace failed switch in server room', closedAt: at(inClosed(10)) });
  const withCode = ticket({ summary: 'Password reset', closedAt: at(inClosed(11)), billingCode: 'Remote Support' });
  const onNoCode = entry({ date: inClosed(9), hours: 1.5, billable: 'non-billable', workType: 'Onsite Support', ticketId: noCode.id });
  const onWithCode = entry({ date: inClosed(11), hours: 0.5, billable: 'non-billable', workType: 'Remote Support', ticketId: withCode.id });
  const loose = [unbilled, invoiced, openCycle, ...scoped];
  const tickets = [noCode, withCode, ...onTickets(p, loose, outsideWindow)];
  a.work = {
    timeEntries: [unbilled, invoiced, openCycle, ...scoped, outsideWindow, onNoCode, onWithCode],
    tickets,
    invoices: [{ id: invoiced.invoiceId!, number: `INV-${invoiced.invoiceId}`, date: inClosed(20), dueDate: addDays(inClosed(20), 30), totalCents: 15_000, paidCents: 15_000, paidDate: inClosed(28), laborCents: 15_000, updatedAt: at(inClosed(20)) }],
    coverage: psa.coverage === 'none' ? [] : [p.terms(agreement)],
  };
  return {
    expected: [`unbilled-time:${unbilled.id}`, ...(outOfScope ? [`out-of-scope:${outOfScope.id}`] : []), `closed-unbilled:${noCode.id}`],
    traps: [invoiced.id, openCycle.id, ...(coveredType ? [coveredType.id] : []), outsideWindow.id, withCode.id, onWithCode.id],
  };
}

/**
 * Where time must hang off a ticket, the loose entries go on one open ticket and the outside-window
 * entry on an old billed one: neither a closed-unbilled case, and the old one is never read.
 */
function onTickets(p: Plant, loose: WorldTimeEntry[], outsideWindow: WorldTimeEntry): WorldTicket[] {
  if (!p.psa.timeOnTickets) return [];
  const ongoing = p.ticket({ summary: 'Ongoing support' });
  const old = p.ticket({ summary: 'Printer replacement', openedAt: p.at(outsideWindow.date), closedAt: p.at(outsideWindow.date), billingCode: 'Remote Support', updatedAt: p.at(outsideWindow.date) });
  for (const e of loose) e.ticketId = ongoing.id;
  outsideWindow.ticketId = old.id;
  return [ongoing, old];
}

/** Absorbed Remote Support time against an allowance of 10 h in the last closed cycle: over it with 6 + 7 h, under it with 4 h (a trap). */
function plantAllowance(p: Plant, client: WorldClient, hours: number[]): { agreementId: string; entryIds: string[] } {
  const agreement = p.allowanceAgreement(client);
  const days = [3, 15];
  const holder = p.psa.timeOnTickets ? p.ticket({ summary: 'Monthly maintenance' }) : null;
  const entries = hours.map((h, i) => p.entry({ date: p.inClosed(hours.length === 1 ? 5 : days[i]!), hours: h, billable: 'no-charge', covered: true, agreementId: agreement.id, workType: 'Remote Support', ticketId: holder?.id ?? null }));
  client.work = { timeEntries: entries, tickets: holder ? [holder] : [], invoices: [], coverage: [p.terms(agreement, 10)] } satisfies WorldWork;
  return { agreementId: agreement.id, entryIds: entries.map((e) => e.id) };
}

/**
 * The demo world with labor planted on three clients with an agreement of each PSA. On the health
 * PSA only green clients carry it, so the plantings cannot be what colours a client.
 */
export function plantDemoLabor(world: DemoWorld): { world: DemoWorld; planted: Partial<Record<PsaVendor, PlantedLabor>> } {
  const planted: Partial<Record<PsaVendor, PlantedLabor>> = {};
  for (const vendor of Object.keys(LABOR_PSAS) as PsaVendor[]) {
    const clients = world.clients.filter((c, i) => c.psa.vendor === vendor && c.agreements.length > 0 && (vendor !== 'halopsa' || demoHealthFor(i) === 'green')).slice(0, 3);
    if (clients.length === 3) planted[vendor] = plantLabor(clients as [WorldClient, WorldClient, WorldClient], world.asOf, LABOR_PSAS[vendor]);
  }
  return { world, planted };
}
