import { describe, expect, it } from 'vitest';
import { mergeLedger } from '../../../shared/domain/ledger';
import type { Finding } from '../../../shared/domain/model';
import { nextProposalId, proposeTrueUps, writeBackUnfinished, WRITING_OUTCOME } from '../../../shared/domain/trueups';

const scope = { freshSources: ['cw', 'ninja', 'pax8'], freshRoles: ['psa', 'rmm', 'marketplace'] as const };
const rules = { maxUnitChange: 50, maxPercentChange: 100, allowCommittedDecreases: false };
const base: Finding = {
  clientKey: 'cw:250', clientName: 'Northwind', lineKey: 'm365', kind: 'under-billed', basis: 'marketplace', sourceId: 'cw', product: 'M365',
  billed: 10, observed: 13, delta: 3, unitPriceCents: 2200, monthlyImpactCents: 6600, evidence: [],
  line: { sourceId: 'cw', agreementExternalId: 'A1', agreementName: 'MSA', lineExternalId: 'L1', quantity: 10, writeBack: { agreementId: 1, additionId: 7 } },
  committedUntil: null,
};
const ledger = (f: Finding) => mergeLedger([], [f], '2026-11-23', { ...scope, freshRoles: [...scope.freshRoles] }).entries;

describe('true-up proposals', () => {
  it('proposes the observed quantity for the line, with the same id every time that night and a new one the next', () => {
    const a = proposeTrueUps(ledger(base), '2026-11-23', rules).proposals;
    const b = proposeTrueUps(ledger(base), '2026-11-23', rules).proposals;
    expect(a[0]).toMatchObject({ expectedQuantity: 10, proposedQuantity: 13, monthlyImpactCents: 6600, capNote: null, status: 'PENDING' });
    expect(a[0]!.id).toBe(b[0]!.id);
    const next = proposeTrueUps(ledger(base), '2026-11-24', rules).proposals;
    expect(next[0]).toMatchObject({ expectedQuantity: 10, proposedQuantity: 13 });
    expect(next[0]!.id).not.toBe(a[0]!.id);
    expect(nextProposalId(a[0]!.id)).not.toBe(a[0]!.id);
  });

  it('takes a write-back still running 15 minutes after its decision for one that never finished, also one decided before WRITING existed', () => {
    const now = new Date('2026-11-23T12:00:00.000Z');
    const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();
    expect(writeBackUnfinished({ status: 'WRITING', decidedAt: at(14), outcome: WRITING_OUTCOME }, now)).toBe(false);
    expect(writeBackUnfinished({ status: 'WRITING', decidedAt: at(15), outcome: WRITING_OUTCOME }, now)).toBe(true);
    expect(writeBackUnfinished({ status: 'APPROVED', decidedAt: at(60), outcome: WRITING_OUTCOME }, now)).toBe(true);
    expect(writeBackUnfinished({ status: 'APPROVED', decidedAt: at(60), outcome: 'approved in shadow mode: not written' }, now)).toBe(false);
    expect(writeBackUnfinished({ status: 'APPLIED', decidedAt: at(60), outcome: 'applied: 10 -> 13' }, now)).toBe(false);
  });

  it('caps how far one change may move a quantity', () => {
    const { proposals } = proposeTrueUps(ledger({ ...base, observed: 40, delta: 30 }), '2026-11-23', { ...rules, maxUnitChange: 5 });
    expect(proposals[0]).toMatchObject({ proposedQuantity: 15 });
    expect(proposals[0]!.capNote).toMatch(/capped at 5 of 30/);
  });

  it('never proposes a decrease below a committed seat count before the commitment ends', () => {
    const over = { ...base, kind: 'over-billed' as const, observed: 8, delta: -2, monthlyImpactCents: -4400, committedUntil: '2027-03-01' };
    const { proposals, blocked } = proposeTrueUps(ledger(over), '2026-11-23', rules);
    expect(proposals).toEqual([]);
    expect(blocked[0]!.reason).toMatch(/committed \(NCE\) seats until 2027-03-01/);
  });

  describe('add-line proposals for unbilled usage', () => {
    const unbilled: Finding = {
      ...base,
      kind: 'unbilled-usage',
      billed: 0,
      observed: 13,
      delta: 13,
      monthlyImpactCents: 13 * 2200,
      line: null,
      addTo: { sourceId: 'cw', agreementExternalId: 'A1', agreementName: 'MSA' },
    };

    it('proposes a new line on the agreement at the list price for the observed count, from nothing', () => {
      const { proposals, blocked } = proposeTrueUps(ledger(unbilled), '2026-11-23', rules);
      expect(blocked).toEqual([]);
      expect(proposals[0]).toMatchObject({
        kind: 'unbilled-usage',
        addToAgreement: 'A1',
        agreementName: 'MSA',
        lineExternalId: '',
        psaSourceId: 'cw',
        expectedQuantity: 0,
        proposedQuantity: 13,
        unitPriceCents: 2200,
        monthlyImpactCents: 13 * 2200,
        capNote: null,
      });
      expect(proposeTrueUps(ledger(unbilled), '2026-11-23', rules).proposals[0]!.id).toBe(proposals[0]!.id);
      const other = proposeTrueUps(ledger({ ...unbilled, addTo: { ...unbilled.addTo!, agreementExternalId: 'A2' } }), '2026-11-23', rules).proposals[0]!;
      expect(other.id).not.toBe(proposals[0]!.id);
    });

    it('caps the new line at the unit limit', () => {
      const { proposals } = proposeTrueUps(ledger(unbilled), '2026-11-23', { ...rules, maxUnitChange: 5 });
      expect(proposals[0]).toMatchObject({ expectedQuantity: 0, proposedQuantity: 5, monthlyImpactCents: 5 * 2200 });
      expect(proposals[0]!.capNote).toMatch(/capped at 5 of 13/);
    });

    it('holds it back, saying why, when there is no agreement to add to or no list price', () => {
      const none = proposeTrueUps(ledger({ ...unbilled, addTo: undefined }), '2026-11-23', rules);
      expect(none.proposals).toEqual([]);
      expect(none.blocked[0]!.reason).toMatch(/no active agreement with billed lines/);
      const free = proposeTrueUps(ledger({ ...unbilled, unitPriceCents: 0, monthlyImpactCents: 0 }), '2026-11-23', rules);
      expect(free.proposals).toEqual([]);
      expect(free.blocked[0]!.reason).toMatch(/no list price/);
    });

    it('leaves a change-quantity proposal without an agreement to add to', () => {
      expect(proposeTrueUps(ledger(base), '2026-11-23', rules).proposals[0]).not.toHaveProperty('addToAgreement');
    });
  });
});
