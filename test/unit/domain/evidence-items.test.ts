import { describe, expect, it } from 'vitest';
import { countDevices, countSubscriptions, EVIDENCE_ITEM_LIMIT } from '../../../shared/domain/recipes';
import { RECIPES, RUN_DATE, device, subscription } from '../../support/snapshots';

const [workstations, m365] = RECIPES as [(typeof RECIPES)[number], (typeof RECIPES)[number]];

describe('evidence records behind a count', () => {
  it('lists devices by hostname, the newest to Trueup first, then the most recently seen', () => {
    const devices = [
      device('d1', 'c1', { name: 'OLD-PC', firstSeenOn: '2026-01-02', lastSeenAt: `${RUN_DATE}T05:00:00.000Z` }),
      device('d2', 'c1', { name: 'NEW-PC', firstSeenOn: '2026-11-20', lastSeenAt: `${RUN_DATE}T01:00:00.000Z` }),
      device('d3', 'c1', { name: 'UNKNOWN-AGE', firstSeenOn: null, lastSeenAt: `${RUN_DATE}T06:00:00.000Z` }),
      device('d4', 'c1', { name: '', firstSeenOn: '2026-01-02', lastSeenAt: `${RUN_DATE}T07:00:00.000Z` }),
    ];
    const [ev] = countDevices(workstations, 'ninja', devices, RUN_DATE, 'UTC').evidence;
    expect(ev!.items!.map((i) => i.name)).toEqual(['NEW-PC', 'd4', 'OLD-PC', 'UNKNOWN-AGE']);
    expect(ev!.items![0]).toEqual({ id: 'd2', name: 'NEW-PC', firstSeenOn: '2026-11-20', lastSeenAt: `${RUN_DATE}T01:00:00.000Z` });
    expect(ev!.ids).toEqual(['d1', 'd2', 'd3', 'd4']);
  });

  it('lists subscriptions by product name with seats, the most recently changed (else started) first', () => {
    const subs = [
      subscription('s1', 'c1', 'Microsoft 365 Business Premium', 10, { startDate: '2025-03-01', updatedOn: '2026-11-20' }),
      subscription('s2', 'c1', 'Microsoft 365 Business Premium', 4, { startDate: '2026-11-01' }),
      subscription('s3', 'c1', 'Microsoft 365 Business Premium', 2, { startDate: '2024-01-01' }),
    ];
    const [ev] = countSubscriptions(m365, 'pax8', subs, RUN_DATE).evidence;
    expect(ev!.items).toEqual([
      { id: 's1', name: 'Microsoft 365 Business Premium', quantity: 10, changedOn: '2026-11-20' },
      { id: 's2', name: 'Microsoft 365 Business Premium', quantity: 4, changedOn: '2026-11-01' },
      { id: 's3', name: 'Microsoft 365 Business Premium', quantity: 2, changedOn: '2024-01-01' },
    ]);
  });

  it('keeps at most EVIDENCE_ITEM_LIMIT records but every id', () => {
    const devices = Array.from({ length: EVIDENCE_ITEM_LIMIT + 30 }, (_, i) => device(`d${i}`, 'c1', { firstSeenOn: `2026-${String(1 + (i % 11)).padStart(2, '0')}-01` }));
    const [ev] = countDevices(workstations, 'ninja', devices, RUN_DATE, 'UTC').evidence;
    expect(ev!.items).toHaveLength(EVIDENCE_ITEM_LIMIT);
    expect(ev!.ids).toHaveLength(EVIDENCE_ITEM_LIMIT + 30);
    expect(ev!.items![0]!.firstSeenOn).toBe('2026-11-01');
  });
});
