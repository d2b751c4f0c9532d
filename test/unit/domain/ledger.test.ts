import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/domain/dates';
import { COUNTED_STATUSES, costSoFar, countsAsUnbilled, LedgerEntry, ledgerTotals, mergeLedger, storedEntry } from '../../../shared/domain/ledger';
import { FindingStatus } from '../../../shared/domain/model';
import type { Finding } from '../../../shared/domain/model';
import type { RunScope } from '../../../shared/domain/reconcile';

/** The ledger's month: 365.25 / 12 days. */
const DAYS_PER_MONTH = 365.25 / 12;
const ALL: RunScope = { freshSources: ['cw', 'ninja', 'pax8'], freshRoles: ['psa', 'rmm', 'marketplace'] };

const finding = (over: Partial<Finding> = {}): Finding => ({
  clientKey: 'cw:250',
  clientName: 'Northwind',
  lineKey: 'managed-workstation',
  kind: 'under-billed',
  basis: 'rmm',
  sourceId: 'cw',
  product: 'Managed Workstation',
  billed: 10,
  observed: 13,
  delta: 3,
  unitPriceCents: 4500,
  monthlyImpactCents: 13_500,
  evidence: [{ sourceId: 'ninja', ids: ['1', '2'], rule: 'x' }],
  line: { sourceId: 'cw', agreementExternalId: 'A1', agreementName: 'MSA', lineExternalId: 'L1', quantity: 10, writeBack: { agreementId: 1, additionId: 1 } },
  committedUntil: null,
  ...over,
});

