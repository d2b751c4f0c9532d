import { describe, expect, it } from 'vitest';
import { lastClosedCycle, openCycle } from '../../../../shared/domain/labor/cycle';
import { goneSince, mergeWork } from '../../../../shared/domain/labor/merge';
import { effectiveRates } from '../../../../shared/domain/labor/rate';
import { AgreementCoverage, Ticket, TimeEntry, type WorkPull } from '../../../../shared/domain/work';

const entry = (id: string, over: Partial<TimeEntry> = {}): TimeEntry =>
  TimeEntry.parse({ externalId: id, clientExternalId: '250', billable: 'billable', hours: 1, invoiced: true, date: '2026-02-10', writeBack: { timeEntryId: 1 }, ...over });
const work = (over: Partial<WorkPull>): WorkPull => ({ timeEntries: [], tickets: [], invoices: [], coverage: [], ...over });

describe('billing cycles', () => {
  it('opens on the close day on or before the run date and the last closed one is the month before', () => {
    expect(openCycle('2026-03-10', 1)).toEqual({ start: '2026-03-01', end: '2026-04-01' });
    expect(lastClosedCycle('2026-03-10', 1)).toEqual({ start: '2026-02-01', end: '2026-03-01' });
    expect(openCycle('2026-03-10', 15)).toEqual({ start: '2026-02-15', end: '2026-03-15' });
    expect(lastClosedCycle('2026-01-05', 15)).toEqual({ start: '2025-11-15', end: '2025-12-15' });
  });
});

describe('mergeWork', () => {
  it('replaces changed records by id, keeps the rest, and drops what left the window', () => {
    const before = work({ timeEntries: [entry('a', { hours: 1 }), entry('b'), entry('old', { date: '2026-01-01' })] });
    const merged = mergeWork(before, work({ timeEntries: [entry('a', { hours: 4 }), entry('c')] }), '2026-01-25', false);
    expect(merged.timeEntries.map((e) => [e.externalId, e.hours])).toEqual([['a', 4], ['b', 1], ['c', 1]]);
  });

  it('takes a full read whole: what it does not list is gone', () => {
    const merged = mergeWork(work({ timeEntries: [entry('a'), entry('b')] }), work({ timeEntries: [entry('b')] }), '2026-01-25', true);
    expect(merged.timeEntries.map((e) => e.externalId)).toEqual(['b']);
  });

  it('replaces a list the read declares complete, so what it no longer lists is gone, and names what left', () => {
    const before = work({ timeEntries: [entry('a'), entry('b'), entry('old', { date: '2026-01-01' })], invoices: [] });
    const merged = mergeWork(before, work({ timeEntries: [entry('b', { hours: 3 })] }), '2026-01-25', false, ['timeEntries']);
    expect(merged.timeEntries.map((e) => [e.externalId, e.hours])).toEqual([['b', 3]]);
    // What aged out of the window is not counted as gone.
    expect(goneSince(before, merged, '2026-01-25')).toEqual({ timeEntries: ['a'], tickets: [] });
    // Not declared complete: upserted, nothing gone.
    const upserted = mergeWork(before, work({ timeEntries: [entry('b', { hours: 3 })] }), '2026-01-25', false);
    expect(goneSince(before, upserted, '2026-01-25')).toEqual({ timeEntries: [], tickets: [] });
  });

  it('upserts coverage by agreement unless the read lists it complete', () => {
    const cover = (id: string, type: string) => AgreementCoverage.parse({ agreementExternalId: id, clientExternalId: '250', agreementType: type });
    const before = work({ coverage: [cover('1', 'Managed'), cover('2', 'Block')] });
    expect(mergeWork(before, work({ coverage: [cover('2', 'Prepay')] }), '2026-01-25', false).coverage.map((c) => [c.agreementExternalId, c.agreementType])).toEqual([['1', 'Managed'], ['2', 'Prepay']]);
    expect(mergeWork(before, work({ coverage: [cover('2', 'Prepay')] }), '2026-01-25', false, ['coverage']).coverage.map((c) => c.agreementExternalId)).toEqual(['2']);
  });

  it('keeps open tickets of any age and drops tickets closed before the window', () => {
    const t = (id: string, closedAt: string | null) => Ticket.parse({ externalId: id, clientExternalId: '250', closed: closedAt != null, closedAt });
    const merged = mergeWork(work({ tickets: [t('open', null), t('gone', '2026-01-01T00:00:00Z'), t('kept', '2026-02-01T00:00:00Z')] }), work({}), '2026-01-25', false);
    expect(merged.tickets.map((x) => x.externalId)).toEqual(['open', 'kept']);
  });
});

describe('effective billable rate', () => {
  const rates = { defaultCents: 10_000, byWorkType: {} };

  it('divides invoiced billable labor by all hours worked in the last closed cycle, with the trend from the cycle before', () => {
    const rows = effectiveRates(
      work({
        timeEntries: [
          entry('feb-billed', { hours: 2, rateCents: 15_000 }),
          entry('feb-free', { hours: 2, billable: 'no-charge', invoiced: false }),
          entry('jan-billed', { hours: 1, rateCents: 12_000, date: '2026-01-15' }),
        ],
      }),
      rates,
      '2026-03-10',
      1,
      '2026-01-01',
    );
    expect(rows).toEqual([
      expect.objectContaining({ clientExternalId: '250', hoursWorked: 4, billedHours: 2, billedCents: 30_000, effectiveRateCents: 7_500, trendCents: 7_500 - 12_000 }),
    ]);
  });

  it('leaves the amount billed and the rate unknown when an entry\'s billing or invoicing is unknown, never lower', () => {
    for (const unclear of [entry('u', { billable: 'unknown', invoiced: false }), entry('u', { invoiced: null })]) {
      const [row] = effectiveRates(work({ timeEntries: [entry('billed', { hours: 2, rateCents: 15_000 }), unclear] }), rates, '2026-03-10', 1, '2026-01-01');
      expect(row).toMatchObject({ hoursWorked: 3, billedHours: 2, billedCents: null, effectiveRateCents: null });
    }
  });

  it('gives no trend when the cycle before starts outside the window', () => {
    const [row] = effectiveRates(work({ timeEntries: [entry('x')] }), rates, '2026-03-10', 1, '2026-01-24');
    expect(row!.previous).toBeNull();
    expect(row!.trendCents).toBeNull();
  });
});
