import { describe, expect, it } from 'vitest';
import { getNightOutbox, putNightOutbox } from '../../../shared/store/night-outbox';
import { createProposal, getProposals } from '../../../shared/store/proposals';
import { getRenewalAlerts, mailSent, recordMailSent, recordRenewalAlert } from '../../../shared/store/records';
import { ENGINES, useDynamo } from '../../support/dynamo';
import { proposal } from '../../support/mail-models';

const RUN_DATE = '2026-11-23';

describe.each(ENGINES)('what notify reads, by key and strongly consistent (%s)', (engine) => {
  const db = useDynamo(engine);

  it('keeps a first night of thousands of proposals in items under the size limit, and merges a re-run', async () => {
    const ids = Array.from({ length: 2_500 }, (_, i) => `proposal-id-of-22-chars-${i}`);
    const renewals = Array.from({ length: 1_200 }, (_, i) => ({ agreementKey: `connectwise-main:agreement-${i}`, endDate: '2027-03-01' }));
    await putNightOutbox(db.table, RUN_DATE, 'CLAIM#a', { proposalIds: ids, renewals });
    await putNightOutbox(db.table, RUN_DATE, 'CLAIM#b', { proposalIds: ['late-one', ids[0]!], renewals: [] });
    const back = await getNightOutbox(db.table, RUN_DATE);
    expect(new Set(back.proposalIds)).toEqual(new Set([...ids, 'late-one']));
    expect(back.renewals).toHaveLength(1_200);
    expect(await getNightOutbox(db.table, '2026-11-24')).toEqual({ proposalIds: [], renewals: [] });
  });

  it('reads proposals and renewal alerts the moment they are written, past one batch of 100', async () => {
    const ids = Array.from({ length: 130 }, (_, i) => `p-${i}`);
    for (const id of ids) await createProposal(db.table, proposal({ id }));
    await recordRenewalAlert(db.table, 'cw:A1', '2027-03-01', { agreementKey: 'cw:A1', endDate: '2027-03-01', alertedOn: RUN_DATE, status: 'pending', model: {} });
    expect((await getProposals(db.table, [...ids, 'never-made'])).map((p) => p.id).sort()).toEqual([...ids].sort());
    expect(await getRenewalAlerts(db.table, [{ agreementKey: 'cw:A1', endDate: '2027-03-01' }])).toEqual([{ agreementKey: 'cw:A1', endDate: '2027-03-01', alertedOn: RUN_DATE, status: 'pending', model: {} }]);
  });

  it('sees a sent-mail marker the moment it is written', async () => {
    expect(await mailSent(db.table, 'finance', 'billing@msp.example', RUN_DATE)).toBe(false);
    await recordMailSent(db.table, 'finance', 'billing@msp.example', RUN_DATE, { messageId: 'm1' });
    expect(await mailSent(db.table, 'finance', 'Billing@MSP.example', RUN_DATE)).toBe(true);
  });
});