describe('findings ledger', () => {
  it('opens a finding the first night and accrues its cost by days open', () => {
    const night1 = mergeLedger([], [finding()], '2026-11-01', ALL).entries;
    expect(night1[0]).toMatchObject({ status: 'open', firstSeen: '2026-11-01' });
    expect(costSoFar(night1[0]!)).toBe(0);
    const night31 = mergeLedger(night1, [finding()], '2026-12-01', ALL, '2026-11-01').entries;
    // 30 days of $135/month at 30.44 days a month.
    expect(costSoFar(night31[0]!)).toBe(Math.round((13_500 * 30) / (365.25 / 12)));
  });

  it('changes nothing when the same night is merged again', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: -20, max: 20 }).filter((d) => d !== 0), (days, delta) => {
        const first = mergeLedger([], [finding({ delta, monthlyImpactCents: delta * 4500 })], '2026-10-01', ALL).entries;
        const night = addDays('2026-10-01', days);
        const once = mergeLedger(first, [finding({ delta, monthlyImpactCents: delta * 4500 })], night, ALL, '2026-10-01');
        const twice = mergeLedger(once.entries, [finding({ delta, monthlyImpactCents: delta * 4500 })], night, ALL, once.night);
        return twice.changed.length === 0 && JSON.stringify(twice.entries) === JSON.stringify(once.entries);
      }),
    );
  });

  it('resolves a gap that closed, and counts it recovered when a true-up was applied', () => {
    const open = mergeLedger([], [finding()], '2026-11-01', ALL).entries;
    const applied: LedgerEntry[] = open.map((e) => ({ ...e, status: 'applied', proposalId: 'p1' }));
    const next = mergeLedger(applied, [], '2026-11-02', ALL).entries[0]!;
    expect(next).toMatchObject({ status: 'resolved', resolvedOn: '2026-11-02', recoveredCents: 13_500 });
  });

  it('keeps an unchecked finding open when its source was stale, writing it once to keep the night it was last seen', () => {
    const open = mergeLedger([], [finding()], '2026-11-01', ALL).entries;
    const staleRmm: RunScope = { freshSources: ['cw', 'pax8'], freshRoles: ['psa', 'marketplace'] };
    const next = mergeLedger(open, [], '2026-11-02', staleRmm, '2026-11-01');
    expect(next.entries[0]).toMatchObject({ status: 'open', lastSeen: '2026-11-01' });
    expect(storedEntry(next.changed[0]!, next.night)).toMatchObject({ lastSeen: '2026-11-01' });
    expect(mergeLedger(next.entries, [], '2026-11-03', staleRmm, next.night).changed).toEqual([]);
  });

  it('writes nothing on a night every gap stays the same, while the cost so far keeps growing', () => {
    const findings = [finding(), finding({ lineKey: 'srv', kind: 'over-billed', delta: -2, monthlyImpactCents: -30_000 })];
    const first = mergeLedger([], findings, '2026-11-01', ALL);
    const steady = mergeLedger(first.entries, findings, '2026-11-02', ALL, first.night);
    expect(steady.changed).toEqual([]);
    expect(steady.night).toBe('2026-11-02');
    expect(steady.entries.map((e) => [e.lastSeen, costSoFar(e)])).toEqual([
      ['2026-11-02', Math.round(13_500 / DAYS_PER_MONTH)],
      ['2026-11-02', Math.round(-30_000 / DAYS_PER_MONTH)],
    ]);
    const moved = mergeLedger(steady.entries, [finding({ observed: 14, delta: 4, monthlyImpactCents: 18_000 }), findings[1]!], '2026-11-03', ALL, steady.night);
    expect(moved.changed.map((e) => e.lineKey)).toEqual(['managed-workstation']);
  });

  it('accrues a gap whose size changes as the nightly accrual did, to within the rounding of each night', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ gap: fc.integer({ min: 1, max: 4 }), amount: fc.integer({ min: -40_000, max: 40_000 }).filter((a) => a !== 0) }), { minLength: 1, maxLength: 40 }), (nights) => {
        let entries: LedgerEntry[] = [];
        let night: string | null = null;
        // The old ledger: each night added the amount it had carried since the night before, rounded.
        let nightly = 0;
        let carried = 0;
        let date = '2026-10-01';
        for (const n of nights) {
          date = addDays(date, n.gap);
          if (entries.length > 0) nightly += Math.round((carried * n.gap) / DAYS_PER_MONTH);
          const merged = mergeLedger(entries, [finding({ monthlyImpactCents: n.amount })], date, ALL, night);
          [entries, night, carried] = [merged.entries, merged.night, n.amount];
        }
        const amountChanges = nights.filter((n, i) => i === 0 || n.amount !== nights[i - 1]!.amount).length;
        const roundings = nights.length + amountChanges;
        return Math.abs(costSoFar(entries[0]!) - nightly) <= roundings / 2;
      }),
    );
  });

  it('reads an entry stored before accruals were derived as the same cost', () => {
    const [open] = mergeLedger([], [finding()], '2026-11-01', ALL).entries;
    const { accruedCents: _derived, ...rest } = open!;
    const legacy = LedgerEntry.parse({ ...rest, lastSeen: '2026-11-20', accumulatedCents: 8_870, accruedThrough: '2026-11-20' });
    expect(costSoFar(legacy)).toBe(8_870);
    const next = mergeLedger([legacy], [finding()], '2026-11-21', ALL).entries[0]!;
    expect(costSoFar(next)).toBe(8_870 + Math.round(13_500 / DAYS_PER_MONTH));
  });

  it('keeps the final cost of a resolved gap', () => {
    const first = mergeLedger([], [finding()], '2026-11-01', ALL);
    const resolved = mergeLedger(first.entries, [], '2026-11-11', ALL, first.night);
    const later = mergeLedger(resolved.entries, [], '2026-12-11', ALL, resolved.night).entries[0]!;
    expect(later).toMatchObject({ status: 'resolved', resolvedOn: '2026-11-11' });
    expect(costSoFar(later)).toBe(Math.round((13_500 * 10) / DAYS_PER_MONTH));
  });

  it('reopens a proposal when the gap moved, so the stale proposal is not applied', () => {
    const proposed = mergeLedger([], [finding()], '2026-11-01', ALL).entries.map((e) => ({ ...e, status: 'proposed' as const, proposalId: 'p1' }));
    const next = mergeLedger(proposed, [finding({ observed: 15, delta: 5, monthlyImpactCents: 22_500 })], '2026-11-02', ALL).entries[0]!;
    expect(next).toMatchObject({ status: 'open', proposalId: null, delta: 5 });
  });

  it('totals open unbilled and over-billed money apart', () => {
    const entries = mergeLedger([], [finding(), finding({ lineKey: 'srv', kind: 'over-billed', delta: -2, monthlyImpactCents: -30_000 })], '2026-11-01', ALL).entries;
    expect(ledgerTotals(entries)).toMatchObject({ unbilledCents: 13_500, overbilledCents: 30_000, openFindings: 2 });
  });

  it('after a capped true-up was applied, the rest of a gap re-opens to be proposed, and the part closed counts as recovered', () => {
    const applied = mergeLedger([], [finding({ observed: 20, delta: 10, monthlyImpactCents: 45_000 })], '2026-11-01', ALL).entries.map((e) => ({ ...e, status: 'applied' as const, proposalId: 'p1' }));
    const next = mergeLedger(applied, [finding({ billed: 15, observed: 20, delta: 5, monthlyImpactCents: 22_500 })], '2026-11-02', ALL).entries[0]!;
    expect(next).toMatchObject({ status: 'open', proposalId: null, delta: 5, recoveredCents: 22_500 });
  });
});

