import { describe, expect, it } from 'vitest';
import { HealthConfig } from '../../../shared/config/health';
import type { HealthColour, HealthScore } from '../../../shared/domain/health/score';
import { matchClients } from '../../../shared/domain/matching';
import type { Snapshot } from '../../../shared/domain/model';
import { assessRenewalRisk } from '../../../shared/domain/renewal-risk';
import { renewalsInWindow, windowEndFor } from '../../../shared/domain/renewals';
import { RUN_DATE, agreement, client, fresh } from '../../support/snapshots';

const rules = { windowStartDays: 90, windowEndDays: 120, anniversaryForEvergreen: false, earlierFor: { red: 180, yellow: 120 } };
const vcio = { default: 'vcio@msp.example', fromAccountManager: false, byClient: {} };
// Each client's agreement ends 170, 150, 115 and 60 days after the run date (2026-11-23).
const psa = (fresh({
  sourceId: 'cw', kind: 'connectwise', role: 'psa',
  clients: [client('1', 'Red One'), client('2', 'Yellow Two'), client('3', 'Green Three'), client('4', 'Red Late')],
  agreements: [
    agreement('A1', '1', [], { endDate: '2027-05-12' }),
    agreement('A2', '2', [], { endDate: '2027-04-22' }),
    agreement('A3', '3', [], { endDate: '2027-03-18' }),
    agreement('A4', '4', [], { endDate: '2027-01-22' }),
  ],
}) as { snapshot: Snapshot }).snapshot;
const groups = matchClients([psa], { overrides: [], ignore: [] }).groups;

describe('the renewal window by client health', () => {
  it('alerts red clients from 180 days out, yellow from 120 and green in the usual 90-120', () => {
    const colours: Record<string, HealthColour> = { 'cw:1': 'red', 'cw:2': 'yellow', 'cw:3': 'green', 'cw:4': 'red' };
    const { alerts } = renewalsInWindow([psa], groups, RUN_DATE, rules, vcio, undefined, (k) => colours[k]);
    expect(alerts.map((a) => [a.clientName, a.daysLeft, a.earlyFor ?? null])).toEqual([
      ['Red One', 170, 'red'],
      ['Green Three', 115, null],
    ]);
  });

  it('a yellow client comes early when yellow is set beyond the window; an unscored one waits for the usual window', () => {
    const { alerts } = renewalsInWindow([psa], groups, RUN_DATE, { ...rules, earlierFor: { red: 180, yellow: 160 } }, vcio, undefined, (k) => (k === 'cw:2' ? 'yellow' : k === 'cw:1' ? 'unknown' : undefined));
    expect(alerts.map((a) => [a.clientName, a.earlyFor ?? null])).toEqual([
      ['Yellow Two', 'yellow'],
      ['Green Three', null],
    ]);
  });

  it('never opens the window later than the default for any colour', () => {
    expect(windowEndFor({ ...rules, earlierFor: { red: 100, yellow: 95 } }, 'red')).toBe(120);
    expect(windowEndFor({ windowStartDays: 90, windowEndDays: 120, anniversaryForEvergreen: false }, 'red')).toBe(120);
  });
});

const health = (score: number, colour: HealthColour, weak: Partial<Record<'slaBreaches' | 'tenure', number>> = {}): HealthScore => ({
  clientKey: 'cw:1',
  runDate: RUN_DATE,
  score,
  colour,
  coveragePct: 100,
  components: [
    { key: 'slaBreaches', weight: 15, score: weak.slaBreaches ?? 90, share: 0.5, contribution: 0, facts: { hits: 4, tickets: 10, pct: 40 }, missing: null },
    { key: 'tenure', weight: 10, score: weak.tenure ?? 90, share: 0.5, contribution: 0, facts: { years: 3, since: '2023-01-01' }, missing: null },
    { key: 'seatTrend', weight: 10, score: null, share: 0, contribution: 0, facts: {}, missing: 'fewer than 14 days of nightly counts so far' },
  ],
});
const quiet = { trend: [], openLeakage: [], overBilling: [], unmapped: [], commitments: [] };

describe('health in the renewal risk', () => {
  it('red health makes the risk high and names its weak parts as churn signals', () => {
    const risk = assessRenewalRisk({ ...quiet, health: health(30, 'red', { slaBreaches: 0 }) });
    expect(risk.level).toBe('high');
    expect(risk.churn).toEqual([
      { kind: 'health', colour: 'red', score: 30 },
      { kind: 'weak-component', key: 'slaBreaches', score: 0, facts: { hits: 4, tickets: 10, pct: 40 } },
    ]);
    expect(risk.expansion).toEqual([]);
  });

  it('yellow health alone is medium; green adds nothing; a missing part is never a signal', () => {
    expect(assessRenewalRisk({ ...quiet, health: health(60, 'yellow') }).level).toBe('medium');
    expect(assessRenewalRisk({ ...quiet, health: health(85, 'green') })).toEqual({ level: 'low', churn: [], expansion: [] });
  });

  it('uses the configured colour thresholds', () => {
    expect(HealthConfig.safeParse({ greenFrom: 40, yellowFrom: 60 }).error?.issues[0]?.message).toBe('yellowFrom must not exceed greenFrom');
  });
});
