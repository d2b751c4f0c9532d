import { laborOf } from '../config/labor';
import type { SourceConfig } from '../config/schema';
import { planFor, WORK_LIST, type ListSizes, type PartitionPlan, type PartitionSpec } from './partitions';
import { VENDORS } from './vendors';

/**
 * The partition plan for a configured source (pure): from the list sizes of the last stored night,
 * or null when there is none. A vendor whose API offers nothing to split by keeps one invocation.
 * Where the source reads its work for labor and the vendor's work pull splits, the work lists are
 * planned beside the seat lists (under WORK_LIST names); a vendor whose seat pull does not split
 * then reads it whole in the head.
 */
export function planPartitions(source: SourceConfig, sizes: ListSizes | null): PartitionPlan {
  const vendor = VENDORS[source.kind];
  const rate = vendor.limits.rateLimit;
  const work = laborOf(source)?.enabled ? vendor.workPartitions : undefined;
  const spec = collectSpec(vendor.partitions, work);
  if (!spec) {
    const reason = `${source.kind} reads in one invocation (its pull is not split)`;
    return { mode: 'single', reason, requests: 0, partitions: [], sharedRate: rate, maxConcurrency: 1 };
  }
  // A work pull never sized (labor just turned on) is unknown, not small: a first read too long for one invocation must not cost the night's seats.
  const unsized = work && sizes && !work.lists.some((l) => WORK_LIST + l.name in sizes);
  return planFor(source, spec, rate, unsized ? null : sizes);
}

/** The seat lists and the work lists as one spec; the work spec's own names are read back without WORK_LIST. */
function collectSpec(seats: PartitionSpec | undefined, work: PartitionSpec | undefined): PartitionSpec | undefined {
  if (!work) return seats;
  const workSizes = (sizes: ListSizes) => Object.fromEntries(Object.entries(sizes).flatMap(([k, n]) => (k.startsWith(WORK_LIST) ? [[k.slice(WORK_LIST.length), n]] : [])));
  return {
    // [I] a seat pull that does not split is read whole in the head: its requests are not estimated (small beside the work at any size measured).
    limitScope: seats?.limitScope ?? work.limitScope,
    headRequests: (source, sizes) => (seats?.headRequests(source, sizes) ?? 0) + work.headRequests(source, workSizes(sizes)),
    lists: [...(seats?.lists ?? []), ...work.lists.map((l) => ({ ...l, name: WORK_LIST + l.name }))],
  };
}
