import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../../local/demo/run-demo';
import { generateDemoWorld } from '../../../local/demo/generate';
import { plantDemoLabor } from '../../../local/demo/labor';
import { loadLaborLedger } from '../../../shared/store/labor';
import { getManifest } from '../../../shared/store/snapshots';
import { listAudit } from '../../../shared/store/records';
import { readInbox } from '../../../local/embedded/ses';
import { handleApproval } from '../../../shared/approvals/flow';
import { buildAppContext } from '../../../shared/app/context';
import { buildDigest } from '../../../shared/app/digest';
import { renderDigest } from '../../../shared/mail/render-digest';

const RUN_DATE = '2026-11-23';
const planted = plantDemoLabor(generateDemoWorld({ seed: 42, asOf: RUN_DATE })).planted;
let demo: Demo;

beforeAll(async () => {
  demo = await startDemo({ asOf: RUN_DATE });
});
afterAll(async () => demo?.close());

const found = (labor: NonNullable<Awaited<ReturnType<Demo['runNight']>>['report']['labor']>) => labor.findings.map((f) => `${f.kind}:${f.subject.externalId}`).sort();

describe('labor leakage on the demo MSP', () => {
  it('finds every planted case on the ConnectWise clients and no trap, each priced', async () => {
    expect(planted.expected).toHaveLength(4);
    const { report } = await demo.runNight(RUN_DATE);
    const labor = report.labor!;
    expect(found(labor)).toEqual([...planted.expected].sort());
    const ids = new Set(labor.findings.flatMap((f) => [f.subject.externalId, ...f.entries.map((e) => e.externalId)]));
    expect(planted.traps.filter((t) => ids.has(t))).toEqual([]);
    expect(labor.findings.every((f) => f.status === 'open' && f.amountCents != null && f.amountCents > 0)).toBe(true);
    // 2.5 h at the entry's $150, 4 h of project work at $165, 1.5 h at the $125 default, 3 h over at $125.
    expect(labor.open.cents).toBe(37_500 + 66_000 + 18_750 + 37_500);
    expect(labor.open.byKind['block-overage']).toMatchObject({ count: 1, hours: 3 });
    // HaloPSA's work is read for client health (no time planted there): judged, and nothing found.
    expect(labor.sources).toEqual([expect.objectContaining({ sourceId: 'cw', full: true, stale: null }), expect.objectContaining({ sourceId: 'halo', stale: null })]);
    expect(labor.findings.filter((f) => f.sourceId !== 'cw')).toEqual([]);
    // The report's effective rate: the client with invoiced time has one, the others bill nothing by the hour.
    expect(labor.effectiveRates.some((r) => r.billedCents! > 0 && r.effectiveRateCents! > 0)).toBe(true);
    const cw = (await getManifest(demo.table, RUN_DATE)).find((m) => m.sourceId === 'cw')!;
    expect(cw.work).toMatchObject({ full: true, stale: null, timeEntries: 10, tickets: 2, invoices: 1 });

    // The owner digest says the same, apart from the $/month headline.
    const digest = await buildDigest(buildAppContext(demo.config, { now: () => demo.now() }));
    expect(digest.labor).toMatchObject({ open: { cents: labor.open.cents, count: 4 }, newThisWeek: { count: 4 } });
    expect(digest.labor!.effectiveRates.length).toBeGreaterThan(0);
    const text = renderDigest(digest).text;
    expect(text).toContain('$1,598 of work done and not billed, 11 h, in 4 findings; no earlier week to compare with.');
    expect(text).toContain('block-hours overage: 1, 3 h, $375');
  });

  it('reads only what changed the next night, keeps the set, and finds the same', async () => {
    const next = '2026-11-24';
    const before = demo.simulators.connectwise.log.length;
    const { report } = await demo.runNight(next);
    expect(found(report.labor!)).toEqual([...planted.expected].sort());
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
    expect(report.labor!.sources[0]!.stale).toMatch(/could not be read/);
    expect(found(report.labor!)).toEqual([...planted.expected].sort());
    expect((await loadLaborLedger(demo.table)).every((e) => e.status === 'open')).toBe(true);
  });
});

