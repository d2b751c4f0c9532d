import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { confirmPage, outcomePage, refusalPage, type PageContext } from '../../../shared/approvals/pages';
import { proposal } from '../../support/mail-models';

const ctx: PageContext = { currency: 'USD', timeZone: 'America/Chicago', shadowMode: false, now: new Date('2026-03-02T14:00:00Z') };

describe('approval pages', () => {
  it('allow exactly their own stylesheet by hash, and nothing inline', () => {
    const { headers, body } = confirmPage('approve', [proposal()], ctx);
    const style = /<style>([\s\S]*?)<\/style>/.exec(body)![1]!;
    const hash = createHash('sha256').update(style).digest('base64');
    expect(headers['Content-Security-Policy']).toContain(`style-src 'sha256-${hash}'`);
    expect(body).not.toMatch(/\sstyle="|<script|<img|<iframe/);
  });

  it('name the agreement with a link into the PSA and the devices behind the count, not line ids', () => {
    const { body } = confirmPage('approve', [proposal()], ctx);
    expect(body).toContain('<dt>Agreement</dt><dd><a href="https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?routeTo=AgreementFV&amp;recid=101">Northwind Managed Services</a> in cw</dd>');
    expect(body).toContain('NW-LAPTOP-17 (first seen by Trueup 27 Feb 2026, last seen 1 Mar 2026); NW-DESK-02');
    expect(body).not.toContain('1001');
  });

  it('escape vendor strings', () => {
    const evil = proposal({ clientName: '<script>alert(1)</script>', agreementName: '"><img src=x>', evidence: [{ sourceId: 'ninja', ids: ['<b>'], rule: '</li><li>' }] });
    const { body } = confirmPage('approve', [evil], ctx);
    expect(body).not.toContain('<script>alert');
    expect(body).not.toContain('<img src=x>');
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).toContain('&lt;/li&gt;&lt;li&gt;');
  });

  it('show an add-line change as a new line for the product, not a change from 0', () => {
    const add = proposal({ kind: 'unbilled-usage', product: 'Microsoft 365 Business Standard', lineExternalId: '', addToAgreement: '101', writeBack: {}, expectedQuantity: 0, proposedQuantity: 7 });
    const { body } = confirmPage('approve', [add], ctx);
    expect(body).toContain(`${add.clientName}: add a line for 7 Microsoft 365 Business Standard</h2>`);
    expect(body).toContain('<dt>Line</dt><dd>a new line</dd>');
    expect(body).not.toContain('from 0 to 7');
  });

  it('say what approving will do: write, or only record in shadow mode', () => {
    expect(confirmPage('approve', [proposal()], ctx).body).toContain('Approving writes the new quantity into the PSA');
    expect(confirmPage('approve', [proposal()], { ...ctx, shadowMode: true }).body).toContain('Shadow mode is on: approving records your decision, but nothing is written to the PSA.');
    expect(confirmPage('reject', [proposal()], ctx).body).toContain('<button type="submit" class="reject">Confirm rejection</button>');
    const reject = confirmPage('reject', [proposal()], ctx).body;
    expect([...reject.matchAll(/<input type="radio" name="reason" value="([a-z-]+)" required> ([^<]+)<\/label>/g)].map((m) => [m[1], m[2]])).toEqual([
      ['flat-fee', 'Included in a flat fee'],
      ['client-owned', 'Client-owned or not managed by us'],
      ['test-device', 'Test or duplicate device'],
      ['billed-elsewhere', 'Billed elsewhere'],
      ['other', 'Other'],
    ]);
    expect(reject).toContain('<input type="text" id="reasonText" name="reasonText" maxlength="500">');
    expect(confirmPage('approve', [proposal()], ctx).body).not.toContain('name="reason"');
  });

  it('say a write-back that never reported did not finish, and that it is checked tonight', () => {
    const writing = (decidedAt: string) => proposal({ status: 'WRITING', decidedAt, decidedBy: 'billing@contoso-it.example', outcome: 'approved: writing to the PSA' });
    expect(outcomePage([writing('2026-03-02T13:59:50.000Z')], ctx, false).body).toContain('<h1>Approved: writing to the PSA</h1>');
    const { body } = outcomePage([writing('2026-03-02T13:40:00.000Z')], ctx, false);
    expect(body).toContain('<h1>Approved, but the write-back did not finish: checking tonight</h1>');
    expect(body).not.toContain('<form');
  });

  it('show a recorded outcome with who decided and when, in the MSP time zone', () => {
    const decided = proposal({ status: 'FAILED', decidedAt: '2026-03-02T14:00:00.000Z', decidedBy: 'billing@contoso-it.example', outcome: 'write-back failed: HTTP 500' });
    const { status, body } = outcomePage([decided], ctx, false);
    expect(status).toBe(200);
    expect(body).toContain('<h1>Approved, but the write to the PSA failed</h1>');
    expect(body).toContain('<dd>Mon 2 Mar 2026, 08:00 by billing@contoso-it.example</dd>');
    expect(body).toContain('<dd>write-back failed: HTTP 500</dd>');
    expect(body).not.toContain('<form');
  });

  it.each([
    ['malformed', 400, 'This link is not complete'],
    ['bad-signature', 403, 'This link has been altered'],
    ['unknown-key', 403, 'This link is no longer accepted'],
    ['expired', 410, 'This link has expired'],
  ] as const)('refuse a %s link with %i and a plain explanation', (refusal, status, title) => {
    const page = refusalPage(refusal, 'the link has been altered');
    expect(page.status).toBe(status);
    expect(page.body).toContain(`<h1>${title}</h1><p>Nothing was changed: the link has been altered.</p>`);
    expect(page.headers).toMatchObject({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff' });
  });
});
