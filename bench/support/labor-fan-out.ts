import { ensureTable, startDynamo } from '../../local/embedded/dynamo';
import { demoConfig } from '../../local/demo/config';
import { generateDemoWorld } from '../../local/demo/generate';
import { generateWork } from '../../local/demo/generate-work';
import { SIMULATOR_ENV, SIMULATORS } from '../../local/simulators';
import { buildAppContext } from '../../shared/app/context';
import { collectPartition, finishCollect, planCollect } from '../../shared/app/fan-out';
import { parseConfig } from '../../shared/config/load';
import { SourceConfig } from '../../shared/config/schema';
import { isWorkList, type Partition } from '../../shared/connectors/partitions';
import { planPartitions } from '../../shared/connectors/plan';
import { addDays } from '../../shared/domain/dates';
import { bucketShape } from '../../shared/store/rate-bucket';
import { putManifest } from '../../shared/store/snapshots';
import type { Flags } from './args';
import { syncroLabor } from './labor-minimums';
import { formatTable } from './table';
import { VENDOR_LIMITS, wallFloorSeconds } from './vendor-limits';

/**
 * Syncro's labor pull at 1,000 clients (--scale 1) as partitions of the collect: planned from the
 * sizes a whole read would have counted, at the documented 180 requests a minute, then run
 * through the collect's own plan, partition and finish steps against the simulator, with the
 * workers sharing the source's token bucket in (embedded) DynamoDB. Time-scaled: the simulator's
 * limit and the bucket run `scale` times faster (about --target seconds of real time, but no
 * faster than a request's own round trip allows) and every wall time is multiplied back; an
 * invocation stops at Lambda's 15 minutes, scaled the same way.
 */

const WINDOW_DAYS = 45;
const LAMBDA_SECONDS = 900;
/** [I] A request's cost on this machine besides --latency: the bucket's conditional update in embedded DynamoDB and the simulator's handling. */
const ROUND_TRIP_MS = 25;

type Volume = Parameters<typeof generateWork>[1];

export async function benchSyncroLaborFanOut(flags: Flags, asOf: string, clients: number, volume: Volume): Promise<void> {
  const world = generateWork(generateDemoWorld({ seed: flags.seed, asOf, clients, psaVendors: ['syncro'], devicesPerClient: 1, subscriptionsPerClient: 1, agreementsPerClient: 1 }), volume);
  const limits = VENDOR_LIMITS.syncro;
  const window = { from: addDays(asOf, -WINDOW_DAYS), changedSince: null };
  // The minimum, and so the floor and the time scale, depend only on the world: a simulator that enforces nothing counts them.
  const probe = await SIMULATORS.syncro.start(world, {});
  const labor = { enabled: true, lookbackDays: WINDOW_DAYS };
  const documented = SourceConfig.parse({ ...SIMULATORS.syncro.demoSource(probe.url), labor });
  const minimum = syncroLabor(probe, documented, window, asOf);
  await probe.close();
  const workMin = minimum.reduce((n, m) => n + m.requests, 0);
  const floor = wallFloorSeconds(workMin, limits, flags.latency);
  const records = (route: string) => minimum.find((m) => m.route.source.endsWith(route))?.records ?? 0;
  const listed = { 'work:ticket_timers': records('ticket_timers$'), 'work:tickets': records('tickets$'), 'work:invoices': records('invoices$') };
  const plan = planPartitions(documented, listed);
  const size = plan.partitions.find((p) => p.to !== null);
  const partitionSize = size ? size.to! - size.from : undefined;
  // Sped up, a request's own round trip (latency, the bucket's update, the simulator) must stay well inside the bucket's interval, or it, not the limit, sets the pace.
  const interval = bucketShape(plan.sharedRate).intervalMs;
  const scale = Math.max(1, Math.min(Math.floor(floor.rate / flags.target), Math.floor(interval / (3 * (flags.latency + ROUND_TRIP_MS)))));

  const fast = { requests: limits.rateLimit.requests * scale, perSeconds: limits.rateLimit.perSeconds };
  const sim = await SIMULATORS.syncro.start(world, { faults: { latencyMs: flags.latency, rateLimit: fast } });
  const dynamo = await startDynamo(0);
  Object.assign(process.env, SIMULATOR_ENV);
  try {
    const raw = { ...SIMULATORS.syncro.demoSource(sim.url), labor, rateLimit: fast, fanOut: { mode: 'partitioned', maxConcurrency: plan.maxConcurrency, ...(partitionSize ? { partitionSize } : {}) } };
    const config = parseConfig(demoConfig({ sources: [raw], dynamoEndpoint: dynamo.endpoint, sesEndpoint: 'http://localhost:1', approvalBaseUrl: 'https://approve.example', shadowMode: true }), 'bench');
    await ensureTable(dynamo.endpoint, config.storage.tableName);
    const ctx = buildAppContext(config, { events: { publish: async () => undefined } });
    await putManifest(ctx.table, addDays(asOf, -1), { sourceId: raw.id, kind: 'syncro', role: 'psa', state: 'stored', at: asOf, listed });
    const run = await runPartitioned(ctx, raw.id, asOf, scale);
    const served = sim.log.length;
    const work = sim.log.filter((r) => minimum.some((m) => m.route.test(r.path))).length;
    const throttled = sim.log.filter((r) => r.status === 429).length;
    const wall = (run.wallMs / 1000) * scale;
    console.log(
      `\nSyncro's labor pull at ${clients} clients as partitions of the collect (${plan.reason}); time-scaled x${scale}, wall times multiplied back:\n`,
    );
    console.log(
      formatTable(
        ['partitions (work)', 'at once', 'invocations', 'work requests / minimum', '429s', 'seat requests (head)', 'manifest / served', 'longest partition', 'longest invocation', 'wall / rate floor', 'work set'],
        [[
          `${run.partitions} (${run.workPartitions})`, plan.maxConcurrency, run.invocations, `${work} / ${workMin} (${(work / workMin).toFixed(2)}x)`, throttled, served - work,
          `${run.requests} / ${served}`, `${minutes(run.longestPartitionMs * scale)} min`, `${minutes(run.longestInvocationMs * scale)} min`,
          `${minutes(wall * 1000)} / ${minutes(floor.rate * 1000)} min (${(wall / Math.max(floor.rate, floor.latency)).toFixed(2)}x)`, run.counts,
        ]],
      ),
    );
    console.log(
      `\nIn one invocation the work alone needs at least ${minutes(floor.rate * 1000)} minutes at ${limits.rateLimit.requests} a minute, after the seats, inside Lambda's 15. As partitions an\n` +
        "invocation stops a minute before 15 and resumes; the rate floor is the same (the workers share the source's bucket, which paces a little under the\n" +
        'limit), and the wall time adds the head (the seat pull and the catalog) and the finish (tickets read by id, the merge and the snapshot).\n',
    );
  } finally {
    await sim.close();
    await dynamo.close();
  }
}

