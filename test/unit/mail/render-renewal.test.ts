import { describe, expect, it } from 'vitest';
import { renderRenewalAlert } from '../../../shared/mail/render-renewal';
import { expectAccessibleEmail } from '../../support/email-checks';
import { renewalModel } from '../../support/mail-models';

describe('renderRenewalAlert', () => {
  it('names the client, the days left and the risk level in the subject', () => {
    expect(renderRenewalAlert(renewalModel()).subject).toBe('High renewal risk: Northwind Traders, agreement ends in 97 days (Northwind Managed Services)');
  });

  it('gives the end date, the MRR at stake and the level with its churn signals apart from the opportunities', () => {
    const { html, text } = renderRenewalAlert(renewalModel());
    expectAccessibleEmail(html);
    expect(html).not.toMatch(/renews in/);
    expect(text).toContain('Northwind Managed Services ends on Tue 30 Jun 2026: 97 days left.');
    expect(text).toContain('At stake: $4,850/month ($58,200 a year).');
    expect(text).toContain('Risk: HIGH');
    const churn = text.slice(text.indexOf('Churn signals'), text.indexOf('Expansion opportunities'));
    expect(churn).toContain('- Shrinking: devices \u221212%, seats \u221210% since Mon 5 Jan 2026.');
    expect(churn).not.toContain('not billed');
    const expansion = text.slice(text.indexOf('Expansion opportunities'), text.indexOf('What to do next'));
    expect(expansion).toContain('- $225/month of delivered work is not billed (1 gap): price it into the renewal.');
    expect(html).toContain('Risk: HIGH</p>');
    expect(html).toContain('<li style="margin:0 0 4px;">Over-billed $300/month on 1 line: the client may dispute it at renewal.</li>');
    // One date format: no ISO dates anywhere a person reads.
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('says what to do next, most urgent first', () => {
    const { text } = renderRenewalAlert(renewalModel());
    const steps = text.slice(text.indexOf('What to do next')).split('\n').filter((l) => l.startsWith('- '));
    expect(steps.slice(0, 5)).toEqual([
      '- Book the renewal meeting with Northwind Traders before Fri 1 May 2026.',
      '- Ask what changed: the client has fewer devices or seats than on Mon 5 Jan 2026.',
      '- Correct the over-billing ($300/month) before the meeting: approve the decrease in the finance email or fix the line in the PSA.',
      '- Quote the renewal at the usage actually delivered: $225/month more ($2,700 a year).',
      '- Align the new term with the Pax8 commitments, the last ending Wed 15 Jul 2026.',
    ]);
  });

  it('shows the evidence behind each signal: trend, leakage, over-billing, commitments', () => {
    const { html, text } = renderRenewalAlert(renewalModel());
    expect(text).toContain('Since Mon 5 Jan 2026: devices 50 \u2192 44 (\u221212%), seats 40 \u2192 36 (\u221210%).');
    expect(text).toContain('- Managed Workstation: billed 42, in use 47 (+5), $225/month');
    expect(text).toContain('  - ninja: 47 devices: WINDOWS_WORKSTATION, MAC; approved; seen in 30 days (ids 101, 102, 103, 104 and 1 more)');
    expect(text).toContain('- Managed Server: billed 5, in use 3 (\u22122), $300/month');
    expect(text).toContain('- Microsoft 365 Business Premium: 40 seats committed until Wed 15 Jul 2026 (15 days after renewal)');
    // Devices and seats each get a bar chart of the nights.
    expect(html.match(/<caption[^>]*>(Managed devices|Licensed seats) per night<\/caption>/g)).toHaveLength(2);
  });

  it('thins a long trend to a few evenly spaced nights, keeping the first and the last', () => {
    const trend = Array.from({ length: 30 }, (_, i) => ({ runDate: `2026-01-${String(i + 1).padStart(2, '0')}`, devices: 60 - i, seats: 40 }));
    const { text } = renderRenewalAlert(renewalModel({ trend }));
    const deviceBars = text.split('Devices:\n')[1]!.split('\nSeats:')[0]!.split('\n');
    expect(deviceBars).toHaveLength(8);
    expect(deviceBars[0]).toMatch(/^1 Jan .* 60$/);
    expect(deviceBars[7]).toMatch(/^30 Jan .* 31$/);
  });

  it('says so when there are no warning signs or not enough history', () => {
    const { subject, text } = renderRenewalAlert(
      renewalModel({ risk: { level: 'low', churn: [], expansion: [] }, trend: [{ runDate: '2026-03-01', devices: 44, seats: 36 }], openLeakage: [], overBilling: [], commitments: [] }),
    );
    expect(subject).toMatch(/^Low renewal risk: /);
    expect(text).toContain('- None in billing, usage or licences.');
    expect(text).toContain('No trend yet: Trueup has counted this client only since Sun 1 Mar 2026 (44 devices, 36 seats).');
  });

  it('escapes the client and agreement names', () => {
    const model = renewalModel();
    model.alert = { ...model.alert, clientName: '<b>Evil</b>', agreementName: 'A & B "quoted"' };
    const { html, subject } = renderRenewalAlert(model);
    expect(html).not.toContain('<b>Evil</b>');
    expect(html).toContain('&lt;b&gt;Evil&lt;/b&gt;: agreement ends in 97 days');
    expect(html).toContain('A &amp; B &quot;quoted&quot;');
    expect(subject).toContain('<b>Evil</b>');
  });

  it('links the agreement in the PSA when its address is known', () => {
    const model = renewalModel();
    model.alert = { ...model.alert, agreementUrl: 'https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?routeTo=AgreementFV&recid=101' };
    const { html, text } = renderRenewalAlert(model);
    expect(html).toContain('href="https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?routeTo=AgreementFV&amp;recid=101"');
    expect(text).toContain('The agreement in the PSA: https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?routeTo=AgreementFV&recid=101');
    expect(renderRenewalAlert(renewalModel()).text).not.toContain('The agreement in the PSA');
  });
});
