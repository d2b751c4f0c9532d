import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Device } from '../domain/model';
import { splitUntilSmall, unzip } from './snapshots';
import { KEYS } from './keys';
import { putAll, queryAll, type Table } from './table';

/**
 * The first night Trueup stored each device, per RMM source: the history behind "first seen by
 * Trueup" in the evidence. Kept as one list of [device id, night] pairs per source, gzipped into
 * as few items as fit (the snapshots' chunking), under `FIRSTSEEN#<source>`. Collect reads it once
 * a night and rewrites it only on a night that brings devices it has not seen: the devices of
 * the first night Trueup runs all date from that night, and later arrivals from theirs.
 * A device that leaves keeps its entry, so one that comes back keeps its first date; the list
 * grows with device churn only. Measured by bench/first-seen.ts.
 */

type Pairs = Array<[string, string]>;

async function readMap(table: Table, sourceId: string): Promise<Map<string, string>> {
  const items = await queryAll<Record<string, unknown>>(table, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': KEYS.firstSeen.pk(sourceId) }, ConsistentRead: true });
  const meta = items.find((i) => i.sk === 'META');
  const chunks = typeof meta?.chunks === 'number' ? meta.chunks : 0;
  // Only the chunks META names: a rewrite into fewer chunks leaves older ones behind, unread.
  const current = items.filter((i) => String(i.sk).startsWith('CHUNK#') && Number(String(i.sk).slice(6)) < chunks);
  return new Map(current.flatMap((i) => unzip(i) as Pairs));
}

/**
 * Tonight's devices with the night each was first stored; records the new ones. A night re-run
 * gives the same dates, and an earlier night run late moves a date back, never forward.
 */
export async function withFirstSeen(table: Table, sourceId: string, runDate: string, devices: readonly Device[]): Promise<Device[]> {
  if (devices.length === 0) return [...devices];
  const map = await readMap(table, sourceId);
  let changed = false;
  for (const d of devices) {
    const known = map.get(d.externalId);
    if (known === undefined || runDate < known) {
      map.set(d.externalId, runDate);
      changed = true;
    }
  }
  if (changed) await writeMap(table, sourceId, map);
  return devices.map((d) => ({ ...d, firstSeenOn: map.get(d.externalId)! }));
}

async function writeMap(table: Table, sourceId: string, map: Map<string, string>): Promise<void> {
  const pk = KEYS.firstSeen.pk(sourceId);
  const chunks = splitUntilSmall([...map]);
  await putAll(table, chunks.map((body, n) => ({ pk, sk: `CHUNK#${String(n).padStart(5, '0')}`, body })));
  // META last. One collect per source writes this, so no reader races it; a rewrite that fails
  // midway leaves old chunks beside new ones, and every pair in either is a true date.
  await table.doc.send(new PutCommand({ TableName: table.name, Item: { pk, sk: 'META', chunks: chunks.length, devices: map.size } }));
}
