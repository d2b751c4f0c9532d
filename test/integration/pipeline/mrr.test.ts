import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../../local/demo/run-demo';
import type { DemoWorld } from '../../../local/demo/world';
import { buildAppContext } from '../../../shared/app/context';
import { buildDigest } from '../../../shared/app/digest';
import { mrrMonth } from '../../../shared/domain/revenue';
import { loadMonthNights } from '../../../shared/store/mrr';

/** The MRR picture through a real night: connectors, reconcile, the MRR item, a month read back. */

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo({ asOf: '2026-10-31' });
});
afterAll(async () => demo?.close());

/** What the world's agreements bill on a night, straight from the planted lines (the PSAs here state no other amount). */
function worldMrr(world: DemoWorld, runDate: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of world.clients) {
    const cents = c.agreements
      .filter((a) => a.status === 'active' && a.startDate <= runDate)
      .flatMap((a) => a.lines.filter((l) => (!l.effectiveDate || l.effectiveDate <= runDate) && (!l.cancelledDate || l.cancelledDate > runDate)))
      .reduce((n, l) => n + Math.round(l.quantity * l.unitPriceCents), 0);
    if (cents > 0) out.set(c.psa.name, cents);
  }
  return out;
}

describe('the MRR picture on the demo MSP', () => {
  it('reconciles to the agreements each night and sorts a month of changes into movements that add up', async () => {
    const before = structuredClone(demo.world);
    const october = await demo.runNight('2026-10-31');
    expect(october.report.mrr).toMatchObject({ recorded: true });
    // November: one client leaves, one grows by two workstations.
    const [gone, grows] = demo.world.clients.filter((c) => c.agreements.some((a) => a.status === 'active' && a.lines.length > 0));
    const world: DemoWorld = structuredClone(demo.world);
    const leaving = world.clients.find((c) => c.psa.id === gone!.psa.id)!;
    for (const a of leaving.agreements) a.status = 'cancelled';
    const line = world.clients.find((c) => c.psa.id === grows!.psa.id)!.agreements.find((a) => a.status === 'active')!.lines[0]!;
    line.quantity += 2;
    await demo.useWorld(world);
    await demo.runNight('2026-11-23');

    const result = mrrMonth(await loadMonthNights(demo.table, '2026-11'), '2026-11');
    if (!result.ok) throw new Error(result.reason);
    const m = result.month;
    const expected = worldMrr(world, '2026-11-23');
    expect(m.movements.endingCents).toBe([...expected.values()].reduce((n, c) => n + c, 0));
    expect(m.movements.endingCents).toBeGreaterThan(0);
    expect(m.movements.startingCents).toBe([...worldMrr(before, '2026-10-31').values()].reduce((n, c) => n + c, 0));
    const mv = m.movements;
    expect(mv.newCents + mv.expansionCents + mv.contractionCents + mv.churnedCents).toBe(mv.endingCents - mv.startingCents);
    expect(mv.clients.find((c) => c.kind === 'churned')?.clientName).toBe(gone!.psa.name);
    expect(mv.clients.find((c) => c.clientName === grows!.psa.name)).toMatchObject({ kind: 'expansion', cents: 2 * line.unitPriceCents });
  });

  it("carries last month's revenue in the month's first digest only", async () => {
    const digestOn = async (date: string) => buildDigest(buildAppContext(demo.config, { now: () => new Date(`${date}T15:00:00Z`) }));
    const first = await digestOn('2026-12-07');
    expect(first.revenue?.month).toBe('2026-11');
    const direct = mrrMonth(await loadMonthNights(demo.table, '2026-11'), '2026-11');
    expect(first.revenue?.result).toEqual(direct);
    expect((await digestOn('2026-12-08')).revenue).toBeUndefined();
  });
});
