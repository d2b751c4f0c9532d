import './support/lambda-logging';
import { generateDemoWorld } from '../local/demo/generate';
import { startDemo } from '../local/demo/run-demo';
import type { PsaVendor, RmmVendor } from '../local/demo/world';
import { DEFAULT_FUNCTION_SETTINGS } from '../lib/config';
import { sourceRate } from '../shared/connectors/http/for-source';
import { fanOutOf, type PartitionPlan } from '../shared/connectors/partitions';
import { planPartitions } from '../shared/connectors/plan';
import type { SourceConfig } from '../shared/config/schema';
import { addDays, dateInZone } from '../shared/domain/dates';
import { readFlags } from './support/args';
import { PRICES_AS_OF } from './support/aws-prices';
import { meterDynamo } from './support/dynamo-meter';
import { meterStdout } from './support/log-meter';
import { monthlyCost, type FanOutNight, type ProjectedCollect } from './support/monthly-cost';
import { requestsByList } from './support/minimums';
import { measurePhase, reconcileBreakdown, type Phase } from './support/night-phase';
import { lambdaCpuSeconds, LAMBDA_CAP_SECONDS, projectCollect, type CollectProjection } from './support/aws-projection';
import { scaledPull, type ScaledPull } from './support/scaled-pull';
import { formatTable, ratio, round1, usd } from './support/table';
import { createTimedRunner } from './support/timed-runner';
import { VENDOR_LIMITS, type VendorKind } from './support/vendor-limits';
import { worldCounts } from './support/world-counts';

/**
 * A 5,000-client night per PSA: for each PSA, a world of --clients clients on that PSA alone, one
 * RMM and Pax8 (100 devices, 20 subscriptions, 3 agreements per client), started as the demo
 * starts it. Each source is pulled through its real connector in its own process, against its
 * simulator enforcing the vendor's documented limit, time-scaled (scaled-pull.ts) so an hour's
 * pull takes under a minute. Then the same night runs through the real handlers, unpaced, to
 * measure reconcile, a steady night and a digest (for the monthly cost). Per source it prints
 * requests against the paging minimum, wall time against the floor the limits set, the time
 * scale, peak memory, the partition plan the collect would run (shared/connectors/plan.ts, fed the
 * list sizes the pull measured, as the manifest's `listed` feeds it the next night), and the
 * night's projected wall time in AWS from that plan (aws-projection.ts); PASS/FAIL per target.
 *
 *   npm run bench:scale -- [--clients 5000] [--only connectwise,halopsa] [--latency 25] [--aws-latency 250] [--target 90] [--pulls-only]
 */

const flags = readFlags();
const clients = flags.clients?.[0] ?? 5000;
const asOf = dateInZone(new Date(), 'America/Chicago');
const PSAS: PsaVendor[] = ['connectwise', 'autotask', 'halopsa', 'syncro'];
/** Each PSA with the RMM its shops tend to run (the generator pairs Autotask with Datto RMM): both RMMs are measured twice. */
const RMM_OF: Record<PsaVendor, RmmVendor> = { connectwise: 'ninjaone', autotask: 'dattormm', halopsa: 'ninjaone', syncro: 'dattormm' };
const psas = PSAS.filter((p) => !flags.only || flags.only.includes(p));
const TARGET = { minimum: 1.05, floor: 1.2, nightHours: 4 };

interface Projected {
  pull: ScaledPull;
  /** The plan as configured: a per-tenant limit's partitions take the fan-out's default share of it. */
  plan: PartitionPlan;
  aws: CollectProjection;
  /** The same pull if its partitions took the whole limit (fanOut.share 1). */
  whole: CollectProjection;
}

interface WorldRun {
  psa: PsaVendor;
  world: ReturnType<typeof worldCounts>;
  projected: Projected[];
  /** The first night; the steady night and digest too where the cost is printed. */
  phases: Phase[];
  reconcileSeconds: number;
  parentPeakMb: number;
}

