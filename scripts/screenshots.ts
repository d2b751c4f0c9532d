import '../local/quiet';
import { mkdir } from 'node:fs/promises';
import { useReadableLogs } from '../local/cli/log-sink';
import { startDemo } from '../local/demo/run-demo';
import { logger } from '../shared/app/observability';
import { readInbox, type StoredEmail } from '../local/embedded/ses';
import { addDays, dateInZone, weekdayOf } from '../shared/domain/dates';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from '../test/support/browser';

/**
 * Regenerates docs/emails/*.png: the owner's digest, a vCIO renewal alert, the finance
 * batch and finance's labor review, as the demo sends them to the embedded SES, an approval link's confirm page, a reject
 * link's page with a reason chosen, and a client's QBR pack from its alert's read-only link, at desktop (1024px) and phone (375px) widths. Three
 * weeks of nights, with two true-ups approved and one rejected with a reason through the real
 * links before the last one, so the digest has a trend, decisions, recovered revenue and a
 * written-off line to show.
 *
 *   npx tsx scripts/screenshots.ts
 */

const OUT = new URL('../docs/emails/', import.meta.url).pathname;
const WIDTHS = { desktop: 1024, narrow: 375 } as const;
const RISK_ORDER = ['High', 'Medium', 'Low'];

async function main(): Promise<void> {
  useReadableLogs(logger);
  // The digest covers the week of "now", so the nights end today.
  const today = dateInZone(new Date(), 'America/Chicago');
  // Links live a month here: finance acts on the first night's email a week later.
  const demo = await startDemo({ asOf: today, linkTtlHours: 24 * 30 });
  await mkdir(OUT, { recursive: true });
  const browser = await launchBrowser();
  try {
    await demo.runNight(addDays(today, -14));
    const finance = pick(await readInbox(demo.sesUrl), (e) => /true-ups? to approve/.test(e.subject));
    await demo.runNight(addDays(today, -7));
    // Approved after last week's night, so this week's digest shows them recovered.
    const approves = approveLinks(finance);
    for (const url of approves.slice(0, 2)) await approve(url);
    await shootPages(browser, 'confirm', approves[2]!, async () => undefined);
    // Rejected with a reason: the digest lists it as written off.
    await shootPages(browser, 'reject', linksOf(finance, 'Reject')[3]!, async (page) => {
      await page.getByLabel('Other', { exact: true }).check();
      await page.getByLabel('Details (required for Other)').fill('Loaner laptops, returned in April');
    }, true);
    // This week's labor review day (Monday by default) is among the nights, so finance's labor review is too.
    const reviewNight = Array.from({ length: 7 }, (_, i) => addDays(today, -i)).find((d) => weekdayOf(d) === demo.config.laborFindings.reviewDay)!;
    for (const night of [...new Set([reviewNight, addDays(today, -1), today])].sort()) await demo.runNight(night);
    await demo.runDigest();

    const inbox = await readInbox(demo.sesUrl);
    const emails = {
      digest: pick(inbox.filter((e) => e.subject.startsWith('Unbilled')).reverse(), () => true),
      renewal: pick(
        inbox.filter((e) => /renewal risk/.test(e.subject)).sort((a, b) => RISK_ORDER.indexOf(a.subject.split(' ')[0]!) - RISK_ORDER.indexOf(b.subject.split(' ')[0]!)),
        () => true,
      ),
      finance,
      labor: pick(inbox, (e) => e.subject.startsWith('Labor review')),
    };
    // The red client's QBR pack, through the read-only link its renewal alert carries.
    const qbrUrl = inbox.map((e) => /^The QBR pack \(read-only, printable\): (\S+)$/m.exec(e.body.text ?? '')?.[1]).find(Boolean);
    if (!qbrUrl) throw new Error('no renewal alert carried a QBR pack link');
    await shootPages(browser, 'qbr', qbrUrl, async () => undefined);

    for (const [kind, email] of Object.entries(emails)) {
      for (const [name, width] of Object.entries(WIDTHS)) {
        const page = await browser.context.newPage();
        await page.setViewportSize({ width, height: 800 });
        await page.setContent(email.body.html ?? '', { waitUntil: 'load' });
        const path = `${OUT}${kind}-${name}.png`;
        await page.screenshot({ path, fullPage: true });
        await page.close();
        console.log(`${path}  ${email.subject}`);
      }
    }
  } finally {
    await browser.close();
    await demo.close();
  }
}

/** A link's page at each width, after `prepare` (filling the form); `submit` then confirms it on the last one. */
async function shootPages(browser: Browser, kind: string, url: string, prepare: (page: Page) => Promise<void>, submit = false): Promise<void> {
  for (const [name, width] of Object.entries(WIDTHS)) {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height: 800 });
    await page.goto(url);
    await prepare(page);
    const path = `${OUT}${kind}-${name}.png`;
    await page.screenshot({ path, fullPage: true });
    console.log(`${path}  ${await page.title()}`);
    if (submit && name === 'narrow') await Promise.all([page.waitForLoadState('load'), page.locator('form button[type=submit]').click()]);
    await page.close();
  }
}

function pick(emails: StoredEmail[], test: (e: StoredEmail) => boolean): StoredEmail {
  const found = emails.find(test);
  if (!found) throw new Error(`the demo sent no such email; subjects: ${emails.map((e) => e.subject).join(' | ')}`);
  return found;
}

const linksOf = (email: StoredEmail, action: 'Approve' | 'Reject'): string[] =>
  [...(email.body.text ?? '').matchAll(new RegExp(`^ {2}${action}: +(\\S+)$`, 'gm'))].map((m) => m[1]!);
const approveLinks = (email: StoredEmail): string[] => linksOf(email, 'Approve');

/** What finance does: open the link, then confirm on the page. */
async function approve(url: string): Promise<void> {
  if (!(await fetch(url)).ok) throw new Error(`approval link ${url} did not open`);
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'confirm=yes' });
  if (!res.ok) throw new Error(`confirming ${url} answered HTTP ${res.status}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
