import { describe, expect, it } from 'vitest';
import { buildDigestView } from '../../../shared/mail/digest/build';
import type { EmailView } from '../../../shared/mail/view';
import { renderHtml } from '../../../shared/mail/view-html';
import { renderText } from '../../../shared/mail/view-text';
import { digestModel } from '../../support/mail-models';
import { expectAccessibleEmail } from '../../support/email-checks';

const view = (over: Partial<EmailView> = {}): EmailView => ({
  subject: 'A subject',
  preheader: 'Preview',
  footer: { mspName: 'Contoso <IT>', why: 'You asked for it.' },
  sections: [
    {
      title: 'Labor <leakage> (2)',
      blocks: [
        { kind: 'paragraph', content: ['Hours worked and not billed: ', { strong: '$1,200' }, '.'], muted: true },
        {
          kind: 'table',
          caption: 'Clients by unbilled hours',
          columns: [{ label: 'Client' }, { label: 'Hours', align: 'right' }, { label: 'Ticket', optional: true }],
          rows: [
            { cells: ['Northwind <Traders>', '12.5', { href: 'https://psa.example/t/1', label: 'T-1' }] },
            { cells: ['Fabrikam', '3'], line: 'Fabrikam: 3 hours', extra: ['    see the PSA'] },
          ],
          more: '\u2026and 4 more: 9 hours',
        },
      ],
    },
  ],
  ...over,
});

describe('email views', () => {
  it('renders any section in both parts from the one description, escaping names in the HTML', () => {
    const v = view();
    const html = renderHtml(v);
    const text = renderText(v);
    expect(html).toContain('>Labor &lt;leakage&gt; (2)</h2>');
    expect(html).toContain('<strong>$1,200</strong>');
    expect(html).toContain('Northwind &lt;Traders&gt;');
    expect(html).toContain('href="https://psa.example/t/1"');
    expect(html).toContain('>\u2026and 4 more: 9 hours</td>');
    expect(html).toContain('Sent by Trueup for Contoso &lt;IT&gt;. You asked for it.');
    expect(text).toContain('Labor <leakage> (2)\n-------------------');
    expect(text).toContain('Hours worked and not billed: $1,200.');
    // A row with no phrasing of its own reads as its cells; a link is spelled out.
    expect(text).toContain('- Northwind <Traders>, 12.5, T-1: https://psa.example/t/1');
    expect(text).toContain('- Fabrikam: 3 hours\n    see the PSA');
    expect(text).toContain('- \u2026and 4 more: 9 hours');
    expect(text.endsWith('Sent by Trueup for Contoso <IT>. You asked for it. Amounts are per month unless marked otherwise.\n')).toBe(true);
  });

  it('shouts a notice in the text part, where there is no box, and keeps it above the headline', () => {
    const v = view({
      sections: [
        {
          title: null,
          blocks: [
            { kind: 'notice', alarm: 'Data problem:', title: '1 source did not deliver', items: ['pax8 failed'], note: 'Missing data is not zero.' },
            { kind: 'headline', title: 'Unbilled: $10/month', summary: 'First week.', kpis: [{ label: 'Over-billed', value: '$5/month', note: '1 line' }] },
          ],
        },
      ],
    });
    const html = renderHtml(v);
    const text = renderText(v);
    expectAccessibleEmail(html);
    expect(html.indexOf('Data problem: 1 source did not deliver')).toBeLessThan(html.indexOf('<h1'));
    expect(text).toMatch(/^DATA PROBLEM: 1 source did not deliver\n-+\n- pax8 failed\nMissing data is not zero\.$/m);
    expect(text).toContain('Unbilled: $10/month\nFirst week.\nOver-billed: $5/month (1 line)');
  });

  it('builds the digest as sections in the order the owner reads them, leaving out the empty optional ones', () => {
    const titles = buildDigestView(digestModel({ suggestedMatches: [], trend: [] })).sections.map((s) => s.title);
    expect(titles).toEqual([
      null,
      'New this week (1)',
      'How long gaps have been open',
      'Top clients by unbilled revenue',
      'Over-billing (1)',
      'Recovered: $45/month this week',
      'Approvals this week (1)',
      'Not matched (2)',
      'Data freshness',
    ]);
  });
});
