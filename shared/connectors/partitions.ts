import * as z from 'zod';
import { IsoDate, IsoTimestamp, QuarantinedRecord, type SourcePull } from '../domain/model';
import { FanOut } from '../config/source-common';
import type { SourceConfig } from '../config/schema';
import { sourceRate, type RateLimit } from './http/for-source';
import type { PullNight, WorkPullResult, WorkWindow } from './types';

/**
 * A pull too long for one Lambda invocation is cut into partitions the vendor's API allows (page
 * ranges of a paged list, or ranges of parent records the head listed), run by a Step Functions
 * Map (lib/constructs/collect-machine.ts) or in-process by the local runner. This module is the
 * plan, and nothing here does I/O: the benchmark calls planPartitions (./plan.ts) with any estimate.
 */

/** Items in each list a vendor splits, as the last stored night counted them (ManifestEntry.listed). */
export type ListSizes = Record<string, number>;

/** One list a vendor's pull can split. */
export interface PartitionList {
  name: string;
  /**
   * page: bounds are page numbers (from 1) of a paged list, one request a page;
   * offset: bounds are record offsets (from 0) of a list paged by offset ($skip), one request a page;
   * item: positions (from 0) in a list the head read, one request per item (e.g. an agreement's additions).
   */
  unit: 'page' | 'offset' | 'item';
  /** Records one request returns: the source's page size for `page` and `offset`, 1 for `item`. */
  perRequest(source: SourceConfig): number;
}

/** How a vendor's pull splits: declared beside its limits (VendorModule.partitions). */
export interface PartitionSpec {
  /** tenant: the limit is shared with the MSP's other integrations, so the workers take only a share of it by default. */
  limitScope: 'tenant' | 'integration';
  /** Requests of the head (the cheap lists every partition needs) for lists of these sizes. */
  headRequests(source: SourceConfig, sizes: ListSizes): number;
  lists: readonly PartitionList[];
}

/** The night's work window and whether it is the full read, decided once when the collect is planned. */
export const WorkPlan = z.strictObject({ from: IsoDate, changedSince: IsoTimestamp.nullable(), full: z.boolean() });
export type WorkPlan = z.infer<typeof WorkPlan>;

export const Partition = z.strictObject({
  index: z.number().int().nonnegative(),
  list: z.string().min(1),
  from: z.number().int().nonnegative(),
  /** Exclusive; null: until the vendor's API says the list ended. */
  to: z.number().int().positive().nullable(),
  /** On a work list's partitions (WORK_LIST): the plan's window, carried to each so every one reads the same. */
  work: WorkPlan.optional(),
});
export type Partition = z.infer<typeof Partition>;

export interface PartitionPlan {
  mode: 'single' | 'partitioned';
  /** Why, in words for the log. */
  reason: string;
  /** Requests the whole pull is estimated to make. */
  requests: number;
  /** In list order; each list's last partition is open-ended, so a list longer than estimated is still read to its end. */
  partitions: Partition[];
  /** The partitions' rate together: the source's rate times the share. */
  sharedRate: RateLimit;
  /** Map MaxConcurrency: as many workers as the shared rate keeps busy, at most fanOut.maxConcurrency. */
  maxConcurrency: number;
}

/** [I] a vendor request's typical round trip at night; sizes the Map's concurrency, not the pace (the bucket sets that). */
export const REQUEST_SECONDS = 0.5;
/** A partition is about this much work at the shared rate: well inside Lambda's 15 minutes, and little to redo. */
const PARTITION_SECONDS = 300;
/** [I] About ten history events per partition keep an inline Map well inside Step Functions' 25,000 per execution. */
export const MAX_PARTITIONS = 1000;

const firstOf = (list: PartitionList) => (list.unit === 'page' ? 1 : 0);
const perSecond = (rate: RateLimit) => rate.requests / rate.perSeconds;

/** The fan-out settings with their defaults. */
export const fanOutOf = (source: Pick<SourceConfig, 'fanOut'>) => FanOut.parse(source.fanOut ?? {});

