import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { IsoDate, SourcePull } from '../domain/model';
import { forLog, VendorError } from '../connectors/http/errors';
import { metered, type RequestMeter } from '../connectors/http/request-meter';
import {
  appendFragment,
  emptyFragment,
  isWorkList,
  listSizes,
  Partition,
  WORK_LIST,
  workListSizes,
  type Fragment,
  type ListSizes,
  type PartitionedPull,
  type PartitionedWorkPull,
  type Step,
  type WorkPlan,
} from '../connectors/partitions';
import { planPartitions } from '../connectors/plan';
import { isWorkConnector, type Connector, type PullNight } from '../connectors/types';
import { getCheckpoint, putCheckpoint, putPiece, readPartition, type Checkpoint, type PartKey } from '../store/partitions';
import { listManifests } from '../store/snapshots';
import { sourceOf, storeOutcome, type CollectResult } from './collect';
import { planWork, type PartitionedWorkRead } from './collect-work';
import type { AppContext } from './context';

/**
 * A partitioned collect, step by step, as the state machine (lib/constructs/collect-machine.ts)
 * and the local runner (local/fan-out.ts) run it: plan (and read the head), each partition
 * (resumable), then finish (assemble, store the snapshot and manifest entry, tell reconcile).
 * Where the source's work pull splits too (WorkConnector.partitionedWork), the plan also decides
 * the night's work window, reads the work head and carries the window on each work partition;
 * finish assembles the work and merges it with the last set, once. A failed work partition only
 * leaves the work set stale, as a failed whole work read does; the seat snapshot is stored.
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

function workOf(connector: Connector, sourceId: string): PartitionedWorkPull {
  const work = isWorkConnector(connector) ? connector.partitionedWork : undefined;
  if (!work) throw new Error(`source "${sourceId}" has no partitioned work pull`);
  return work;
}

/** The seat pull's head: the vendor's cheap lists, or, for a vendor whose seat pull does not split, the whole of it. */
async function seatHead(connector: Connector, night: PullNight): Promise<Fragment> {
  if (connector.partitioned) return connector.partitioned.head(night);
  return { records: { pull: [await connector.pull(night)] }, quarantined: [], warnings: [] };
}

const windowOf = (plan: WorkPlan) => ({ from: plan.from, changedSince: plan.changedSince });

/** Decides single or partitioned; for partitioned, reads and stores the head(s) under a new run. */
export async function planCollect(ctx: AppContext, sourceId: string, runDate: string): Promise<CollectPlan> {
  const source = sourceOf(ctx, sourceId);
  const sizes = await lastListed(ctx, sourceId, runDate);
  const plan = planPartitions(source, sizes);
  ctx.logger.info('collect plan', { sourceId, runDate, sizes, mode: plan.mode, reason: plan.reason, partitions: plan.partitions.length, maxConcurrency: plan.maxConcurrency });
  if (plan.mode === 'single') return { mode: 'single', sourceId, runDate, reason: plan.reason };
  const key: PartKey = { sourceId, runDate, run: randomUUID() };
  const connector = ctx.workerConnector(sourceId);
  const meter: RequestMeter = { requests: 0 };
  try {
    const head = await metered(meter, () => seatHead(connector, { runDate }));
    await putPiece(ctx.table, key, 'head', 0, head);
    await putCheckpoint(ctx.table, key, 'head', { next: 0, seq: 1, done: true, requests: meter.requests });
  } catch (err) {
    if (!(err instanceof VendorError)) throw err;
    await storeOutcome(ctx, source, runDate, connector, () => meter.requests, () => Promise.reject(err));
    return { mode: 'failed', sourceId, runDate, reason: err.message };
  }
  const partitions = plan.partitions.some((p) => isWorkList(p.list)) ? await planWorkPartitions(ctx, key, connector, plan.partitions) : plan.partitions;
  return { mode: 'partitioned', sourceId, runDate, reason: plan.reason, run: key.run, partitions, maxConcurrency: plan.maxConcurrency };
}

/**
 * Decides the night's work window once, reads the work head with it, and carries it on every work
 * partition. A head that cannot be read is checkpointed as failed: the work set goes stale at finish.
 */
async function planWorkPartitions(ctx: AppContext, key: PartKey, connector: Connector, partitions: Partition[]): Promise<Partition[]> {
  const work = await planWork(ctx, sourceOf(ctx, key.sourceId), key.runDate);
  if (!work) throw new Error(`source "${key.sourceId}" has work partitions but reads no work`);
  const meter: RequestMeter = { requests: 0 };
  let head: Fragment;
  try {
    head = await metered(meter, () => workOf(connector, key.sourceId).head({ runDate: key.runDate }, windowOf(work)));
  } catch (err) {
    ctx.logger.error('work head failed; the last work set will be kept, marked stale', { sourceId: key.sourceId, ...forLog(err) });
    await putCheckpoint(ctx.table, key, 'work', { next: 0, seq: 0, done: true, requests: meter.requests, failed: (err as Error).message });
    return partitions.map((p) => (isWorkList(p.list) ? { ...p, work } : p));
  }
  await putPiece(ctx.table, key, 'work', 0, head);
  await putCheckpoint(ctx.table, key, 'work', { next: 0, seq: 1, done: true, requests: meter.requests });
  return partitions.map((p) => (isWorkList(p.list) ? { ...p, work } : p));
}

