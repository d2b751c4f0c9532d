import { describe, expect, it } from 'vitest';
import { compareNames, MATCH_THRESHOLDS, matchClients, nameProfile, normalizeName, type MatchDecision, type SourceClients } from '../../../shared/domain/matching';
import { ratesAt, scoreCorpus } from '../../../bench/support/matching-corpus';
import { client, device } from '../../support/snapshots';

const src = (sourceId: string, kind: SourceClients['kind'], role: SourceClients['role'], clients: SourceClients['clients'], devices: SourceClients['devices'] = []): SourceClients => ({ sourceId, kind, role, clients, devices, subscriptions: [] });
const none = { overrides: [], ignore: [] };
const score = (a: string, b: string) => compareNames(nameProfile(a), nameProfile(b));
const psa = (...names: string[]) => src('cw', 'connectwise', 'psa', names.map((n, i) => client(String(i + 1), n)));
const rmm = (...names: string[]) => src('ninja', 'ninjaone', 'rmm', names.map((n, i) => client(String(100 + i), n)));
const decision = (memberKey: string, psaKey: string, same: boolean): MatchDecision => ({ memberKey, psaKey, same, decidedBy: 'owner@msp.example', decidedAt: '2026-11-24T09:00:00.000Z' });

describe('name normalization', () => {
  it('treats the same company under different spellings as one', () => {
    expect(new Set(['Northwind Traders, Inc.', 'NORTHWIND TRADERS', 'Northwind Traders Inc', 'The Northwind Traders LLC'].map(normalizeName)).size).toBe(1);
    expect(normalizeName('Hartley & Sons')).toBe(normalizeName('Hartley and Sons'));
  });

  it('keeps a site part apart from the name it qualifies', () => {
    expect(nameProfile('Contoso Dental - Warehouse')).toMatchObject({ core: ['contoso', 'dental'], site: '- Warehouse' });
    expect(nameProfile('Tailspin Toys (Downtown) LLC')).toMatchObject({ core: ['tailspin', 'toys'], site: '(Downtown)' });
    expect(nameProfile('Smith-Jones Architects').site).toBeNull();
  });
});

describe('name similarity, one variant class at a time', () => {
  const auto = MATCH_THRESHOLDS.auto;
  it.each([
    ['abbreviations', 'Acme Mfg', 'Acme Manufacturing, Inc.', /expanding Mfg -> Manufacturing/],
    ['abbreviations', 'Harbor Svcs', 'Harbor Services LLC', /Svcs -> Services/],
    ['joined words', 'Bluewater Dental', 'Blue Water Dental', /reading 'blue water' as 'bluewater'/],
    ['site suffix after a dash', 'Contoso Dental - Warehouse', 'Contoso Dental', /dropping '- Warehouse'/],
    ['site suffix in parentheses', 'Tailspin Toys (Downtown)', 'Tailspin Toys', /dropping '\(Downtown\)'/],
    ['a generic word added', 'Contoso Dental Group', 'Contoso Dental', /ignoring 'group'/],
    ['"&" for "and"', 'Hartley & Sons', 'Hartley and Sons', /^$/],
  ])('%s: "%s" = "%s"', (_, a, b, step) => {
    const c = score(a, b);
    expect(c.score).toBeGreaterThanOrEqual(auto);
    expect(c.steps.join('; ')).toMatch(step);
  });

  it.each([
    ['Contoso Dental', 'Contoso Dental Lab'],
    ['North Star Bank', 'Northstar Freight'],
    ['Northwind Traders 2', 'Northwind Traders 3'],
    ['Litware Acounting', 'Litware Accounting'],
  ])('never auto-matches "%s" with "%s"', (a, b) => {
    expect(score(a, b).score).toBeLessThan(auto);
  });

  it('meets the corpus goals: precision >= 99.5% and recall >= 97% at the auto-match threshold', () => {
    const pairs = scoreCorpus();
    expect(pairs.length).toBeGreaterThanOrEqual(300);
    expect(pairs.filter((p) => !p.same).length).toBeGreaterThanOrEqual(100);
    const r = ratesAt(pairs, MATCH_THRESHOLDS.auto);
    expect(r.precision).toBeGreaterThanOrEqual(0.995);
    expect(r.recall).toBeGreaterThanOrEqual(0.97);
    // Every positive a name match misses is at least put to a person.
    expect(ratesAt(pairs, MATCH_THRESHOLDS.suggest).recall).toBe(1);
  });
});

