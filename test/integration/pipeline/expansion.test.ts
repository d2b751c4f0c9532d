import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../../local/demo/run-demo';
import type { WorldDevice } from '../../../local/demo/world';
import type { NightReport } from '../../../shared/app/reconcile-night';
import { countsAsUnbilled } from '../../../shared/domain/ledger';
import { loadMonthNights } from '../../../shared/store/mrr';

/** Expansion signals through a real night: the RMMs' and Pax8's planted facts, read by the connectors, signalled per client. */

const RUN_DATE = '2026-11-23';
let demo: Demo;
beforeAll(async () => {
  demo = await startDemo({ asOf: RUN_DATE });
});
afterAll(async () => demo?.close());

/**
 * The planted devices each RMM serves at clients matched tonight (an organization whose name only
 * resembles its client's waits for a person, and signals nothing until then): Automate lists
 * only approved agents, NinjaOne drops deleted ones, none is counted deleted.
 */
function served(report: NightReport, pick: (d: WorldDevice, vendor: string) => boolean): number {
  const outside = new Set([...report.unmatched.map((u) => u.name), ...report.dataQuality.suggestedMatches.map((m) => m.memberName)]);
  return demo.world.clients.flatMap((c) => (c.rmm && !outside.has(c.rmm.name) ? c.rmm.devices.filter((d) => !d.deleted && (c.rmm!.vendor !== 'automate' || d.approved)).filter((d) => pick(d, c.rmm!.vendor)) : [])).length;
}

describe('expansion signals on the demo MSP', () => {
  it('signals every planted fact, once, as opportunities that never enter the leakage totals', async () => {
    const { report } = await demo.runNight(RUN_DATE);
    const { opportunities } = report.expansion;
    const units = (kind: string) => opportunities.filter((o) => o.kind === kind).reduce((n, o) => n + o.units, 0);

    expect(units('no-security')).toBe(served(report, (d) => d.facts?.antivirus === 'none'));
    // Besides the planted ones, the VSA simulator serves every Windows workstation as Windows 10 (its sample's OS) and the
    // Automate simulator its unclassified computer: past support since October 2025.
    const windows10 = (d: WorldDevice, vendor: string) => (vendor === 'kaseyavsa' && d.deviceClass === 'WINDOWS_WORKSTATION') || (vendor === 'automate' && d.deviceClass === 'UNCLASSIFIED');
    expect(units('os-end-of-support')).toBe(served(report, (d, vendor) => /Windows (10|Server 2012)/.test(d.facts?.os ?? '') || windows10(d, vendor)));
    const fiveYearsAgo = '2021-11-23';
    // Datto RMM reports a warranty date only: there, hardware out of warranty is aging.
    expect(units('aging-hardware')).toBe(served(report, (d, vendor) => (vendor === 'dattormm' ? !!d.facts?.warrantyEndsOn && d.facts.warrantyEndsOn < RUN_DATE : !!d.facts?.builtOn && d.facts.builtOn <= fiveYearsAgo)));
    expect(units('no-security')).toBeGreaterThan(0);
    expect(units('os-end-of-support')).toBeGreaterThan(0);
    expect(units('aging-hardware')).toBeGreaterThan(0);
    expect(units('users-without-endpoints')).toBeGreaterThan(0);
    expect(opportunities.some((o) => o.kind === 'licence-upgrade' && o.monthlyCents! > 0)).toBe(true);
    // Priced at the demo's recipes: unmanaged users as Managed Workstation at each client's own price.
    expect(opportunities.filter((o) => o.kind === 'users-without-endpoints').every((o) => o.pricedAs?.product === 'Managed Workstation' && o.monthlyCents === o.units * o.pricedAs.unitPriceCents)).toBe(true);

    // Opportunities are not findings: the headline is the counted findings' sum, whatever was signalled.
    const rows = [...report.findings, ...report.carried];
    expect(rows.filter(countsAsUnbilled).reduce((n, f) => n + f.monthlyImpactCents, 0)).toBe(report.totals.unbilledCents);
    expect(report.expansion.pricedCents).toBe(opportunities.reduce((n, o) => n + (o.monthlyCents ?? 0), 0));
  });

  it('records the licence margin from the partner costs Pax8 serves', async () => {
    const [night] = await loadMonthNights(demo.table, RUN_DATE.slice(0, 7));
    const premium = night!.margins.find((m) => m.product === 'Microsoft 365 Business Premium')!;
    // Partner cost $19.80 a seat against the PSA's $22.00: cost is 90% of the bought seats' price.
    expect(premium.costCents).toBe(premium.boughtSeats * 1980);
    expect(premium.clientsWithoutCost).toBe(0);
    expect(premium.revenueCents).toBeGreaterThan(premium.costCents);
  });
});
