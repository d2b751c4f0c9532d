import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { IsoDate } from '../domain/model';
import { VendorError } from '../connectors/http/errors';
import { appendFragment, emptyFragment, listSizes, Partition, type ListSizes, type PartitionedPull } from '../connectors/partitions';
import { planPartitions } from '../connectors/plan';
import type { Connector } from '../connectors/types';
import { getCheckpoint, putCheckpoint, putPiece, readPartition, type Checkpoint, type PartKey } from '../store/partitions';
import { listManifests } from '../store/snapshots';
import { sourceOf, storeOutcome, type CollectResult } from './collect';
import type { AppContext } from './context';

/**
 * A partitioned collect, step by step, as the state machine (lib/constructs/collect-machine.ts)
 * and the local runner (local/fan-out.ts) run it: plan (and read the head), each partition
 * (resumable), then finish (assemble, store the snapshot and manifest entry, tell reconcile).
 */

/** A worker stops this long before its invocation's end, checkpoints, and is invoked again. */
export const STOP_MARGIN_MS = 60_000;
/** Steps (pages, or agreements) between checkpoints: a worker killed outright redoes at most these. */
const FLUSH_STEPS = 50;
/** Nights back the plan looks for list sizes. */
const SIZE_LOOKBACK_NIGHTS = 7;

export const PartitionTask = z.strictObject({ sourceId: z.string().min(1), runDate: IsoDate, run: z.string().min(1), partition: Partition });
export type PartitionTask = z.infer<typeof PartitionTask>;
export const FinishTask = z.strictObject({ sourceId: z.string().min(1), runDate: IsoDate, run: z.string().min(1), partitions: z.array(Partition).min(1) });
export type FinishTask = z.infer<typeof FinishTask>;

export type CollectPlan =
  | { mode: 'single'; sourceId: string; runDate: string; reason: string }
  | { mode: 'partitioned'; sourceId: string; runDate: string; reason: string; run: string; partitions: Partition[]; maxConcurrency: number }
  /** The head could not be read (a vendor error): recorded as a failed source, as one invocation would be. */
  | { mode: 'failed'; sourceId: string; runDate: string; reason: string };

/** A vendor error one partition met, carried to the finish step with its message as it was. */
class PartitionVendorError extends VendorError {
  constructor(message: string) {
    super('', '');
    this.message = message;
  }
}

/**
 * The list sizes of the newest stored night (tonight's first, for a re-run). A source never
 * collected before is taken as small: its first night runs whole and sizes the next. So is one
 * stored before sizes were kept (its whole pull fitted). One that only failed lately (say its
 * whole pull ran out of time) is unknown: null, which partitions it.
 */
async function lastListed(ctx: AppContext, sourceId: string, runDate: string): Promise<ListSizes | null> {
  let failed = false;
  for (const { manifest } of await listManifests(ctx.table, runDate, SIZE_LOOKBACK_NIGHTS)) {
    const entry = manifest.find((e) => e.sourceId === sourceId);
    if (entry?.state === 'stored') return entry.listed ?? {};
    failed ||= entry !== undefined;
  }
  return failed ? null : {};
}

function partitionedOf(connector: Connector, sourceId: string): PartitionedPull {
  if (!connector.partitioned) throw new Error(`source "${sourceId}" has no partitioned pull`);
  return connector.partitioned;
}

/** Decides single or partitioned; for partitioned, reads and stores the head under a new run. */
export async function planCollect(ctx: AppContext, sourceId: string, runDate: string): Promise<CollectPlan> {
  const source = sourceOf(ctx, sourceId);
  const sizes = await lastListed(ctx, sourceId, runDate);
  const plan = planPartitions(source, sizes);
  ctx.logger.info('collect plan', { sourceId, runDate, sizes, mode: plan.mode, reason: plan.reason, partitions: plan.partitions.length, maxConcurrency: plan.maxConcurrency });
  if (plan.mode === 'single') return { mode: 'single', sourceId, runDate, reason: plan.reason };
  const key: PartKey = { sourceId, runDate, run: randomUUID() };
  const connector = ctx.workerConnector(sourceId);
  const before = connector.stats().requests;
  try {
    const head = await partitionedOf(connector, sourceId).head({ runDate });
    await putPiece(ctx.table, key, 'head', 0, head);
    await putCheckpoint(ctx.table, key, 'head', { next: 0, seq: 1, done: true, requests: connector.stats().requests - before });
  } catch (err) {
    if (!(err instanceof VendorError)) throw err;
    await storeOutcome(ctx, source, runDate, () => connector.stats().requests - before, () => Promise.reject(err));
    return { mode: 'failed', sourceId, runDate, reason: err.message };
  }
  return { mode: 'partitioned', sourceId, runDate, reason: plan.reason, run: key.run, partitions: plan.partitions, maxConcurrency: plan.maxConcurrency };
}