describe('client matching', () => {
  it('prefers a vendor cross-reference over a name', () => {
    const at = src('at', 'autotask', 'psa', [client('29683001', 'Contoso Dental'), client('29683002', 'Contoso Dental Ltd')]);
    const datto = src('datto', 'dattormm', 'rmm', [client('501', 'CONTOSO DENTAL', { refs: [{ vendor: 'autotask', id: '29683002' }] })]);
    const { groups } = matchClients([at, datto], none);
    expect(groups.find((g) => g.key === 'at:29683002')!.members).toMatchObject([{ key: 'datto:501', via: 'cross-reference', score: 1 }]);
  });

  it('follows Halo asset device ids to the RMM organization that owns them', () => {
    const halo = src('halo', 'halopsa', 'psa', [client('11', 'Wingtip Legal', { deviceRefs: [{ vendor: 'ninjaone', id: 'n1' }] })]);
    const ninja = src('ninja', 'ninjaone', 'rmm', [client('3', 'WT Law Group')], [device('n1', '3'), device('n2', '3')]);
    expect(matchClients([halo, ninja], none).groups[0]!.members).toMatchObject([{ key: 'ninja:3', via: 'cross-reference', reason: '1 of its 2 devices are assets of this client in the PSA' }]);
  });

  it('matches a confident name variant and says why', () => {
    const { groups, suggested, unmatched } = matchClients([psa('Riverside Manufacturing Co', 'Fabrikam Logistics'), rmm('Riverside Mfg - Warehouse')], none);
    expect(suggested).toEqual([]);
    expect(unmatched).toEqual([]);
    const [member] = groups.find((g) => g.key === 'cw:1')!.members;
    expect(member).toMatchObject({ key: 'ninja:100', via: 'name' });
    expect(member!.score).toBeGreaterThanOrEqual(MATCH_THRESHOLDS.auto);
    expect(member!.reason).toBe("names agree after expanding Mfg -> Manufacturing and dropping '- Warehouse'");
  });

  it('lets several sites share one PSA client, but never gives one organization to two clients', () => {
    const { groups } = matchClients([psa('Contoso Dental', 'Fabrikam'), rmm('Contoso Dental - North', 'Contoso Dental (South)')], none);
    expect(groups.find((g) => g.key === 'cw:1')!.members.map((m) => m.key)).toEqual(['ninja:100', 'ninja:101']);
    const all = groups.flatMap((g) => g.members.map((m) => m.key));
    expect(new Set(all).size).toBe(all.length);
  });

  it('suggests a medium-confidence name, and leaves a weak one unmatched with its nearest candidates', () => {
    const { groups, suggested, unmatched } = matchClients([psa('Litware Accounting', 'Contoso Dental Lab'), rmm('Litware Acounting', 'Contoso Legal')], none);
    expect(groups.every((g) => g.members.length === 0)).toBe(true);
    expect(suggested).toMatchObject([{ key: 'ninja:100', candidate: { psaKey: 'cw:1', psaName: 'Litware Accounting' } }]);
    expect(suggested[0]!.candidate.reason).toMatch(/reading 'acounting' as 'accounting'/);
    expect(unmatched).toMatchObject([{ key: 'ninja:101', candidates: [{ psaKey: 'cw:2', psaName: 'Contoso Dental Lab' }] }]);
    expect(unmatched[0]!.reason).toMatch(/no PSA client's name is close enough/);
  });

  it('never auto-matches when two PSA clients are about equally close: each is suggested', () => {
    const { groups, suggested } = matchClients([psa('Contoso', 'Contoso LLC', 'Fabrikam'), rmm('CONTOSO')], none);
    expect(groups.every((g) => g.members.length === 0)).toBe(true);
    expect(suggested.map((s) => s.candidate.psaKey)).toEqual(['cw:1', 'cw:2']);
    expect(suggested[0]!.candidate.reason).toMatch(/matches 2 PSA clients/);
  });

  it('takes the exact name over a site-stripped one without calling it a tie', () => {
    const { groups } = matchClients([psa('Contoso Dental', 'Contoso Dental - Warehouse'), rmm('Contoso Dental - Warehouse')], none);
    expect(groups.find((g) => g.key === 'cw:2')!.members.map((m) => m.key)).toEqual(['ninja:100']);
  });

  it('follows a stored "same" decision, and a "not the same" stops the pair being suggested again', () => {
    const sources = [psa('Litware Accounting', 'Litware Acoustics'), rmm('Litware Acounting')];
    const same = matchClients(sources, none, [decision('ninja:100', 'cw:1', true)]);
    expect(same.groups.find((g) => g.key === 'cw:1')!.members).toMatchObject([{ key: 'ninja:100', via: 'decision', reason: 'confirmed as the same client by owner@msp.example on 2026-11-24' }]);
    const rejected = matchClients(sources, none, [decision('ninja:100', 'cw:1', false)]);
    expect(rejected.suggested.map((s) => s.candidate.psaKey)).not.toContain('cw:1');
    expect([...rejected.suggested.map((s) => s.key), ...rejected.unmatched.map((u) => u.key)]).toEqual(['ninja:100']);
  });

  it('lets config overrides and ignore win over stored decisions', () => {
    const sources = [psa('Contoso', 'Fabrikam'), rmm('Contoso Ltd', 'Test Tenant')];
    const decisions = [decision('ninja:100', 'cw:1', true), decision('ninja:101', 'cw:1', true)];
    const { groups, unmatched, suggested } = matchClients(sources, { overrides: [{ psa: 'cw:2', members: ['ninja:100'] }], ignore: ['ninja:101'] }, decisions);
    expect(groups.find((g) => g.key === 'cw:2')!.members).toMatchObject([{ key: 'ninja:100', via: 'override' }]);
    expect(groups.find((g) => g.key === 'cw:1')!.members).toEqual([]);
    expect([...unmatched, ...suggested]).toEqual([]);
  });

  it('reports an unknown name with the reason and no candidates', () => {
    const { unmatched } = matchClients([psa('Contoso'), rmm('Unknown Co')], none);
    expect(unmatched).toMatchObject([{ key: 'ninja:100', candidates: [] }]);
    expect(unmatched[0]!.reason).toMatch(/no PSA client has a cross-reference to it or a name like "Unknown Co"/);
  });
});
