import { describe, expect, it } from 'vitest';
import { laborFindings, type LaborRules } from '../../../../shared/domain/labor/findings';
import { AgreementCoverage, Ticket, TimeEntry, type WorkPull } from '../../../../shared/domain/work';

// Run on 2026-03-10 with cycles closing on the 1st: the open cycle began 2026-03-01, the last closed one is February.
const rules: LaborRules = {
  runDate: '2026-03-10',
  lookbackDays: 45,
  cycleCloseDay: 1,
  rates: { defaultCents: 10_000, byWorkType: { Project: 15_000 } },
  coveredWorkTypes: { 'Managed Services': ['Remote Support', 'Onsite Support'] },
};

let n = 0;
const entry = (over: Partial<TimeEntry>): TimeEntry =>
  TimeEntry.parse({ externalId: `e${++n}`, clientExternalId: '250', billable: 'billable', hours: 2, invoiced: false, date: '2026-02-10', writeBack: { timeEntryId: n }, ...over });
const ticket = (over: Partial<Ticket>): Ticket => Ticket.parse({ externalId: `t${++n}`, clientExternalId: '250', closed: true, closedAt: '2026-02-20T15:00:00Z', ...over });
const coverage = (over: Partial<AgreementCoverage>): AgreementCoverage => AgreementCoverage.parse({ agreementExternalId: '101', clientExternalId: '250', agreementType: 'Managed Services', ...over });

const run = (work: Partial<WorkPull>, r: LaborRules = rules) =>
  laborFindings({ sourceId: 'cw', work: { timeEntries: [], tickets: [], invoices: [], coverage: [], ...work }, clientNames: new Map([['250', 'Northwind']]), rules: r });

describe('unbilled billable time', () => {
  it('finds billable time of a closed cycle on no invoice, priced at the entry rate', () => {
    const e = entry({ rateCents: 12_500, hours: 1.5 });
    const [f, ...rest] = run({ timeEntries: [e] }).findings;
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'unbilled-time', key: `unbilled-time:cw:${e.externalId}`, clientKey: 'cw:250', clientName: 'Northwind', hours: 1.5, amountCents: 18_750 });
    expect(f!.entries[0]).toMatchObject({ rateBasis: 'entry', writeBack: e.writeBack });
  });

  it('prices by the work type, then the default, and leaves the amount unknown without either', () => {
    const byType = run({ timeEntries: [entry({ workType: 'project', hours: 2 })] }).findings[0]!;
    expect(byType.amountCents).toBe(30_000);
    expect(byType.entries[0]!.rateBasis).toBe('work-type');
    expect(run({ timeEntries: [entry({ workType: 'Other', hours: 2 })] }).findings[0]!.amountCents).toBe(20_000);
    const none = run({ timeEntries: [entry({ hours: 2 })] }, { ...rules, rates: { defaultCents: null, byWorkType: {} } }).findings[0]!;
    expect(none.amountCents).toBeNull();
    expect(none.hours).toBe(2);
  });

  it('trap: billable time already invoiced', () => {
    expect(run({ timeEntries: [entry({ invoiced: true })] }).findings).toEqual([]);
  });

  it('trap: billable time inside the open cycle', () => {
    expect(run({ timeEntries: [entry({ date: '2026-03-02' })] }).findings).toEqual([]);
  });

  it('trap: entries outside the window', () => {
    expect(run({ timeEntries: [entry({ date: '2026-01-20' })] }).findings).toEqual([]);
  });

  it('counts billable time whose invoice state is unknown apart, not as a finding', () => {
    const result = run({ timeEntries: [entry({ invoiced: null })] });
    expect(result.findings).toEqual([]);
    expect(result.unjudged.invoiceUnknown).toBe(1);
  });

  it('judges no entry whose billable state is unknown, counting it apart: not unbilled, out of scope, closed unbilled, nor an overage', () => {
    const unknown = (over: Partial<TimeEntry>) => entry({ billable: 'unknown', ...over });
    const t = ticket({});
    const result = run({
      timeEntries: [
        unknown({}),
        unknown({ agreementExternalId: '101', coveredByAgreement: true, workType: 'Project' }),
        unknown({ ticketExternalId: t.externalId }),
        unknown({ agreementExternalId: '102', hours: 8 }),
        entry({ billable: 'non-billable', agreementExternalId: '102', workType: 'Remote Support', coveredByAgreement: true, hours: 4 }),
      ],
      tickets: [t],
      coverage: [coverage({}), coverage({ agreementExternalId: '102', hoursAllowance: { hours: 5, period: 'month', startDate: null, endDate: null } })],
    });
    expect(result.findings).toEqual([]);
    expect(result.unjudged.billableUnknown).toBe(4);
  });

  it('follows the configured close day', () => {
    // Closing on the 15th: on 2026-03-10 the open cycle began 2026-02-15, so 2026-02-20 is still open.
    expect(run({ timeEntries: [entry({ date: '2026-02-20' })] }, { ...rules, cycleCloseDay: 15 }).findings).toEqual([]);
    expect(run({ timeEntries: [entry({ date: '2026-02-10' })] }, { ...rules, cycleCloseDay: 15 }).findings).toHaveLength(1);
  });
});

