import { describe, expect, it } from 'vitest';
import type { DataQuality } from '../../../shared/domain/data-quality';
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

  it('lists written-off lines with reason, who, since when and a revoke link, and never in the headline', () => {
    const writtenOff = [
      { ruleKey: 'cw:251#managed-workstation', rejectedAt: '2026-02-26T15:00:00.000Z', clientName: 'Fabrikam <Labs>', product: 'Managed Workstation', monthlyImpactCents: 40_500, reason: 'Other: loaner kit', rejectedBy: 'billing@contoso-it.example', revokeUrl: 'https://approvals.contoso-it.example/approval/revoke.sig' },
    ];
    const { html, text, subject } = renderDigest(digestModel({ writtenOff }));
    expect(subject).toBe(renderDigest(digestModel()).subject);
    expect(html).toContain('>Written off: $405/month</h2>');
    expect(html).toContain('Fabrikam &lt;Labs&gt;');
    expect(html).toContain('Other: loaner kit; by billing@contoso-it.example, since Thu 26 Feb 2026');
    expect(html).toContain('href="https://approvals.contoso-it.example/approval/revoke.sig"');
    expect(text).toContain('- Fabrikam <Labs>, Managed Workstation: $405/month, Other: loaner kit; by billing@contoso-it.example, since Thu 26 Feb 2026');
    expect(text).toContain('    Revoke: https://approvals.contoso-it.example/approval/revoke.sig');
    expect(renderDigest(digestModel()).html).not.toContain('Written off');
  });

  it('sums only unbilled revenue as written off; a rejected decrease says the over-billing is kept', () => {
    const row = { ruleKey: 'cw:251#m', rejectedAt: '2026-02-26T15:00:00.000Z', product: 'Managed Workstation', reason: 'Billed elsewhere', rejectedBy: 'billing@contoso-it.example', revokeUrl: null };
    const writtenOff = [
      { ...row, clientName: 'Fabrikam', monthlyImpactCents: 40_500 },
      { ...row, ruleKey: 'cw:252#m', clientName: 'Bellows College', monthlyImpactCents: -18_000 },
    ];
    const { html, text } = renderDigest(digestModel({ writtenOff }));
    expect(html).toContain('>Written off: $405/month</h2>');
    expect(html).toContain('$180 over-billed, kept');
    expect(text).toContain('- Bellows College, Managed Workstation: $180 over-billed, kept a month, Billed elsewhere');
    expect(text).not.toMatch(/-\$180/);
  });

  it('shows every section the owner acts on', () => {
    const { html, text } = renderDigest(digestModel());
    for (const heading of ['New this week (1)', 'How long gaps have been open', 'Top clients by unbilled revenue', 'Over-billing (1)', 'Recovered: $45/month this week', 'Not matched (2)', 'Data freshness', 'Approvals this week (1)']) {
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
    expect(html).toContain('Over-billing (1000)');
    expect(html).toContain('\u2026and 985 more: $9,850/month');
    expect(text).toContain('\u2026and 985 more: $9,850/month');
    expect(html).not.toContain('Client 999<');
    expect(Buffer.byteLength(html)).toBeLessThan(102_000);
  });

  it('lists as new only what the headline counts, and says how its rows sum into the headline', () => {
    const model = digestModel();
    const orphan = model.open.find((e) => e.clientName === 'Orphan Org')!;
    model.newThisWeek = [...model.newThisWeek, orphan];
    const { html, text } = renderDigest(model);
    expect(text).toContain('New this week (1)');
    expect(text).toContain('$88/month of the $313/month unbilled is new this week.');
    const newSection = text.slice(text.indexOf('New this week'), text.indexOf('How long gaps'));
    expect(newSection).not.toContain('Orphan Org');
    expect(html).toContain('>New this week (1)</h2>');
  });

  it('sums a cut list of new gaps as unbilled revenue, never netted against over-billing', () => {
    const under = Array.from({ length: 20 }, (_, i) => entry({ clientKey: `cw:${i}`, clientName: `Client ${i}`, monthlyImpactCents: 1000, firstSeen: '2026-02-28' }));
    const over = Array.from({ length: 20 }, (_, i) => entry({ clientKey: `cw:o${i}`, clientName: `Over ${i}`, kind: 'over-billed', delta: -1, billed: 2, observed: 1, monthlyImpactCents: -1000, firstSeen: '2026-02-28' }));
    const { text } = renderDigest(digestModel({ open: [...under, ...over], newThisWeek: [...under, ...over], totals: { unbilledCents: 20_000, overbilledCents: 20_000, openFindings: 40 } }));
    const newSection = text.slice(text.indexOf('New this week'), text.indexOf('How long gaps'));
    expect(newSection).toContain('New this week (20)');
    expect(newSection).toContain('\u2026and 5 more: $50/month');
    expect(newSection).not.toContain('Over 0');
  });

  it('marks over-billing on committed licences as locked until the commitment ends', () => {
    const committed = entry({ clientKey: 'cw:254', clientName: 'Woodgrove Bank', lineKey: 'm365-e3', product: 'Microsoft 365 E3', kind: 'over-billed', basis: 'marketplace', billed: 30, observed: 25, delta: -5, monthlyImpactCents: -18_000, committedUntil: '2026-09-30' });
    const model = digestModel();
    model.open = [...model.open, committed];
    const { html, text } = renderDigest(model);
    expect(text).toMatch(/Woodgrove Bank, Microsoft 365 E3: billed 30, in use 25 \(\u22125\), \$180\/month, locked until Wed 30 Sept? 2026/);
    expect(html).toMatch(/30 \/ 25, locked until Wed 30 Sept? 2026/);
    expect(text).not.toMatch(/Fabrikam[^\n]*locked/);
  });

  it('keeps the billed and in-use counts of gap rows at phone width', () => {
    const { html } = renderDigest(digestModel());
    const table = html.slice(html.indexOf('Lines billed for more than is in use'));
    const countsCell = table.match(/<td[^>]*>5 \/ 3<\/td>/)?.[0];
    expect(countsCell).toBeDefined();
    expect(countsCell).not.toContain('hide-narrow');
  });

  it('says why the night is suspect at the top, and lists what could not be counted under Data quality, in both parts', () => {
    const quality: DataQuality = {
      suspectSources: [{ sourceId: 'ninja', role: 'rmm', measure: 'devices', tonight: 300, usual: 2923, reason: 'ninja: 300 devices tonight against 2,923 usually (-90%)' }],
      suspectClients: [],
      unclassifiedDevices: [{ clientKey: 'cw:250', clientName: 'Northwind Traders', sourceId: 'ninja', count: 12, deviceNames: ['LAB-01', 'LAB-02', 'LAB-03', 'LAB-04'] }],
      quarantined: { counts: [{ sourceId: 'pax8', entity: 'subscription', count: 2 }], records: [], more: 0 },
      totals: { suspectClients: 0, unclassifiedDevices: 12, unclassifiedClients: 1 },
    };
    const { subject, html, text } = renderDigest(digestModel({ dataQuality: { quality, warnings: [{ sourceId: 'cw', warnings: ['agreement additions could not be read; lines are missing'] }] } }));
    expect(subject).toBe('Unbilled $313/month (+$88 this week), suspect data \u2014 Contoso Managed IT');
    const notice = html.indexOf('Suspect data on the night of Sun 1 Mar 2026');
    expect(notice).toBeGreaterThan(0);
    expect(notice).toBeLessThan(html.indexOf('<h1'));
    expect(text.indexOf('SUSPECT DATA')).toBeLessThan(text.indexOf('Unbilled: $313/month'));
    for (const part of [html, text]) {
      expect(part).toContain('ninja: 300 devices tonight against 2,923 usually (-90%)');
      expect(part).toContain('no decrease was proposed from it and nothing it touches was marked resolved');
      expect(part).toContain('Devices the RMM did not classify (12 devices at 1 client)');
      expect(part).toContain('Northwind Traders (ninja): 12 devices, e.g. LAB-01, LAB-02, LAB-03');
      expect(part).toContain('pax8: 2 subscription records');
      expect(part).toContain('cw: agreement additions could not be read; lines are missing');
    }
    expect(html).toContain('>Data quality</h2>');
  });

  it('says the data was whole when nothing is wrong, and caps a long list of suspect clients', () => {
    const clean: DataQuality = { suspectSources: [], suspectClients: [], unclassifiedDevices: [], quarantined: { counts: [], records: [], more: 0 }, totals: { suspectClients: 0, unclassifiedDevices: 0, unclassifiedClients: 0 } };
    const whole = renderDigest(digestModel({ dataQuality: { quality: clean, warnings: [] } }));
    expect(whole.text).toContain('Every source looked complete against its previous nights');
    expect(whole.subject).not.toContain('suspect');
    const clients = Array.from({ length: 50 }, (_, i) => ({ clientKey: `cw:${i}`, clientName: `Client ${i}`, measure: 'seats', tonight: 0, usual: 10, reason: `Client ${i}: 0 seats tonight against 10 usually (-100%)` }));
    const { text } = renderDigest(digestModel({ dataQuality: { quality: { ...clean, suspectClients: clients, totals: { ...clean.totals, suspectClients: 80 } }, warnings: [] } }));
    expect(text).toContain('Client 14: 0 seats');
    expect(text).not.toContain('Client 15: 0 seats');
    expect(text).toContain('\u2026and 65 more clients with counts that fell sharply');
  });
});
