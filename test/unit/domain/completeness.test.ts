import { describe, expect, it } from 'vitest';
import { assessCompleteness, baseline, flagSuspect, heldDecreases, type ClientTonight, type SourceTonight } from '../../../shared/domain/completeness';
import { mergeLedger } from '../../../shared/domain/ledger';
import type { Finding } from '../../../shared/domain/model';
import type { RunScope } from '../../../shared/domain/reconcile';
import { proposeTrueUps } from '../../../shared/domain/trueups';

const RULES = { sourceDropPercent: 20, clientDropPercent: 50 };
const rmm = (devices: number) => ({ clients: 40, agreements: 0, devices, seats: 0 });
const source = (devices: number, history: number[]): SourceTonight => ({ sourceId: 'ninja', role: 'rmm', tally: rmm(devices), history: history.map(rmm) });
const client = (tonight: { devices?: number; seats?: number }, history: Array<{ devices: number; seats: number }>, sourceIds = ['cw', 'ninja']): ClientTonight => ({
  clientKey: 'cw:250',
  clientName: 'Northwind Traders',
  tally: tonight,
  history,
  sourceIds,
});

describe('assessCompleteness: sources', () => {
  it('calls a source suspect when a measure falls by more than the threshold against its usual night, and says so in numbers', () => {
    const v = assessCompleteness([source(300, [2900, 2923, 2930])], [], RULES);
    expect(v.suspectSources).toEqual([{ sourceId: 'ninja', role: 'rmm', measure: 'devices', tonight: 300, usual: 2923, reason: 'ninja: 300 devices tonight against 2,923 usually (-90%)' }]);
  });

  it('draws the line at the configured percent: 20% down is normal, 21% is suspect', () => {
    expect(assessCompleteness([source(80, [100])], [], RULES).suspectSources).toEqual([]);
    expect(assessCompleteness([source(79, [100])], [], RULES).suspectSources).toHaveLength(1);
    expect(assessCompleteness([source(79, [100])], [], { ...RULES, sourceDropPercent: 25 }).suspectSources).toEqual([]);
  });

  it('trusts a first night (no history), growth, and zero to zero', () => {
    expect(assessCompleteness([source(3, [])], [], RULES).suspectSources).toEqual([]);
    expect(assessCompleteness([source(5000, [100, 100])], [], RULES).suspectSources).toEqual([]);
    const psa: SourceTonight = { sourceId: 'cw', role: 'psa', tally: { clients: 10, agreements: 12, devices: 0, seats: 0 }, history: [{ clients: 10, agreements: 12, devices: 0, seats: 0 }] };
    expect(assessCompleteness([psa], [], RULES).suspectSources).toEqual([]);
  });

  it('measures a PSA by its agreements and a marketplace by seats; a night stored before seats were recorded is skipped', () => {
    const psa: SourceTonight = { sourceId: 'cw', role: 'psa', tally: { clients: 10, agreements: 3, devices: 0, seats: 0 }, history: [{ clients: 10, agreements: 12, devices: 0 }] };
    const pax8: SourceTonight = { sourceId: 'pax8', role: 'marketplace', tally: { clients: 9, agreements: 0, devices: 0, seats: 100 }, history: [{ clients: 9, agreements: 0, devices: 0 }] };
    const v = assessCompleteness([psa, pax8], [], RULES);
    expect(v.suspectSources.map((s) => [s.sourceId, s.measure])).toEqual([['cw', 'agreements']]);
  });

  it('compares with the median of the last seven nights: one odd night neither raises nor hides a drop', () => {
    expect(baseline([100, 100, 5, 100])).toBe(100);
    // Nights older than the last seven do not count.
    expect(baseline([1, 1, 1, 1, 50, 50, 50, 50, 50, 50, 50])).toBe(50);
    // A real drop that has held for four of the last seven nights is the new usual.
    expect(assessCompleteness([source(40, [100, 100, 100, 40, 40, 40, 40])], [], RULES).suspectSources).toEqual([]);
    // A three-night outage stays suspect on its third night.
    expect(assessCompleteness([source(40, [100, 100, 100, 100, 40, 40])], [], RULES).suspectSources).toHaveLength(1);
  });
});

