import { describe, expect, it } from 'vitest';
import { DATA_QUALITY_CAP, describeDataQuality } from '../../../shared/domain/data-quality';
import type { Snapshot } from '../../../shared/domain/model';
import { reconcile } from '../../../shared/domain/reconcile';
import { client, device, fresh, RECIPES, RUN_DATE } from '../../support/snapshots';

const none = { suspectSources: [], suspectClients: [] };

function night(ninjaDevices: Snapshot['devices'], quarantined: Snapshot['quarantined'] = []) {
  const sources = [
    fresh({ sourceId: 'cw', kind: 'connectwise', role: 'psa', clients: [client('250', 'Northwind Traders')] }),
    fresh({ sourceId: 'ninja', kind: 'ninjaone', role: 'rmm', clients: [client('12', 'Northwind Traders'), client('77', 'Orphan Org')], devices: ninjaDevices, quarantined }),
  ];
  const result = reconcile({ runDate: RUN_DATE, sources, recipes: RECIPES, matching: { overrides: [], ignore: [] }, decisions: [], toleranceUnits: 0, timeZone: 'America/Chicago' });
  return describeDataQuality({ verdict: none, snapshots: sources.flatMap((s) => (s.state === 'fresh' ? [s.snapshot] : [])), groups: result.match.groups, unmatched: result.match.unmatched });
}

describe('describeDataQuality', () => {
  it('lists unclassified devices under the PSA client their organization belongs to, or the unmatched org, most first', () => {
    const q = night([
      device('1', '12', { deviceClass: 'UNCLASSIFIED', name: 'LAB-01' }),
      device('2', '77', { deviceClass: 'UNCLASSIFIED', name: '' }),
      device('3', '77', { deviceClass: 'UNCLASSIFIED', name: 'KIOSK' }),
      device('4', '12', { deviceClass: 'UNCLASSIFIED', deleted: true }),
      device('5', '12'),
    ]);
    expect(q.unclassifiedDevices).toEqual([
      { clientKey: 'ninja:77', clientName: 'Orphan Org', sourceId: 'ninja', count: 2, deviceNames: ['2', 'KIOSK'] },
      { clientKey: 'cw:250', clientName: 'Northwind Traders', sourceId: 'ninja', count: 1, deviceNames: ['LAB-01'] },
    ]);
    expect(q.totals).toMatchObject({ unclassifiedDevices: 3, unclassifiedClients: 2 });
  });

  it('counts quarantined records per source and entity, keeping the first ones for display and saying how many more', () => {
    const bad = Array.from({ length: DATA_QUALITY_CAP + 3 }, (_, i) => ({ sourceId: 'ninja', entity: i % 2 ? 'device' : 'organization', externalId: String(i), reason: 'id: Required' }));
    const q = night([], bad);
    expect(q.quarantined.counts).toEqual([
      { sourceId: 'ninja', entity: 'organization', count: 27 },
      { sourceId: 'ninja', entity: 'device', count: 26 },
    ]);
    expect(q.quarantined.records).toHaveLength(DATA_QUALITY_CAP);
    expect(q.quarantined.more).toBe(3);
  });

  it('is empty on a clean night', () => {
    expect(night([device('5', '12')])).toEqual({
      suspectSources: [],
      suspectClients: [],
      unclassifiedDevices: [],
      quarantined: { counts: [], records: [], more: 0 },
      totals: { suspectClients: 0, unclassifiedDevices: 0, unclassifiedClients: 0 },
    });
  });
});
