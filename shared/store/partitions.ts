import { KEYS } from './keys';
import { gunzipSync, gzipSync } from 'node:zlib';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { appendFragment, emptyFragment, Fragment } from '../connectors/partitions';
import { putAll, queryAll, type Table } from './table';

/**
 * What the partitions of one partitioned collect have read, before the snapshot exists:
 * `PART#<source>#<runDate>`, items under `<run>#` (one run per Step Functions execution, so a
 * re-run never mixes with an earlier one). Each partition writes its records as gzipped pieces as
 * it goes and a checkpoint after each piece; the head is partition "H". The snapshot and the
 * manifest entry are written only once every partition is done (shared/app/fan-out.ts), so
 * reconcile never reads half a pull. Items expire a week after the night.
 */

const SLICE_BYTES = 350_000; // DynamoDB items stop at 400 KB.
const PART_TTL_DAYS = 7;

export interface PartKey {
  sourceId: string;
  runDate: string;
  run: string;
}

/** Where a partition stands: pieces 0..seq-1 are stored and cover its steps up to `next`. */
export const Checkpoint = z.object({
  next: z.number().int().nonnegative(),
  seq: z.number().int().nonnegative(),
  done: z.boolean(),
  /** Vendor requests the partition made, over all its invocations. */
  requests: z.number().int().nonnegative(),
  /** The vendor error that ended the partition; the finish step records the source as failed with it. */
  failed: z.string().optional(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

const pk = (k: PartKey) => KEYS.part.pk(k.sourceId, k.runDate);
const pad = (n: number) => String(n).padStart(5, '0');
/** A partitioned collect's heads: the seat pull's, and the work pull's (its small lists, read with the plan's window). */
export type HeadId = 'head' | 'work';
/** The heads are "H" and "W", partitions are numbered: `<run>#P#H#…` sorts apart from `<run>#P#00003#…`. */
const id = (partition: number | HeadId) => (partition === 'head' ? 'H' : partition === 'work' ? 'W' : pad(partition));
const expiresAt = (runDate: string) => Math.floor(Date.parse(`${runDate}T00:00:00Z`) / 1000) + PART_TTL_DAYS * 86_400;

/** Stores one piece of a partition's records; a piece rewritten after a crash replaces itself (same keys, its own slice count). */
export async function putPiece(table: Table, k: PartKey, partition: number | HeadId, seq: number, fragment: Fragment): Promise<void> {
  const zipped = gzipSync(JSON.stringify(fragment));
  const slices = Math.max(1, Math.ceil(zipped.length / SLICE_BYTES));
  const items = Array.from({ length: slices }, (_, n) => ({
    pk: pk(k),
    sk: `${k.run}#P#${id(partition)}#${pad(seq)}#${pad(n)}`,
    body: zipped.subarray(n * SLICE_BYTES, (n + 1) * SLICE_BYTES),
    slices,
    expiresAt: expiresAt(k.runDate),
  }));
  await putAll(table, items);
}

export async function putCheckpoint(table: Table, k: PartKey, partition: number | HeadId, checkpoint: Checkpoint): Promise<void> {
  await table.doc.send(new PutCommand({ TableName: table.name, Item: { pk: pk(k), sk: `${k.run}#C#${id(partition)}`, ...checkpoint, expiresAt: expiresAt(k.runDate) } }));
}

export async function getCheckpoint(table: Table, k: PartKey, partition: number | HeadId): Promise<Checkpoint | null> {
  const out = await table.doc.send(new GetCommand({ TableName: table.name, Key: { pk: pk(k), sk: `${k.run}#C#${id(partition)}` }, ConsistentRead: true }));
  return out.Item ? Checkpoint.parse(out.Item) : null;
}

/** A partition's records: the pieces its checkpoint vouches for, in order (a piece written after the last checkpoint is not). */
export async function readPartition(table: Table, k: PartKey, partition: number | HeadId, checkpoint: Checkpoint): Promise<Fragment> {
  const items = await queryAll<{ sk: string; body: Uint8Array; slices: number }>(table, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': pk(k), ':p': `${k.run}#P#${id(partition)}#` },
    ConsistentRead: true,
  });
  const bySeq = new Map<number, typeof items>();
  for (const item of items) {
    const [seq, n] = item.sk.split('#').slice(-2).map(Number) as [number, number];
    if (seq >= checkpoint.seq) continue;
    const slices = bySeq.get(seq) ?? [];
    slices[n] = item;
    bySeq.set(seq, slices);
  }
  const out = emptyFragment();
  for (let seq = 0; seq < checkpoint.seq; seq++) {
    const slices = bySeq.get(seq) ?? [];
    const count = slices[0]?.slices ?? 0;
    const parts = slices.slice(0, count);
    if (count === 0 || parts.length !== count || parts.some((p) => !p))
      throw new Error(`partition ${id(partition)} of ${k.sourceId} (${k.runDate}, run ${k.run}): piece ${seq} is incomplete`);
    appendFragment(out, Fragment.parse(JSON.parse(gunzipSync(Buffer.concat(parts.map((p) => p.body))).toString('utf8'))));
  }
  return out;
}