interface PartitionedRun {
  partitions: number;
  workPartitions: number;
  invocations: number;
  longestPartitionMs: number;
  longestInvocationMs: number;
  wallMs: number;
  requests: number;
  counts: string;
}

/** Plan, every partition (the plan's concurrency at once, each invocation stopping at Lambda's limit, scaled), then finish. */
async function runPartitioned(ctx: ReturnType<typeof buildAppContext>, sourceId: string, runDate: string, scale: number): Promise<PartitionedRun> {
  const t0 = performance.now();
  const plan = await planCollect(ctx, sourceId, runDate);
  if (plan.mode !== 'partitioned') throw new Error(`expected a partitioned plan, got ${plan.mode}: ${plan.reason}`);
  let invocations = 0;
  let longestPartitionMs = 0;
  let longestInvocationMs = 0;
  const one = async (partition: Partition) => {
    const started = performance.now();
    for (let done = false; !done; ) {
      const at = performance.now();
      invocations++;
      // Time left as Lambda would count it: the invocation's real time, scaled back.
      done = (await collectPartition(ctx, { sourceId, runDate, run: plan.run, partition }, () => LAMBDA_SECONDS * 1000 - (performance.now() - at) * scale)).done;
      longestInvocationMs = Math.max(longestInvocationMs, performance.now() - at);
    }
    longestPartitionMs = Math.max(longestPartitionMs, performance.now() - started);
  };
  let next = 0;
  const lane = async () => {
    while (next < plan.partitions.length) await one(plan.partitions[next++]!);
  };
  await Promise.all(Array.from({ length: plan.maxConcurrency }, lane));
  const stored = await finishCollect(ctx, { sourceId, runDate, run: plan.run, partitions: plan.partitions });
  const w = stored.work;
  return {
    partitions: plan.partitions.length,
    workPartitions: plan.partitions.filter((p) => isWorkList(p.list)).length,
    invocations,
    longestPartitionMs,
    longestInvocationMs,
    wallMs: performance.now() - t0,
    requests: stored.requests ?? 0,
    counts: w ? `${w.timeEntries} entries, ${w.tickets} tickets, ${w.invoices} invoices${w.stale ? ` (STALE: ${w.stale})` : ''}` : `none (${stored.state}: ${stored.error ?? ''})`,
  };
}

const minutes = (ms: number): string => (ms / 60_000).toFixed(1);
