import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/domain/dates';
import { ledgerTotals, mergeLedger, type LedgerEntry } from '../../../shared/domain/ledger';
import type { Finding } from '../../../shared/domain/model';
import type { RunScope } from '../../../shared/domain/reconcile';

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
    expect(night1[0]).toMatchObject({ status: 'open', firstSeen: '2026-11-01', accumulatedCents: 0 });
    const night31 = mergeLedger(night1, [finding()], '2026-12-01', ALL).entries;
    // 30 days of $135/month at 30.44 days a month.
    expect(night31[0]!.accumulatedCents).toBe(Math.round((13_500 * 30) / (365.25 / 12)));
  });

  it('changes nothing when the same night is merged again', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: -20, max: 20 }).filter((d) => d !== 0), (days, delta) => {
        const first = mergeLedger([], [finding({ delta, monthlyImpactCents: delta * 4500 })], '2026-10-01', ALL).entries;
        const night = addDays('2026-10-01', days);
        const once = mergeLedger(first, [finding({ delta, monthlyImpactCents: delta * 4500 })], night, ALL);
        const twice = mergeLedger(once.entries, [finding({ delta, monthlyImpactCents: delta * 4500 })], night, ALL);
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

  it('keeps an unchecked finding open when its source was stale', () => {
    const open = mergeLedger([], [finding()], '2026-11-01', ALL).entries;
    const staleRmm: RunScope = { freshSources: ['cw', 'pax8'], freshRoles: ['psa', 'marketplace'] };
    const next = mergeLedger(open, [], '2026-11-02', staleRmm);
    expect(next.entries[0]).toMatchObject({ status: 'open', lastSeen: '2026-11-01' });
    expect(next.changed).toEqual([]);
  });

  it('reopens a proposal when the gap moved, so the stale proposal is not applied', () => {
    const proposed = mergeLedger([], [finding()], '2026-11-01', ALL).entries.map((e) => ({ ...e, status: 'proposed' as const, proposalId: 'p1' }));
    const next = mergeLedger(proposed, [finding({ observed: 15, delta: 5, monthlyImpactCents: 22_500 })], '2026-11-02', ALL).entries[0]!;
    expect(next).toMatchObject({ status: 'open', proposalId: null, delta: 5 });
  });

  it('totals open unbilled and over-billed money apart', () => {
    const entries = mergeLedger([], [finding(), finding({ lineKey: 'srv', kind: 'over-billed', delta: -2, monthlyImpactCents: -30_000 })], '2026-11-01', ALL).entries;
    expect(ledgerTotals(entries)).toEqual({ unbilledCents: 13_500, overbilledCents: 30_000, openFindings: 2 });
  });
});
