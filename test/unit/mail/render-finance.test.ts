import { describe, expect, it } from 'vitest';
import { renderFinanceBatch } from '../../../shared/mail/render-finance';
import { expectAccessibleEmail } from '../../support/email-checks';
import { financeModel, proposal } from '../../support/mail-models';

const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);

describe('renderFinanceBatch', () => {
  it('puts the count and the net $/month in the subject', () => {
    expect(renderFinanceBatch(financeModel()).subject).toBe('3 true-ups to approve (+$287/month) \u2014 Contoso Managed IT');
    expect(renderFinanceBatch(financeModel({ shadowMode: true })).subject).toBe('3 true-ups to approve (+$287/month, shadow mode) \u2014 Contoso Managed IT');
  });

  it('lists each change with client, agreement, billed -> proposed, $/month and the devices behind it, newest first', () => {
    const { html, text } = renderFinanceBatch(financeModel());
    expectAccessibleEmail(html);
    expect(text).toContain('Increase Managed Workstation from 42 to 47: +$225/month');
    expect(text).toContain('  Northwind Managed Services (cw): billed 42, in use 47 (+5); $45.00 per unit.');
    expect(text).toContain('Decrease Microsoft 365 Business Premium from 24 to 20: \u2212$88/month');
    expect(text).toContain(
      '  - ninja: 47 devices: WINDOWS_WORKSTATION, MAC; approved; seen in 30 days; newest first: NW-LAPTOP-17 (first seen by Trueup 27 Feb 2026, last seen 1 Mar 2026); ' +
        'NW-DESK-02 (first seen by Trueup 5 Jan 2026, last seen 28 Feb 2026); NW-DESK-03 (never seen online) (https://app.ninjarmm.com/#/customerDashboard/77/overview)',
    );
    expect(html).toContain('>Increase Managed Workstation from 42 to 47: +$225/month</h3>');
    // Line ids are for the audit, not for the reader.
    expect(text).not.toContain('line 1001');
    expect(text).not.toContain('ids 101');
  });

  it('links the agreement and the RMM organization when the sources have a webUrl', () => {
    const { html, text } = renderFinanceBatch(financeModel());
    expect(hrefs(html)).toContain('https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?routeTo=AgreementFV&amp;recid=101');
    expect(hrefs(html)).toContain('https://app.ninjarmm.com/#/customerDashboard/77/overview');
    expect(text).toContain('  Agreement: https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?routeTo=AgreementFV&recid=101');
    const plain = financeModel();
    for (const item of plain.proposals) item.proposal.agreementUrl = undefined;
    expect(renderFinanceBatch(plain).text).not.toContain('Agreement: https://na.myconnectwise.net');
  });

  it('shows at most eight records per evidence and says how many more there are', () => {
    const model = financeModel();
    const ids = Array.from({ length: 48 }, (_, i) => String(200 + i));
    model.proposals[0]!.proposal.evidence = [
      { sourceId: 'ninja', ids, rule: '48 devices: WINDOWS_WORKSTATION', items: ids.map((id, i) => ({ id, name: `PC-${id}`, firstSeenOn: `2026-02-${String(28 - (i % 28)).padStart(2, '0')}`, lastSeenAt: null })) },
    ];
    const { text } = renderFinanceBatch(model);
    const line = text.split('\n').find((l) => l.includes('48 devices'))!;
    expect(line.match(/PC-\d+/g)).toHaveLength(8);
    expect(line).toMatch(/ and 40 more$/);
  });

  it('reads an add-line change as the line to add, at its price, to which agreement', () => {
    const add = proposal({ id: 'p-northwind-bs', kind: 'unbilled-usage', lineKey: 'm365-bs', product: 'Microsoft 365 Business Standard', lineExternalId: '', addToAgreement: '101', writeBack: {}, expectedQuantity: 0, proposedQuantity: 7, observedTotal: 7, unitPriceCents: 1250, monthlyImpactCents: 8750 });
    const { html, text } = renderFinanceBatch(financeModel({ proposals: [{ proposal: add, approveUrl: 'https://approvals.contoso-it.example/approval/approve-bs', rejectUrl: 'https://approvals.contoso-it.example/approval/reject-bs' }] }));
    expectAccessibleEmail(html);
    expect(text).toContain('Add a line: Microsoft 365 Business Standard, 7 at $12.50 = $87.50/month to Northwind Managed Services');
    expect(text).toContain('  Northwind Managed Services (cw), a new line: no billing line; 7 in use; $12.50 per unit.');
    expect(html).toContain('>Add a line: Microsoft 365 Business Standard, 7 at $12.50 = $87.50/month to Northwind Managed Services</h3>');
    expect(hrefs(html)).toEqual(expect.arrayContaining(['https://approvals.contoso-it.example/approval/approve-bs', 'https://approvals.contoso-it.example/approval/reject-bs']));
  });

  it('links Approve and Reject per change, and per client with more than one change', () => {
    const { html, text } = renderFinanceBatch(financeModel());
    const links = hrefs(html);
    for (const id of ['p-northwind-mw', 'p-northwind-srv', 'p-contoso-m365']) {
      expect(links).toContain(`https://approvals.contoso-it.example/approval/approve-${id}`);
      expect(links).toContain(`https://approvals.contoso-it.example/approval/reject-${id}`);
      expect(text).toContain(`Approve: https://approvals.contoso-it.example/approval/approve-${id}`);
    }
    expect(links).toContain('https://approvals.contoso-it.example/approval/approve-all-cw250');
    expect(links).toContain('https://approvals.contoso-it.example/approval/reject-all-cw250');
    // Contoso has one change: its per-client links would repeat the per-change ones.
    expect(links).not.toContain('https://approvals.contoso-it.example/approval/approve-all-cw251');
  });

  it('says shadow mode plainly: nothing is written', () => {
    const { html, text } = renderFinanceBatch(financeModel({ shadowMode: true }));
    expect(html).toContain('Shadow mode: nothing will be written');
    expect(text).toContain('SHADOW MODE: Shadow mode is on: approving records your decision, but nothing is written to the PSA');
    expect(renderFinanceBatch(financeModel()).text).not.toContain('SHADOW MODE');
  });

  it('shows the safety cap and the changes held back by the safety rules', () => {
    const model = financeModel();
    model.proposals[0]!.proposal.capNote = 'capped at 50 of 80 units by the safety limit; the rest is proposed after this one is applied';
    const { text } = renderFinanceBatch(model);
    expect(text).toContain('  Capped: capped at 50 of 80 units by the safety limit');
    expect(text).toContain('Held back by the safety rules (1)');
    expect(text).toContain('- Woodgrove Bank, Microsoft 365 E3: billed 30, in use 25 (\u22125). committed (NCE) seats until 2026-09-30: a decrease is not proposed before then.');
  });

  it('says there is nothing to approve when nothing was proposed', () => {
    const { subject, text } = renderFinanceBatch(financeModel({ proposals: [], clients: [] }));
    expect(subject).toBe('No true-ups to approve, 1 held back \u2014 Contoso Managed IT');
    expect(text).toContain('No true-ups to approve.');
  });

  it('escapes vendor strings and refuses non-http links', () => {
    const model = financeModel();
    model.proposals = [{ proposal: proposal({ clientName: 'Acme <script>x</script>', agreementName: '"><b>' }), approveUrl: 'javascript:alert(1)', rejectUrl: 'https://ok.example/r' }];
    const { html } = renderFinanceBatch(model);
    expect(html).not.toContain('<script>x');
    expect(html).toContain('Acme &lt;script&gt;x&lt;/script&gt;');
    expect(html).not.toContain('"><b>');
    expect(hrefs(html)).not.toContain('javascript:alert(1)');
  });
});
