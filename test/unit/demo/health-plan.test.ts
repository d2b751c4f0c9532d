import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/domain/dates';
import { generateDemoWorld } from '../../../local/demo/generate';
import { demoHealthFor, DEMO_HEALTH_CLIENTS, HEALTH_PSA, plantDemoHealth, RED_ENDS_IN_DAYS } from '../../../local/demo/health-plan';
import { plantDemoLabor } from '../../../local/demo/labor';

/** The demo's planted health work; the colours it gives are checked through a night (test/integration/pipeline/health-demo.test.ts). */

const AS_OF = '2026-11-23';

describe('the demo health plan', () => {
  it('plants one red and one yellow client among green ones', () => {
    expect([0, 1, DEMO_HEALTH_CLIENTS.red, DEMO_HEALTH_CLIENTS.yellow].map(demoHealthFor)).toEqual(['green', 'green', 'red', 'yellow']);
  });

  it('ends the red client\u2019s agreement past the usual window and inside red\u2019s, so the demo shows the early alert', () => {
    const world = generateDemoWorld({ seed: 42, asOf: AS_OF });
    const red = world.clients[DEMO_HEALTH_CLIENTS.red]!.agreements[0]!;
    expect(red.endDate).toBe(addDays(AS_OF, RED_ENDS_IN_DAYS));
    expect(RED_ENDS_IN_DAYS).toBeGreaterThan(120);
    expect(RED_ENDS_IN_DAYS).toBeLessThanOrEqual(180);
  });

  it('gives every client of the health PSA work, keeps labor\u2019s planted work, and uses no ticket id twice per PSA', () => {
    const labored = plantDemoLabor(generateDemoWorld({ seed: 42, asOf: AS_OF })).world;
    const laborWork = labored.clients.map((c) => c.work && structuredClone(c.work));
    const world = plantDemoHealth(labored);
    const { red, yellow } = DEMO_HEALTH_CLIENTS;
    expect([world.clients[red]!.psa.vendor, world.clients[yellow]!.psa.vendor]).toEqual([HEALTH_PSA, HEALTH_PSA]);
    world.clients.forEach((c, i) => {
      const before = laborWork[i];
      if (c.psa.vendor !== HEALTH_PSA) return expect(c.work).toEqual(before ?? undefined);
      expect(c.work!.tickets.length).toBeGreaterThan(before?.tickets.length ?? 0);
      if (before) expect(c.work!.tickets).toEqual(expect.arrayContaining(before.tickets));
    });
    const ids = world.clients.filter((c) => c.psa.vendor === HEALTH_PSA).flatMap((c) => c.work?.tickets.map((t) => t.id) ?? []);
    expect(new Set(ids).size).toBe(ids.length);
    // Red: a third of its tickets missed their SLA and three invoices are past due; green: none.
    const breached = (i: number) => world.clients[i]!.work!.tickets.filter((t) => t.slaBreached).length / world.clients[i]!.work!.tickets.length;
    expect(breached(red)).toBeGreaterThan(0.3);
    expect(world.clients[red]!.work!.invoices.filter((v) => v.paidCents === 0 && v.dueDate! < AS_OF)).toHaveLength(3);
    const green = world.clients.findIndex((c, i) => c.psa.vendor === HEALTH_PSA && demoHealthFor(i) === 'green');
    expect(breached(green)).toBe(0);
  });
});
