import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../../local/demo/run-demo';
import { generateDemoWorld } from '../../../local/demo/generate';
import { demoHealthFor } from '../../../local/demo/health-plan';
import { plantDemoLabor } from '../../../local/demo/labor';
import type { PsaVendor } from '../../../local/demo/world';
import { loadLaborLedger } from '../../../shared/store/labor';
import { listHealthHistory } from '../../../shared/store/health';
import { getManifest } from '../../../shared/store/snapshots';
import { listAudit } from '../../../shared/store/records';
import { readInbox } from '../../../local/embedded/ses';
import { handleApproval } from '../../../shared/approvals/flow';
import { buildAppContext } from '../../../shared/app/context';
import { buildDigest } from '../../../shared/app/digest';
import { renderDigest } from '../../../shared/mail/render-digest';
import { formatSummary } from '../../../local/summary';

/**
 * The demo's planted labor leakage through whole nights on all four PSAs: every planted case is
 * found and no trap, the digest, finance's review and the night's report show them, and "Bill it"
 * writes back to each PSA whose API can make time billable.
 */

const RUN_DATE = '2026-11-23';
const planted = plantDemoLabor(generateDemoWorld({ seed: 42, asOf: RUN_DATE })).planted;
const SOURCE: Record<PsaVendor, string> = { connectwise: 'cw', autotask: 'autotask', halopsa: 'halo', syncro: 'syncro' };
const VENDORS = Object.keys(SOURCE) as PsaVendor[];
/** `<kind>:<sourceId>:<subject>`, as the findings are compared. */
const expectedKeys = VENDORS.flatMap((v) => planted[v]!.expected.map((k) => k.replace(':', `:${SOURCE[v]}:`))).sort();
const keyOf = (f: { kind: string; sourceId: string; subject: { externalId: string } }) => `${f.kind}:${f.sourceId}:${f.subject.externalId}`;
/** The planted finding of a kind on a PSA: its subject id. */
const subjectOf = (v: PsaVendor, kind: string) => planted[v]!.expected.find((k) => k.startsWith(`${kind}:`))!.split(':')[1]!;
// Web apps for the PSAs, so the review's "open it in the PSA" links can be checked.
const WEB: Record<string, string> = { cw: 'https://na.myconnectwise.net/v4_6_release', autotask: 'https://ww5.autotask.net', halo: 'https://brightline.halopsa.com', syncro: 'https://brightline.syncromsp.com' };
let demo: Demo;

beforeAll(async () => {
  demo = await startDemo({ asOf: RUN_DATE, sourceOverrides: Object.fromEntries(Object.entries(WEB).map(([id, webUrl]) => [id, { webUrl }])) });
});
afterAll(async () => demo?.close());

type Labor = NonNullable<Awaited<ReturnType<Demo['runNight']>>['report']['labor']>;
const found = (labor: Labor) => labor.findings.map(keyOf).sort();
const sum = (xs: number[]) => xs.reduce((n, x) => n + x, 0);

