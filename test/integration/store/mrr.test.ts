import { describe, expect, it } from 'vitest';
import type { ClientMrr, MrrNight } from '../../../shared/domain/revenue';
import { mrrMonth } from '../../../shared/domain/revenue';
import { loadMonthNights, putMrrNight } from '../../../shared/store/mrr';
import { queryAll } from '../../../shared/store/table';
import { ENGINES, useDynamo } from '../../support/dynamo';

// Random-looking names, so gzip cannot shrink 20,000 clients into one item.
const clients = (n: number, cents: number): ClientMrr[] =>
  Array.from({ length: n }, (_, i) => ({ clientKey: `cw:${i}`, clientName: `Client ${(i * 2_654_435_761).toString(36)} ${i}`, cents: cents + i, services: [{ service: 'Managed Workstation', cents: cents + i, quantity: i }], seats: i, devices: i }));
const night = (runDate: string, rows: ClientMrr[]): MrrNight => ({ runDate, clients: rows, margins: [], notes: [] });

describe.each(ENGINES)('MRR nights in the table (%s)', (engine) => {
  const db = useDynamo(engine);

  it('reads back the three nights a month needs, and no others', async () => {
    for (const d of ['2025-11-30', '2026-10-15', '2026-10-31', '2026-11-01', '2026-11-29', '2026-12-01']) await putMrrNight(db.table, night(d, clients(3, Number(d.slice(8)) * 100)));
    const nights = await loadMonthNights(db.table, '2026-11');
    expect(nights.map((n) => n.runDate)).toEqual(['2025-11-30', '2026-10-31', '2026-11-29']);
    const r = mrrMonth(nights, '2026-11');
    expect(r.ok && r.month.movements.endingCents - r.month.movements.startingCents).toBe(3 * (2_900 - 3_100));
  });

  it('starts a first month from its first night', async () => {
    expect((await loadMonthNights(db.table, '2025-11')).map((n) => n.runDate)).toEqual(['2025-11-30']);
    expect(await loadMonthNights(db.table, '2025-12')).toEqual([]);
  });

  it('splits a large night over several items and reads a re-run as the re-run wrote it', async () => {
    await putMrrNight(db.table, night('2027-01-31', clients(20_000, 5_000)));
    const items = await queryAll(db.table, { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :d)', ExpressionAttributeValues: { ':pk': 'MRR', ':d': '2027-01-31' } });
    expect(items.length).toBeGreaterThan(1);
    expect((await loadMonthNights(db.table, '2027-01')).at(-1)!.clients).toHaveLength(20_000);
    await putMrrNight(db.table, night('2027-01-31', clients(2, 7)));
    expect((await loadMonthNights(db.table, '2027-01')).at(-1)!.clients.map((c) => c.cents)).toEqual([7, 8]);
  });
});
