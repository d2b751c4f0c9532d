import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../local/demo/run-demo';
import { formatSummary } from '../../local/summary';
import { buildAppContext } from '../../shared/app/context';
import { buildDigest } from '../../shared/app/digest';
import type { NightReport } from '../../shared/app/reconcile-night';
import { loadLedger } from '../../shared/store/ledger';
import { listProposals } from '../../shared/store/proposals';
import { renderDigest } from '../../shared/mail/render-digest';
import type { LedgerEntry } from '../../shared/domain/ledger';

/**
 * A source dropping most of its records, run as whole nights through the simulators: NinjaOne
 * serves every device, then one night about a tenth of them (as a narrowed API key or a partial
 * outage would, with a 200), then all of them again.
 */

const NIGHTS = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'] as const;
let demo: Demo;
let allDevices: unknown[];

const fromNinja = (e: Pick<LedgerEntry, 'evidence'>) => e.evidence.some((x) => x.sourceId === 'ninja');

beforeAll(async () => {
  demo = await startDemo({ asOf: NIGHTS[0] });
  allDevices = demo.simulators.ninjaone.state.devices;
});
afterAll(async () => demo?.close());

describe('a source dropping most of its records', () => {
  let before: LedgerEntry[];
  let firstNight: NightReport;
  let suspectNight: NightReport;

  it('trusts a first night with no history', async () => {
    const { report } = await demo.runNight(NIGHTS[0]);
    firstNight = report;
    expect(report.dataQuality.suspectSources).toEqual([]);
    expect(report.findings.some((f) => f.suspect)).toBe(false);
    before = await loadLedger(demo.table);
    expect(before.filter((e) => fromNinja(e) && e.status !== 'resolved').length).toBeGreaterThan(0);
  });

  it('flags the night NinjaOne serves a tenth of its devices, proposes no decrease from it and resolves nothing', async () => {
    demo.simulators.ninjaone.state.devices = allDevices.slice(0, Math.ceil(allDevices.length / 10));
    const night = await demo.runNight(NIGHTS[1]);
    suspectNight = night.report;
    const report = night.report;

    expect(report.sources.find((s) => s.sourceId === 'ninja')!.state).toBe('fresh');
    expect(report.dataQuality.suspectSources).toHaveLength(1);
    expect(report.dataQuality.suspectSources[0]!.reason).toMatch(/^ninja: \d+ devices tonight against [\d,]+ usually \(-9\d%\)$/);

    // Its findings are shown, each flagged with why.
    const ninjaFindings = report.findings.filter(fromNinja);
    expect(ninjaFindings.some((f) => f.kind === 'over-billed')).toBe(true);
    expect(ninjaFindings.every((f) => f.suspect?.startsWith('suspect data from ninja: '))).toBe(true);
    expect(report.findings.filter((f) => !fromNinja(f) && f.sourceId !== 'ninja').every((f) => f.suspect === undefined)).toBe(true);

    // No decrease proposed from it: each is held with the reason instead.
    const proposals = (await listProposals(demo.table, NIGHTS[1])).filter((p) => p.createdOn === NIGHTS[1]);
    expect(proposals.filter((p) => p.proposedQuantity < p.expectedQuantity && p.evidence.some((x) => x.sourceId === 'ninja'))).toEqual([]);
    expect(report.proposals.blocked.filter((b) => /^suspect data from ninja: .*; no decrease is proposed from it$/.test(b.reason)).length).toBeGreaterThan(0);

    // Nothing resolved, nothing opened from it, and the ledger keeps the last trusted figures: the headline does not move.
    const counted = (t: typeof report.totals) => ({ ...t, byStatus: { ...t.byStatus, held: null } });
    expect(counted(report.totals)).toEqual(counted(firstNight.totals));
    // Tonight's untrusted gaps are listed as held, not counted.
    expect(report.findings.filter((f) => f.suspect && f.status === 'held').length).toBeGreaterThan(0);
    expect([...report.findings, ...report.carried].filter((f) => f.status === 'held').length).toBe(report.totals.byStatus.held.findings);
    const after = await loadLedger(demo.table);
    expect(after.filter((e) => e.firstSeen === NIGHTS[1] && fromNinja(e))).toEqual([]);
    for (const old of before.filter((e) => fromNinja(e) && e.status !== 'resolved')) {
      const now = after.find((e) => e.clientKey === old.clientKey && e.lineKey === old.lineKey)!;
      expect(now.status).not.toBe('resolved');
      expect([now.billed, now.observed, now.delta]).toEqual([old.billed, old.observed, old.delta]);
    }
  });

  it('says why in the summary and in the digest, in plain words', async () => {
    const reason = suspectNight.dataQuality.suspectSources[0]!.reason;
    const summary = formatSummary(suspectNight, []);
    expect(summary).toMatch(/ninja\s+ninjaone\s+SUSPECT/);
    // The totals say which statuses they add, and list the held gaps apart.
    expect(summary).toMatch(/^By status: {5}.*held \d+ \(\$[\d,.]+ over-billed\)/m);
    expect(summary).toContain(`               ${suspectNight.totals.note}`);
    expect(summary).toContain(`Suspect data (findings flagged; no decrease proposed, nothing resolved)\n  ${reason}`);

    const model = await buildDigest(buildAppContext(demo.config, { now: () => new Date(`${NIGHTS[1]}T15:00:00Z`) }));
    expect(model.dataQuality?.quality.suspectSources.map((s) => s.reason)).toEqual([reason]);
    const { subject, text } = renderDigest(model);
    expect(subject).toContain('suspect data');
    expect(text).toContain(`SUSPECT DATA on the night of`);
    expect(text).toContain(`- ${reason}`);
  });

  it('clears when the counts come back the next night', async () => {
    demo.simulators.ninjaone.state.devices = allDevices;
    const { report } = await demo.runNight(NIGHTS[2]);
    expect(report.dataQuality.suspectSources).toEqual([]);
    expect(report.dataQuality.suspectClients).toEqual([]);
    expect(report.findings.some((f) => f.suspect)).toBe(false);
    const ledger = await loadLedger(demo.table);
    expect(ledger.filter((e) => e.lastSeen === NIGHTS[2] && e.suspect)).toEqual([]);
  });
});

