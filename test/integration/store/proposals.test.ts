import { describe, expect, it } from 'vitest';
import type { Proposal } from '../../../shared/domain/trueups';
import { createProposal, getProposal, transitionProposal } from '../../../shared/store/proposals';
import { ENGINES, useDynamo } from '../../support/dynamo';

const proposal = (id: string, createdOn = '2026-11-23'): Proposal => ({
  id, createdOn, clientKey: 'cw:250', clientName: 'Northwind', lineKey: 'managed-workstation', product: 'Managed Workstation', kind: 'under-billed',
  psaSourceId: 'cw', agreementName: 'MSA', lineExternalId: 'L1', writeBack: { agreementId: 1, additionId: 1 }, expectedQuantity: 10, proposedQuantity: 13,
  observedTotal: 13, unitPriceCents: 4500, monthlyImpactCents: 13_500, evidence: [], capNote: null, status: 'PENDING', decidedAt: null, decidedBy: null, outcome: null, rejectReason: null,
});

describe.each(ENGINES)('true-up proposals in DynamoDB (%s)', (engine) => {
  const db = useDynamo(engine);

  it('creates a proposal once, and a decision happens once', async () => {
    expect(await createProposal(db.table, proposal('p1'))).toBe('created');
    expect(await createProposal(db.table, proposal('p1', '2026-11-24'))).toBe('PENDING');
    expect(await transitionProposal(db.table, 'p1', 'PENDING', 'APPROVED', { decidedBy: 'billing@msp.example' })).toBe(true);
    expect(await transitionProposal(db.table, 'p1', 'PENDING', 'REJECTED')).toBe(false);
    expect(await getProposal(db.table, 'p1')).toMatchObject({ status: 'APPROVED', decidedBy: 'billing@msp.example', createdOn: '2026-11-23' });
  });

  it('never overwrites a decided proposal: its id stays what its links decided', async () => {
    await createProposal(db.table, proposal('p2'));
    await transitionProposal(db.table, 'p2', 'PENDING', 'WRITING');
    await transitionProposal(db.table, 'p2', 'WRITING', 'FAILED', { outcome: 'HTTP 500 from the PSA' });
    expect(await createProposal(db.table, proposal('p2', '2026-11-24'))).toBe('FAILED');
    expect(await getProposal(db.table, 'p2')).toMatchObject({ status: 'FAILED', createdOn: '2026-11-23', outcome: 'HTTP 500 from the PSA' });
  });
});
