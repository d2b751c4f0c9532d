import { describe, expect, it } from 'vitest';
import { EXPANSION_DEFAULTS, Recipe, type Expansion } from '../../../shared/config/schema';
import { endOfSupport, expansionForClient, expansionForNight, expansionSignals, type Opportunity } from '../../../shared/domain/expansion';
import type { ClientGroup } from '../../../shared/domain/matching';
import type { Snapshot } from '../../../shared/domain/model';
import { agreement, client, device, RUN_DATE, subscription } from '../../support/snapshots';

const recipes = [
  Recipe.parse({ product: 'Managed Workstation', count: { from: 'rmm', deviceClasses: ['WINDOWS_WORKSTATION', 'MAC'] }, listPriceCents: 4_500 }),
  Recipe.parse({ product: 'Managed EDR', count: { from: 'rmm', deviceClasses: ['WINDOWS_WORKSTATION', 'WINDOWS_SERVER'] }, listPriceCents: 800 }),
  Recipe.parse({ product: 'M365 Business Standard', count: { from: 'marketplace', products: ['Microsoft 365 Business Standard'] }, listPriceCents: 1_500 }),
  Recipe.parse({ product: 'M365 Business Premium', count: { from: 'marketplace', products: ['Microsoft 365 Business Premium'] }, listPriceCents: 2_600 }),
];
const rules: Expansion = { ...EXPANSION_DEFAULTS, pricedBy: { security: 'Managed EDR', endpoint: 'Managed Workstation' } };

const snap = (sourceId: string, role: Snapshot['role'], kind: Snapshot['kind'], extra: Partial<Snapshot>): Snapshot => ({
  sourceId, kind, role, runDate: RUN_DATE, fetchedAt: `${RUN_DATE}T08:00:00.000Z`, clients: [], agreements: [], devices: [], subscriptions: [], quarantined: [], warnings: [], ...extra,
});
const member = (sourceId: string, role: Snapshot['role'], id: string) => ({ sourceId, role, key: `${sourceId}:${id}`, client: client(id, id), via: 'override' as const, score: 1, reason: '' });
const group = (psaId: string, members: ClientGroup['members']): ClientGroup => ({ key: `cw:${psaId}`, psaSourceId: 'cw', psa: client(psaId, `Client ${psaId}`), members });

// Client 250: every signal planted. Client 251: nothing reported, so nothing signalled.
const cw = snap('cw', 'psa', 'connectwise', {
  agreements: [agreement('A1', '250', [{ id: 'L1', product: 'Managed EDR', quantity: 2, price: 1_000 }]), agreement('A2', '251', [])],
});
const rmm = snap('ninja', 'rmm', 'ninjaone', {
  devices: [
    device('d1', 'o1', { antivirus: 'protected', osName: 'Windows 11 Pro', builtOn: '2024-03-01' }),
    device('d2', 'o1', { antivirus: 'none', osName: 'Windows 10 Pro 22H2', builtOn: '2019-06-01' }),
    device('d3', 'o1', { antivirus: 'none', osName: 'Microsoft Windows Server 2012 R2 Standard', deviceClass: 'WINDOWS_SERVER', warrantyEndsOn: '2025-01-31' }),
    device('d4', 'o1', { antivirus: 'at-risk', osName: 'Windows Server 2016', deviceClass: 'WINDOWS_SERVER', warrantyEndsOn: '2027-05-01' }),
    device('d5', 'o1', { antivirus: 'none', deleted: true, osName: 'Windows 7' }),
    device('d6', 'o2'),
    device('d7', 'o2', { osName: 'Windows 11 Pro' }),
  ],
});
const pax8 = snap('pax8', 'marketplace', 'pax8', {
  subscriptions: [
    subscription('s1', 'p1', 'Microsoft 365 Business Standard', 6),
    subscription('s2', 'p1', 'Microsoft Defender for Business', 6),
    subscription('s3', 'p1', 'Microsoft 365 Business Standard', 4, { status: 'cancelled' }),
    subscription('s4', 'p2', 'Microsoft 365 Business Premium', 2),
  ],
});
const groups = [group('250', [member('ninja', 'rmm', 'o1'), member('pax8', 'marketplace', 'p1')]), group('251', [member('ninja', 'rmm', 'o2'), member('pax8', 'marketplace', 'p2')])];
const signals = (g: ClientGroup, snapshots = [cw, rmm, pax8]) => expansionSignals({ group: g, snapshots, recipes, rules, runDate: RUN_DATE });
const byKind = (os: Opportunity[]) => Object.fromEntries(os.map((o) => [o.kind, o]));

