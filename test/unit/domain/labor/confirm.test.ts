import { describe, expect, it } from 'vitest';
import { applyConfirmed, recordsToConfirm } from '../../../../shared/domain/labor/confirm';
import { laborFindings } from '../../../../shared/domain/labor/findings';
import { AgreementCoverage, Ticket, TimeEntry, type WorkPull } from '../../../../shared/domain/work';

const RUN = '2026-03-10';
const entry = (id: string, over: Partial<TimeEntry> = {}): TimeEntry =>
  TimeEntry.parse({ externalId: id, clientExternalId: '250', billable: 'billable', hours: 1, invoiced: false, date: '2026-02-10', writeBack: { timeEntryId: Number(id) }, ...over });
const ticket = (id: string, over: Partial<Ticket> = {}) => Ticket.parse({ externalId: id, clientExternalId: '250', closed: true, closedAt: '2026-02-20T10:00:00Z', ...over });
const work = (over: Partial<WorkPull>): WorkPull => ({ timeEntries: [], tickets: [], invoices: [], coverage: [], ...over });
const findingsOf = (w: WorkPull) => laborFindings({ sourceId: 'cw', work: w, clientNames: new Map(), rules: { runDate: RUN, lookbackDays: 45, cycleCloseDay: 1, rates: { defaultCents: 10_000, byWorkType: {} }, coveredWorkTypes: {} } }).findings;

describe('which records are read again before they can be findings', () => {
  // 1: unbilled; 2: invoiced (no finding); 3 and 4: absorbed on ticket 70, closed with no code; 5-7: a block's hours, 2 h over.
  const block = AgreementCoverage.parse({ agreementExternalId: 'B', clientExternalId: '250', hoursAllowance: { hours: 2, period: 'block', startDate: '2026-01-26', endDate: '2026-02-25' } });
  const set = work({
    timeEntries: [
      entry('1'),
      entry('2', { invoiced: true }),
      entry('3', { billable: 'non-billable', ticketExternalId: '70' }),
      entry('4', { billable: 'non-billable', ticketExternalId: '70' }),
      ...['5', '6', '7'].map((id, i) => entry(id, { billable: 'no-charge', agreementExternalId: 'B', hours: 4 / 3, date: `2026-02-1${i}` })),
    ],
    tickets: [ticket('70'), ticket('71', { billingCode: 'Remote' })],
    coverage: [block],
  });

  it("takes every finding's entries, a closed ticket's ticket, and all of a block's hours, leaving out what was read tonight", () => {
    expect(findingsOf(set).map((f) => f.kind).sort()).toEqual(['block-overage', 'closed-unbilled', 'unbilled-time']);
    const tonight = work({ timeEntries: [entry('4')], tickets: [] });
    expect(recordsToConfirm(findingsOf(set), set, tonight, [])).toEqual({ timeEntries: ['1', '3', '5', '6', '7'], tickets: ['70'], witnesses: { timeEntry: '4', ticket: '71' } });
  });

  it('asks nothing of a list read whole tonight', () => {
    expect(recordsToConfirm(findingsOf(set), set, work({}), ['timeEntries'])).toMatchObject({ timeEntries: [], tickets: ['70'] });
  });

  it('drops what the PSA no longer has and takes what it returned as it is now', () => {
    const after = applyConfirmed(set, { timeEntries: [entry('3', { billable: 'billable', invoiced: true })], tickets: [], gone: { timeEntries: ['1'], tickets: ['70'] } }, '2026-01-24');
    expect(after.timeEntries.map((e) => [e.externalId, e.billable])).toEqual([['2', 'billable'], ['3', 'billable'], ['4', 'non-billable'], ['5', 'no-charge'], ['6', 'no-charge'], ['7', 'no-charge']]);
    expect(after.tickets.map((t) => t.externalId)).toEqual(['71']);
    expect(findingsOf(after).map((f) => f.kind)).toEqual(['block-overage']);
  });
});