describe('acting on labor findings from the review list', () => {
  const reviewLinks = async () => {
    const inbox = await readInbox(demo.sesUrl);
    const review = inbox.filter((m) => m.destination.to.includes('billing@brightline-it.example') && /^Labor review/.test(m.subject));
    expect(review).toHaveLength(1);
    const text = review[0]!.body.text!;
    return { text, links: [...text.matchAll(/(Bill it(?: in the PSA)?|Covered, don't bill): (\S+)/g)].map((m) => ({ label: m[1]!, url: m[2]! })) };
  };
  const origin = { sourceIp: '127.0.0.1', userAgent: 'vitest' };
  const open = (url: string, method: 'GET' | 'POST', body: string | null = null) =>
    handleApproval(buildAppContext(demo.config, { now: () => demo.now() }), { method, path: new URL(url).pathname, body, origin });

  it("mails finance the week's review list on the review day, one Bill it and one Covered link per finding", async () => {
    const { text, links } = await reviewLinks();
    expect(links).toHaveLength(2 * planted.expected.length);
    expect(text).toContain('Replace failed switch in server room');
    // Block-hours overage and unbilled time cannot be billed through the API: their link says so.
    expect(links.filter((l) => l.label === 'Bill it in the PSA')).toHaveLength(2);
  });

  it('"Bill it" makes the absorbed time billable in the PSA once, and the next night resolves the finding as recovered', async () => {
    const outOfScope = planted.expected.find((k) => k.startsWith('out-of-scope:'))!.split(':')[1]!;
    demo.simulators.connectwise.clock = () => demo.now();
    const { links } = await reviewLinks();
    const ledger = await loadLaborLedger(demo.table);
    const order = ledger.filter((e) => e.status === 'open').sort((a, b) => (b.amountCents ?? 0) - (a.amountCents ?? 0) || a.key.localeCompare(b.key));
    const at = order.findIndex((e) => e.key === `out-of-scope:cw:${outOfScope}`);
    const bill = links.filter((l) => l.label.startsWith('Bill it'))[at]!;

    const shown = await open(bill.url, 'GET');
    expect(shown.status).toBe(200);
    expect(demo.simulators.connectwise.state.timeEntries.find((e) => e.id === Number(outOfScope))!.billableOption).toBe('NoCharge');
    const done = await open(bill.url, 'POST', 'confirm=yes');
    expect(done.body).toContain('Billed');
    expect(demo.simulators.connectwise.state.timeEntries.find((e) => e.id === Number(outOfScope))!.billableOption).toBe('Billable');
    // A second click (or a replayed request) changes nothing.
    const again = await open(bill.url, 'POST', 'confirm=yes');
    expect(again.body).toContain('Already decided');
    expect(demo.simulators.connectwise.log.filter((r) => r.method === 'PATCH')).toHaveLength(1);

    const { report } = await demo.runNight('2026-11-26');
    const after = await loadLaborLedger(demo.table);
    expect(after.find((e) => e.key === `out-of-scope:cw:${outOfScope}`)).toMatchObject({ status: 'resolved', resolvedOn: '2026-11-26', recoveredCents: 66_000 });
    // Now billable and awaiting its invoice: not a new gap.
    expect(after.find((e) => e.key === `unbilled-time:cw:${outOfScope}`)).toMatchObject({ status: 'billed' });
    expect(report.labor!.recoveredTonightCents).toBe(66_000);
    expect(report.labor!.open.count).toBe(planted.expected.length - 1);
  });

  it('"Covered, don\'t bill" needs a reason, is audited, and the finding is not listed again', async () => {
    const closed = planted.expected.find((k) => k.startsWith('closed-unbilled:'))!.split(':')[1]!;
    const { links } = await reviewLinks();
    const ledger = await loadLaborLedger(demo.table);
    const token = (url: string) => decodeURIComponent(new URL(url).pathname.split('/').pop()!);
    const covered = links.filter((l) => l.label === "Covered, don't bill").find((l) => Buffer.from(token(l.url).split('.')[0]!, 'base64url').toString().includes(`closed-unbilled:cw:${closed}`))!;
    // A link whose payload is altered (here: one character of it) is refused before anything is read.
    const at = covered.url.lastIndexOf('/') + 20;
    const forged = `${covered.url.slice(0, at)}${covered.url[at] === 'A' ? 'B' : 'A'}${covered.url.slice(at + 1)}`;
    const refused = await open(forged, 'POST', `confirm=yes&reason=x`);
    expect([400, 403]).toContain(refused.status);
    expect(refused.body).toContain('Nothing was changed');
    expect((await open(covered.url, 'POST', 'confirm=yes&reason=')).status).toBe(400);
    const done = await open(covered.url, 'POST', `confirm=yes&reason=${encodeURIComponent('Warranty work')}`);
    expect(done.body).toContain('Marked covered');
    expect(ledger.find((e) => e.key === `closed-unbilled:cw:${closed}`)!.status).toBe('open');
    const { report } = await demo.runNight('2026-11-27');
    expect(report.labor!.findings.find((f) => f.key === `closed-unbilled:cw:${closed}`)).toMatchObject({ status: 'covered', decision: { reason: 'Warranty work', by: 'billing@brightline-it.example' } });
    expect(report.labor!.open.byKind['closed-unbilled'].count).toBe(0);
    const audit = await listAudit(demo.table, '2026-11');
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['labor billed', 'labor covered']));
  });
});
