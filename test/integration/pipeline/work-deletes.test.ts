import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATOR_ENV, SIMULATORS, type Simulators } from '../../../local/simulators';
import type { FaultPlan } from '../../../local/simulators/harness';
import { collectSource } from '../../../shared/app/collect';
import { buildAppContext, type AppContext } from '../../../shared/app/context';
import { reconcileLabor } from '../../../shared/app/reconcile-labor';
import { addDays, weekdayOf } from '../../../shared/domain/dates';
import type { DemoWorld } from '../../../local/demo/world';
import type { SourceStatus } from '../../../shared/domain/model';
import { loadLaborLedger } from '../../../shared/store/labor';
import { getManifest, getSnapshot } from '../../../shared/store/snapshots';
import { APPROVAL_ENV, approvalConfig } from '../../support/approval-config';
import { autotaskWorld } from '../../support/autotask-world';
import { connectWiseWorld } from '../../support/connectwise-world';
import { startDynamo, type EmbeddedDynamo } from '../../support/dynamo';
import { haloWorld } from '../../support/halopsa-world';
import { syncroWorld } from '../../support/syncro-world';
import { W, withWork } from '../../support/work-world';

/**
 * A time entry deleted in the PSA after a night that found it: the next night (only changes read)
 * no longer has it, and its finding is closed as deleted, not as money recovered. ConnectWise and
 * Autotask learn it by reading the findings' records again by id; HaloPSA and Syncro read their
 * time whole every night, so it is simply not there.
 */

type Psa = 'connectwise' | 'autotask' | 'halopsa' | 'syncro';
const CASES: Record<Psa, { world: () => DemoWorld; main: string; other: string; agreement: string; remove: (sim: Simulators[Psa], id: number) => void }> = {
  connectwise: { world: connectWiseWorld, main: '250', other: '251', agreement: '101', remove: (sim, id) => drop((sim as Simulators['connectwise']).state.timeEntries, id) },
  autotask: { world: () => autotaskWorld(), main: '29683001', other: '29683002', agreement: '1001', remove: (sim, id) => drop((sim as Simulators['autotask']).state.entities.TimeEntries, id) },
  halopsa: { world: haloWorld, main: '11', other: '12', agreement: '1001', remove: (sim, id) => drop((sim as Simulators['halopsa']).state.actions, id) },
  syncro: { world: syncroWorld, main: '1000101', other: '1000102', agreement: '2001', remove: (sim, id) => drop((sim as Simulators['syncro']).state.timers, id) },
};

function drop(rows: Array<Record<string, unknown>>, id: number): void {
  const at = rows.findIndex((r) => r.id === id);
  if (at < 0) throw new Error(`no record ${id} to delete`);
  rows.splice(at, 1);
}

let dynamo: EmbeddedDynamo;
beforeAll(async () => {
  dynamo = await startDynamo();
});
afterAll(async () => dynamo?.close());
const closing: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((c) => c()));
});

async function setup(psa: Psa, faults?: FaultPlan) {
  const c = CASES[psa];
  const world = withWork(c.world(), { main: { clientId: c.main, agreementId: c.agreement }, other: { clientId: c.other } });
  const sim = (await SIMULATORS[psa].start(world, { faults })) as Simulators[Psa];
  closing.push(() => sim.close());
  const table = await dynamo.freshTable();
  const first = world.asOf;
  const source = { ...(SIMULATORS[psa].demoSource(sim.url) as object), id: 'psa', labor: { enabled: true, fullReadDay: weekdayOf(first), rates: { defaultCents: 12_500 } } };
  const config = approvalConfig({ sources: [source] as never, storage: { tableName: table.name, endpoint: dynamo.endpoint } });
  const night = async (runDate: string) => {
    const ctx: AppContext = buildAppContext(config, { env: { ...APPROVAL_ENV, ...SIMULATOR_ENV }, now: () => new Date(`${runDate}T08:00:00.000Z`), events: { publish: async () => {} } });
    const outcome = await collectSource(ctx, 'psa', runDate);
    expect(outcome.state).toBe('stored');
    const snapshot = (await getSnapshot(table, 'psa', runDate))!;
    const statuses: SourceStatus[] = [{ sourceId: 'psa', kind: psa, role: 'psa', state: 'fresh', snapshot }];
    const labor = await reconcileLabor(ctx, runDate, statuses);
    const manifest = (await getManifest(table, runDate)).find((m) => m.sourceId === 'psa')!;
    return { snapshot, labor: labor!, manifest, ledger: await loadLaborLedger(table) };
  };
  return { sim, first, night, remove: (id: string) => c.remove(sim, Number(id)) };
}

const KEY = `unbilled-time:psa:${W.unbilledOld}`;

describe.each(Object.keys(CASES) as Psa[])('%s: a time entry deleted in the PSA', (psa) => {
  it('is gone from the next night read by changes only, and its finding is deleted, not recovered', async () => {
    const { first, night, remove } = await setup(psa);
    const before = await night(first);
    expect(before.labor.findings.map((f) => f.key)).toContain(KEY);

    remove(W.unbilledOld);
    const after = await night(addDays(first, 1));
    expect(after.snapshot.workRead).toMatchObject({ full: false, stale: null, deleted: { timeEntries: [W.unbilledOld], tickets: [] } });
    expect(after.snapshot.work!.timeEntries.map((e) => e.externalId)).not.toContain(W.unbilledOld);
    expect(after.labor.findings.map((f) => f.key)).not.toContain(KEY);
    expect(after.ledger.find((e) => e.key === KEY)).toMatchObject({ status: 'deleted', resolvedOn: addDays(first, 1), recoveredCents: 0 });
    expect(after.labor.recoveredTonightCents).toBe(0);
    // The other findings still stand.
    expect(after.labor.findings.length).toBe(before.labor.findings.length - 1);
  });
});

/** Refuses the by-id reads only (a token revoked for them); the rest of the read goes through. */
const BY_ID_REFUSED: Partial<Record<Psa, FaultPlan>> = {
  connectwise: { refuseOn: { path: /\/time\/entries$/, status: 401, matching: /conditions=id[+ ]in[+ ]\(/ } },
  autotask: { refuseOn: { path: /\/TimeEntries\/query$/, status: 401, matching: /"op":"in","field":"id"/ } },
};

describe.each(Object.keys(BY_ID_REFUSED) as Psa[])('%s: a confirm that fails', (psa) => {
  it('keeps the set, marked stale with the reason, and resolves nothing from it', async () => {
    const { sim, first, night, remove } = await setup(psa);
    const before = await night(first);
    remove(W.unbilledOld);
    sim.faults = BY_ID_REFUSED[psa]!;
    const after = await night(addDays(first, 1));
    expect(after.snapshot.workRead!.stale).toMatch(/behind labor findings could not be confirmed in the PSA tonight \(.+\)/);
    expect(after.manifest.work!.stale).toBe(after.snapshot.workRead!.stale);
    expect(after.snapshot.warnings).toContain(after.snapshot.workRead!.stale);
    // Unconfirmed, the deleted entry is still there, its finding shown but nothing closed.
    expect(after.labor.findings.map((f) => f.key)).toEqual(before.labor.findings.map((f) => f.key));
    expect(after.labor.sources[0]!.stale).toBe(after.snapshot.workRead!.stale);
    expect(after.ledger.every((e) => e.status === 'open')).toBe(true);
  });
});
