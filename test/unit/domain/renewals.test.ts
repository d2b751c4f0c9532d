import { describe, expect, it } from 'vitest';
import { matchClients } from '../../../shared/domain/matching';
import { renewalsInWindow } from '../../../shared/domain/renewals';
import { assessRenewalRisk } from '../../../shared/domain/renewal-risk';
import type { Snapshot } from '../../../shared/domain/model';
import { RUN_DATE, agreement, client, fresh } from '../../support/snapshots';

const rules = { windowStartDays: 90, windowEndDays: 120, anniversaryForEvergreen: false };
const vcio = { default: 'vcio@msp.example', fromAccountManager: true, byClient: {} };
const psa = (fresh({
  sourceId: 'cw', kind: 'connectwise', role: 'psa',
  clients: [client('1', 'In Window', { accountManagerEmail: 'am@msp.example' }), client('2', 'Too Far'), client('3', 'Evergreen'), client('4', 'Edge')],
  agreements: [
    agreement('A1', '1', [{ id: 'L1', product: 'Managed Workstation', quantity: 10, price: 4500 }], { endDate: '2027-03-08' }),
    agreement('A2', '2', [], { endDate: '2027-06-01' }),
    agreement('A3', '3', [], { endDate: null, noEndDate: true, startDate: '2023-03-01' }),
    agreement('A4', '4', [], { endDate: '2027-02-21' }),
  ],
}) as { snapshot: Snapshot }).snapshot;

describe('renewal window', () => {
  const groups = matchClients([{ ...psa }], { overrides: [], ignore: [] }).groups;

  it('alerts agreements ending 90-120 days out, routed to the account manager', () => {
    const { alerts, evergreenSkipped } = renewalsInWindow([psa], groups, RUN_DATE, rules, vcio);
    expect(alerts.map((a) => [a.clientName, a.daysLeft])).toEqual([['In Window', 105], ['Edge', 90]]);
    expect(alerts[0]).toMatchObject({ mrrCents: 45_000, vcioEmail: 'am@msp.example' });
    expect(alerts[1]!.vcioEmail).toBe('vcio@msp.example');
    expect(evergreenSkipped).toBe(1);
  });

  it('links each alert to its agreement in the PSA when the source has a web address', () => {
    const links = { agreement: (sourceId: string, id: string) => (sourceId === 'cw' ? `https://psa.example/agreement/${id}` : undefined), client: () => undefined };
    const { alerts } = renewalsInWindow([psa], groups, RUN_DATE, rules, vcio, links);
    expect(alerts.map((a) => a.agreementUrl)).toEqual(['https://psa.example/agreement/A1', 'https://psa.example/agreement/A4']);
    expect(renewalsInWindow([psa], groups, RUN_DATE, rules, vcio).alerts.every((a) => a.agreementUrl === undefined)).toBe(true);
  });

  it('uses the anniversary of evergreen agreements when configured', () => {
    const { alerts } = renewalsInWindow([psa], groups, RUN_DATE, { ...rules, anniversaryForEvergreen: true }, vcio);
    expect(alerts.find((a) => a.clientName === 'Evergreen')).toMatchObject({ endDate: '2027-03-01', daysLeft: 98 });
  });

  it('sets the level from churn signals only, and lists unbilled usage as an opportunity', () => {
    const high = assessRenewalRisk({
      trend: [{ runDate: '2026-09-01', devices: 50, seats: 40 }, { runDate: RUN_DATE, devices: 40, seats: 38 }],
      openLeakage: [], unmapped: [], commitments: [],
      overBilling: [{ monthlyImpactCents: -9000 } as never],
    });
    expect(high).toEqual({
      level: 'high',
      churn: [{ kind: 'shrinking', since: '2026-09-01', devicesPct: -20, seatsPct: -5 }, { kind: 'over-billed', monthlyCents: 9000, lines: 1 }],
      expansion: [],
    });
    const growing = assessRenewalRisk({
      trend: [{ runDate: '2026-09-01', devices: 50, seats: 40 }, { runDate: RUN_DATE, devices: 60, seats: 40 }],
      openLeakage: [{ monthlyImpactCents: 40_500 } as never], unmapped: [{} as never], commitments: [], overBilling: [],
    });
    expect(growing.level).toBe('low');
    expect(growing.churn).toEqual([]);
    expect(growing.expansion.map((e) => e.kind)).toEqual(['growing', 'unbilled', 'unmapped']);
  });
});