describe('labor leakage on the demo MSP', () => {
  it('plants every finding each PSA can express: all four on ConnectWise, Autotask and HaloPSA; Syncro has no coverage or allowance', () => {
    expect(VENDORS.map((v) => planted[v]!.expected.map((k) => k.split(':')[0]).sort())).toEqual([
      ['block-overage', 'closed-unbilled', 'out-of-scope', 'unbilled-time'],
      ['block-overage', 'closed-unbilled', 'out-of-scope', 'unbilled-time'],
      ['block-overage', 'closed-unbilled', 'out-of-scope', 'unbilled-time'],
      ['closed-unbilled', 'unbilled-time'],
    ]);
  });

  it('finds every planted case on the four PSAs and no trap, each priced, and leaves the health plan\u2019s colours alone', async () => {
    const { report } = await demo.runNight(RUN_DATE);
    const labor = report.labor!;
    expect(found(labor)).toEqual(expectedKeys);
    const ids = new Set(labor.findings.flatMap((f) => [`${f.sourceId}:${f.subject.externalId}`, ...f.entries.map((e) => `${f.sourceId}:${e.externalId}`)]));
    expect(VENDORS.flatMap((v) => planted[v]!.traps.map((t) => `${SOURCE[v]}:${t}`)).filter((t) => ids.has(t))).toEqual([]);
    expect(labor.findings.every((f) => f.status === 'open' && f.amountCents != null && f.amountCents > 0)).toBe(true);
    // Unbilled time at its own $150 where the PSA keeps an entry rate (ConnectWise; HaloPSA's charge amount), else the $125 default;
    // 4 h of project work at $165, 1.5 h at $125, 3 h over at $125.
    const bySource = (id: string) => sum(labor.findings.filter((f) => f.sourceId === id).map((f) => f.amountCents!));
    expect(VENDORS.map((v) => bySource(SOURCE[v]))).toEqual([159_750, 153_500, 159_750, 50_000]);
    expect(labor.open.cents).toBe(159_750 + 153_500 + 159_750 + 50_000);
    expect(labor.open.byKind['block-overage']).toMatchObject({ count: 3, hours: 9 });
    expect(labor.sources.map((s) => [s.sourceId, s.full, s.stale])).toEqual(VENDORS.map((v) => [SOURCE[v], true, null]));
    // The report's effective rate: the clients with invoiced time have one.
    expect(labor.effectiveRates.filter((r) => r.billedCents! > 0 && r.effectiveRateCents! > 0).length).toBeGreaterThan(0);
    const cw = (await getManifest(demo.table, RUN_DATE)).find((m) => m.sourceId === 'cw')!;
    expect(cw.work).toMatchObject({ full: true, stale: null, timeEntries: 10, tickets: 2, invoices: 1 });

    // Labor rides on green HaloPSA clients only and its tickets state no SLA: every client there keeps its planned colour.
    const halo = demo.world.clients.map((c, i) => ({ c, i })).filter(({ c }) => c.psa.vendor === 'halopsa' && c.agreements.length > 0);
    const colours = await Promise.all(halo.map(async ({ c }) => (await listHealthHistory(demo.table, `halo:${c.psa.id}`, RUN_DATE))[0]?.colour));
    expect(colours).toEqual(halo.map(({ i }) => demoHealthFor(i)));

    // The owner digest says the same, apart from the $/month headline.
    const digest = await buildDigest(buildAppContext(demo.config, { now: () => demo.now() }));
    expect(digest.labor).toMatchObject({ open: { cents: labor.open.cents, count: expectedKeys.length }, newThisWeek: { count: expectedKeys.length } });
    const text = renderDigest(digest).text;
    expect(text).toContain('$5,230 of work done and not billed, 37 h, in 14 findings; no earlier week to compare with.');
    expect(text).toContain('block-hours overage: 3, 9 h, $1,125');
    expect(text).toContain('closed without billing: 4, 6 h, $750');
    // And the night's summary, which a first run prints.
    const summary = formatSummary(report, []);
    expect(summary).toContain('Labor:         $5,230.00 of work done and not billed (one-off), 37 h in 14 findings; finance reviews them weekly');
    expect(summary).toContain('  block-hours overage: 3, 9 h, $1,125.00');
  });

  it('reads only what changed the next night, keeps the set, and finds the same', async () => {
    const next = '2026-11-24';
    const before = demo.simulators.connectwise.log.length;
    const { report } = await demo.runNight(next);
    expect(found(report.labor!)).toEqual(expectedKeys);
    const conditions = demo.simulators.connectwise.log.slice(before).filter((r) => r.path.endsWith('/time/entries')).map((r) => new URLSearchParams(r.query).get('conditions')!);
    // The changes since the last read, then the entries behind the findings read again by id.
    const [changes, byId] = [conditions.filter((c) => !c.startsWith('id in (')), conditions.filter((c) => c.startsWith('id in ('))];
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.includes('lastUpdated>['))).toBe(true);
    expect(byId).toHaveLength(1);
    const cw = (await getManifest(demo.table, next)).find((m) => m.sourceId === 'cw')!;
    expect(cw.work).toMatchObject({ full: false, stale: null, timeEntries: 10 });
  });

  it('keeps the last work set, marked stale, when the work read fails, and resolves nothing', async () => {
    const night = '2026-11-25';
    demo.simulators.connectwise.faults = { refuseOn: { path: /\/time\/entries$/, status: 403 } };
    const { report } = await demo.runNight(night);
    demo.simulators.connectwise.faults = {};
    const cwSource = report.sources.find((s) => s.sourceId === 'cw')!;
    expect(cwSource.state).toBe('fresh');
    expect(report.labor!.sources.find((s) => s.sourceId === 'cw')!.stale).toMatch(/could not be read/);
    expect(found(report.labor!)).toEqual(expectedKeys);
    expect((await loadLaborLedger(demo.table)).every((e) => e.status === 'open')).toBe(true);
  });
});

