import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../../local/demo/run-demo';
import { generateDemoWorld } from '../../../local/demo/generate';
import { plantDemoLabor } from '../../../local/demo/labor';
import { loadLaborLedger } from '../../../shared/store/labor';
import { getManifest } from '../../../shared/store/snapshots';

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
    expect(labor.sources).toEqual([expect.objectContaining({ sourceId: 'cw', full: true, stale: null })]);
    // The report's effective rate: the client with invoiced time has one, the others bill nothing by the hour.
    expect(labor.effectiveRates.some((r) => r.billedCents! > 0 && r.effectiveRateCents! > 0)).toBe(true);
    const cw = (await getManifest(demo.table, RUN_DATE)).find((m) => m.sourceId === 'cw')!;
    expect(cw.work).toMatchObject({ full: true, stale: null, timeEntries: 10, tickets: 2, invoices: 1 });
  });

  it('reads only what changed the next night, keeps the set, and finds the same', async () => {
    const next = '2026-11-24';
    const before = demo.simulators.connectwise.log.length;
    const { report } = await demo.runNight(next);
    expect(found(report.labor!)).toEqual([...planted.expected].sort());
    const reads = demo.simulators.connectwise.log.slice(before).filter((r) => r.path.endsWith('/time/entries'));
    expect(reads.every((r) => new URLSearchParams(r.query).get('conditions')!.includes('lastUpdated>['))).toBe(true);
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
