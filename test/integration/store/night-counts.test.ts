import { describe, expect, it } from 'vitest';
import { listClientCounts, listNightCounts, putClientCounts } from '../../../shared/store/records';
import { queryAll } from '../../../shared/store/table';
import { ENGINES, useDynamo } from '../../support/dynamo';

/** Long client keys, so a night of 4,000 clients spans more than one item. */
const rows = (n: number, devices: number) => Array.from({ length: n }, (_, i) => ({ clientKey: `connectwise-main:${'long-id-'.repeat(10)}${i}`, devices: devices + i, seats: i }));

describe.each(ENGINES)('per-client counts, by client and by night (%s)', (engine) => {
  const db = useDynamo(engine);

  it('reads every client of every night from a few items, the same counts as the per-client rows', async () => {
    await putClientCounts(db.table, '2026-11-20', rows(4_000, 5));
    await putClientCounts(db.table, '2026-11-21', rows(4_000, 7));
    const nights = await listNightCounts(db.table, '2026-11-01', '2026-11-21');
    expect([...nights.keys()].sort()).toEqual(['2026-11-20', '2026-11-21']);
    expect(nights.get('2026-11-21')!.size).toBe(4_000);
    const items = await queryAll(db.table, { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :night)', ExpressionAttributeValues: { ':pk': 'TREND#NIGHT', ':night': '2026-11-21' } });
    expect(items.length).toBeGreaterThan(1);
    const key = rows(4_000, 0)[3_999]!.clientKey;
    expect([nights.get('2026-11-20')!.get(key), nights.get('2026-11-21')!.get(key)]).toEqual(await listClientCounts(db.table, key, '2026-11-01'));
    expect([...(await listNightCounts(db.table, '2026-11-21', '2026-11-21')).keys()]).toEqual(['2026-11-21']);
  });

  it('reads a re-run night as the re-run wrote it, not mixed with the earlier run', async () => {
    await putClientCounts(db.table, '2026-11-22', rows(4_000, 1));
    await putClientCounts(db.table, '2026-11-22', rows(3, 100));
    const night = (await listNightCounts(db.table, '2026-11-22', '2026-11-22')).get('2026-11-22')!;
    expect([...night.values()].map((r) => r.devices)).toEqual([100, 101, 102]);
  });
});