describe('acting on labor findings from the review list', () => {
  const reviewItems = async () => {
    const inbox = await readInbox(demo.sesUrl);
    const review = inbox.filter((m) => m.destination.to.includes('billing@brightline-it.example') && /^Labor review/.test(m.subject));
    expect(review).toHaveLength(1);
    const text = review[0]!.body.text!;
    // One block per finding: its PSA link, when there is one, then its Bill it and Covered links.
    const items = text.split(/\n(?=\S[^\n]*: \$[\d,]+ \()/).slice(1).map((block) => ({
      block,
      psa: /In the PSA: (\S+)/.exec(block)?.[1],
      bill: /(Bill it(?: in the PSA)?): (\S+)/.exec(block),
      covered: /Covered, don't bill: (\S+)/.exec(block)?.[1],
    }));
    return { text, items };
  };
  const tokenOf = (url: string) => Buffer.from(decodeURIComponent(new URL(url).pathname.split('/').pop()!).split('.')[0]!, 'base64url').toString();
  const itemFor = async (key: string) => (await reviewItems()).items.find((i) => tokenOf(i.bill![2]!).includes(`"${key}"`))!;
  const origin = { sourceIp: '127.0.0.1', userAgent: 'vitest' };
  const open = (url: string, method: 'GET' | 'POST', body: string | null = null) =>
    handleApproval(buildAppContext(demo.config, { now: () => demo.now() }), { method, path: new URL(url).pathname, body, origin });

  it("mails finance the week's review list on the review day, one Bill it and one Covered link per finding, and the ticket or agreement in the PSA", async () => {
    const { text, items } = await reviewItems();
    expect(items).toHaveLength(expectedKeys.length);
    // Labor amounts are one-off: neither part may carry the seat emails' "per month" footer.
    const html = (await readInbox(demo.sesUrl)).find((m) => /^Labor review/.test(m.subject))!.body.html!;
    for (const part of [text, html]) {
      expect(part).toContain('Amounts are one-off, not per month.');
      expect(part).not.toContain('per month unless marked');
    }
    expect(items.every((i) => i.bill && i.covered)).toBe(true);
    expect(text.match(/Replace failed switch in server room/g)).toHaveLength(4);
    // Block-hours overage and unbilled time cannot be billed through the API: their link says so.
    expect(items.filter((i) => i.bill![1] === 'Bill it in the PSA')).toHaveLength(7);
    const link = async (v: PsaVendor, kind: string) => (await itemFor(`${kind}:${SOURCE[v]}:${subjectOf(v, kind)}${kind === 'block-overage' ? ':2026-10-31' : ''}`)).psa;
    expect(await link('autotask', 'closed-unbilled')).toBe(`${WEB.autotask}/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=${subjectOf('autotask', 'closed-unbilled')}`);
    expect(await link('halopsa', 'closed-unbilled')).toBe(`${WEB.halo}/tickets?id=${subjectOf('halopsa', 'closed-unbilled')}`);
    expect(await link('syncro', 'closed-unbilled')).toBe(`${WEB.syncro}/tickets/${subjectOf('syncro', 'closed-unbilled')}`);
    expect(await link('autotask', 'block-overage')).toBe(`${WEB.autotask}/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenContract&ContractID=${subjectOf('autotask', 'block-overage')}`);
    // A time entry has a page of its own only in ConnectWise: elsewhere its ticket's page, the time shown there.
    expect(await link('connectwise', 'unbilled-time')).toBe(`${WEB.cw}/ConnectWise.aspx?routeTo=TimeEntryFV&recid=${subjectOf('connectwise', 'unbilled-time')}`);
    const ticketOf = (v: PsaVendor, entry: string) => demo.world.clients.flatMap((c) => (c.psa.vendor === v ? (c.work?.timeEntries ?? []) : [])).find((e) => e.id === entry)!.ticketId;
    expect(await link('syncro', 'unbilled-time')).toBe(`${WEB.syncro}/tickets/${ticketOf('syncro', subjectOf('syncro', 'unbilled-time'))}`);
    expect(await link('halopsa', 'out-of-scope')).toBe(`${WEB.halo}/tickets?id=${ticketOf('halopsa', subjectOf('halopsa', 'out-of-scope'))}`);
  });

  it('"Bill it in the PSA" says why Trueup cannot, links the record where the PSA has a page for it, and changes nothing', async () => {
    const overage = await itemFor(`block-overage:autotask:${subjectOf('autotask', 'block-overage')}:2026-10-31`);
    const page = await open(overage.bill![2]!, 'GET');
    expect(page.status).toBe(200);
    expect(page.body).toContain('An overage is billed as an agreement adjustment or a separate invoice in the PSA.');
    expect(page.body).toContain(`href="${WEB.autotask}/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenContract&amp;ContractID=${subjectOf('autotask', 'block-overage')}"`);
    expect(page.body).not.toContain('<form');
    const unbilled = await itemFor(`unbilled-time:syncro:${subjectOf('syncro', 'unbilled-time')}`);
    const plain = await open(unbilled.bill![2]!, 'GET');
    expect(plain.body).toContain('The time is already billable in the PSA; it needs to go on an invoice there.');
    expect(plain.body).toContain(`href="${unbilled.psa}"`);
    // Confirming it anyway only shows the same page again.
    expect((await open(unbilled.bill![2]!, 'POST', 'confirm=yes')).body).toContain('<h1>Bill it in the PSA</h1>');
    expect((await loadLaborLedger(demo.table)).find((e) => e.key === `unbilled-time:syncro:${subjectOf('syncro', 'unbilled-time')}`)!.status).toBe('open');
    expect(Object.values(demo.simulators).flatMap((s) => s.writes)).toEqual([]);
  });

  // What each PSA's "Bill it" changes, read from its simulator's state.
  const BILLS: Array<{ v: PsaVendor; kind: string; state: () => unknown; before: unknown; after: unknown; writes: RegExp; recovered: number }> = [
    { v: 'connectwise', kind: 'out-of-scope', state: () => demo.simulators.connectwise.state.timeEntries.find((e) => e.id === Number(subjectOf('connectwise', 'out-of-scope')))!.billableOption, before: 'NoCharge', after: 'Billable', writes: /PATCH/, recovered: 66_000 },
    { v: 'autotask', kind: 'out-of-scope', state: () => demo.simulators.autotask.state.entities.TimeEntries.find((e) => e.id === Number(subjectOf('autotask', 'out-of-scope')))!.isNonBillable, before: true, after: false, writes: /PATCH/, recovered: 66_000 },
    { v: 'halopsa', kind: 'out-of-scope', state: () => demo.simulators.halopsa.state.actions.find((a) => a.id === Number(subjectOf('halopsa', 'out-of-scope')))!.actionchargehours, before: 0, after: 4, writes: /POST/, recovered: 66_000 },
    { v: 'syncro', kind: 'closed-unbilled', state: () => billedTimer(), before: [false, false], after: [true, true], writes: /PATCH|POST/, recovered: 18_750 },
  ];
  const billedTimer = () => {
    const ticket = Number(subjectOf('syncro', 'closed-unbilled'));
    const timer = demo.simulators.syncro.state.timers.find((t) => t.ticket_id === ticket)!;
    return [timer.billable, timer.recorded];
  };

  it('"Bill it" makes the time billable in each PSA once, and the next night resolves each finding as recovered', async () => {
    for (const sim of [demo.simulators.connectwise]) sim.clock = () => demo.now();
    for (const b of BILLS) {
      const key = `${b.kind}:${SOURCE[b.v]}:${subjectOf(b.v, b.kind)}`;
      const { bill } = await itemFor(key);
      expect(bill![1]).toBe('Bill it');
      const sim = demo.simulators[b.v];
      const writesBefore = sim.writes.length;
      expect((await open(bill![2]!, 'GET')).status).toBe(200);
      expect([key, b.state()]).toEqual([key, b.before]);
      const done = await open(bill![2]!, 'POST', 'confirm=yes');
      expect([key, done.body]).toEqual([key, expect.stringContaining('Billed')]);
      expect([key, b.state()]).toEqual([key, b.after]);
      // A second click (or a replayed request) changes nothing.
      expect((await open(bill![2]!, 'POST', 'confirm=yes')).body).toContain('Already decided');
      const writes = sim.writes.slice(writesBefore);
      expect(writes.length).toBeGreaterThan(0);
      expect(writes.every((w) => b.writes.test(w.method))).toBe(true);
    }
    expect(demo.simulators.connectwise.log.filter((r) => r.method === 'PATCH')).toHaveLength(1);

    const { report } = await demo.runNight('2026-11-26');
    const after = await loadLaborLedger(demo.table);
    for (const b of BILLS)
      expect(after.find((e) => e.key === `${b.kind}:${SOURCE[b.v]}:${subjectOf(b.v, b.kind)}`)).toMatchObject({ status: 'resolved', resolvedOn: '2026-11-26', recoveredCents: b.recovered });
    // Made billable and awaiting an invoice (or approval and posting in Autotask): not a new gap.
    expect(after.filter((e) => e.kind === 'unbilled-time' && e.firstSeen === '2026-11-26').every((e) => e.status === 'billed')).toBe(true);
    expect(report.labor!.recoveredTonightCents).toBe(sum(BILLS.map((b) => b.recovered)));
    expect(report.labor!.open.count).toBe(expectedKeys.length - BILLS.length);
  });

  it('"Covered, don\'t bill" needs a reason, is audited, and the finding is not listed again', async () => {
    const closed = subjectOf('connectwise', 'closed-unbilled');
    const { items } = await reviewItems();
    const covered = items.map((i) => i.covered!).find((url) => tokenOf(url).includes(`closed-unbilled:cw:${closed}`))!;
    // A link whose payload is altered (here: one character of it) is refused before anything is read.
    const at = covered.lastIndexOf('/') + 20;
    const forged = `${covered.slice(0, at)}${covered[at] === 'A' ? 'B' : 'A'}${covered.slice(at + 1)}`;
    const refused = await open(forged, 'POST', `confirm=yes&reason=x`);
    expect([400, 403]).toContain(refused.status);
    expect(refused.body).toContain('Nothing was changed');
    expect((await open(covered, 'POST', 'confirm=yes&reason=')).status).toBe(400);
    const done = await open(covered, 'POST', `confirm=yes&reason=${encodeURIComponent('Warranty work')}`);
    expect(done.body).toContain('Marked covered');
    const { report } = await demo.runNight('2026-11-27');
    expect(report.labor!.findings.find((f) => f.key === `closed-unbilled:cw:${closed}`)).toMatchObject({ status: 'covered', decision: { reason: 'Warranty work', by: 'billing@brightline-it.example' } });
    expect(report.labor!.open.byKind['closed-unbilled'].count).toBe(2);
    const audit = await listAudit(demo.table, '2026-11');
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['labor billed', 'labor covered']));
  });
});
