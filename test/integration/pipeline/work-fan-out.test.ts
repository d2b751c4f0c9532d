import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../../local/demo/run-demo';
import { generateDemoWorld } from '../../../local/demo/generate';
import { generateWork } from '../../../local/demo/generate-work';
import { LABOR_RATES, LABOR_WORK_TYPES, plantDemoLabor } from '../../../local/demo/labor';
import type { LocalNight } from '../../../local/night';
import { buildAppContext } from '../../../shared/app/context';
import { collectSource } from '../../../shared/app/collect';
import { collectPartition, failWorkPartition, finishCollect, planCollect } from '../../../shared/app/fan-out';
import { isWorkList } from '../../../shared/connectors/partitions';
import { addDays } from '../../../shared/domain/dates';
import { getManifest, getSnapshot, putManifest } from '../../../shared/store/snapshots';

/**
 * Syncro's labor pull (tickets, timers, invoices) cut into partitions of one page each, beside the
 * same night read in one invocation. Syncro's seat pull does not split: it is read whole in the
 * head. The simulator serves 10 rows a page where the spec says 25, so bounds are page numbers and
 * the last partition of each list reads on to the list's end. ConnectWise's seat pull is partitioned
 * too, its work read whole in the finish step: every request of both is in the manifest.
 */
const RUN_DATE = '2026-11-23';
const PARTITIONED = ['cw', 'syncro'];
const labor = { enabled: true, rates: LABOR_RATES, coveredWorkTypes: { [LABOR_WORK_TYPES.agreementType]: [...LABOR_WORK_TYPES.covered] } };
const fast = { rateLimit: { requests: 6000, perSeconds: 60 } };
const clamp = { syncro: { clampPageSize: 10 } };
let whole: Demo;
let split: Demo;
let wholeNight: LocalNight;
let splitNight: LocalNight;
let served: { whole: Record<string, number>; split: Record<string, number> };

/** The demo world (labor planted on three clients of each PSA, Syncro's included), and a month of ordinary work on the other Syncro clients. */
function world() {
  const w = plantDemoLabor(generateDemoWorld({ seed: 42, asOf: RUN_DATE })).world;
  const syncro = w.clients.filter((c) => c.psa.vendor === 'syncro' && c.agreements.length > 0);
  generateWork({ ...w, clients: syncro.filter((c) => !c.work) }, { seed: 5, ticketsPerMonth: 60, timeEntriesPerMonth: 150, days: 60 });
  return w;
}

/** Requests each simulator served during `run`. */
async function counting<T>(demo: Demo, run: () => Promise<T>): Promise<{ result: T; served: Record<string, number> }> {
  const before = { cw: demo.simulators.connectwise.log.length, syncro: demo.simulators.syncro.log.length };
  const result = await run();
  return { result, served: { cw: demo.simulators.connectwise.log.length - before.cw, syncro: demo.simulators.syncro.log.length - before.syncro } };
}

async function snapshotOf(demo: Demo, sourceId: string, runDate: string) {
  const snap = await getSnapshot(demo.table, sourceId, runDate);
  expect(snap).not.toBeNull();
  const { fetchedAt: _fetchedAt, runDate: _runDate, workRead: _workRead, ...content } = snap!;
  return content;
}

const requestsOf = async (demo: Demo, runDate: string) => Object.fromEntries((await getManifest(demo.table, runDate)).filter((e) => PARTITIONED.includes(e.sourceId)).map((e) => [e.sourceId, e.requests]));
const laborOf = (night: LocalNight, sourceId: string) => night.report.labor!.findings.filter((f) => f.sourceId === sourceId);

