import type { Agreement, AgreementLine, Client } from '../../../domain/model';
import type { SyncroContract, SyncroCustomer, SyncroLineItem, SyncroSchedule } from './records';

/**
 * Syncro records -> the canonical model. Pure: no HTTP, no state.
 *
 * Syncro keeps what a client is billed (recurring-invoice schedules and their line items) apart
 * from its contracts (name, dates, status), and links neither to the other. The mapping:
 * - a customer with exactly one active contract: that contract is the agreement, with its dates
 *   for renewals, and the lines of all the customer's schedules;
 * - otherwise (no active contract, or several, where lines cannot be assigned): every schedule is
 *   an evergreen agreement of its own carrying its lines, and the contracts carry dates only.
 * Paused schedules bill nothing and are left out. No line is ever counted twice.
 */

export interface ScheduleLines {
  schedule: SyncroSchedule;
  lines: AgreementLine[];
}

export function toClient(c: SyncroCustomer): Client {
  return {
    externalId: String(c.id),
    name: c.business_name?.trim() || c.fullname!.trim(),
    active: !c.disabled,
    refs: [],
    deviceRefs: [],
    // Syncro customers carry no account manager [V: example].
    accountManagerEmail: null,
  };
}

export function toAgreements(contracts: readonly SyncroContract[], schedules: readonly ScheduleLines[]): Agreement[] {
  const activeByCustomer = new Map<number, number>();
  for (const c of contracts) if (statusOf(c.status) === 'active') activeByCustomer.set(c.customer_id, (activeByCustomer.get(c.customer_id) ?? 0) + 1);
  const billing = (customerId: number) => activeByCustomer.get(customerId) === 1;

  const linesOf = new Map<number, AgreementLine[]>();
  const standalone: Agreement[] = [];
  for (const { schedule, lines } of schedules) {
    if (!billing(schedule.customer_id)) standalone.push(scheduleAsAgreement(schedule, lines));
    else if (linesOf.has(schedule.customer_id)) linesOf.get(schedule.customer_id)!.push(...lines);
    else linesOf.set(schedule.customer_id, [...lines]);
  }
  const fromContracts = contracts.map((c) => {
    const status = statusOf(c.status);
    const endDate = dateOf(c.end_date);
    return {
      externalId: String(c.id),
      clientExternalId: String(c.customer_id),
      name: c.name?.trim() || `Contract ${c.id}`,
      status,
      startDate: dateOf(c.start_date),
      endDate,
      noEndDate: endDate === null,
      // [I] contract_amount is free text ("30k" in the spec example): the lines give the amount.
      billAmountCents: null,
      lines: status === 'active' && billing(c.customer_id) ? (linesOf.get(c.customer_id) ?? []) : [],
    };
  });
  return [...fromContracts, ...standalone];
}

function scheduleAsAgreement(s: SyncroSchedule, lines: AgreementLine[]): Agreement {
  return {
    externalId: `schedule-${s.id}`,
    clientExternalId: String(s.customer_id),
    name: s.name?.trim() || `Recurring invoice ${s.id}`,
    status: 'active',
    startDate: null,
    endDate: null,
    noEndDate: true,
    billAmountCents: null,
    lines,
  };
}

/** A schedule line item as a billing line, or null for a one-time charge (it does not recur). */
export function toLine(s: SyncroSchedule, l: SyncroLineItem): AgreementLine | null {
  if (l.one_time_charge) return null;
  return {
    externalId: String(l.id),
    product: l.name,
    description: l.description?.trim() || l.name,
    quantity: l.quantity,
    unitPriceCents: Math.round((l.retail_cents ?? 0) / monthsPerRun(s.frequency)),
    // Schedule line items carry no dates of their own [V: example].
    effectiveDate: null,
    cancelledDate: null,
    writeBack: { scheduleId: s.id, lineItemId: l.id },
  };
}

/** [I] Contract statuses beyond "Opportunity" (a sale not yet won) [V: example] are inferred. */
function statusOf(status: string | null | undefined): Agreement['status'] {
  const s = (status ?? '').trim().toLowerCase();
  if (s === 'active') return 'active';
  if (s === 'expired') return 'expired';
  if (s === 'cancelled' || s === 'canceled' || s === 'lost') return 'cancelled';
  return 'inactive';
}

/**
 * Months one schedule run covers: retail_cents is per run, the canonical price per month.
 * [I] frequency names beyond "Daily" [V: example]; anything unknown is taken as monthly.
 */
export function monthsPerRun(frequency: string | null | undefined): number {
  const f = (frequency ?? '').toLowerCase();
  if (/daily/.test(f)) return 12 / 365;
  if (/bi-?weekly/.test(f)) return 12 / 26;
  if (/weekly/.test(f)) return 12 / 52;
  if (/quarter/.test(f)) return 3;
  if (/semi|half/.test(f)) return 6;
  if (/bienn|2.?year/.test(f)) return 24;
  if (/annual|year/.test(f)) return 12;
  return 1;
}

export function dateOf(value: string | null | undefined): string | null {
  return value ? value.slice(0, 10) : null;
}