/** The rate the partitions share: a share of the source's rate, never below one request a window. */
export function sharedRateOf(source: SourceConfig, spec: PartitionSpec, vendorDefault: RateLimit): RateLimit {
  const rate = sourceRate(source, vendorDefault);
  const share = fanOutOf(source).share ?? (spec.limitScope === 'tenant' ? 0.5 : 1);
  return { requests: Math.max(1, Math.floor(rate.requests * share)), perSeconds: rate.perSeconds };
}

/** Requests each list takes at these sizes: one a page, or one an item. */
function unitsOf(source: SourceConfig, list: PartitionList, sizes: ListSizes): number {
  const items = sizes[list.name] ?? 0;
  return list.unit === 'item' ? items : Math.ceil(items / list.perRequest(source));
}

/** Whole lists, one open-ended partition each: the single invocation's pull, and the plan when no size is known. */
export function wholeLists(spec: PartitionSpec): Partition[] {
  return spec.lists.map((list, index) => ({ index, list: list.name, from: firstOf(list), to: null }));
}

/**
 * Cuts a source's pull into partitions, from the list sizes of the last stored night (null when
 * unknown: the source's last collects failed). Small pulls stay one invocation: the estimate is
 * the requests at the source's pace (or one round trip each, whichever is slower) against
 * fanOut.singleUpToSeconds. With no estimate the pull is partitioned one open-ended partition per
 * list, so a pull too large for one invocation still finishes: each worker checkpoints and
 * continues in a fresh invocation. fanOut.mode forces either way.
 */
export function planFor(source: SourceConfig, spec: PartitionSpec, vendorDefault: RateLimit, sizes: ListSizes | null): PartitionPlan {
  const fanOut = fanOutOf(source);
  const sharedRate = sharedRateOf(source, spec, vendorDefault);
  const known = sizes ?? {};
  const requests = spec.headRequests(source, known) + spec.lists.reduce((n, list) => n + unitsOf(source, list, known), 0);
  const seconds = Math.max(requests / perSecond(sourceRate(source, vendorDefault)), requests * REQUEST_SECONDS);
  const concurrency = (count: number) => Math.max(1, Math.min(fanOut.maxConcurrency, count, Math.ceil(perSecond(sharedRate) * REQUEST_SECONDS)));
  if (fanOut.mode === 'single' || (fanOut.mode === 'auto' && sizes && seconds <= fanOut.singleUpToSeconds)) {
    const reason =
      fanOut.mode === 'single' ? 'fanOut.mode is "single"' : `about ${requests} requests (${Math.ceil(seconds)} s) fit one invocation (fanOut.singleUpToSeconds ${fanOut.singleUpToSeconds})`;
    return { mode: 'single', reason, requests, partitions: wholeLists(spec), sharedRate, maxConcurrency: 1 };
  }
  if (!sizes) {
    const partitions = wholeLists(spec);
    return { mode: 'partitioned', reason: 'no earlier night to size the pull from', requests, partitions, sharedRate, maxConcurrency: concurrency(partitions.length) };
  }
  // One unit is one request in both kinds of list, so a partition's size is its seconds of requests.
  const units = spec.lists.reduce((n, list) => n + unitsOf(source, list, known), 0);
  const wanted = fanOut.partitionSize ?? Math.max(1, Math.floor(PARTITION_SECONDS * perSecond(sharedRate)));
  const size = Math.max(wanted, Math.ceil(units / (MAX_PARTITIONS - spec.lists.length)));
  const partitions: Partition[] = [];
  for (const list of spec.lists) {
    const count = Math.max(1, Math.ceil(unitsOf(source, list, known) / size));
    // An offset list's bounds are records: `size` pages of them.
    const span = list.unit === 'offset' ? size * list.perRequest(source) : size;
    for (let k = 0; k < count; k++) {
      const from = firstOf(list) + k * span;
      partitions.push({ index: partitions.length, list: list.name, from, to: k === count - 1 ? null : from + span });
    }
  }
  const why = fanOut.mode === 'partitioned' ? 'fanOut.mode is "partitioned"' : `they exceed fanOut.singleUpToSeconds ${fanOut.singleUpToSeconds}`;
  const reason = `about ${requests} requests (${Math.ceil(seconds)} s at the source's pace); ${why}: ${partitions.length} partitions of ${size}`;
  return { mode: 'partitioned', reason, requests, partitions, sharedRate, maxConcurrency: concurrency(partitions.length) };
}