/**
 * Runs one partition from its checkpoint: records go to the table a piece at a time, each piece
 * followed by the checkpoint that vouches for it. Stops with `done: false` when `timeLeftMs` runs
 * under the margin; invoked again, it goes on from there. A vendor error ends the partition as
 * failed (the finish step records the source as failed); anything else is thrown for a retry.
 */
export async function collectPartition(ctx: AppContext, task: PartitionTask, timeLeftMs: () => number): Promise<{ done: boolean; next: number }> {
  const key: PartKey = { sourceId: task.sourceId, runDate: task.runDate, run: task.run };
  const { partition } = task;
  const at = (await getCheckpoint(ctx.table, key, partition.index)) ?? { next: partition.from, seq: 0, done: false, requests: 0 };
  if (at.done) return { done: true, next: at.next };
  const headAt = await getCheckpoint(ctx.table, key, 'head');
  if (!headAt) throw new Error(`run ${task.run} of ${task.sourceId} (${task.runDate}) has no head: plan it first`);
  const head = await readPartition(ctx.table, key, 'head', headAt);
  const connector = ctx.workerConnector(task.sourceId);
  const pull = partitionedOf(connector, task.sourceId);

  let state: Checkpoint = { ...at };
  let pending = emptyFragment();
  let steps = 0;
  let position = at.next;
  let counted = connector.stats().requests;
  const flush = async (done: boolean, failed?: string) => {
    if (steps > 0) await putPiece(ctx.table, key, partition.index, state.seq, pending);
    const requests = state.requests + connector.stats().requests - counted;
    counted = connector.stats().requests;
    state = { next: position, seq: state.seq + (steps > 0 ? 1 : 0), done, requests, ...(failed ? { failed } : {}) };
    await putCheckpoint(ctx.table, key, partition.index, state);
    pending = emptyFragment();
    steps = 0;
  };
  try {
    for await (const step of pull.steps({ runDate: task.runDate }, { ...partition, from: at.next }, head)) {
      appendFragment(pending, step.fragment);
      position = step.next;
      steps++;
      if (timeLeftMs() < STOP_MARGIN_MS) {
        await flush(false);
        return { done: false, next: state.next };
      }
      if (steps >= FLUSH_STEPS) await flush(false);
    }
  } catch (err) {
    if (!(err instanceof VendorError)) throw err;
    ctx.logger.error('partition failed', { sourceId: task.sourceId, partition: partition.index, message: err.message });
    await flush(true, err.message);
    return { done: true, next: state.next };
  }
  await flush(true);
  return { done: true, next: state.next };
}

/**
 * Once every partition is done: assembles the pull from the head and the partitions in plan order,
 * and stores it as one invocation would (snapshot, then the manifest entry, then SnapshotStored).
 */
export async function finishCollect(ctx: AppContext, task: FinishTask): Promise<CollectResult> {
  const key: PartKey = { sourceId: task.sourceId, runDate: task.runDate, run: task.run };
  const connector = ctx.workerConnector(task.sourceId);
  const pull = partitionedOf(connector, task.sourceId);
  const ordered = [...task.partitions].sort((a, b) => a.index - b.index);
  let requests = 0;
  return storeOutcome(ctx, sourceOf(ctx, task.sourceId), task.runDate, () => requests, async () => {
    const headAt = await getCheckpoint(ctx.table, key, 'head');
    const marks = await Promise.all(ordered.map((p) => getCheckpoint(ctx.table, key, p.index)));
    const unfinished = ordered.filter((_, i) => !marks[i]?.done).map((p) => p.index);
    if (!headAt || unfinished.length > 0) throw new Error(`run ${task.run} of ${task.sourceId} (${task.runDate}): partitions ${unfinished.join(', ') || 'head'} not finished`);
    requests = [headAt, ...marks].reduce((n, m) => n + (m?.requests ?? 0), 0);
    const failed = marks.find((m) => m?.failed)?.failed;
    if (failed) throw new PartitionVendorError(failed);
    const head = await readPartition(ctx.table, key, 'head', headAt);
    const body = emptyFragment();
    for (const [i, p] of ordered.entries()) appendFragment(body, await readPartition(ctx.table, key, p.index, marks[i]!));
    return { pull: pull.assemble(head, body), requests: 0, listed: listSizes(pull.spec, body), partitions: ordered.length };
  });
}

/** What the state machine's catch records: the source failed tonight, and reconcile hears of it. */
export async function failCollect(ctx: AppContext, sourceId: string, runDate: string, message: string): Promise<CollectResult> {
  return storeOutcome(ctx, sourceOf(ctx, sourceId), runDate, () => 0, () => Promise.reject(new PartitionVendorError(message)));
}