describe('a client whose usage goes to zero in one night', () => {
  it('is suspect while its source looks whole: its findings are flagged and nothing of it is resolved', async () => {
    const pax8 = demo.simulators.pax8.state;
    const gone = demo.world.clients.find((c) => c.pax8 && c.pax8.subscriptions.some((x) => x.status === 'Active'))!;
    pax8.subscriptions = pax8.subscriptions.filter((x) => (x as { companyId: string }).companyId !== gone.pax8!.id);
    const { report } = await demo.runNight(NIGHTS[3]);
    expect(report.dataQuality.suspectSources).toEqual([]);
    expect(report.dataQuality.suspectClients).toHaveLength(1);
    const { reason, clientKey: key } = report.dataQuality.suspectClients[0]!;
    expect(reason.startsWith(`${gone.psa.name}: 0 seats tonight against `) && reason.endsWith(' usually (-100%)')).toBe(true);
    expect(report.findings.filter((f) => f.clientKey === key).length).toBeGreaterThan(0);
    expect(report.findings.filter((f) => f.clientKey === key).every((f) => f.suspect?.startsWith(`suspect counts for ${gone.psa.name}`))).toBe(true);
    expect(report.findings.filter((f) => f.clientKey !== key).some((f) => f.suspect)).toBe(false);
    const ledger = await loadLedger(demo.table);
    expect(ledger.filter((e) => e.clientKey === key && e.resolvedOn === NIGHTS[3])).toEqual([]);
  });
});

