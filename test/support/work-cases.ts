import { expect } from 'vitest';
import type { WorkPullResult } from '../../shared/connectors/types';
import { addDays } from '../../shared/domain/dates';
import { W, WORK_WINDOW_DAYS } from './work-world';

/**
 * What every PSA connector must make of the planted work (work-world.ts), whatever the vendor's
 * shapes: the vendor's own answers to the questions its API cannot settle come in `traits`.
 */
export interface WorkTraits {
  /** What the vendor says of time approved and posted but on no invoice yet: Autotask's billing item counts as invoiced. */
  postedOnlyInvoiced: boolean;
  /** Whether the API says a ticket missed its SLA. */
  slaBreached: boolean;
  /** Whether an unpaid invoice states its balance. */
  balance: boolean;
  /** Whether a paid invoice says when it was paid. */
  paidDate: boolean;
  /** What the vendor calls time shown at no charge: Syncro has only billable or not. */
  noCharge: 'no-charge' | 'non-billable';
  /** Whether invoiced time names its invoice. */
  invoiceLink: boolean;
}

export const workWindow = (today: string, changedSince: string | null = null) => ({ from: addDays(today, -WORK_WINDOW_DAYS), changedSince });

const byId = <T extends { externalId: string }>(rows: T[]) => Object.fromEntries(rows.map((r) => [r.externalId, r]));

/** The planted cases as the canonical model must carry them. */
export function expectPlantedWork(pull: WorkPullResult, ids: { main: string; other: string; agreement: string }, traits: WorkTraits): void {
  const entries = byId(pull.timeEntries);
  expect(Object.keys(entries).sort()).toEqual(
    [W.invoiced, W.unbilledOld, W.coveredNonBillable, W.noCharge, W.postedOnly, W.noCodeTime, W.currentCycle, W.blockTime].sort(),
  );
  const billing = (id: string) => [entries[id]!.billable, entries[id]!.invoiced];
  expect(billing(W.invoiced)).toEqual(['billable', true]);
  expect(entries[W.invoiced]!.invoiceExternalId).toBe(traits.invoiceLink ? W.invoicePaid : null);
  expect(billing(W.unbilledOld)).toEqual(['billable', false]);
  expect(billing(W.coveredNonBillable)).toEqual(['non-billable', false]);
  expect(billing(W.noCharge)).toEqual([traits.noCharge, false]);
  expect(billing(W.postedOnly)).toEqual(['billable', traits.postedOnlyInvoiced]);
  expect(entries[W.postedOnly]!.invoiceExternalId).toBeNull();
  expect(billing(W.currentCycle)).toEqual(['billable', false]);
  expect(entries[W.unbilledOld]).toMatchObject({ clientExternalId: ids.main, ticketExternalId: W.ticketBilled, agreementExternalId: ids.agreement, workType: 'Onsite Support', hours: 2 });
  expect(entries[W.noCodeTime]).toMatchObject({ clientExternalId: ids.main, ticketExternalId: W.ticketNoCode, agreementExternalId: null });
  expect(entries[W.blockTime]).toMatchObject({ clientExternalId: ids.other, agreementExternalId: W.blockAgreement, hours: 6 });

  // The entry whose ticket is gone is the only time kept out (a vendor may quarantine other planted records too).
  const entryIds = new Set<string>(Object.values(W));
  expect(pull.quarantined.filter((q) => q.externalId !== null && entryIds.has(q.externalId))).toEqual([
    expect.objectContaining({ externalId: W.orphan, reason: expect.stringContaining(W.ticketMissing) }),
  ]);

  const tickets = byId(pull.tickets);
  expect(tickets[W.ticketBilled]).toMatchObject({ clientExternalId: ids.main, closed: true, billingCode: expect.any(String) });
  expect(tickets[W.ticketNoCode]).toMatchObject({ closed: true, billingCode: null });
  expect(tickets[W.ticketOpen]).toMatchObject({ closed: false, closedAt: null, slaBreached: traits.slaBreached ? true : null });
  expect(tickets[W.ticketBlock]).toMatchObject({ clientExternalId: ids.other, agreementExternalId: W.blockAgreement });

  const invoices = byId(pull.invoices);
  expect(invoices[W.invoicePaid]).toMatchObject({ clientExternalId: ids.main, number: 'INV-9101', totalCents: 22500, balanceCents: 0, paidDate: traits.paidDate ? expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) : null });
  expect(invoices[W.invoiceOpen]).toMatchObject({ totalCents: 48000, balanceCents: traits.balance ? 48000 : null, paidDate: null, dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
}
