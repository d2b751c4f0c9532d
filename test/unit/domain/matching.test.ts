import { describe, expect, it } from 'vitest';
import { matchClients, normalizeName, type SourceClients } from '../../../shared/domain/matching';
import { client, device } from '../../support/snapshots';

const src = (sourceId: string, kind: SourceClients['kind'], role: SourceClients['role'], clients: SourceClients['clients'], devices: SourceClients['devices'] = []): SourceClients => ({ sourceId, kind, role, clients, devices, subscriptions: [] });
const none = { overrides: [], ignore: [] };

describe('client matching', () => {
  it('treats the same company under different spellings as one', () => {
    expect(new Set(['Northwind Traders, Inc.', 'NORTHWIND TRADERS', 'Northwind Traders Inc', 'The Northwind Traders LLC'].map(normalizeName)).size).toBe(1);
    expect(normalizeName('Hartley & Sons')).toBe(normalizeName('Hartley and Sons'));
  });

  it('prefers a vendor cross-reference over a name', () => {
    const at = src('at', 'autotask', 'psa', [client('29683001', 'Contoso Dental'), client('29683002', 'Contoso Dental Ltd')]);
    const datto = src('datto', 'dattormm', 'rmm', [client('501', 'CONTOSO DENTAL', { refs: [{ vendor: 'autotask', id: '29683002' }] })]);
    const { groups } = matchClients([at, datto], none);
    expect(groups.find((g) => g.key === 'at:29683002')!.members).toMatchObject([{ key: 'datto:501', via: 'cross-reference' }]);
  });

  it('follows Halo asset device ids to the RMM organization that owns them', () => {
    const halo = src('halo', 'halopsa', 'psa', [client('11', 'Wingtip Legal', { deviceRefs: [{ vendor: 'ninjaone', id: 'n1' }] })]);
    const ninja = src('ninja', 'ninjaone', 'rmm', [client('3', 'WT Law Group')], [device('n1', '3'), device('n2', '3')]);
    expect(matchClients([halo, ninja], none).groups[0]!.members).toMatchObject([{ key: 'ninja:3', via: 'cross-reference' }]);
  });

  it('reports ambiguous and unknown names with the reason, and honours overrides', () => {
    const cw = src('cw', 'connectwise', 'psa', [client('1', 'Contoso'), client('2', 'Contoso LLC'), client('3', 'Fabrikam')]);
    const ninja = src('ninja', 'ninjaone', 'rmm', [client('7', 'CONTOSO'), client('8', 'Fabrikam Logistics'), client('9', 'Unknown Co')]);
    const { groups, unmatched } = matchClients([cw, ninja], { overrides: [{ psa: 'cw:3', members: ['ninja:8'] }], ignore: ['ninja:9'] });
    expect(unmatched).toHaveLength(1);
    expect(unmatched[0]!.reason).toMatch(/matches 2 PSA clients/);
    expect(groups.find((g) => g.key === 'cw:3')!.members).toMatchObject([{ key: 'ninja:8', via: 'override' }]);
  });
});
