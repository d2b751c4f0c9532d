import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../../local/demo/run-demo';
import { DEMO_HEALTH_CLIENTS, RED_ENDS_IN_DAYS } from '../../../local/demo/health-plan';
import { getQbrPack } from '../../../shared/store/health';

/**
 * The demo's planted client health through a whole night: the HaloPSA simulator serves
 * the planted tickets and invoices, the connectors read them, and the night scores every client,
 * alerts the red client's renewal early and files its QBR pack with the drivers.
 */

const RUN_DATE = '2026-11-23';
let demo: Demo;

beforeAll(async () => {
  demo = await startDemo({ asOf: RUN_DATE });
});
afterAll(async () => demo?.close());

const keyOf = (index: number) => {
  const client = demo.world.clients[index]!;
  const source = demo.config.sources.find((s) => s.kind === client.psa.vendor)!;
  return { key: `${source.id}:${client.psa.id}`, name: client.psa.name };
};

describe('client health on the demo MSP', () => {
  it('colours the planted clients from their PSA work, lists the red one\u2019s drivers, and alerts its renewal early', async () => {
    const { report } = await demo.runNight(RUN_DATE);
    expect(report.health!.red).toBeGreaterThanOrEqual(1);
    expect(report.health!.yellow).toBeGreaterThanOrEqual(1);
    expect(report.health!.green).toBeGreaterThanOrEqual(1);

    const red = keyOf(DEMO_HEALTH_CLIENTS.red);
    const redPack = await getQbrPack(demo.table, red.key, RUN_DATE);
    expect(redPack!.health!.colour).toBe('red');
    const part = (key: string) => redPack!.health!.components.find((c) => c.key === key)!;
    // Its drivers: a third of its tickets missed their SLA, invoices unpaid past due, three times the MSP's tickets per seat.
    expect(part('slaBreaches')).toMatchObject({ score: 0, facts: { pct: expect.any(Number) } });
    expect(part('slaBreaches').facts.pct).toBeGreaterThanOrEqual(30);
    expect(part('overdueInvoices').score).toBeLessThan(50);
    expect(part('overdueInvoices').facts.overdue).toBeGreaterThanOrEqual(2);
    expect(part('ticketVolume')).toMatchObject({ score: 0 });
    const yellow = keyOf(DEMO_HEALTH_CLIENTS.yellow);
    expect((await getQbrPack(demo.table, yellow.key, RUN_DATE))!.health!.colour).toBe('yellow');

    // Past the usual 120-day window, inside red's 180: alerted early, for being red.
    const alert = report.renewals.find((r) => r.clientKey === red.key);
    expect(alert).toMatchObject({ daysLeft: RED_ENDS_IN_DAYS, earlyFor: 'red' });
    expect(redPack!.renewal).toMatchObject({ daysLeft: RED_ENDS_IN_DAYS });
  });
});