describe('expansion signals against planted data', () => {
  const found = byKind(signals(groups[0]!));

  it('counts devices with no antivirus/EDR, priced at the client\u2019s own EDR line', () => {
    expect(found['no-security']).toMatchObject({ units: 2, ids: ['d2', 'd3'], pricedAs: { product: 'Managed EDR', unitPriceCents: 1_000, from: 'client line' }, monthlyCents: 2_000 });
  });

  it('finds operating systems past end of support on the night, and not those still supported', () => {
    expect(found['os-end-of-support']).toMatchObject({ units: 2, ids: ['d2', 'd3'], pricedAs: null, monthlyCents: null });
    expect(found['os-end-of-support']!.summary).toContain('Windows 10, Windows Server 2012');
  });

  it('finds hardware older than the configured age, or out of warranty when no build date is reported', () => {
    expect(found['aging-hardware']).toMatchObject({ units: 2, ids: ['d2', 'd3'] });
    const younger = byKind(expansionSignals({ group: groups[0]!, snapshots: [cw, rmm, pax8], recipes, rules: { ...rules, hardwareMaxAgeYears: 8 }, runDate: RUN_DATE }));
    expect(younger['aging-hardware']!.ids).toEqual(['d3']);
  });

  it('counts user licences beyond the managed computers, priced at the endpoint recipe\u2019s list price', () => {
    // 6 active Business Standard seats; one approved workstation (servers are not a user's computer).
    expect(found['users-without-endpoints']).toMatchObject({ units: 4, pricedAs: { product: 'Managed Workstation', unitPriceCents: 4_500, from: 'list price' }, monthlyCents: 18_000 });
  });

  it('suggests Business Standard to Premium where Defender is bought separately, at the price difference', () => {
    expect(found['licence-upgrade']).toMatchObject({ units: 6, pricedAs: { unitPriceCents: 1_100, from: 'difference' }, monthlyCents: 6_600 });
    expect(found['licence-upgrade']!.summary).toContain('Microsoft Defender for Business');
  });

  it('signals nothing the sources do not report: no antivirus state, OS or dates is no signal', () => {
    expect(signals(groups[1]!)).toEqual([]);
  });

  it('does not guess unmanaged users for a client with no RMM organization', () => {
    const noRmm = group('250', [member('pax8', 'marketplace', 'p1')]);
    expect(signals(noRmm).map((o) => o.kind)).toEqual(['licence-upgrade']);
  });

  it('finds one client by its key, and says when tonight matched no such client', () => {
    const input = { snapshots: [cw, rmm, pax8], recipes, rules, runDate: RUN_DATE };
    expect(expansionForClient('cw:250', groups, input)).toEqual(signals(groups[0]!));
    expect(expansionForClient('cw:999', groups, input)).toBeNull();
  });

  it('lists priced opportunities first across the night', () => {
    const night = expansionForNight(groups, [cw, rmm, pax8], recipes, rules, RUN_DATE);
    expect(night.map((o) => o.monthlyCents)).toEqual([18_000, 6_600, 2_000, null, null]);
  });
});

describe('end-of-support table', () => {
  it('matches whole words, the longest row first', () => {
    const table = EXPANSION_DEFAULTS.endOfSupport;
    expect(endOfSupport('Windows 8.1 Pro', table)?.os).toBe('Windows 8.1');
    expect(endOfSupport('Windows 8 Enterprise', table)?.os).toBe('Windows 8');
    expect(endOfSupport('Microsoft Windows Server 2012 R2', table)?.os).toBe('Windows Server 2012');
    expect(endOfSupport('Windows 10 Pro', table)?.endsOn).toBe('2025-10-14');
    expect(endOfSupport('Windows 100', table)).toBeNull();
    expect(endOfSupport('Windows 11 Pro', table)).toBeNull();
  });
});
