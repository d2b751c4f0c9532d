import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock, nightInstant, todayIn } from '../../shared/clock';
import { runDateFor } from '../../shared/app/run-date';
import { dateInZone, startOfDayInZone } from '../../shared/domain/dates';
import type { Device } from '../../shared/domain/model';
import { countDevices } from '../../shared/domain/recipes';
import { generateDemoWorld } from '../../local/demo/generate';
import type { RunningSimulator } from '../../local/simulators/harness';
import { approvalConfig } from '../support/approval-config';
import { startVendor } from '../support/vendor-sims';

/**
 * Nights on month and year boundaries east and west of UTC: every "today" is the MSP's date, so
 * a night that is already 1 March in Auckland, or still 28 February in Los Angeles, reads as such.
 */

const AUCKLAND = 'Pacific/Auckland';
const LOS_ANGELES = 'America/Los_Angeles';
const configIn = (timeZone: string) => approvalConfig({ msp: { name: 'Contoso Managed IT', timeZone } });

describe('the run date of a night', () => {
  it.each([
    // 02:30 on 1 March in Auckland is still 28 February in UTC.
    [AUCKLAND, '2026-02-28T13:30:00Z', '2026-03-01'],
    // 21:00 on 28 February in Los Angeles is already 1 March in UTC.
    [LOS_ANGELES, '2026-03-01T05:00:00Z', '2026-02-28'],
    // New Year: Auckland is in 2027 while UTC is in 2026; Los Angeles is in 2026 while UTC is in 2027.
    [AUCKLAND, '2026-12-31T11:30:00Z', '2027-01-01'],
    [LOS_ANGELES, '2027-01-01T06:00:00Z', '2026-12-31'],
  ])('in %s at %s is %s', (timeZone, instant, runDate) => {
    expect(runDateFor(configIn(timeZone), fixedClock(instant).now())).toBe(runDate);
    expect(todayIn(fixedClock(instant), timeZone)).toBe(runDate);
  });

  it.each([AUCKLAND, LOS_ANGELES, 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC'])('is simulated as an instant that is that date in %s', (timeZone) => {
    for (const runDate of ['2026-01-01', '2026-03-01', '2026-12-31', '2027-01-01']) expect(dateInZone(nightInstant(runDate, timeZone), timeZone)).toBe(runDate);
  });
});

describe("the start of the MSP's day", () => {
  it.each([
    ['2026-03-01', AUCKLAND, '2026-02-28T11:00:00.000Z'],
    ['2026-01-01', LOS_ANGELES, '2026-01-01T08:00:00.000Z'],
    ['2026-07-01', LOS_ANGELES, '2026-07-01T07:00:00.000Z'],
    // Days on which the clocks change (after midnight): the offset at midnight counts.
    ['2026-03-08', LOS_ANGELES, '2026-03-08T08:00:00.000Z'],
    ['2026-04-05', AUCKLAND, '2026-04-04T11:00:00.000Z'],
    ['2026-03-01', 'UTC', '2026-03-01T00:00:00.000Z'],
  ])('%s in %s begins at %s', (date, timeZone, instant) => {
    expect(startOfDayInZone(date, timeZone)).toBe(instant);
  });
});

describe('"seen in the last 30 days" on the night of 1 March', () => {
  const recipe = { product: 'Managed Workstation', count: { from: 'rmm', deviceClasses: ['WINDOWS_WORKSTATION'], approvedOnly: true, seenWithinDays: 30 } } as const;
  const seen = (lastSeenAt: string): Device => ({
    externalId: lastSeenAt,
    clientExternalId: '1',
    name: 'WS-1',
    deviceClass: 'WINDOWS_WORKSTATION',
    vendorClass: 'WINDOWS_WORKSTATION',
    lastSeenAt,
    approved: true,
    deleted: false,
  });
  // 09:00 on 30 January in Auckland; still 29 January in UTC and in Los Angeles.
  const device = seen('2026-01-29T20:00:00.000Z');

  it("counts the MSP's calendar days: in Auckland the device was seen on 30 January, within 30 days", () => {
    expect(countDevices(recipe as never, 'rmm', [device], '2026-03-01', AUCKLAND).count).toBe(1);
  });

  it('in Los Angeles the same instant was 29 January, outside them', () => {
    expect(countDevices(recipe as never, 'rmm', [device], '2026-03-01', LOS_ANGELES).count).toBe(0);
  });
});

describe("Autotask's billing period on a night at a month's turn", () => {
  const open: RunningSimulator[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  /** The world's first contract service bills 10 units until an adjustment to 14 takes effect on 1 March. */
  async function autotask() {
    const world = generateDemoWorld({ seed: 11, asOf: '2026-03-02', clients: 8, devicesPerClient: 4, subscriptionsPerClient: 1 });
    const { sim, connector } = await startVendor('autotask', world);
    open.push(sim);
    const rows = sim.state.entities.ContractServiceUnits;
    const serviceId = rows[0]!.contractServiceID;
    const february = rows.find((r) => r.contractServiceID === serviceId && String(r.startDate) <= '2026-02-28T' && String(r.endDate) >= '2026-03-01')!;
    february.units = 10;
    // As Autotask books an adjustment: a new row from its effective date, the latest-starting row billing.
    rows.push({ ...february, id: 99_999_999, startDate: '2026-03-01T00:00:00Z', units: 14 });
    const quantityOn = async (instant: string, timeZone: string) => {
      const pull = await connector.pull({ runDate: runDateFor(configIn(timeZone), fixedClock(instant).now()) });
      return pull.agreements.flatMap((a) => a.lines).find((l) => l.externalId === String(serviceId))?.quantity;
    };
    return { quantityOn };
  }

  it("reads March's units at 02:30 on 1 March in Auckland, though UTC is still in February", async () => {
    expect(await (await autotask()).quantityOn('2026-02-28T13:30:00Z', AUCKLAND)).toBe(14);
  });

  it("reads February's units at 21:00 on 28 February in Los Angeles, though UTC is already in March", async () => {
    expect(await (await autotask()).quantityOn('2026-03-01T05:00:00Z', LOS_ANGELES)).toBe(10);
  });
});
