import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../../local/demo/run-demo';
import type { LocalNight } from '../../../local/night';
import { buildAppContext } from '../../../shared/app/context';
import { collectPartition, finishCollect, planCollect } from '../../../shared/app/fan-out';
import { addDays } from '../../../shared/domain/dates';
import { getManifest, getSnapshot, putManifest } from '../../../shared/store/snapshots';

/**
 * A night whose pulls that split run as many tiny partitions (ConnectWise one agreement each,
 * HaloPSA one page of two records, Kaseya VSA one page of ten agents) against the simulators,
 * beside the same night pulled whole.
 */
const RUN_DATE = '2026-11-23';
const PARTITIONED = ['cw', 'halo', 'vsa'];
// Two records a page: HaloPSA's health work (hundreds of tickets) would run into its rate limit, so it is not read here.
const halo = { pageSize: 2, labor: { enabled: false } };
const vsa = { pageSize: 10 };
let whole: Demo;
let split: Demo;
let wholeNight: LocalNight;
let splitNight: LocalNight;

/** What a night's report says, without what differs by when it ran. */
const findingsOf = (night: LocalNight) => ({
  totals: night.report.totals,
  findings: night.report.findings,
  byKind: night.report.findingsByKind,
  renewals: night.report.renewals,
  unmatched: night.report.unmatched,
  quarantined: night.report.sources.map((s) => s.quarantined),
});

async function snapshotOf(demo: Demo, sourceId: string, runDate: string) {
  const snap = await getSnapshot(demo.table, sourceId, runDate);
  expect(snap).not.toBeNull();
  // When and how the night's work was read (full or incremental) differs by night; what was read must not.
  const { fetchedAt: _fetchedAt, runDate: _runDate, workRead: _workRead, ...content } = snap!;
  return content;
}

beforeAll(async () => {
  const single = { fanOut: { mode: 'single' } };
  whole = await startDemo({ asOf: RUN_DATE, sourceOverrides: { cw: single, halo: { ...halo, ...single }, vsa: { ...vsa, ...single } } });
  // A fast pace: the partitions share the bucket at the simulators' speed rather than Halo's 332 requests per 5 minutes.
  const tiny = { fanOut: { mode: 'partitioned', partitionSize: 1 }, rateLimit: { requests: 6000, perSeconds: 60 } };
  split = await startDemo({ asOf: RUN_DATE, sourceOverrides: { cw: tiny, halo: { ...halo, ...tiny }, vsa: { ...vsa, ...tiny } } });
  wholeNight = await whole.runNight(RUN_DATE);
  // The plan sizes partitions from the previous night's manifest: the one the whole pull left.
  for (const entry of await getManifest(whole.table, RUN_DATE)) if (PARTITIONED.includes(entry.sourceId)) await putManifest(split.table, addDays(RUN_DATE, -1), entry);
  splitNight = await split.runNight(RUN_DATE);
}, 300_000);
afterAll(async () => {
  await whole?.close();
  await split?.close();
});

describe('a night with its long pulls partitioned', () => {
  it('runs every partition it planned and stores the same snapshots as the whole pulls', async () => {
    const manifest = await getManifest(split.table, RUN_DATE);
    const cw = manifest.find((e) => e.sourceId === 'cw')!;
    const haloEntry = manifest.find((e) => e.sourceId === 'halo')!;
    // One partition per ConnectWise agreement; one per page of Halo recurring invoices and of assets.
    expect(cw.partitions).toBe(cw.listed!.agreements);
    expect(haloEntry.partitions).toBe(Math.ceil(haloEntry.listed!.invoices! / 2) + Math.ceil(haloEntry.listed!.assets! / 2));
    expect(haloEntry.partitions).toBeGreaterThan(4);
    // One per page of Kaseya VSA agents, by $skip offset.
    const vsaEntry = manifest.find((e) => e.sourceId === 'vsa')!;
    expect(vsaEntry.partitions).toBe(Math.ceil(vsaEntry.listed!.devices! / 10));
    for (const id of PARTITIONED) expect(await snapshotOf(split, id, RUN_DATE)).toEqual(await snapshotOf(whole, id, RUN_DATE));
    // The whole pulls ran as one invocation each.
    expect((await getManifest(whole.table, RUN_DATE)).filter((e) => PARTITIONED.includes(e.sourceId)).map((e) => e.partitions)).toEqual([undefined, undefined, undefined]);
  });

  it('finds exactly what the unpartitioned night finds', () => {
    expect(findingsOf(splitNight)).toEqual(findingsOf(wholeNight));
    expect(splitNight.report.totals.unbilledCents).toBeGreaterThan(0);
  });

  it('resumes a partition that stopped before its time ran out where it stopped, and assembles the same pull', async () => {
    const night = addDays(RUN_DATE, 1);
    // Partitions of several steps each, so a worker can stop inside one.
    const sources = split.config.sources.map((s) => (PARTITIONED.includes(s.id) ? { ...s, fanOut: { mode: 'partitioned' as const, partitionSize: 4, singleUpToSeconds: 600, maxConcurrency: 4 } } : s));
    const ctx = buildAppContext({ ...split.config, sources }, { events: { publish: async () => undefined } });
    for (const sourceId of PARTITIONED) {
      const plan = await planCollect(ctx, sourceId, night);
      if (plan.mode !== 'partitioned') throw new Error(`expected a partitioned plan for ${sourceId}, got ${plan.mode}: ${plan.reason}`);
      let invocations = 0;
      let steps = 0;
      // Time runs out after every third step: that invocation checkpoints and stops, and the next goes on from there.
      const timeLeft = () => (++steps % 3 === 0 ? 0 : 900_000);
      for (const partition of plan.partitions) {
        for (let done = false; !done; invocations++) done = (await collectPartition(ctx, { sourceId, runDate: night, run: plan.run, partition }, timeLeft)).done;
      }
      expect(invocations).toBeGreaterThan(plan.partitions.length);
      const stored = await finishCollect(ctx, { sourceId, runDate: night, run: plan.run, partitions: plan.partitions });
      expect(stored.state).toBe('stored');
      expect(await snapshotOf(split, sourceId, night)).toEqual(await snapshotOf(whole, sourceId, RUN_DATE));
    }
  }, 120_000);

  it('never stores a snapshot or manifest entry before every partition is done', async () => {
    const night = addDays(RUN_DATE, 2);
    const ctx = buildAppContext(split.config, { events: { publish: async () => undefined } });
    const plan = await planCollect(ctx, 'cw', night);
    if (plan.mode !== 'partitioned') throw new Error(plan.reason);
    await collectPartition(ctx, { sourceId: 'cw', runDate: night, run: plan.run, partition: plan.partitions[0]! }, () => 900_000);
    await expect(finishCollect(ctx, { sourceId: 'cw', runDate: night, run: plan.run, partitions: plan.partitions })).rejects.toThrow(/partitions 1, 2.* not finished/);
    expect(await getSnapshot(split.table, 'cw', night)).toBeNull();
    // The manifest says the source failed tonight (reconcile must not wait for it), never that it was stored.
    expect((await getManifest(split.table, night)).find((e) => e.sourceId === 'cw')?.state).toBe('failed');
  });
});