describe('totals, a stated sum over statuses', () => {
  // A realistic ledger: every status, every kind, with over-billing negative as the engine makes it.
  const kinds = ['under-billed', 'over-billed', 'unbilled-usage', 'unmapped'] as const;
  const arbitraryEntry = fc.record({
    status: fc.constantFrom(...FindingStatus.options),
    kind: fc.constantFrom(...kinds),
    units: fc.integer({ min: 1, max: 400 }),
    price: fc.integer({ min: 100, max: 30_000 }),
  });

  it('the headline is exactly the counted statuses of the rows, and every row lands in one status', () => {
    fc.assert(
      fc.property(fc.array(arbitraryEntry, { maxLength: 120 }), (rows) => {
        const entries = rows.map((r, i) => ({
          ...mergeLedger([], [finding({ lineKey: `l${i}`, kind: r.kind })], '2026-11-01', ALL).entries[0]!,
          status: r.status,
          monthlyImpactCents: (r.kind === 'over-billed' ? -1 : 1) * r.units * r.price,
        }));
        const t = ledgerTotals(entries);
        const headline = entries.filter(countsAsUnbilled).reduce((n, e) => n + e.monthlyImpactCents, 0);
        const over = entries.filter((e) => e.kind === 'over-billed' && COUNTED_STATUSES.includes(e.status)).reduce((n, e) => n - e.monthlyImpactCents, 0);
        const byStatus = Object.values(t.byStatus);
        return (
          t.unbilledCents === headline &&
          t.overbilledCents === over &&
          COUNTED_STATUSES.reduce((n, s) => n + t.byStatus[s].unbilledCents, 0) === t.unbilledCents &&
          byStatus.reduce((n, s) => n + s.findings, 0) === entries.length
        );
      }),
    );
  });

  it('leaves held, written-off, dismissed and resolved gaps out of the headline and says so', () => {
    const at = (status: LedgerEntry['status'], lineKey: string) => ({ ...mergeLedger([], [finding({ lineKey })], '2026-11-01', ALL).entries[0]!, status });
    const t = ledgerTotals([at('open', 'a'), at('proposed', 'b'), at('suppressed', 'c'), at('held', 'd'), at('resolved', 'e'), at('dismissed', 'f'), at('applied', 'g')]);
    expect(t.unbilledCents).toBe(3 * 13_500);
    expect(t.byStatus.suppressed).toEqual({ findings: 1, unbilledCents: 13_500, overbilledCents: 0 });
    expect(t.openFindings).toBe(3);
    expect(t.note).toBe('unbilledCents and overbilledCents = open + proposed + approved + applied; held, suppressed (written off), dismissed and resolved are listed by status, not counted');
  });
});
