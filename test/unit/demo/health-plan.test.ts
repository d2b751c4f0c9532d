import { describe, expect, it } from 'vitest';
import { HealthConfig } from '../../../shared/config/health';
import { addDays } from '../../../shared/domain/dates';
import type { ClientHealthInputs } from '../../../shared/domain/health/components';
import { scoreClients } from '../../../shared/domain/health/score';
import { generateDemoWorld } from '../../../local/demo/generate';
import { demoHealthFor, demoWork, DEMO_HEALTH_CLIENTS, RED_ENDS_IN_DAYS, type DemoHealth } from '../../../local/demo/health-plan';
import { agreement } from '../../support/snapshots';

/** The demo's planted tickets and invoices give each planted client its colour, through the real scoring. */

const AS_OF = '2026-11-23';

function inputs(health: DemoHealth, id: string, startDate: string): ClientHealthInputs {
  const work = demoWork(health, id, 20, AS_OF, 150_000);
  const reachBack = work.tickets.map((t) => t.openedAt!.slice(0, 10)).sort()[0]!;
  return {
    runDate: AS_OF,
    work: { ...work, ticketsReachBack: reachBack },
    agreements: [agreement(`A${id}`, id, [], { startDate })],
    size: { seats: 20, devices: 24 },
    trend: [
      { runDate: addDays(AS_OF, -60), devices: 24, seats: 20 },
      { runDate: AS_OF, devices: 24, seats: health === 'red' ? 17 : 20 },
    ],
    ledger: [],
  };
}

describe('the demo health plan', () => {
  it('plants one red and one yellow client among green ones', () => {
    expect([0, 1, DEMO_HEALTH_CLIENTS.red, DEMO_HEALTH_CLIENTS.yellow].map(demoHealthFor)).toEqual(['green', 'green', 'red', 'yellow']);
  });

  it('ends the red client\u2019s agreement past the usual window and inside red\u2019s, so the demo shows the early alert', () => {
    const world = generateDemoWorld({ seed: 42, asOf: AS_OF, clients: 12 });
    const red = world.clients[DEMO_HEALTH_CLIENTS.red]!.agreements[0]!;
    expect(red.endDate).toBe(addDays(AS_OF, RED_ENDS_IN_DAYS));
    expect(RED_ENDS_IN_DAYS).toBeGreaterThan(120);
    expect(RED_ENDS_IN_DAYS).toBeLessThanOrEqual(180);
  });

  it('scores each planted client in its colour', () => {
    const clients = new Map([
      ['g1', inputs('green', 'g1', '2021-01-01')],
      ['g2', inputs('green', 'g2', '2022-05-01')],
      ['y', inputs('yellow', 'y', '2023-03-01')],
      ['r', inputs('red', 'r', '2026-02-01')],
    ]);
    const scores = scoreClients(clients, HealthConfig.parse({}));
    expect(Object.fromEntries([...scores].map(([k, s]) => [k, s.colour]))).toEqual({ g1: 'green', g2: 'green', y: 'yellow', r: 'red' });
    // Every part has data in the demo: none is re-weighted away.
    expect(scores.get('r')!.components.filter((c) => c.score === null)).toEqual([]);
  });
});