describe('assessCompleteness: clients', () => {
  const usual = [
    { devices: 40, seats: 20 },
    { devices: 41, seats: 20 },
  ];

  it('calls a client suspect when its devices or seats fall by more than half', () => {
    expect(assessCompleteness([], [client({ devices: 21, seats: 20 }, usual)], RULES).suspectClients).toEqual([]);
    const v = assessCompleteness([], [client({ devices: 40, seats: 9 }, usual)], RULES);
    expect(v.suspectClients).toEqual([{ clientKey: 'cw:250', clientName: 'Northwind Traders', measure: 'seats', tonight: 9, usual: 20, reason: 'Northwind Traders: 9 seats tonight against 20 usually (-55%)' }]);
  });

  it('calls a client going to zero suspect whatever the threshold, and a client at zero all along not', () => {
    expect(assessCompleteness([], [client({ devices: 0, seats: 20 }, usual)], { ...RULES, clientDropPercent: 100 }).suspectClients[0]?.reason).toBe(
      'Northwind Traders: 0 devices tonight against 41 usually (-100%)',
    );
    expect(assessCompleteness([], [client({ devices: 0, seats: 0 }, [{ devices: 0, seats: 0 }])], RULES).suspectClients).toEqual([]);
  });

  it('leaves out a measure not given (its role had a missing source) and a client whose drop a suspect source explains', () => {
    expect(assessCompleteness([], [client({ seats: 20 }, usual)], RULES).suspectClients).toEqual([]);
    const v = assessCompleteness([source(300, [2923])], [client({ devices: 0, seats: 20 }, usual)], RULES);
    expect(v.suspectSources).toHaveLength(1);
    expect(v.suspectClients).toEqual([]);
  });
});

const finding = (over: Partial<Finding> = {}): Finding => ({
  clientKey: 'cw:250',
  clientName: 'Northwind Traders',
  lineKey: 'managed-workstation',
  kind: 'over-billed',
  basis: 'rmm',
  sourceId: 'cw',
  product: 'Managed Workstation',
  billed: 42,
  observed: 4,
  delta: -38,
  unitPriceCents: 4500,
  monthlyImpactCents: -171_000,
  evidence: [{ sourceId: 'ninja', ids: ['1', '2', '3', '4'], rule: '4 devices' }],
  line: { sourceId: 'cw', agreementExternalId: '101', agreementName: 'Managed', lineExternalId: '1001', quantity: 42, writeBack: { id: 1001 } },
  committedUntil: null,
  ...over,
});