/** Where a partition reads from: its pull's steps from `from` on, or the failure its work head met. */
async function stepsFor(ctx: AppContext, key: PartKey, connector: Connector, partition: Partition): Promise<AsyncIterable<Step> | { failed: string }> {
  const night = { runDate: key.runDate };
  const headId = partition.work ? 'work' : 'head';
  const headAt = await getCheckpoint(ctx.table, key, headId);
  if (!headAt) throw new Error(`run ${key.run} of ${key.sourceId} (${key.runDate}) has no ${headId} head: plan it first`);
  if (headAt.failed) return { failed: headAt.failed };
  const head = await readPartition(ctx.table, key, headId, headAt);
  if (!partition.work) return partitionedOf(connector, key.sourceId).steps(night, partition, head);
  const list = partition.list.slice(WORK_LIST.length);
  return workOf(connector, key.sourceId).steps(night, windowOf(partition.work), { ...partition, list }, head);
}

/**
 * Runs one partition from its checkpoint: records go to the table a piece at a time, each piece
 * followed by the checkpoint that vouches for it. Stops with `done: false` when `timeLeftMs` runs
 * under the margin; invoked again, it goes on from there. A vendor error ends the partition as
 * failed (the finish step records the source as failed); anything else is thrown for a retry.
 * A work partition ends as failed on any error, as a whole work read does (the work set goes stale).
 */
export async function collectPartition(ctx: AppContext, task: PartitionTask, timeLeftMs: () => number): Promise<{ done: boolean; next: number }> {
  const key: PartKey = { sourceId: task.sourceId, runDate: task.runDate, run: task.run };
  const { partition } = task;
  if (isWorkList(partition.list) !== Boolean(partition.work)) throw new Error(`partition ${partition.index} of run ${task.run}: a work list's partition carries the work window, and only it`);
  const at = (await getCheckpoint(ctx.table, key, partition.index)) ?? { next: partition.from, seq: 0, done: false, requests: 0 };
  if (at.done) return { done: true, next: at.next };
  const meter: RequestMeter = { requests: 0 };
  return metered(meter, async () => {
    const steps = await stepsFor(ctx, key, ctx.workerConnector(task.sourceId), { ...partition, from: at.next });
    if ('failed' in steps) {
      await putCheckpoint(ctx.table, key, partition.index, { ...at, done: true, failed: steps.failed });
      return { done: true, next: at.next };
    }
    return readSteps(ctx, key, partition, { at, meter, timeLeftMs }, steps);
  });
}

/** Reads a partition's steps from its checkpoint `at`, storing a piece and a checkpoint every FLUSH_STEPS and when time runs short. */
async function readSteps(
  ctx: AppContext,
  key: PartKey,
  partition: Partition,
  run: { at: Checkpoint; meter: RequestMeter; timeLeftMs: () => number },
  steps: AsyncIterable<Step>,
): Promise<{ done: boolean; next: number }> {
  let state: Checkpoint = { ...run.at };
  let pending = emptyFragment();
  let count = 0;
  let position = run.at.next;
  let counted = 0;
  const flush = async (done: boolean, failed?: string) => {
    if (count > 0) await putPiece(ctx.table, key, partition.index, state.seq, pending);
    const requests = state.requests + run.meter.requests - counted;
    counted = run.meter.requests;
    state = { next: position, seq: state.seq + (count > 0 ? 1 : 0), done, requests, ...(failed ? { failed } : {}) };
    await putCheckpoint(ctx.table, key, partition.index, state);
    pending = emptyFragment();
    count = 0;
  };
  try {
    for await (const step of steps) {
      appendFragment(pending, step.fragment);
      position = step.next;
      count++;
      if (run.timeLeftMs() < STOP_MARGIN_MS) {
        await flush(false);
        return { done: false, next: state.next };
      }
      if (count >= FLUSH_STEPS) await flush(false);
    }
  } catch (err) {
    if (!(err instanceof VendorError) && !partition.work) throw err;
    ctx.logger.error('partition failed', { sourceId: key.sourceId, partition: partition.index, list: partition.list, ...forLog(err) });
    await flush(true, (err as Error).message);
    return { done: true, next: state.next };
  }
  await flush(true);
  return { done: true, next: state.next };
}

