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

/** The line's quantity; for an add-line proposal, the product's line on the agreement (0 while there is none). */
const psaQuantity = async (p: Proposal) => {
  const c = ctx.connector(p.psaSourceId);
  if (!isPsaConnector(c)) throw new Error(`${p.psaSourceId} is not a PSA`);
  if (p.addToAgreement === undefined) return c.readLineQuantity(p.writeBack, NIGHT);
  return (await c.findProductLine(p.addToAgreement, [p.product], NIGHT))?.quantity ?? 0;
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

describe('approving an add-line true-up from the email', () => {
  it('follows its Approve link, confirms, and the simulated PSA has the new line', async () => {
    const page = await openEmail();
    const heading = page.locator('h3', { hasText: /^Add a line: / }).first();
    const headingText = await heading.innerText();
    const link = page.locator('xpath=//h3[starts-with(normalize-space(.), "Add a line: ")]/following-sibling::table[1]//a[starts-with(normalize-space(.), "Approve")]').first();
    const url = (await link.getAttribute('href'))!;
    const p = proposals.find((x) => x.id === proposalIdOf(url))!;
    expect(p).toMatchObject({ kind: 'unbilled-usage', expectedQuantity: 0 });
    expect(headingText).toContain(`Add a line: ${p.product}, ${p.proposedQuantity} at $`);
    expect(headingText).toContain(`/month to ${p.agreementName}`);
    expect(await psaQuantity(p)).toBe(0);

    await Promise.all([page.waitForURL(url), link.click()]);
    expect(await h1(page)).toBe('Approve this change?');
    expect(await page.locator('main').innerText()).toContain(`${p.clientName}: add a line for ${p.proposedQuantity} ${p.product}`);
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Confirm approval' }).click()]);
    await page.waitForSelector('h1:text("Approved and written to the PSA")');
    expect(await page.locator('main').innerText()).toContain(`for ${p.product}, 0 -> ${p.proposedQuantity}`);

    expect(await psaQuantity(p)).toBe(p.proposedQuantity);
    // The demo plants its unbilled usage at Syncro clients: the line is on one of their schedules.
    expect(demo.config.sources.find((x) => x.id === p.psaSourceId)?.kind).toBe('syncro');
    const schedules = demo.simulators.syncro.state.schedules;
    expect(schedules.flatMap((x) => x.lines).filter((l) => l.name === p.product && Number(l.quantity) === p.proposedQuantity).length).toBeGreaterThan(0);
    expect(await getProposal(demo.table, p.id)).toMatchObject({ status: 'APPLIED', decidedBy: demo.config.recipients.finance[0] });
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

describe('rejecting with a reason', () => {
  const LATER = '2026-03-04';
  const AFTER_REVOKE = '2026-03-05';
  const WHY = 'Loaner laptops, returned in April';
  let rejected: Proposal;
  const lineOf = async (p: Proposal) => (await loadLedger(demo.table)).find((e) => e.clientKey === p.clientKey && e.lineKey === p.lineKey)!;
  const month = () => demo.now().toISOString().slice(0, 7);

  it('the Reject link asks why; the reason is recorded and nothing is written to the PSA', async () => {
    const email = await openEmail();
    const rejects = email.locator('a', { hasText: /^Reject$/ });
    const urls = await Promise.all((await rejects.all()).map((a) => a.getAttribute('href')));
    // An increase no earlier test decided: the headline loses it once written off.
    const pick = (await Promise.all(urls.map(async (u, i) => ({ i, p: (await getProposal(demo.table, proposalIdOf(u!)))! })))).filter(({ p }) => p.status === 'PENDING' && p.proposedQuantity > p.expectedQuantity).at(-1)!;
    rejected = pick.p;
    const url = urls[pick.i]!;
    const quantity = await psaQuantity(rejected);

    await Promise.all([email.waitForURL(url), rejects.nth(pick.i).click()]);
    expect(await h1(email)).toBe('Reject this change?');
    expect(await email.locator('input[type=radio][name=reason]').count()).toBe(5);
    // A POST without a reason (a replayed or hand-made form) is refused and changes nothing.
    const bare = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'confirm=yes' });
    expect(bare.status).toBe(400);
    expect(await status(rejected.id)).toBe('PENDING');

    await email.getByLabel('Other', { exact: true }).check();
    await email.getByLabel('Details (required for Other)').fill(WHY);
    await Promise.all([email.waitForLoadState('load'), email.getByRole('button', { name: 'Confirm rejection' }).click()]);
    await email.waitForSelector('h1:text("Rejected")');
    expect(await email.locator('main').innerText()).toContain(`Other: ${WHY}`);

    expect(await getProposal(demo.table, rejected.id)).toMatchObject({ status: 'REJECTED', rejectReason: { code: 'other', text: WHY } });
    expect((await lineOf(rejected)).status).toBe('suppressed');
    expect(await psaQuantity(rejected)).toBe(quantity);
    const audit = (await listAudit(demo.table, month())).find((a) => a.proposalId === rejected.id)!;
    expect(audit).toMatchObject({ action: 'rejected', actor: demo.config.recipients.finance[0], detail: { rejectReason: 'other', rejectReasonText: WHY } });
    await email.close();
  });

  it('the next night keeps the line written off: suppressed, proposed nothing, out of the headline that its rows add up to', async () => {
    const { report } = await demo.runNight(LATER);
    const line = await lineOf(rejected);
    expect(line.status).toBe('suppressed');
    expect((await listProposals(demo.table, LATER)).filter((p) => p.createdOn === LATER && p.lineKey === rejected.lineKey && p.clientKey === rejected.clientKey)).toEqual([]);
    const row = report.findings.find((f) => f.clientKey === rejected.clientKey && f.lineKey === rejected.lineKey)!;
    expect(row.status).toBe('suppressed');
    expect(report.totals.byStatus.suppressed.unbilledCents).toBeGreaterThanOrEqual(line.monthlyImpactCents);
    const rows = [...report.findings, ...report.carried];
    const counted = rows.filter((f) => ['open', 'proposed', 'approved', 'applied'].includes(f.status) && (f.kind === 'under-billed' || f.kind === 'unbilled-usage'));
    expect(counted.reduce((n, f) => n + f.monthlyImpactCents, 0)).toBe(report.totals.unbilledCents);
  });

  it('the digest lists it as written off with the reason, and its Revoke link (confirmed) re-opens the gap the night after', async () => {
    await demo.runDigest();
    const digest = (await readInbox(demo.sesUrl)).find((e) => e.destination.to.includes(demo.config.recipients.owner[0]!) && /^Unbilled/.test(e.subject))!;
    const page = await browser.context.newPage();
    await page.setContent(digest.body.html!);
    // The innermost row with the reason and a Revoke link (the layout nests tables; the decisions table repeats the reason).
    const row = page.locator('tr', { hasText: `Other: ${WHY}` }).filter({ has: page.getByRole('link', { name: 'Revoke' }) }).last();
    expect(await page.getByText(/^Written off: \$[\d,.]+\/month$/).count()).toBe(1);
    expect(await row.innerText()).toContain(rejected.clientName);
    const revoke = row.getByRole('link', { name: 'Revoke' });
    const url = (await revoke.getAttribute('href'))!;
    await Promise.all([page.waitForURL(url), revoke.click()]);
    expect(await h1(page)).toBe('Revoke this write-off?');
    expect((await lineOf(rejected)).status).toBe('suppressed');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Confirm: revoke the write-off' }).click()]);
    await page.waitForSelector('h1:text("Write-off revoked")');
    expect((await listAudit(demo.table, month())).filter((a) => a.action === 'revoked write-off')).toHaveLength(1);
    await page.close();

    await demo.runNight(AFTER_REVOKE);
    expect((await lineOf(rejected)).status).toBe('proposed');
    expect((await listProposals(demo.table, AFTER_REVOKE)).some((p) => p.lineKey === rejected.lineKey && p.clientKey === rejected.clientKey && p.status === 'PENDING')).toBe(true);
  });
});
