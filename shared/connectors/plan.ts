import type { SourceConfig } from '../config/schema';
import { planFor, type ListSizes, type PartitionPlan } from './partitions';
import { VENDORS } from './vendors';

/**
 * The partition plan for a configured source (pure): from the list sizes of the last stored night,
 * or null when there is none. A vendor whose API offers nothing to split by keeps one invocation.
 */
export function planPartitions(source: SourceConfig, sizes: ListSizes | null): PartitionPlan {
  const vendor = VENDORS[source.kind];
  const rate = vendor.limits.rateLimit;
  if (!vendor.partitions) {
    const reason = `${source.kind} reads in one invocation (its pull is not split)`;
    return { mode: 'single', reason, requests: 0, partitions: [], sharedRate: rate, maxConcurrency: 1 };
  }
  return planFor(source, vendor.partitions, rate, sizes);
}

