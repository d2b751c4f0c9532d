import { describe, expect, it } from 'vitest';
import { parseRejectReason, reasonText } from '../../../shared/domain/reject-reasons';
import { applySuppressions, ruleFromRejection, type SuppressionRule } from '../../../shared/domain/suppression';
import { proposeTrueUps } from '../../../shared/domain/trueups';
import { entry, proposal } from '../../support/mail-models';

const SAFETY = { maxUnitChange: 50, maxPercentChange: 100, allowCommittedDecreases: false };
const FLAT_FEE = { code: 'flat-fee', text: '' } as const;
// Rejected a +5 gap on Northwind's Managed Workstation line (42 billed, 47 in use).
const rule = (over: Partial<SuppressionRule> = {}): SuppressionRule => ({
  ...ruleFromRejection(proposal(), FLAT_FEE, 'billing@contoso-it.example', '2026-03-02T14:00:00.000Z'),
  ...over,
});

describe('reject reasons', () => {
  it('takes one of the listed reasons, and "other" only with words', () => {
    expect(parseRejectReason('billed-elsewhere', '')).toEqual({ ok: true, reason: { code: 'billed-elsewhere', text: '' } });
    expect(parseRejectReason('other', '  kit on loan\nuntil May ')).toEqual({ ok: true, reason: { code: 'other', text: 'kit on loan until May' } });
    expect(parseRejectReason('other', '   ')).toEqual({ ok: false, message: 'With "Other", say in a few words why the change is rejected.' });
    expect(parseRejectReason(null, 'because')).toMatchObject({ ok: false, message: 'Choose why the change is rejected; the reason is kept with the decision.' });
    expect(parseRejectReason('dismissed', '')).toMatchObject({ ok: false });
    expect(parseRejectReason('other', 'x'.repeat(501))).toEqual({ ok: false, message: 'Keep the reason under 500 characters.' });
  });

  it('reads as a person wrote it', () => {
    expect(reasonText({ code: 'other', text: 'kit on loan' })).toBe('Other: kit on loan');
    expect(reasonText({ code: 'test-device', text: '' })).toBe('Test or duplicate device');
    expect(reasonText({ code: 'client-owned', text: 'their own MDM' })).toBe('Client-owned or not managed by us (their own MDM)');
  });
});

describe('suppression rules', () => {
  it('a rejection writes off the whole gap, not the capped step', () => {
    const r = ruleFromRejection(proposal({ proposedQuantity: 45, observedTotal: 52, capNote: 'capped' }), FLAT_FEE, 'f@x.example', '2026-03-02T14:00:00.000Z');
    expect(r).toMatchObject({ clientKey: 'cw:250', lineKey: 'managed-workstation', delta: 10, monthlyImpactCents: 45_000, proposalId: 'p-northwind-mw' });
  });

  it('a covered gap is suppressed and proposed nothing; an uncovered one is left alone', () => {
    const [ruled, other] = applySuppressions([entry(), entry({ lineKey: 'server' })], [rule()]);
    expect(ruled).toMatchObject({ status: 'suppressed', proposalId: null });
    expect(other!.status).toBe('open');
    expect(proposeTrueUps([ruled!, other!], '2026-03-03', SAFETY).proposals.map((p) => p.lineKey)).toEqual(['server']);
  });

  it('keeps a gap that shrank written off, without asking again', () => {
    expect(applySuppressions([entry({ status: 'suppressed', observed: 45, delta: 3, monthlyImpactCents: 13_500 })], [rule()])[0]!.status).toBe('suppressed');
  });

  it('asks again when the gap grows beyond what was rejected, or turns into over-billing', () => {
    const grown = applySuppressions([entry({ status: 'suppressed', observed: 49, delta: 7, monthlyImpactCents: 31_500 })], [rule()])[0]!;
    expect(grown).toMatchObject({ status: 'open', proposalId: null });
    expect(proposeTrueUps([grown], '2026-03-03', SAFETY).proposals).toMatchObject([{ expectedQuantity: 42, proposedQuantity: 49 }]);
    const turned = applySuppressions([entry({ status: 'suppressed', kind: 'over-billed', observed: 40, delta: -2, monthlyImpactCents: -9000 })], [rule()])[0]!;
    expect(turned.status).toBe('open');
  });

  it('re-opens a written-off gap once its rule is revoked', () => {
    const revoked = rule({ revokedBy: 'owner@contoso-it.example', revokedAt: '2026-03-05T09:00:00.000Z' });
    expect(applySuppressions([entry({ status: 'suppressed' })], [revoked])[0]!.status).toBe('open');
  });

  it('leaves decided gaps as they are: approved, applied and resolved lines are not written off', () => {
    const decided = (['approved', 'applied', 'resolved', 'dismissed'] as const).map((status) => entry({ status, proposalId: status === 'resolved' ? null : 'p2' }));
    expect(applySuppressions(decided, [rule()])).toEqual(decided);
  });
});