/**
 * What a partition (or the head) read: the vendor's records by list, already validated (each
 * vendor parses them again with its own schemas when it assembles), and what it quarantined.
 */
export const Fragment = z.object({
  records: z.record(z.string(), z.array(z.unknown())),
  quarantined: z.array(QuarantinedRecord),
  warnings: z.array(z.string()),
});
export type Fragment = z.infer<typeof Fragment>;

export const emptyFragment = (): Fragment => ({ records: {}, quarantined: [], warnings: [] });

/** Appends `more` to `into`, list by list, in order. */
export function appendFragment(into: Fragment, more: Fragment): Fragment {
  for (const [list, records] of Object.entries(more.records)) (into.records[list] ??= []).push(...records);
  into.quarantined.push(...more.quarantined);
  into.warnings.push(...more.warnings);
  return into;
}

/** What one step read, and where the partition stands after it (its checkpoint's `next`). */
export interface Step {
  fragment: Fragment;
  next: number;
}

/** A connector whose pull splits: the head, then each partition a step (a page, or one parent's children) at a time. */
export interface PartitionedPull {
  spec: PartitionSpec;
  /** The cheap lists every partition needs (e.g. ConnectWise's companies and agreement list). */
  head(night: PullNight): Promise<Fragment>;
  /** From partition.from to partition.to or the list's end, one step at a time. */
  steps(night: PullNight, partition: Partition, head: Fragment): AsyncIterable<Step>;
  /** The canonical pull from the head and every partition's records, appended in plan order. */
  assemble(head: Fragment, body: Fragment): SourcePull;
}

/**
 * A work pull (tickets, time, invoices) that splits as the seat pull does: a head of small lists,
 * page ranges of the long ones, then an assembly that may read a few records by id. Every step
 * reads the window the plan decided, so the partitions agree on what "changed since" means.
 */
export interface PartitionedWorkPull {
  spec: PartitionSpec;
  head(night: PullNight, window: WorkWindow): Promise<Fragment>;
  steps(night: PullNight, window: WorkWindow, partition: Partition, head: Fragment): AsyncIterable<Step>;
  assemble(night: PullNight, window: WorkWindow, head: Fragment, body: Fragment): Promise<WorkPullResult>;
}

/** A work list's name in a collect's plan and manifest (`listed`): apart from the seat lists (Halo's seat pull has its own "invoices"). */
export const WORK_LIST = 'work:';
export const isWorkList = (list: string) => list.startsWith(WORK_LIST);

/** Items each partitioned list held, counted from what was read: the next night's estimate. */
export function listSizes(spec: PartitionSpec, body: Fragment): ListSizes {
  return Object.fromEntries(spec.lists.map((l) => [l.name, body.records[l.name]?.length ?? 0]));
}

/** The whole pull in one process, through the same steps the partitions run: what `pull()` is for a vendor that splits. */
export async function pullWhole(p: PartitionedPull, night: PullNight): Promise<{ pull: SourcePull; listed: ListSizes }> {
  const head = await p.head(night);
  const body = emptyFragment();
  for (const partition of wholeLists(p.spec)) for await (const step of p.steps(night, partition, head)) appendFragment(body, step.fragment);
  return { pull: p.assemble(head, body), listed: listSizes(p.spec, body) };
}

/** The whole work pull in one process, through the same steps its partitions run; `listed` under WORK_LIST names. */
export async function pullWorkWhole(p: PartitionedWorkPull, night: PullNight, window: WorkWindow): Promise<WorkPullResult> {
  const head = await p.head(night, window);
  const body = emptyFragment();
  for (const partition of wholeLists(p.spec)) for await (const step of p.steps(night, window, partition, head)) appendFragment(body, step.fragment);
  return { ...(await p.assemble(night, window, head, body)), listed: workListSizes(p.spec, body) };
}

export const workListSizes = (spec: PartitionSpec, body: Fragment): ListSizes =>
  Object.fromEntries(Object.entries(listSizes(spec, body)).map(([name, n]) => [WORK_LIST + name, n]));