describe('out-of-scope labor absorbed', () => {
  const absorbed = (over: Partial<TimeEntry>) => entry({ agreementExternalId: '101', billable: 'no-charge', coveredByAgreement: true, ...over });

  it('finds covered time of a work type the agreement type does not cover (from config)', () => {
    const [f] = run({ timeEntries: [absorbed({ workType: 'Project', hours: 3 })], coverage: [coverage({})] }).findings;
    expect(f).toMatchObject({ kind: 'out-of-scope', hours: 3, amountCents: 45_000 });
  });

  it('uses the covered work types the PSA states over config', () => {
    const work = { timeEntries: [absorbed({ workType: 'Remote Support' })], coverage: [coverage({ coveredWorkTypes: ['Project'] })] };
    expect(run(work).findings.map((f) => f.kind)).toEqual(['out-of-scope']);
  });

  it('trap: non-billable time of a covered work type', () => {
    expect(run({ timeEntries: [absorbed({ workType: 'remote support', billable: 'non-billable' })], coverage: [coverage({})] }).findings).toEqual([]);
  });

  it('counts time whose coverage is known neither from the PSA nor config apart', () => {
    const result = run({ timeEntries: [absorbed({ workType: 'Project' })], coverage: [coverage({ agreementType: 'Break-fix' })] });
    expect(result.findings).toEqual([]);
    expect(result.unjudged.coverageUnknown).toBe(1);
  });
});

describe('closed without billing', () => {
  it('finds a ticket closed in the window with unbilled time and no billing code', () => {
    const t = ticket({ summary: 'Printer', billingCode: null });
    const e = entry({ ticketExternalId: t.externalId, billable: 'non-billable', hours: 1 });
    const [f, ...rest] = run({ tickets: [t], timeEntries: [e] }).findings;
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'closed-unbilled', key: `closed-unbilled:cw:${t.externalId}`, date: '2026-02-20', hours: 1, amountCents: 10_000 });
  });

  it('trap: a ticket closed with a billing code', () => {
    const t = ticket({ billingCode: 'Remote Support' });
    expect(run({ tickets: [t], timeEntries: [entry({ ticketExternalId: t.externalId, billable: 'non-billable' })] }).findings).toEqual([]);
  });

  it('does not count billable time twice: the entry is unbilled time, not a closed ticket', () => {
    const t = ticket({});
    const kinds = run({ tickets: [t], timeEntries: [entry({ ticketExternalId: t.externalId })] }).findings.map((f) => f.kind);
    expect(kinds).toEqual(['unbilled-time']);
  });

  it('trap: a ticket closed before the window or still open', () => {
    const old = ticket({ closedAt: '2026-01-02T10:00:00Z' });
    const open = ticket({ closed: false, closedAt: null });
    const time = [old, open].map((t) => entry({ ticketExternalId: t.externalId, billable: 'non-billable' }));
    expect(run({ tickets: [old, open], timeEntries: time }).findings).toEqual([]);
  });
});

describe('block-hours overage', () => {
  const used = (hours: number, over: Partial<TimeEntry> = {}) => entry({ agreementExternalId: '101', billable: 'no-charge', coveredByAgreement: true, workType: 'Remote Support', hours, ...over });
  const monthly = coverage({ hoursAllowance: { hours: 10, period: 'month', startDate: null, endDate: null } });

  it('finds hours over a monthly allowance in the last closed cycle, not billed, priced at the latest entries', () => {
    const [f, ...rest] = run({ timeEntries: [used(6, { date: '2026-02-03' }), used(7, { date: '2026-02-20' })], coverage: [monthly] }).findings;
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'block-overage', key: 'block-overage:cw:101:2026-02-28', hours: 3, amountCents: 30_000 });
    expect(f!.entries.map((e) => e.hours)).toEqual([3]);
  });

  it('trap: an agreement under its allowance', () => {
    expect(run({ timeEntries: [used(6), used(3)], coverage: [monthly] }).findings).toEqual([]);
  });

  it('does not find an overage the PSA already bills', () => {
    expect(run({ timeEntries: [used(10), used(3, { billable: 'billable', invoiced: true })], coverage: [monthly] }).findings).toEqual([]);
  });

  it('judges a prepaid block only once it has ended', () => {
    const block = (endDate: string) => coverage({ hoursAllowance: { hours: 5, period: 'block', startDate: '2026-02-01', endDate } });
    expect(run({ timeEntries: [used(8)], coverage: [block('2026-02-28')] }).findings.map((f) => f.hours)).toEqual([3]);
    expect(run({ timeEntries: [used(8)], coverage: [block('2026-03-31')] }).findings).toEqual([]);
  });
});
