import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { runLastingDemo, type LastingRun } from '../../local/demo/lasting';
import { readInbox, type StoredEmail } from '../../local/embedded/ses';
import { loadLedger } from '../../shared/store/ledger';
import { getProposal } from '../../shared/store/proposals';
import { launchBrowser, type Browser } from '../support/browser';

/**
 * The first hour as a new user meets it, in headless Chromium: the lasting demo's first night,
 * then from the emails a suggested client match answered "Same client", one true-up approved and
 * one rejected with a reason; the demo stopped and started again with the next night; the new
 * digest shows the recovered revenue, the decisions and the write-off, and the answered match
 * counts that organization's usage under its client.
 */

const FIRST = '2026-11-23';
const NEXT = '2026-11-24';
let home: string;
let run: LastingRun | undefined;
let browser: Browser;
const decided: { approved?: string; rejected?: string; member?: string } = {};

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'trueup-first-hour-'));
  browser = await launchBrowser();
  run = await runLastingDemo({ home, today: FIRST });
}, 120_000);

afterAll(async () => {
  await run?.close();
  await browser?.close();
  await rm(home, { recursive: true, force: true });
});

const inbox = async (to: string, subject: RegExp): Promise<StoredEmail> =>
  (await readInbox(run!.demo.sesUrl)).filter((e) => e.destination.to.includes(to) && subject.test(e.subject)).at(-1)!;

async function open(email: StoredEmail): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setContent(email.body.html!);
  return page;
}

async function follow(page: Page, link: ReturnType<Page['locator']>): Promise<string> {
  const url = (await link.getAttribute('href'))!;
  await Promise.all([page.waitForURL(url), link.click()]);
  return url;
}

const signedTarget = (url: string) => (JSON.parse(Buffer.from(new URL(url).pathname.split('/').pop()!.split('.')[0]!, 'base64url').toString()) as { t: { p?: string; memberKey?: string } }).t;

describe('the first hour, in the browser', () => {
  it('answers the suggested match from the digest: Same client', async () => {
    const digest = await inbox(run!.demo.config.recipients.owner[0]!, /Unbilled/);
    const page = await open(digest);
    expect(await page.locator('h2', { hasText: 'Suggested matches' }).count()).toBe(1);
    const url = await follow(page, page.getByRole('link', { name: 'Same client' }).first());
    decided.member = signedTarget(url).memberKey;
    expect(await page.locator('main').innerText()).toContain('Nothing has changed yet.');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Confirm: same client' }).click()]);
    await page.waitForSelector('text=Your answer is recorded');
    await page.close();
  });

  it('approves one true-up and rejects another with a reason from the finance email', async () => {
    const finance = await inbox(run!.demo.config.recipients.finance[0]!, /true-ups? to approve/);
    const page = await open(finance);
    const approveUrl = await follow(page, page.locator('a', { hasText: /^Approve \d/ }).first());
    decided.approved = signedTarget(approveUrl).p;
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Confirm approval' }).click()]);
    await page.waitForSelector('h1:text("Approved and written to the PSA")');

    const again = await open(finance);
    // An increase: writing it off takes its $/month out of the headline.
    const rejects = again.locator(`xpath=//h3[starts-with(normalize-space(.), 'Increase')]/following-sibling::table[1]//a[normalize-space(.)='Reject']`);
    const rejectUrl = await follow(again, rejects.nth((await rejects.count()) - 1));
    decided.rejected = signedTarget(rejectUrl).p;
    await again.getByLabel('Billed elsewhere').check();
    await Promise.all([again.waitForLoadState('load'), again.getByRole('button', { name: 'Confirm rejection' }).click()]);
    await again.waitForSelector('h1:text("Rejected")');
    expect(await getProposal(run!.demo.table, decided.approved!)).toMatchObject({ status: 'APPLIED' });
    expect(await getProposal(run!.demo.table, decided.rejected!)).toMatchObject({ status: 'REJECTED', rejectReason: { code: 'billed-elsewhere' } });
    await page.close();
    await again.close();
  });

  it('after a restart, the next night’s digest shows the recovered revenue, the decisions and the write-off', async () => {
    await run!.close();
    run = await runLastingDemo({ home, today: FIRST, nextNight: true });
    expect(run.nights.map((n) => n.runDate)).toEqual([NEXT]);
    const approved = (await getProposal(run.demo.table, decided.approved!))!;

    const digest = await inbox(run.demo.config.recipients.owner[0]!, /Unbilled/);
    const page = await open(digest);
    const text = await page.locator('body').innerText();
    const recovered = /Recovered: \$([\d,]+)\/month this week/.exec(text);
    expect(Number(recovered![1]!.replace(/,/g, '')) * 100).toBeGreaterThanOrEqual(approved.monthlyImpactCents);
    expect(text).toMatch(/Written off: \$[\d,]+\/month/);
    expect(text).toContain('Billed elsewhere');
    expect(text).toMatch(/Approvals this week \(\d+\)/);
    expect(text).toContain(approved.clientName);
    await page.close();

    const ledger = await loadLedger(run.demo.table);
    expect(ledger.find((e) => e.clientKey === approved.clientKey && e.lineKey === approved.lineKey)).toMatchObject({ status: 'resolved', resolvedOn: NEXT });
    // The answered organization is no longer unmatched: its usage counts under the PSA client.
    const night = run.nights[0]!.report;
    expect(night.unmatched.map((u) => u.key)).not.toContain(decided.member);
    expect(night.findings.some((f) => f.clientKey === decided.member && f.kind === 'unmapped')).toBe(false);
  });
});
