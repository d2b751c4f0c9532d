import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInbox } from '../../../local/embedded/ses';
import { startDemo, type Demo } from '../../../local/demo/run-demo';
import { buildAppContext } from '../../../shared/app/context';
import { buildDigest } from '../../../shared/app/digest';
import { COUNTED_STATUSES, countsAsUnbilled, ledgerTotals } from '../../../shared/domain/ledger';
import { VENDOR_KINDS } from '../../../shared/domain/model';
import { loadLedger } from '../../../shared/store/ledger';
import { queryAll } from '../../../shared/store/table';
import { RED_ENDS_IN_DAYS } from '../../../local/demo/health-plan';

const RUN_DATE = '2026-11-23';
let demo: Demo;

/** Everything the ledger and the once-only mail records hold, to compare across runs. */
async function durableState(d: Demo) {
  const ledger = await queryAll<Record<string, unknown>>(d.table, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'FINDINGS' } });
  const mails = await Promise.all(
    [...d.config.recipients.finance.map((r) => `MAIL#finance#${r}`), ...d.config.recipients.owner.map((r) => `MAIL#digest#${r}`)].map((pk) =>
      queryAll<Record<string, unknown>>(d.table, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }),
    ),
  );
  return { ledger, mails: mails.flat() };
}

beforeAll(async () => {
  demo = await startDemo({ asOf: RUN_DATE });
});
afterAll(async () => demo?.close());

describe('one night on the demo MSP', () => {
  it('finds leakage and renewals through every connector, quarantines the malformed records, and mails all three people', async () => {
    const { report } = await demo.runNight(RUN_DATE);
    await demo.runDigest();

    // One source per vendor, in the vendor list's order, every one read tonight.
    expect(report.sources.map((s) => [s.kind, s.state])).toEqual(VENDOR_KINDS.map((kind) => [kind, 'fresh']));
    expect(report.totals.unbilledCents).toBeGreaterThan(0);
    // The headline is a stated sum over the report's own rows, and the digest's figure is the same one.
    const rows = [...report.findings, ...report.carried];
    expect(report.totals.note.startsWith(`unbilledCents and overbilledCents = ${COUNTED_STATUSES.join(' + ')};`)).toBe(true);
    expect(rows.filter(countsAsUnbilled).reduce((n, f) => n + f.monthlyImpactCents, 0)).toBe(report.totals.unbilledCents);
    expect(new Set(rows.map((f) => f.status))).toEqual(new Set(['open', 'proposed', 'held']));
    const digest = await buildDigest(buildAppContext(demo.config, { now: () => new Date(`${RUN_DATE}T15:00:00Z`) }));
    expect(digest.totals).toEqual(ledgerTotals(await loadLedger(demo.table)));
    expect([digest.totals.unbilledCents, digest.totals.overbilledCents, digest.totals.openFindings]).toEqual([report.totals.unbilledCents, report.totals.overbilledCents, report.totals.openFindings]);
    expect(report.findingsByKind['under-billed']).toBeGreaterThan(0);
    expect(report.findingsByKind['over-billed']).toBeGreaterThan(0);
    expect(report.renewals.length).toBeGreaterThan(0);
    // The usual 90-120 day window; the planted red client (health-plan.ts) is alerted earlier, within red's 180.
    expect(report.renewals.filter((r) => !r.earlyFor).every((r) => r.daysLeft >= 90 && r.daysLeft <= 120)).toBe(true);
    expect(report.renewals.filter((r) => r.earlyFor).map((r) => [r.earlyFor, r.daysLeft])).toEqual([['red', RED_ENDS_IN_DAYS]]);
    expect(report.unmatched.map((u) => u.name)).toEqual(expect.arrayContaining(['Hartley & Sons Plumbing', 'Greenfield Veterinary']));
    const quarantined = report.sources.flatMap((s) => s.quarantined);
    expect(quarantined.map((q) => [q.sourceId, q.externalId])).toEqual(expect.arrayContaining([['ninja', 'WS-LOBBY'], ['pax8', '7a1e0000-0000-4000-8000-badbadbadbad']]));

    const inbox = await readInbox(demo.sesUrl);
    const to = (addr: string) => inbox.filter((m) => m.destination.to.includes(addr));
    expect(to('owner@brightline-it.example')).toHaveLength(1);
    // Finance gets the night's true-ups and, on Mondays, the week's labor review list.
    expect(to('billing@brightline-it.example').map((m) => /^Labor review/.test(m.subject)).sort()).toEqual([false, true]);
    expect(inbox.filter((m) => /renewal risk/i.test(m.subject))).toHaveLength(report.renewals.length);
    // The finance email names the devices and seats behind each change, dated by the collect that stored them.
    const finance = to('billing@brightline-it.example').find((m) => !/^Labor review/.test(m.subject))!.body.text!;
    expect(finance).toContain(`first seen by Trueup ${new Date(`${RUN_DATE}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })}`);
    expect(finance).toMatch(/newest first: /);
    expect(finance).not.toMatch(/, line \S+ \(/);
  });

  it('changes neither the ledger nor the sent-mail records when the same night runs again', async () => {
    const before = await durableState(demo);
    const mailsBefore = (await readInbox(demo.sesUrl)).length;
    await demo.runNight(RUN_DATE);
    await demo.runDigest();
    expect(await durableState(demo)).toEqual(before);
    expect((await readInbox(demo.sesUrl)).length).toBe(mailsBefore);
  });

  it('completes a night with an RMM down, says so, and resolves nothing it could not check', async () => {
    const openRmm = (await durableState(demo)).ledger.filter((e) => e.basis === 'rmm' && e.status !== 'resolved');
    expect(openRmm.length).toBeGreaterThan(0);
    await demo.simulators.ninjaone.close();
    const { report } = await demo.runNight('2026-11-24');
    const ninja = report.sources.find((s) => s.sourceId === 'ninja')!;
    expect(ninja.state).toBe('failed');
    expect(ninja.reason).toMatch(/NinjaOne/);
    expect(report.findings.some((f) => f.basis === 'rmm')).toBe(false);
    const after = (await durableState(demo)).ledger;
    for (const e of openRmm) expect(after.find((a) => a.sk === e.sk)!.status).not.toBe('resolved');
  });

  it('says plainly in the digest when the nightly runs stopped, instead of showing old figures as current', async () => {
    const current = await buildDigest(buildAppContext(demo.config, { now: () => new Date('2026-11-24T15:00:00Z') }));
    expect(current.sources.find((s) => s.sourceId === 'cw')).toMatchObject({ state: 'fresh', lastSuccess: '2026-11-24' });
    const later = await buildDigest(buildAppContext(demo.config, { now: () => new Date('2026-11-30T15:00:00Z') }));
    expect(later.runDate).toBe('2026-11-24');
    expect(later.sources.every((s) => s.state === 'stale' && s.detail === 'no night has been reconciled since 2026-11-24')).toBe(true);
  });
});