describe('a suspect night in the ledger and the proposals', () => {
  const verdict = assessCompleteness([source(300, [2923])], [], RULES);
  const scope: RunScope = {
    freshSources: ['cw', 'ninja'],
    freshRoles: ['psa', 'rmm'],
    suspect: verdict,
  };

  it('flags findings whose count came from the suspect source, and only those', () => {
    const [fromNinja, fromPax8] = flagSuspect([finding(), finding({ lineKey: 'm365', basis: 'marketplace', evidence: [{ sourceId: 'pax8', ids: [], rule: '' }] })], verdict);
    expect(fromNinja!.suspect).toBe('suspect data from ninja: 300 devices tonight against 2,923 usually (-90%)');
    expect(fromPax8!.suspect).toBeUndefined();
  });

  it('keeps suspect figures out of the ledger and holds the decrease they would ask for, with the reason', () => {
    const [flagged] = flagSuspect([finding()], verdict);
    expect(mergeLedger([], [flagged!], '2026-11-24', scope).entries).toEqual([]);
    expect(heldDecreases([flagged!, finding({ lineKey: 'other' })])).toEqual([
      { clientKey: 'cw:250', lineKey: 'managed-workstation', reason: 'suspect data from ninja: 300 devices tonight against 2,923 usually (-90%); no decrease is proposed from it' },
    ]);
  });

  it('does not propose a decrease from a live entry tonight could not confirm', () => {
    const open = mergeLedger([], [finding()], '2026-11-23', { ...scope, suspect: undefined }).entries;
    const [flagged] = flagSuspect([finding({ observed: 1, delta: -41 })], verdict);
    const { entries } = mergeLedger(open, [flagged!], '2026-11-24', scope);
    const { proposals, blocked } = proposeTrueUps(entries, '2026-11-24', { maxUnitChange: 50, maxPercentChange: 100, allowCommittedDecreases: false });
    expect(proposals).toEqual([]);
    expect(blocked.map((b) => b.reason)).toEqual(['suspect data from ninja: 300 devices tonight against 2,923 usually (-90%); no decrease is proposed from it']);
    expect(proposeTrueUps(open, '2026-11-24', { maxUnitChange: 50, maxPercentChange: 100, allowCommittedDecreases: false }).proposals).toHaveLength(1);
  });

  it('keeps the last trusted figures of an entry and resolves nothing that rests on the suspect source', () => {
    const good = mergeLedger([], [finding({ kind: 'under-billed', observed: 47, delta: 5, monthlyImpactCents: 22_500 }), finding({ lineKey: 'managed-server' })], '2026-11-23', { ...scope, suspect: undefined }).entries;
    const [flagged] = flagSuspect([finding()], verdict);
    const { entries } = mergeLedger(good, [flagged!], '2026-11-24', scope);
    const workstation = entries.find((e) => e.lineKey === 'managed-workstation')!;
    expect(workstation).toMatchObject({ delta: 5, observed: 47, status: 'open', suspect: flagged!.suspect });
    expect(entries.find((e) => e.lineKey === 'managed-server')!.status).toBe('open');
    // The next good night clears the flag and may resolve again.
    const after = mergeLedger(entries, [finding({ kind: 'under-billed', observed: 47, delta: 5, monthlyImpactCents: 22_500 })], '2026-11-25', { ...scope, suspect: undefined }).entries;
    expect(after.find((e) => e.lineKey === 'managed-workstation')!.suspect).toBeUndefined();
    expect(after.find((e) => e.lineKey === 'managed-server')!.status).toBe('resolved');
  });

  it('resolves nothing for a suspect client either', () => {
    const open = mergeLedger([], [finding()], '2026-11-23', { ...scope, suspect: undefined }).entries;
    const clientVerdict = assessCompleteness([], [client({ devices: 0, seats: 20 }, [{ devices: 40, seats: 20 }])], RULES);
    expect(clientVerdict.suspectClients).toHaveLength(1);
    const { entries } = mergeLedger(open, [], '2026-11-24', { ...scope, suspect: clientVerdict });
    expect(entries[0]!.status).toBe('open');
    expect(mergeLedger(open, [], '2026-11-24', { ...scope, suspect: undefined }).entries[0]!.status).toBe('resolved');
  });

  it('treats every unmatched organization as suspect when a PSA is, since its client list decides what matches', () => {
    const psa: SourceTonight = { sourceId: 'cw', role: 'psa', tally: { clients: 2, agreements: 2, devices: 0, seats: 0 }, history: [{ clients: 10, agreements: 10, devices: 0, seats: 0 }] };
    const psaVerdict = assessCompleteness([psa], [], RULES);
    const org = finding({ clientKey: 'ninja:77', lineKey: 'org', kind: 'unmapped', sourceId: 'ninja', line: null });
    expect(flagSuspect([org], psaVerdict)[0]!.suspect).toBe('suspect data from cw: 2 clients tonight against 10 usually (-80%)');
    expect(flagSuspect([org], verdict)[0]!.suspect).toMatch(/^suspect data from ninja/);
  });
});
