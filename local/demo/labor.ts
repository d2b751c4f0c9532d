import { addDays, daysBetween } from '../../shared/domain/dates';
import { lastClosedCycle } from '../../shared/domain/labor/cycle';
import type { DemoWorld, WorldClient } from './world';
import type { WorldTicket, WorldTimeEntry, WorldWork } from './work';

/**
 * Planted labor leakage for three PSA clients: each of the four findings once, and each trap the
 * rules must pass over. `expected` names the findings a night must find, by kind and subject, so
 * tests can hold a night to exactly these. Billing cycles close on the 1st (the config default).
 */

export const LABOR_WORK_TYPES = { covered: ['Remote Support', 'Onsite Support'], agreementType: 'Managed Services' } as const;
/** The demo's rates: a default and one per work type, in cents per hour. */
export const LABOR_RATES = { defaultCents: 12_500, byWorkType: { 'Project Work': 16_500 } };

export interface PlantedLabor {
  /** `<kind>:<subject external id>` of every planted finding. */
  expected: string[];
  /** External ids of the time entries and tickets that are traps. */
  traps: string[];
}

export function plantLabor(clients: readonly [WorldClient, WorldClient, WorldClient], asOf: string, firstId = 70_001): PlantedLabor {
  let next = firstId;
  const id = () => String(next++);
  // Days of the last closed cycle that are also inside the default 45-day window, offsets clamped to fit.
  const closed = lastClosedCycle(asOf, 1);
  const base = [closed.start, addDays(asOf, -44)].sort().at(-1)!;
  const span = daysBetween(base, closed.end);
  const inClosed = (day: number) => addDays(base, Math.min(day, span - 1));
  const at = (date: string) => `${date}T16:30:00Z`;
  const entry = (over: Partial<WorldTimeEntry> & Pick<WorldTimeEntry, 'date' | 'hours' | 'billable' | 'workType'>): WorldTimeEntry => ({
    id: id(), ticketId: null, agreementId: null, covered: false, rateCents: null, invoiceId: null, worker: 'sam.okafor', updatedAt: at(over.date), ...over,
  });
  const ticket = (over: Partial<WorldTicket> & Pick<WorldTicket, 'summary'>): WorldTicket => ({
    id: id(), agreementId: null, openedAt: at(inClosed(1)), closedAt: null, billingCode: null, slaBreached: false, updatedAt: at(inClosed(12)), ...over,
  });
  const [a, b, c] = clients;
  const agreementOf = (client: WorldClient) => client.agreements[0]!;

  // a: unbilled billable time, out-of-scope labor, a ticket closed without billing; and their traps.
  const aAgreement = agreementOf(a);
  aAgreement.coverage = { agreementType: LABOR_WORK_TYPES.agreementType };
  const unbilled = entry({ date: inClosed(4), hours: 2.5, billable: 'billable', workType: 'Remote Support', rateCents: 15_000 });
  const invoiced = entry({ date: inClosed(2), hours: 1, billable: 'billable', workType: 'Remote Support', rateCents: 15_000, invoiceId: id() });
  const openCycle = entry({ date: asOf, hours: 1, billable: 'billable', workType: 'Remote Support' });
  const outOfScope = entry({ date: inClosed(7), hours: 4, billable: 'no-charge', covered: true, agreementId: aAgreement.id, workType: 'Project Work' });
  const coveredType = entry({ date: inClosed(8), hours: 1, billable: 'no-charge', covered: true, agreementId: aAgreement.id, workType: 'Remote Support' });
  const outsideWindow = entry({ date: addDays(asOf, -60), hours: 3, billable: 'billable', workType: 'Remote Support' });
  const noCode = ticket({ summary: 'Replace failed switch in server room', closedAt: at(inClosed(10)) });
  const withCode = ticket({ summary: 'Password reset', closedAt: at(inClosed(11)), billingCode: 'Remote Support' });
  const onNoCode = entry({ date: inClosed(9), hours: 1.5, billable: 'non-billable', workType: 'Onsite Support', ticketId: noCode.id });
  const onWithCode = entry({ date: inClosed(11), hours: 0.5, billable: 'non-billable', workType: 'Remote Support', ticketId: withCode.id });
  a.work = {
    timeEntries: [unbilled, invoiced, openCycle, outOfScope, coveredType, outsideWindow, onNoCode, onWithCode],
    tickets: [noCode, withCode],
    invoices: [{ id: invoiced.invoiceId!, number: `INV-${invoiced.invoiceId}`, date: inClosed(20), dueDate: addDays(inClosed(20), 30), totalCents: 15_000, balanceCents: 0, laborCents: 15_000, updatedAt: at(inClosed(20)) }],
  };

  // b: monthly included hours exceeded in the closed cycle, the overage not billed.
  const bAgreement = agreementOf(b);
  bAgreement.coverage = { agreementType: LABOR_WORK_TYPES.agreementType, includedHoursPerMonth: 10 };
  const absorbed = (date: string, hours: number) => entry({ date, hours, billable: 'no-charge', covered: true, agreementId: bAgreement.id, workType: 'Remote Support' });
  b.work = { timeEntries: [absorbed(inClosed(3), 6), absorbed(inClosed(15), 7)], tickets: [], invoices: [] };

  // c: under its allowance (a trap).
  const cAgreement = agreementOf(c);
  cAgreement.coverage = { agreementType: LABOR_WORK_TYPES.agreementType, includedHoursPerMonth: 10 };
  const under = entry({ date: inClosed(5), hours: 4, billable: 'no-charge', covered: true, agreementId: cAgreement.id, workType: 'Remote Support' });
  c.work = { timeEntries: [under], tickets: [], invoices: [] } satisfies WorldWork;

  return {
    expected: [`unbilled-time:${unbilled.id}`, `out-of-scope:${outOfScope.id}`, `closed-unbilled:${noCode.id}`, `block-overage:${bAgreement.id}`],
    traps: [invoiced.id, openCycle.id, coveredType.id, outsideWindow.id, withCode.id, onWithCode.id, under.id],
  };
}

/** The demo world with labor planted on its first three ConnectWise clients (each with an agreement). */
export function plantDemoLabor(world: DemoWorld): { world: DemoWorld; planted: PlantedLabor } {
  const cw = world.clients.filter((c) => c.psa.vendor === 'connectwise' && c.agreements.length > 0).slice(0, 3);
  if (cw.length < 3) return { world, planted: { expected: [], traps: [] } };
  return { world, planted: plantLabor(cw as [WorldClient, WorldClient, WorldClient], world.asOf) };
}