/**
 * Once every partition is done: assembles the pull from the head and the partitions in plan order,
 * and stores it as one invocation would (snapshot, then the manifest entry, then SnapshotStored).
 * The manifest counts every request: the heads' and partitions' (their checkpoints) and this
 * step's own (the work read whole, or the work assembly's lookups).
 */
export async function finishCollect(ctx: AppContext, task: FinishTask): Promise<CollectResult> {
  const key: PartKey = { sourceId: task.sourceId, runDate: task.runDate, run: task.run };
  const connector = ctx.workerConnector(task.sourceId);
  const meter: RequestMeter = { requests: 0 };
  const ordered = [...task.partitions].sort((a, b) => a.index - b.index);
  const workPlan = ordered.find((p) => p.work)?.work;
  let checkpointed = 0;
  const store = () => storeOutcome(ctx, sourceOf(ctx, task.sourceId), task.runDate, connector, () => checkpointed + meter.requests, async () => {
    const headAt = await getCheckpoint(ctx.table, key, 'head');
    const workAt = workPlan ? await getCheckpoint(ctx.table, key, 'work') : null;
    const marks = await Promise.all(ordered.map((p) => getCheckpoint(ctx.table, key, p.index)));
    const unfinished = ordered.filter((_, i) => !marks[i]?.done).map((p) => p.index);
    const heads = [...(headAt ? [] : ['head']), ...(workPlan && !workAt ? ['work head'] : [])];
    if (heads.length > 0 || unfinished.length > 0) throw new Error(`run ${task.run} of ${task.sourceId} (${task.runDate}): partitions ${[...unfinished, ...heads].join(', ')} not finished`);
    checkpointed = [headAt, workAt, ...marks].reduce((n, m) => n + (m?.requests ?? 0), 0);
    const read = async (pick: (p: Partition) => boolean) => {
      const body = emptyFragment();
      for (const [i, p] of ordered.entries()) if (pick(p)) appendFragment(body, await readPartition(ctx.table, key, p.index, marks[i]!));
      return body;
    };
    const failed = marks.find((m, i) => m?.failed && !ordered[i]!.work)?.failed;
    if (failed) throw new PartitionVendorError(failed);
    const head = await readPartition(ctx.table, key, 'head', headAt!);
    const body = await read((p) => !p.work);
    const seats = connector.partitioned ? { pull: connector.partitioned.assemble(head, body), listed: listSizes(connector.partitioned.spec, body) } : { pull: SourcePull.parse(head.records.pull?.[0]) };
    const workFailed = [workAt, ...marks.filter((_, i) => ordered[i]!.work)].find((m) => m?.failed)?.failed;
    const work: PartitionedWorkRead | undefined = workPlan && {
      plan: workPlan,
      read: async () => {
        if (workFailed) throw new PartitionVendorError(workFailed);
        const pull = workOf(connector, task.sourceId);
        const workBody = await read((p) => Boolean(p.work));
        const workHead = await readPartition(ctx.table, key, 'work', workAt!);
        return { ...(await pull.assemble({ runDate: task.runDate }, windowOf(workPlan), workHead, workBody)), listed: workListSizes(pull.spec, workBody) };
      },
    };
    return { ...seats, requests: 0, partitions: ordered.length, ...(work ? { work } : {}) };
  });
  return metered(meter, store);
}

/**
 * What the state machine's catch records for a work partition that still failed after its retries
 * (its worker crashed or ran out of time): the partition ends failed, so finish keeps the last
 * work set, marked stale, and stores the seats. A seat partition's failure fails the source instead.
 */
export async function failWorkPartition(ctx: AppContext, task: PartitionTask, message: string): Promise<{ done: boolean; next: number }> {
  const { partition } = task;
  if (!partition.work) throw new Error(`partition ${partition.index} of run ${task.run} reads seats: its failure fails the source`);
  const key: PartKey = { sourceId: task.sourceId, runDate: task.runDate, run: task.run };
  const at = (await getCheckpoint(ctx.table, key, partition.index)) ?? { next: partition.from, seq: 0, done: false, requests: 0 };
  ctx.logger.error('work partition failed after its retries', { sourceId: task.sourceId, partition: partition.index, list: partition.list, message });
  await putCheckpoint(ctx.table, key, partition.index, { ...at, done: true, failed: message });
  return { done: true, next: at.next };
}

/** What the state machine's catch records: the source failed tonight, and reconcile hears of it. */
export async function failCollect(ctx: AppContext, sourceId: string, runDate: string, message: string): Promise<CollectResult> {
  return storeOutcome(ctx, sourceOf(ctx, sourceId), runDate, ctx.workerConnector(sourceId), () => 0, () => Promise.reject(new PartitionVendorError(message)));
}