async function runWorld(psa: PsaVendor, withCost: boolean): Promise<WorldRun> {
  let t = performance.now();
  const world = generateDemoWorld({ seed: flags.seed, asOf, clients, devicesPerClient: 100, subscriptionsPerClient: 20, agreementsPerClient: 3, psaVendors: [psa], rmmVendors: [RMM_OF[psa]] });
  const demo = await startDemo({ asOf, world });
  console.error(`${psa}: world generated and served in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const kinds = new Set<string>([psa, RMM_OF[psa], 'pax8']);
  const sources = demo.config.sources.filter((s) => kinds.has(s.kind));
  const projected: Projected[] = [];
  for (const source of sources) {
    t = performance.now();
    const pull = await scaledPull({ source, sims: demo.simulators, runDate: asOf, env: demo.env, latencyMs: flags.latency, targetSeconds: flags.target });
    console.error(`  ${source.id}: ${pull.served.length} requests, ${(pull.wallSeconds / 60).toFixed(1)} vendor min in ${((performance.now() - t) / 1000).toFixed(1)} s (time x${pull.scale.toFixed(1)})`);
    projected.push(project(pull));
  }
  const parentPeakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
  if (flags.pullsOnly) {
    await demo.close();
    return { psa, world: worldCounts(world), projected, phases: [], reconcileSeconds: 0, parentPeakMb: parentPeakMb() };
  }
  // The night through the real handlers, unpaced (the pulls above measured collect), for reconcile and the cost.
  const lifted = { ...demo.config, sources: sources.map((s) => ({ ...s, rateLimit: { requests: 1e6, perSeconds: 1 } })) };
  const runner = createTimedRunner(lifted);
  const meters = { demo, runner, dynamo: meterDynamo(runner.ctx.table), logs: meterStdout() };
  try {
    console.error(`${psa}: first night through the handlers (unpaced)...`);
    const first = await measurePhase('first night', meters, () => runner.runNight(asOf));
    const phases = [first];
    if (withCost) {
      console.error(`${psa}: steady night and digest, for the cost...`);
      phases.push(await measurePhase('steady night', meters, () => runner.runNight(addDays(asOf, 1))));
      phases.push(await measurePhase('digest', meters, () => runner.runDigest()));
    }
    const reconcileMs = Math.max(...phases.map((p) => p.invocations.filter((i) => i.fn === 'reconcile').reduce((n, i) => n + i.ms, 0)));
    console.error(`${psa}: reconcile ${(reconcileMs / 1000).toFixed(1)} s`);
    return { psa, world: worldCounts(world), projected, phases, reconcileSeconds: reconcileMs / 1000, parentPeakMb: parentPeakMb() };
  } finally {
    meters.logs.stop();
    await demo.close();
  }
}

/** The real plan from the list sizes this pull measured (a vendor that does not split reads in one invocation), projected with what it measured. */
function project(pull: ScaledPull): Projected {
  const limits = VENDOR_LIMITS[pull.source.kind as VendorKind];
  const cpuSeconds = lambdaCpuSeconds(pull.result.cpuMs / 1000, DEFAULT_FUNCTION_SETTINGS.collect.memoryMb);
  const measured = { requests: pull.limitedRequests, pace: sourceRate(pull.source, limits.rateLimit), concurrency: limits.concurrency, latencySeconds: flags.awsLatency / 1000, cpuSeconds };
  const sizes = pull.result.listed ?? null;
  const plan = planPartitions(pull.source, sizes);
  const wholeLimit: SourceConfig = { ...pull.source, fanOut: { ...fanOutOf(pull.source), share: 1 } };
  return { pull, plan, aws: projectCollect(plan, measured), whole: projectCollect(planPartitions(wholeLimit, sizes), measured) };
}

console.log(`Trueup scale benchmark, run date ${asOf}: Node ${process.version}, ${process.platform}/${process.arch}`);
console.log(
  `${clients} clients per world, one PSA each; simulated latency ${flags.latency} ms; AWS projection at ${flags.awsLatency} ms a request (assumed), collect at ${DEFAULT_FUNCTION_SETTINGS.collect.memoryMb} MB. ` +
    `The steady night, digest and monthly cost run for the first world only (${psas[0]}).`,
);
const verdicts: Array<Array<string | number>> = [];
// Each world is reported as it finishes (stdout is metered while a night runs): a full run takes a while.
for (const [i, psa] of psas.entries()) report(await runWorld(psa, i === 0));
console.log('\n=== Targets ===');
console.log(formatTable(['world', 'target', 'figure', 'verdict'], verdicts));

function report(r: WorldRun): void {
  const w = r.world;
  console.log(`\n=== ${r.psa}: ${w.clients} clients, ${w.devices} devices, ${w.subscriptions} subscriptions, ${w.agreements} agreements, ${w.lines} lines ===`);
  console.log(
    formatTable(
      ['source', 'records', 'requests', 'minimum', 'made/min', 'time x', 'wall s', 'floor s rate/lat/both', 'limit', 'wall/floor', '429s', 'CPU s', 'peak RSS MB'],
      r.projected.map(({ pull: p }) => {
        const c = p.result.counts;
        const minAll = p.minimum.reduce((n, m) => n + m.requests, 0);
        const floor = p.floor.both;
        const l = VENDOR_LIMITS[p.source.kind as VendorKind].rateLimit;
        verdicts.push([r.psa, `${p.source.id} requests <= ${TARGET.minimum}x minimum`, ratio(p.served.length, minAll), pass(p.served.length <= TARGET.minimum * minAll)]);
        verdicts.push([r.psa, `${p.source.id} wall <= ${TARGET.floor}x floor (${p.floor.rate >= p.floor.latency ? 'rate' : 'latency'}-bound)`, ratio(p.wallSeconds, floor), pass(p.wallSeconds <= TARGET.floor * floor)]);
        return [
          p.source.id,
          c.clients + c.agreements + c.lines + c.devices + c.subscriptions + c.quarantined,
          p.served.length,
          minAll,
          ratio(p.served.length, minAll),
          round1(p.scale),
          round1(p.wallSeconds),
          `${round1(p.floor.rate)}/${round1(p.floor.latency)}/${round1(p.floor.both)}`,
          `${l.requests}/${l.perSeconds}s`,
          ratio(p.wallSeconds, floor),
          p.served.filter((s) => s.status === 429).length,
          round1(p.result.cpuMs / 1000),
          p.result.peakRssMb,
        ];
      }),
    ),
  );
  console.log('');
  console.log(formatTable(['source', 'list', 'records', 'min requests', 'requests made', 'of which 429'], r.projected.flatMap(({ pull: p }) => requestsByList(p.source.id, p.minimum, p.served))));
  console.log(`\nProjected in AWS (the collect's own plan, shared/connectors/plan.ts, from the list sizes measured; each invocation under the ${LAMBDA_CAP_SECONDS} s cap)`);
  console.log(
    formatTable(
      ['source', 'requests made / planned', 'mode', 'pace', 'partitions', 'at once', 'partition s', 'wall min', 'whole limit: partitions / wall min'],
      r.projected.map(({ pull, plan, aws, whole }) => {
        const capped = aws.partitionSeconds > LAMBDA_CAP_SECONDS ? ' OVER CAP' : '';
        return [pull.source.id, `${pull.limitedRequests} / ${plan.requests || '-'}`, plan.mode, `${aws.pace.requests}/${aws.pace.perSeconds}s`, aws.partitions, aws.atOnce, `${round1(aws.partitionSeconds)}${capped}`, round1(aws.wallSeconds / 60), `${whole.partitions} / ${round1(whole.wallSeconds / 60)}`];
      }),
    ),
  );
  for (const { pull, plan } of r.projected) console.log(`  ${pull.source.id}: ${plan.reason}`);
  const collect = Math.max(...r.projected.map((p) => p.aws.wallSeconds));
  const collectWhole = Math.max(...r.projected.map((p) => p.whole.wallSeconds));
  const reconcile = lambdaCpuSeconds(r.reconcileSeconds, DEFAULT_FUNCTION_SETTINGS.reconcile.memoryMb);
  const night = (collect + reconcile) / 3600;
  const nightWhole = (collectWhole + reconcile) / 3600;
  if (r.phases.length === 0) console.log(`\nNight in AWS: collect ${round1(collect / 60)} min (the slowest source); reconcile not run (--pulls-only).`);
  else console.log(
    `\nNight in AWS: collect ${round1(collect / 60)} min (the slowest source; sources run side by side) + reconcile ${round1(reconcile)} s (measured here, handler wall time at ${DEFAULT_FUNCTION_SETTINGS.reconcile.memoryMb} MB) = ${night.toFixed(2)} h; ` +
      `with partitions taking the whole limit ${nightWhole.toFixed(2)} h. Parent process (simulators, embedded DynamoDB, the in-process night) peak RSS ${r.parentPeakMb} MB.`,
  );
  reconcileBreakdown(r.phases);
  if (r.phases.length > 0) verdicts.push([r.psa, `collect + reconcile <= ${TARGET.nightHours} h`, `${night.toFixed(2)} h (${nightWhole.toFixed(2)} h at the whole limit)`, pass(night <= TARGET.nightHours)]);
  if (r.phases.length === 3) printCost(r);
}

function printCost(r: WorldRun): void {
  const [first, steady, digest] = r.phases as [Phase, Phase, Phase];
  // A partitioned collect also runs its plan step (which reads the head) and its finish step.
  const projectedCollect: ProjectedCollect[] = r.projected.map(({ pull, plan, aws }) => ({ source: pull.source.id, workerSeconds: aws.workerSeconds, invocations: plan.mode === 'partitioned' ? aws.partitions + 2 : 1 }));
  const fanned = r.projected.filter((p) => p.plan.mode === 'partitioned');
  // [I] Per partitioned source: start, plan, map in and out, completion (5), and two per partition (iteration, task);
  // two bucket writes per request (a refused take, then the one that succeeds) when the pace binds.
  const fanOut: FanOutNight | undefined = fanned.length ? { stateTransitions: fanned.reduce((n, p) => n + 5 + 2 * p.aws.partitions, 0), bucketWrites: fanned.reduce((n, p) => n + 2 * p.pull.limitedRequests, 0) } : undefined;
  const cost = monthlyCost({ firstNight: first, steadyNight: steady, digest, sources: r.projected.length, projectedCollect, fanOut });
  console.log(`\nMonthly AWS estimate, ${r.world.clients} clients on ${r.psa} (30 nights + 4 digests; us-east-1 list prices of ${PRICES_AS_OF}, free tier excluded; collect as projected above)`);
  const total = cost.reduce((n, c) => n + c.usd, 0);
  console.log(formatTable(['item', 'quantity', 'unit price', 'USD/month'], [...cost.map((c) => [c.item, c.quantity, c.unitPrice, usd(c.usd)]), ['total', '', '', usd(total)]]));
}

function pass(ok: boolean): string {
  return ok ? 'PASS' : 'FAIL';
}



