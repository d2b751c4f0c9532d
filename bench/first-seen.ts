import { addDays } from '../shared/domain/dates';
import { splitUntilSmall } from '../shared/store/snapshots';
import { formatTable } from './support/table';

/**
 * What the first-seen history (shared/store/first-seen.ts) costs per RMM source: its gzipped
 * size, the items it takes, and the DynamoDB units of the nightly read and of a rewrite (a night
 * with a new device). Ids are numeric and near-sequential (NinjaOne, Datto RMM) or random uuids
 * (the worst case for compression); 90% of devices date from the first night, the rest from the
 * 180 nights after it.
 *
 *   npx tsx bench/first-seen.ts
 */

const FIRST = '2026-01-01';

function history(devices: number, ids: 'numeric' | 'uuid'): Array<[string, string]> {
  return Array.from({ length: devices }, (_, i) => {
    const id = ids === 'numeric' ? String(100_000 + i * 3) : crypto.randomUUID();
    const night = i % 10 === 0 ? addDays(FIRST, 1 + (i % 180)) : FIRST;
    return [id, night] as [string, string];
  });
}

const rows: string[][] = [];
for (const ids of ['numeric', 'uuid'] as const) {
  for (const devices of [1_000, 10_000, 50_000, 100_000]) {
    const chunks = splitUntilSmall(history(devices, ids));
    const bytes = chunks.reduce((n, c) => n + c.length, 0);
    // Consistent reads cost 1 unit per 4 KB read; writes 1 unit per 1 KB of each item.
    const readUnits = Math.ceil(bytes / 4096);
    const writeUnits = chunks.reduce((n, c) => n + Math.ceil((c.length + 100) / 1024), 0) + 1;
    rows.push([ids, devices.toLocaleString('en-US'), `${(bytes / 1024).toFixed(0)} KB`, String(chunks.length + 1), String(readUnits), String(writeUnits)]);
  }
}
console.log(formatTable(['ids', 'devices', 'gzipped', 'items', 'read units/night', 'write units/rewrite'], rows));
