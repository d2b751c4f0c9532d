import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withFirstSeen } from '../../../shared/store/first-seen';
import { queryAll } from '../../../shared/store/table';
import { ENGINES, useDynamo } from '../../support/dynamo';
import { device } from '../../support/snapshots';

const firstSeen = (devices: { externalId: string; firstSeenOn?: string | null }[]) => Object.fromEntries(devices.map((d) => [d.externalId, d.firstSeenOn]));

describe.each(ENGINES)('first seen by Trueup (%s)', (engine) => {
  const db = useDynamo(engine);

  it('dates each device from the first night it was stored, across nights, re-runs and a late earlier night', async () => {
    const n1 = await withFirstSeen(db.table, 'ninja', '2026-11-01', [device('a', '1'), device('b', '1')]);
    expect(firstSeen(n1)).toEqual({ a: '2026-11-01', b: '2026-11-01' });
    // b leaves for a night and comes back; c arrives.
    await withFirstSeen(db.table, 'ninja', '2026-11-02', [device('a', '1')]);
    const n3 = await withFirstSeen(db.table, 'ninja', '2026-11-03', [device('a', '1'), device('b', '1'), device('c', '1')]);
    expect(firstSeen(n3)).toEqual({ a: '2026-11-01', b: '2026-11-01', c: '2026-11-03' });
    // Re-running the night changes nothing.
    expect(firstSeen(await withFirstSeen(db.table, 'ninja', '2026-11-03', [device('c', '1')]))).toEqual({ c: '2026-11-03' });
    // A night before it, run late, moves its date back.
    expect(firstSeen(await withFirstSeen(db.table, 'ninja', '2026-10-31', [device('c', '1')]))).toEqual({ c: '2026-10-31' });
    // Another source keeps its own history.
    expect(firstSeen(await withFirstSeen(db.table, 'datto', '2026-11-03', [device('a', '1')]))).toEqual({ a: '2026-11-03' });
  });

  it('keeps a history larger than one DynamoDB item in chunks and reads it back whole', async () => {
    // Random ids compress poorly: 30,000 of them pass 400 KB gzipped.
    const devices = Array.from({ length: 30_000 }, () => device(randomUUID(), '1'));
    await withFirstSeen(db.table, 'big', '2026-11-01', devices);
    const items = await queryAll<{ sk: string }>(db.table, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'FIRSTSEEN#big' } });
    expect(items.filter((i) => i.sk.startsWith('CHUNK#')).length).toBeGreaterThan(1);
    const again = await withFirstSeen(db.table, 'big', '2026-11-02', [...devices.slice(0, 5), device('newcomer', '1')]);
    expect(again.map((d) => d.firstSeenOn)).toEqual(['2026-11-01', '2026-11-01', '2026-11-01', '2026-11-01', '2026-11-01', '2026-11-02']);
  });
});
