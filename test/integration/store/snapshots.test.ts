import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { QuarantinedRecord, Snapshot } from '../../../shared/domain/model';
import { getManifest, getSnapshot, putManifest, putSnapshot } from '../../../shared/store/snapshots';
import { ENGINES, useDynamo } from '../../support/dynamo';
import { client, device, RUN_DATE } from '../../support/snapshots';

/** A reason as long as validation writes for a record whose vendor renamed a field. */
const quarantined = (n: number, reason = 'nodeClass: Invalid option: expected one of "WINDOWS_WORKSTATION"|"MAC"|"LINUX_WORKSTATION"|"WINDOWS_SERVER"|"LINUX_SERVER"; lastContact: expected number, received string'): QuarantinedRecord[] =>
  Array.from({ length: n }, (_, i) => ({ sourceId: 'ninja', entity: 'device', externalId: `dev-${i}`, reason: `${reason} (#${i})` }));

const snapshot = (q: QuarantinedRecord[]): Snapshot => ({
  sourceId: 'ninja',
  kind: 'ninjaone',
  role: 'rmm',
  runDate: RUN_DATE,
  fetchedAt: `${RUN_DATE}T02:00:00.000Z`,
  clients: [client('1', 'Northwind')],
  agreements: [],
  devices: [device('d1', '1')],
  subscriptions: [],
  quarantined: q,
  warnings: [],
});

describe.each(ENGINES)('snapshots in DynamoDB (%s)', (engine) => {
  const db = useDynamo(engine);

  it('stores a night where a vendor field change quarantined thousands of records, and loses none', async () => {
    // 6,000 records of about 200 bytes each is three times what one 400 KB item holds.
    await putSnapshot(db.table, snapshot(quarantined(6_000)));
    const back = await getSnapshot(db.table, 'ninja', RUN_DATE);
    expect(back?.quarantined).toHaveLength(6_000);
    expect(back?.quarantined[5_999]).toEqual(quarantined(6_000)[5_999]);
    expect(back?.devices.map((d) => d.externalId)).toEqual(['d1']);
  });

  it('splits a quarantine list that even gzipped passes one item, and keeps its order', async () => {
    // Random reasons barely compress: 4,000 of 250 characters is about 800 KB gzipped.
    const q = quarantined(4_000).map((r) => ({ ...r, reason: randomBytes(188).toString('base64') }));
    await putSnapshot(db.table, { ...snapshot(q), sourceId: 'ninja3' });
    expect((await getSnapshot(db.table, 'ninja3', RUN_DATE))!.quarantined).toEqual(q);
  });

  it('trims a reason too long to store, and says it did', async () => {
    await putSnapshot(db.table, { ...snapshot(quarantined(1, 'x'.repeat(500_000))), sourceId: 'ninja2' });
    const [q] = (await getSnapshot(db.table, 'ninja2', RUN_DATE))!.quarantined;
    expect(q!.reason.length).toBeLessThan(2_000);
    expect(q!.reason).toMatch(/trimmed from 500,00\d characters/);
  });

  it('reads the run manifest it has just written', async () => {
    await putManifest(db.table, RUN_DATE, { sourceId: 'ninja', kind: 'ninjaone', role: 'rmm', state: 'stored', at: `${RUN_DATE}T02:00:00.000Z` });
    expect((await getManifest(db.table, RUN_DATE)).map((m) => m.sourceId)).toEqual(['ninja']);
  });
});
