import { describe, expect, it } from 'vitest';
import { renderDigest } from '../../../shared/mail/render-digest';
import { digestModel, entry } from '../../support/mail-models';
import { expectAccessibleEmail } from '../../support/email-checks';

describe('renderDigest', () => {
  it('puts the headline figure and the week-on-week change in the subject', () => {
    const email = renderDigest(digestModel());
    expect(email.subject).toBe('Unbilled $313/month (+$88 this week) \u2014 Contoso Managed IT');
  });

  it('says "first week" when there is no earlier week to compare with', () => {
    expect(renderDigest(digestModel({ previousTotals: null })).subject).toBe('Unbilled $313/month (first week) \u2014 Contoso Managed IT');
  });

  it('is an accessible, responsive email in HTML and text', () => {
    const email = renderDigest(digestModel());
    expectAccessibleEmail(email.html);
    for (const part of [email.html, email.text]) {
      expect(part).toContain('Northwind Traders');
      expect(part).toContain('Fabrikam');
      expect(part).toContain('Orphan Org');
      expect(part).toContain('Tailspin Toys');
    }
  });

  it('lists suggested client matches with their answer links, and the nearest candidates of unmatched organizations', () => {
    const { html, text } = renderDigest(digestModel());
    expect(html).toContain('>Suggested matches (1)</h2>');
    expect(html).toContain('href="https://approvals.contoso-it.example/approval/same.sig"');
    expect(html).toContain('href="https://approvals.contoso-it.example/approval/notsame.sig"');
    expect(text).toContain("- Litware Acounting (ninja) -> Litware Accounting? names are alike (score 0.87) after reading 'acounting' as 'accounting'");
    expect(text).toContain('  Same client: https://approvals.contoso-it.example/approval/same.sig');
    expect(text).toContain('- Orphan Org (ninja): RMM organization matching no PSA client; nearest PSA clients: Orphanage Trust (0.55)');
    expect(html).toContain('Orphanage Trust (0.55)');
  });

  it('leaves the suggested matches section out when there are none', () => {
    const { html, text } = renderDigest(digestModel({ suggestedMatches: [] }));
    expect(html).not.toContain('Suggested matches');
    expect(text).not.toContain('Suggested matches');
  });

  it('shows every section the owner acts on', () => {
    const { html, text } = renderDigest(digestModel());
    for (const heading of ['New this week (1)', 'How long gaps have been open', 'Top clients by unbilled revenue', 'Over-billing to fix before a client disputes it (1)', 'Recovered: $45/month this week', 'Not matched (2)', 'Data freshness', 'Approvals this week (1)']) {
      expect(html).toContain(`>${heading.replace('&', '&amp;')}</h2>`);
      expect(text).toContain(heading);
    }
    // The ledger by age: the 27-day-old gap and its cost so far.
    expect(text).toContain('Northwind Traders, Managed Workstation: 27 days, $207 so far');
    expect(text).toContain('1 to 4 weeks: 1 gap, $225/month, $207 so far');
    // Unmatched usage says what it is and where it was seen.
    expect(text).toContain('- Contoso Dental (pax8): Microsoft Teams Essentials: no recipe maps it to a billing line; 12 in use');
    expect(text).toContain('- Orphan Org (ninja): RMM organization matching no PSA client');
  });

  it('draws the trend as table bars sized to the values, with no script, SVG or image', () => {
    const { html, text } = renderDigest(digestModel());
    const widths = [...html.matchAll(/<td width="(\d+)%" bgcolor=/g)].map((m) => Number(m[1]));
    expect(widths).toEqual([58, 72, 72, 100]);
    expect(html).not.toMatch(/<(script|svg|img)\b/i);
    expect(text).toMatch(/^2 Mar\s+#{24}\s+\$313$/m);
  });

  it('says a failed source plainly at the top, before any figure', () => {
    const model = digestModel();
    model.sources[2] = { sourceId: 'pax8', kind: 'pax8', state: 'failed', lastSuccess: '2026-02-27', detail: 'Pax8 (pax8): 503 after 5 retries', quarantined: 0 };
    const { subject, html, text } = renderDigest(model);
    expect(subject).toBe('Unbilled $313/month (+$88 this week), 1 source not fresh \u2014 Contoso Managed IT');
    const warning = html.indexOf('Data problem: 1 source did not deliver');
    expect(warning).toBeGreaterThan(0);
    expect(warning).toBeLessThan(html.indexOf('<h1'));
    expect(text.indexOf('DATA PROBLEM')).toBeLessThan(text.indexOf('Unbilled: $313/month'));
    expect(text).toContain('pax8 (pax8) failed on Sun 1 Mar 2026: Pax8 (pax8): 503 after 5 retries. Its newest data is from Fri 27 Feb 2026.');
    expect(text).toContain('Missing data is not zero leakage.');
  });

  it('never shows a stale night as zero leakage', () => {
    const model = digestModel({
      totals: { unbilledCents: 0, overbilledCents: 0, openFindings: 0 },
      open: [],
      newThisWeek: [],
      sources: [{ sourceId: 'ninja', kind: 'ninjaone', state: 'stale', lastSuccess: null, detail: 'no data for 2026-03-01', quarantined: 0 }],
    });
    const { subject, html, text } = renderDigest(model);
    expect(subject).toBe('Unbilled: not known, 1 source not fresh \u2014 Contoso Managed IT');
    expect(text).toContain('No comparison with last week: the data is incomplete.');
    expect(html).toContain('Unbilled revenue: not known</h1>');
    expect(html).not.toContain('$0/month</h1>');
    expect(text).toContain('It has never delivered data.');
    expect(text).not.toMatch(/^Unbilled: \$0/m);
  });

  it('escapes vendor-provided names in the HTML', () => {
    const evil = entry({ clientName: '<img src=x onerror=alert(1)>', product: '"><script>alert(1)</script>' });
    const { html } = renderDigest(digestModel({ open: [evil], newThisWeek: [evil] }));
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('cuts long lists so a large MSP digest stays under the size Gmail clips at, summing what it cut', () => {
    const many = Array.from({ length: 1000 }, (_, i) =>
      entry({ clientKey: `cw:${i}`, clientName: `Client ${i}`, kind: 'over-billed', delta: -1, billed: 11, observed: 10, monthlyImpactCents: -1000, firstSeen: '2026-11-20' }),
    );
    const { html, text } = renderDigest(digestModel({ open: many, newThisWeek: many }));
    expect(html).toContain('Over-billing to fix before a client disputes it (1000)');
    expect(html).toContain('\u2026and 985 more: $9,850/month');
    expect(text).toContain('\u2026and 985 more: $9,850/month');
    expect(html).not.toContain('Client 999<');
    expect(Buffer.byteLength(html)).toBeLessThan(102_000);
  });
});

