import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startDemo, type Demo } from '../../local/demo/run-demo';
import { readInbox, type StoredEmail } from '../../local/embedded/ses';
import { buildAppContext, type AppContext } from '../../shared/app/context';
import { createLinkSigner } from '../../shared/approvals/tokens';
import { isPsaConnector } from '../../shared/connectors/types';
import type { Proposal } from '../../shared/domain/trueups';
import { loadLedger } from '../../shared/store/ledger';
import { getProposal, listProposals } from '../../shared/store/proposals';
import { listAudit } from '../../shared/store/records';
import { launchBrowser, type Browser } from '../support/browser';

/**
 * The approval loop as finance meets it: the finance email from the embedded SES inbox, opened
 * in headless Chromium, links followed and confirmed; the simulated PSA, the proposals, the
 * ledger and the audit trail checked afterwards through the same store and connectors the app
 * uses.
 */

const NIGHT = '2026-03-02';
const NEXT_NIGHT = '2026-03-03';

let demo: Demo;
let browser: Browser;
let ctx: AppContext;
let finance: StoredEmail;
let proposals: Proposal[];

beforeAll(async () => {
  demo = await startDemo({ asOf: NIGHT });
  await demo.runNight(NIGHT);
  // Reads the simulated PSAs through the real connectors (the demo set their credentials in the env).
  ctx = buildAppContext(demo.config);
  finance = (await readInbox(demo.sesUrl)).find((e) => e.destination.to.includes(demo.config.recipients.finance[0]!) && /true-ups? to approve/.test(e.subject))!;
  proposals = await listProposals(demo.table, NIGHT);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

const psaQuantity = (p: Proposal) => {
  const c = ctx.connector(p.psaSourceId);
  if (!isPsaConnector(c)) throw new Error(`${p.psaSourceId} is not a PSA`);
  return c.readLineQuantity(p.writeBack, NIGHT);
};
/** The proposal a link names, read from the link's own (signed, not secret) payload. */
const proposalIdOf = (url: string) => (JSON.parse(Buffer.from(new URL(url).pathname.split('/').pop()!.split('.')[0]!, 'base64url').toString()) as { t: { p?: string } }).t.p!;
const status = async (id: string) => (await getProposal(demo.table, id))!.status;
const h1 = (page: Page) => page.locator('h1').innerText();
const simulatorRequests = () => Object.values(demo.simulators).reduce((n, s) => n + s.log.length, 0);

async function openEmail(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setContent(finance.body.html!);
  return page;
}

/** The Approve (or Reject) link of the change on a line of one PSA source, as the email shows it. */
function changeLink(page: Page, sourceId: string, action: 'Approve' | 'Reject', nth = 0) {
  return page.locator(`xpath=//p[contains(., '(${sourceId}):')]/following-sibling::table[1]//a[starts-with(normalize-space(.), '${action}')]`).nth(nth);
}

describe('the finance email', () => {
  it('was sent after the night, with a link pair per proposed change', async () => {
    expect(finance).toBeDefined();
    expect(proposals.length).toBeGreaterThan(2);
    expect(finance.subject).toMatch(new RegExp(`^${proposals.length} true-ups to approve \\(\\+\\$[\\d,]+/month\\) \u2014 `));
    const page = await openEmail();
    expect(await page.locator('a', { hasText: /^Approve \d+$/ }).count()).toBe(proposals.length);
    expect(await page.locator('a', { hasText: /^Reject$/ }).count()).toBe(proposals.length);
    await page.close();
  });

  it('GET and HEAD of every approval link change nothing', async () => {
    const links = [...finance.body.html!.matchAll(/href="([^"]+\/approval\/[^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    expect(links.length).toBeGreaterThanOrEqual(2 * proposals.length);
    const quantities = await Promise.all(proposals.map(psaQuantity));
    const requests = simulatorRequests();
    for (const url of links) {
      expect((await fetch(url)).status).toBe(200);
      expect((await fetch(url, { method: 'HEAD' })).status).toBe(200);
    }
    expect((await listProposals(demo.table, NIGHT)).map((p) => p.status)).toEqual(proposals.map(() => 'PENDING'));
    expect(await listAudit(demo.table, demo.now().toISOString().slice(0, 7))).toEqual([]);
    // The links never reached a PSA, and every quantity is as it was.
    expect(simulatorRequests()).toBe(requests);
    expect(await Promise.all(proposals.map(psaQuantity))).toEqual(quantities);
  });
});

describe('approving from the email', () => {
  let approved: Proposal;
  let approveUrl: string;

  it('follows Approve, confirms, and the simulated PSA has the new quantity', async () => {
    const page = await openEmail();
    const link = changeLink(page, 'cw', 'Approve');
    approveUrl = (await link.getAttribute('href'))!;
    approved = proposals.find((p) => p.id === proposalIdOf(approveUrl))!;
    expect(await psaQuantity(approved)).toBe(approved.expectedQuantity);

    await Promise.all([page.waitForURL(approveUrl), link.click()]);
    expect(await h1(page)).toBe('Approve this change?');
    expect(await page.locator('main').innerText()).toContain(`${approved.clientName}: increase ${approved.product} from ${approved.expectedQuantity} to ${approved.proposedQuantity}`);
    expect(await status(approved.id)).toBe('PENDING');

    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Confirm approval' }).click()]);
    await page.waitForSelector('h1:text("Approved and written to the PSA")');
    expect(await page.locator('main').innerText()).toContain(`applied: ${approved.expectedQuantity} -> ${approved.proposedQuantity}`);

    expect(await psaQuantity(approved)).toBe(approved.proposedQuantity);
    const addition = demo.simulators.connectwise.state.additions.get(Number(approved.writeBack.agreementId))!.find((a) => a.id === Number(approved.writeBack.additionId))!;
    expect(addition.quantity).toBe(approved.proposedQuantity);
    expect(await getProposal(demo.table, approved.id)).toMatchObject({ status: 'APPLIED', decidedBy: demo.config.recipients.finance[0] });
    const audit = await listAudit(demo.table, demo.now().toISOString().slice(0, 7));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'approved', actor: demo.config.recipients.finance[0], proposalId: approved.id });
    expect(audit[0]!.from).toMatch(/^127\.0\.0\.1 \(.*Chrome/);
    await page.close();
  });

  it('the next night finds the gap closed: the finding is resolved and counted as recovered', async () => {
    await demo.runNight(NEXT_NIGHT);
    const e = (await loadLedger(demo.table)).find((x) => x.clientKey === approved.clientKey && x.lineKey === approved.lineKey)!;
    expect(e).toMatchObject({ status: 'resolved', resolvedOn: NEXT_NIGHT });
    expect(e.recoveredCents).toBe(approved.monthlyImpactCents);
  });

  it('a replayed link shows the recorded outcome and changes nothing', async () => {
    const page = await browser.context.newPage();
    const before = { quantity: await psaQuantity(approved), requests: simulatorRequests() };
    await page.goto(approveUrl);
    expect(await h1(page)).toBe('Approved and written to the PSA');
    expect(await page.locator('main').innerText()).toContain('This link was used already; this is the recorded outcome. Nothing was changed now.');
    expect(await page.locator('form').count()).toBe(0);
    // Replaying the confirm POST itself (a resent form) is no different.
    const replay = await fetch(approveUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'confirm=yes' });
    expect(await replay.text()).toContain('This link was used already');
    expect(simulatorRequests()).toBe(before.requests);
    expect(await psaQuantity(approved)).toBe(before.quantity);
    expect(await status(approved.id)).toBe('APPLIED');
    expect(await listAudit(demo.table, demo.now().toISOString().slice(0, 7))).toHaveLength(1);
    await page.close();
  });
});

describe('links that must be refused', () => {
  const pendingOf = async (page: Page, source: string, nth: number) => {
    const url = (await changeLink(page, source, 'Approve', nth).getAttribute('href'))!;
    const p = proposals.find((x) => x.id === proposalIdOf(url))!;
    return { url, p, quantity: await psaQuantity(p) };
  };

  it('a tampered link gets a clear refusal and nothing changes', async () => {
    const email = await openEmail();
    const { url, p, quantity } = await pendingOf(email, 'cw', 1);
    const tampered = url.slice(0, -4) + (url.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const page = await browser.context.newPage();
    const res = await page.goto(tampered);
    expect(res!.status()).toBe(403);
    expect(await h1(page)).toBe('This link has been altered');
    expect(await page.locator('main').innerText()).toContain('Nothing was changed');
    expect(await page.locator('form').count()).toBe(0);
    const post = await fetch(tampered, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'confirm=yes' });
    expect(post.status).toBe(403);
    expect(await status(p.id)).toBe('PENDING');
    expect(await psaQuantity(p)).toBe(quantity);
    await Promise.all([email.close(), page.close()]);
  });

  it('an expired link gets a clear refusal and nothing changes', async () => {
    const email = await openEmail();
    const { p, quantity } = await pendingOf(email, 'cw', 1);
    const longAgo = new Date(demo.now().getTime() - (demo.config.approvals.ttlHours + 1) * 3_600_000);
    const signer = await createLinkSigner(demo.config, ctx.secrets, () => longAgo);
    const expired = signer.link({ proposalId: p.id, recipient: demo.config.recipients.finance[0]! }, 'approve');
    const page = await browser.context.newPage();
    const res = await page.goto(expired);
    expect(res!.status()).toBe(410);
    expect(await h1(page)).toBe('This link has expired');
    expect(await page.locator('form').count()).toBe(0);
    const post = await fetch(expired, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'confirm=yes' });
    expect(post.status).toBe(410);
    expect(await status(p.id)).toBe('PENDING');
    expect(await psaQuantity(p)).toBe(quantity);
    await Promise.all([email.close(), page.close()]);
  });
});

describe('a write-back the PSA refuses', () => {
  it('leaves the proposal FAILED with the reason, and the page says so', async () => {
    const email = await openEmail();
    const link = changeLink(email, 'cw', 'Approve', 1);
    const url = (await link.getAttribute('href'))!;
    const p = proposals.find((x) => x.id === proposalIdOf(url))!;
    // The simulated ConnectWise answers 500 to the PATCH (its store refuses the write); reads still work.
    const addition = demo.simulators.connectwise.state.additions.get(Number(p.writeBack.agreementId))!.find((a) => a.id === Number(p.writeBack.additionId))!;
    const quantity = addition.quantity;
    Object.defineProperty(addition, 'quantity', {
      configurable: true,
      enumerable: true,
      get: () => quantity,
      set: () => {
        throw new Error('database is locked');
      },
    });
    try {
      await Promise.all([email.waitForURL(url), link.click()]);
      await Promise.all([email.waitForLoadState('load'), email.getByRole('button', { name: 'Confirm approval' }).click()]);
      await email.waitForSelector('h1:text("Approved, but the write to the PSA failed")');
      const main = await email.locator('main').innerText();
      expect(main).toMatch(/write-back failed: ConnectWise PSA \(cw\): HTTP 500 on PATCH /);
      expect(main).not.toContain('database is locked');
    } finally {
      Object.defineProperty(addition, 'quantity', { configurable: true, enumerable: true, writable: true, value: quantity });
    }
    const stored = await getProposal(demo.table, p.id);
    expect(stored!.status).toBe('FAILED');
    expect(stored!.outcome).toContain('HTTP 500 on PATCH');
    expect(await psaQuantity(p)).toBe(p.expectedQuantity);
    await email.close();
  });
});
