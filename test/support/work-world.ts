import type { DemoWorld } from '../../local/demo/world';
import type { WorldWork } from '../../local/demo/work-world';
import { addDays } from '../../shared/domain/dates';

/**
 * Service work for the PSA connector tests, vendor-neutral, planted on two clients of a vendor's
 * test world: every billable status, invoiced or not (paid, unpaid, posted only), a ticket closed
 * without a billing code, an SLA miss, a block of hours, an entry outside the window and one
 * whose ticket is gone (quarantined). Dates run back from `today`; the pull window is 45 days.
 */

export const WORK_WINDOW_DAYS = 45;
/** Ids the tests look for. */
export const W = {
  ticketBilled: '7001', ticketNoCode: '7002', ticketOpen: '7003', ticketBlock: '7004', ticketMissing: '7099',
  invoiced: '8001', unbilledOld: '8002', coveredNonBillable: '8003', noCharge: '8004', postedOnly: '8005', noCodeTime: '8006', currentCycle: '8007', blockTime: '8008', orphan: '8009', outsideWindow: '8010',
  invoicePaid: '9101', invoiceOpen: '9102',
  blockAgreement: '6601',
} as const;

export interface WorkPlan {
  /** The client whose tickets carry most cases, and the recurring agreement its time is charged to. */
  main: { clientId: string; agreementId: string };
  /** A second client: a block of hours and an orphaned entry. */
  other: { clientId: string };
}

export function withWork(world: DemoWorld, plan: WorkPlan, today = world.asOf): DemoWorld {
  const at = (days: number, hour = 12) => `${addDays(today, -days)}T${String(hour).padStart(2, '0')}:00:00Z`;
  const day = (days: number) => addDays(today, -days);
  const entry = (id: string, ticketId: string, over: Partial<WorldWork['timeEntries'][number]>): WorldWork['timeEntries'][number] => ({
    id, ticketId, agreementId: plan.main.agreementId, workType: 'Remote Support', billable: 'billable', hours: 1.5, rateCents: 15000,
    invoiceId: null, date: day(30), updatedAt: at(30, 17), worker: 'Dana Reyes', notes: `work ${id}`, ...over,
  });
  const ticket = (id: string, over: Partial<WorldWork['tickets'][number]>): WorldWork['tickets'][number] => ({
    id, agreementId: plan.main.agreementId, summary: `Ticket ${id}`, closed: true, openedAt: at(35, 9), closedAt: at(29, 16),
    billingCode: 'Remote Support', slaBreached: false, reopened: false, updatedAt: at(29, 16), ...over,
  });
  const main: WorldWork = {
    tickets: [
      ticket(W.ticketBilled, {}),
      ticket(W.ticketNoCode, { billingCode: null, agreementId: null, summary: 'Printer offline' }),
      ticket(W.ticketOpen, { closed: false, closedAt: null, slaBreached: true, openedAt: at(4, 8), updatedAt: at(1, 10) }),
    ],
    timeEntries: [
      entry(W.invoiced, W.ticketBilled, { invoiceId: W.invoicePaid }),
      entry(W.unbilledOld, W.ticketBilled, { workType: 'Onsite Support', hours: 2, rateCents: 17500 }),
      entry(W.coveredNonBillable, W.ticketBilled, { billable: 'non-billable', rateCents: null }),
      entry(W.noCharge, W.ticketBilled, { billable: 'no-charge', workType: 'Project Work', rateCents: null }),
      entry(W.postedOnly, W.ticketBilled, { posted: true, hours: 0.5 }),
      entry(W.noCodeTime, W.ticketNoCode, { agreementId: null, hours: 1 }),
      entry(W.currentCycle, W.ticketOpen, { date: day(2), updatedAt: at(1, 11), hours: 0.75, rateCents: null }),
      entry(W.outsideWindow, W.ticketBilled, { date: day(WORK_WINDOW_DAYS + 15), updatedAt: at(WORK_WINDOW_DAYS + 15) }),
    ],
    invoices: [
      { id: W.invoicePaid, number: 'INV-9101', date: day(20), dueDate: day(5), totalCents: 22500, paidCents: 22500, paidDate: day(6) },
      { id: W.invoiceOpen, number: 'INV-9102', date: day(12), dueDate: day(-18), totalCents: 48000, paidCents: 0, paidDate: null },
    ],
    coverage: [{ agreementId: plan.main.agreementId, name: '', type: 'recurring', coveredWorkTypes: ['Remote Support'], hoursAllowance: null }],
  };
  const other: WorldWork = {
    tickets: [ticket(W.ticketBlock, { agreementId: W.blockAgreement, billingCode: 'Onsite Support', slaBreached: null })],
    timeEntries: [
      entry(W.blockTime, W.ticketBlock, { agreementId: W.blockAgreement, workType: 'Onsite Support', hours: 6, date: day(25), rateCents: null }),
      entry(W.orphan, W.ticketMissing, { agreementId: null }),
    ],
    invoices: [],
    coverage: [
      { agreementId: W.blockAgreement, name: 'Prepaid Hours Block', type: 'block', coveredWorkTypes: ['Onsite Support'], hoursAllowance: { hours: 10, period: 'block', startDate: day(60), endDate: day(-300) } },
    ],
  };
  const attach = (clientId: string, work: WorldWork) => {
    const client = world.clients.find((c) => c.psa.id === clientId);
    if (!client) throw new Error(`withWork: no client ${clientId} in the world`);
    client.work = work;
  };
  attach(plan.main.clientId, main);
  attach(plan.other.clientId, other);
  return world;
}
