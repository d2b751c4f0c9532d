import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { QuarantinedRecord, Snapshot } from '../../../shared/domain/model';
import { getManifest, getSnapshot, putManifest, putSnapshot } from '../../../shared/store/snapshots';
import { ENGINES, useDynamo } from '../../support/dynamo';
import { Ticket, TimeEntry } from '../../../shared/domain/work';
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

  it("stores a PSA's work set with its read, split into items when one client's time passes an item, and reads it back whole", async () => {
    // Random notes barely compress: 3,000 entries of one client are about 1 MB gzipped, three items at least.
    const timeEntries = Array.from({ length: 3_000 }, (_, i) =>
      TimeEntry.parse({ externalId: `t${i}`, clientExternalId: '1', billable: 'billable', hours: 1, invoiced: false, date: '2026-11-02', notes: randomBytes(240).toString('base64'), writeBack: { timeEntryId: i + 1 } }),
    );
    const work = { timeEntries, tickets: [Ticket.parse({ externalId: 'k1', clientExternalId: '1', closed: false })], invoices: [], coverage: [] };
    const workRead = { at: `${RUN_DATE}T02:00:00.000Z`, from: '2026-10-09', full: true, stale: null };
    const items = await putSnapshot(db.table, { ...snapshot([]), sourceId: 'cw', kind: 'connectwise', role: 'psa', work, workRead });
    expect(items).toBeGreaterThan(4);
    const back = (await getSnapshot(db.table, 'cw', RUN_DATE))!;
    expect(back.workRead).toEqual(workRead);
    expect(back.work!.timeEntries.map((e) => e.externalId).sort()).toEqual(timeEntries.map((e) => e.externalId).sort());
    expect(back.work!.tickets).toEqual(work.tickets);
    // A source without a work pull reads back without one.
    expect((await getSnapshot(db.table, 'ninja', RUN_DATE))?.work).toBeUndefined();
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
