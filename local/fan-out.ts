import type { CollectPlan } from '../shared/app/fan-out';
import type { Partition } from '../shared/connectors/partitions';

type Invoke = (event: unknown) => Promise<unknown>;

/**
 * The collect state machine (lib/constructs/collect-machine.ts), in-process, through the same
 * collect handler: plan; one invocation for a small source; otherwise every partition (at most
 * the plan's concurrency at once, each invoked again while it stops early), then finish. A
 * failure is recorded as the machine's catch records it, then thrown, as the execution fails.
 */
export async function runCollect(invoke: Invoke, sourceId: string, runDate: string): Promise<unknown> {
  const plan = (await invoke({ action: 'plan', sourceId, runDate })) as CollectPlan;
  if (plan.mode === 'single') return invoke({ sourceId, runDate });
  if (plan.mode === 'failed') return { sourceId, runDate, state: 'failed', error: plan.reason };
  const { run } = plan;
  try {
    await eachAtMost(plan.partitions, plan.maxConcurrency, async (partition) => {
      try {
        while (!((await invoke({ action: 'partition', sourceId, runDate, run, partition })) as { done: boolean }).done);
      } catch (err) {
        // As the machine's catch: a work partition's failure is recorded and only leaves the work set stale.
        if (!partition.work) throw err;
        await invoke({ action: 'work-partition-failed', sourceId, runDate, run, partition, error: { Error: (err as Error).name, Cause: (err as Error).message } });
      }
    });
    return await invoke({ action: 'finish', sourceId, runDate, run, partitions: plan.partitions });
  } catch (err) {
    await invoke({ action: 'fail', sourceId, runDate, error: { Error: (err as Error).name, Cause: (err as Error).message } });
    throw err;
  }
}

/** Runs `work` over `items`, at most `limit` at a time, as the Map's MaxConcurrency does. */
async function eachAtMost(items: readonly Partition[], limit: number, work: (p: Partition) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}