beforeAll(async () => {
  const single = { fanOut: { mode: 'single' } };
  whole = await startDemo({ asOf: RUN_DATE, world: world(), faults: clamp, sourceOverrides: { cw: { ...single, ...fast }, syncro: { ...single, ...fast, labor } } });
  const tiny = { fanOut: { mode: 'partitioned', partitionSize: 1 }, ...fast };
  split = await startDemo({ asOf: RUN_DATE, world: world(), faults: clamp, sourceOverrides: { cw: tiny, syncro: { ...tiny, labor } } });
  const a = await counting(whole, () => whole.runNight(RUN_DATE));
  wholeNight = a.result;
  // The plan sizes partitions from the previous night's manifest: the one the whole pull left.
  for (const entry of await getManifest(whole.table, RUN_DATE)) if (PARTITIONED.includes(entry.sourceId)) await putManifest(split.table, addDays(RUN_DATE, -1), entry);
  const b = await counting(split, () => split.runNight(RUN_DATE));
  splitNight = b.result;
  served = { whole: a.served, split: b.served };
}, 300_000);
afterAll(async () => {
  await whole?.close();
  await split?.close();
});

describe("a night with Syncro's labor pull partitioned", () => {
  it('runs a partition per page of timers, tickets and invoices and stores the same work set and seats', async () => {
    const entry = (await getManifest(split.table, RUN_DATE)).find((e) => e.sourceId === 'syncro')!;
    const listed = entry.listed!;
    // Pages of 25 as the plan estimates them, the last of each list open-ended (at 10 a page it reads on past the estimate).
    const estimated = ['ticket_timers', 'tickets', 'invoices'].reduce((n, list) => n + Math.max(1, Math.ceil(listed[`work:${list}`]! / 25)), 0);
    expect(entry.partitions).toBe(estimated);
    expect(listed['work:ticket_timers']).toBeGreaterThan(50);
    expect(entry.work).toMatchObject({ full: true, stale: null });
    expect(entry.work!.timeEntries).toBeGreaterThan(0);
    expect(await snapshotOf(split, 'syncro', RUN_DATE)).toEqual(await snapshotOf(whole, 'syncro', RUN_DATE));
    expect((await getManifest(whole.table, RUN_DATE)).find((e) => e.sourceId === 'syncro')!.partitions).toBeUndefined();
  });

  it('finds the same labor leakage as the night read in one invocation', () => {
    expect(laborOf(wholeNight, 'syncro').length).toBeGreaterThan(0);
    expect(laborOf(splitNight, 'syncro')).toEqual(laborOf(wholeNight, 'syncro'));
    expect(splitNight.report.labor!.open).toEqual(wholeNight.report.labor!.open);
  });

  it('counts in the manifest every request the simulators served, whole and partitioned', async () => {
    expect(served.whole.syncro).toBeGreaterThan(20);
    expect(await requestsOf(whole, RUN_DATE)).toEqual(served.whole);
    expect(await requestsOf(split, RUN_DATE)).toEqual(served.split);
  });

  it('resumes a work partition stopped mid-way, reading the window decided at plan, and merges once', async () => {
    const night = addDays(RUN_DATE, 1);
    const sources = split.config.sources.map((s) => (s.id === 'syncro' ? { ...s, fanOut: { mode: 'partitioned' as const, partitionSize: 4, singleUpToSeconds: 600, maxConcurrency: 4 } } : s));
    const ctx = buildAppContext({ ...split.config, sources }, { events: { publish: async () => undefined } });
    const { result: stored, served: made } = await counting(split, async () => {
      const plan = await planCollect(ctx, 'syncro', night);
      if (plan.mode !== 'partitioned') throw new Error(`expected a partitioned plan, got ${plan.mode}: ${plan.reason}`);
      const work = plan.partitions.filter((p) => isWorkList(p.list));
      // An incremental night: one window, carried on every work partition.
      expect(work.length).toBeGreaterThan(3);
      expect(new Set(work.map((p) => JSON.stringify(p.work))).size).toBe(1);
      expect(work[0]!.work).toMatchObject({ full: false, changedSince: expect.any(String) });
      let invocations = 0;
      let steps = 0;
      const timeLeft = () => (++steps % 3 === 0 ? 0 : 900_000);
      for (const partition of plan.partitions) {
        for (let done = false; !done; invocations++) done = (await collectPartition(ctx, { sourceId: 'syncro', runDate: night, run: plan.run, partition }, timeLeft)).done;
      }
      expect(invocations).toBeGreaterThan(plan.partitions.length);
      const since = split.simulators.syncro.log.filter((r) => r.path.endsWith('/tickets')).map((r) => new URLSearchParams(r.query).get('since_updated_at'));
      expect(since.at(-1)).toBe(work[0]!.work!.from);
      return finishCollect(ctx, { sourceId: 'syncro', runDate: night, run: plan.run, partitions: plan.partitions });
    });
    expect(stored).toMatchObject({ state: 'stored', work: { full: false, stale: null } });
    expect(stored.requests).toBe(made.syncro);
    // The same night read in one invocation, merged into the same set of the night before.
    const one = await counting(whole, () => collectSource(buildAppContext(whole.config, { events: { publish: async () => undefined } }), 'syncro', night));
    expect(one.result).toMatchObject({ state: 'stored', work: { full: false, stale: null }, requests: one.served.syncro });
    expect(await snapshotOf(split, 'syncro', night)).toEqual(await snapshotOf(whole, 'syncro', night));
  }, 120_000);

  it('keeps the last work set, marked stale, when a work partition fails, and stores the seats', async () => {
    const night = addDays(RUN_DATE, 2);
    const refused = { ...clamp.syncro, refuseOn: { path: /\/ticket_timers$/, status: 403 } };
    split.simulators.syncro.faults = refused;
    whole.simulators.syncro.faults = refused;
    const { result, served: made } = await counting(split, () => split.runNight(night));
    const one = await whole.runNight(night);
    split.simulators.syncro.faults = clamp.syncro;
    whole.simulators.syncro.faults = clamp.syncro;
    const entry = (await getManifest(split.table, night)).find((e) => e.sourceId === 'syncro')!;
    expect(entry.state).toBe('stored');
    expect(entry.work!.stale).toMatch(/could not be read/);
    expect(entry.requests).toBe(made.syncro);
    // The failed night keeps the sizes of the last good read for the next night's plan.
    expect(Object.keys(entry.listed!)).toEqual(expect.arrayContaining(['work:ticket_timers', 'work:tickets', 'work:invoices']));
    // Exactly what the night read in one invocation keeps: the seats read tonight, the last work set marked stale.
    expect(await snapshotOf(split, 'syncro', night)).toEqual(await snapshotOf(whole, 'syncro', night));
    const readOf = async (demo: Demo) => {
      const { at: _at, ...read } = (await getSnapshot(demo.table, 'syncro', night))!.workRead!;
      return read;
    };
    expect(await readOf(split)).toEqual(await readOf(whole));
    expect((await getSnapshot(split.table, 'syncro', night))!.clients.length).toBeGreaterThan(0);
    expect(result.report.labor!.sources.find((s) => s.sourceId === 'syncro')!.stale).toMatch(/could not be read/);
    expect(laborOf(result, 'syncro')).toEqual(laborOf(one, 'syncro'));
  }, 120_000);

  it("keeps the last work set stale when a work partition's worker still fails after its retries (the machine's catch records it)", async () => {
    const night = addDays(RUN_DATE, 3);
    const ctx = buildAppContext(split.config, { events: { publish: async () => undefined } });
    const plan = await planCollect(ctx, 'syncro', night);
    if (plan.mode !== 'partitioned') throw new Error(plan.reason);
    const [crashed, ...rest] = plan.partitions;
    for (const partition of rest) await collectPartition(ctx, { sourceId: 'syncro', runDate: night, run: plan.run, partition }, () => 900_000);
    await failWorkPartition(ctx, { sourceId: 'syncro', runDate: night, run: plan.run, partition: crashed! }, 'Task timed out after 900 seconds');
    const stored = await finishCollect(ctx, { sourceId: 'syncro', runDate: night, run: plan.run, partitions: plan.partitions });
    expect(stored.state).toBe('stored');
    expect(stored.work!.stale).toMatch(/could not be read tonight \(Task timed out after 900 seconds\)/);
    expect((await getSnapshot(split.table, 'syncro', night))!.clients).toEqual((await getSnapshot(split.table, 'syncro', RUN_DATE))!.clients);
  });
});
