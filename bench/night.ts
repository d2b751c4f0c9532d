import './support/lambda-logging';
import { generateDemoWorld } from '../local/demo/generate';
import { startDemo } from '../local/demo/run-demo';
import { DEFAULT_FUNCTION_SETTINGS } from '../lib/config';
import { addDays, dateInZone } from '../shared/domain/dates';
import { readFlags } from './support/args';
import { PRICES_AS_OF } from './support/aws-prices';
import { isWrite, meterDynamo } from './support/dynamo-meter';
import { cloudWatchMetrics, meterStdout } from './support/log-meter';
import { monthlyCost } from './support/monthly-cost';
import { measurePhase, reconcileBreakdown, type Phase } from './support/night-phase';
import { formatTable, round1, usd } from './support/table';
import { createTimedRunner, type FunctionName } from './support/timed-runner';
import { VENDOR_LIMITS, type VendorKind } from './support/vendor-limits';
import { worldCounts } from './support/world-counts';

/**
 * Whole nights as the demo runs them (startDemo: simulators, embedded DynamoDB and SES, the real
 * Lambda handlers) for a 100- and a 1,000-client MSP, counting what AWS bills: invocations and
 * handler wall time (the Lambda duration proxy), DynamoDB requests and capacity units, bytes
 * written, vendor requests, events, emails, log bytes and metrics; then a monthly estimate.
 *
 * The first night runs against paced vendors (--latency ms per request and each vendor's rate
 * limit, as bench:connectors), so collect takes as long as it would; the second night (the next
 * run date, same data: a steady night) runs unpaced, to keep the run short, so its collect
 * durations are not used; then one digest.
 *
 *   npm run bench:night -- [--clients 100,1000] [--latency 25] [--seed 42]
 */

const flags = readFlags();
const sizes = flags.clients ?? [100, 1000];
const asOf = dateInZone(new Date(), 'America/Chicago');
const kinds = Object.keys(VENDOR_LIMITS) as VendorKind[];
const paced = Object.fromEntries(kinds.map((k) => [k, { latencyMs: flags.latency, rateLimit: VENDOR_LIMITS[k].rateLimit }]));

interface Measured {
  clients: number;
  world: ReturnType<typeof worldCounts>;
  sources: number;
  phases: [Phase, Phase, Phase];
}

async function measure(clients: number): Promise<Measured> {
  const world = generateDemoWorld({ seed: flags.seed, asOf, clients, devicesPerClient: 100, subscriptionsPerClient: 20, agreementsPerClient: 3 });
  const demo = await startDemo({ asOf, world, faults: paced });
  const runner = createTimedRunner(demo.config);
  const meters = { demo, runner, dynamo: meterDynamo(runner.ctx.table), logs: meterStdout() };
  try {
    console.error(`${clients} clients: first night (paced vendors)...`);
    const first = await measurePhase('first night', meters, () => runner.runNight(asOf));
    // Unpaced: no simulated latency or limit, and connectors (which pace themselves, so a fresh
    // runner) with the rate limit lifted. Only collect's duration differs, and it is not used.
    for (const sim of Object.values(demo.simulators)) sim.faults = {};
    const unpaced = createTimedRunner({ ...demo.config, sources: demo.config.sources.map((s) => ({ ...s, rateLimit: { requests: 1e6, perSeconds: 1 } })) });
    const steadyMeters = { ...meters, runner: unpaced, dynamo: meterDynamo(unpaced.ctx.table) };
    console.error(`${clients} clients: steady night (unpaced)...`);
    const steady = await measurePhase('steady night', steadyMeters, () => unpaced.runNight(addDays(asOf, 1)));
    const digest = await measurePhase('digest', steadyMeters, () => unpaced.runDigest());
    return { clients, world: worldCounts(world), sources: demo.config.sources.length, phases: [first, steady, digest] };
  } finally {
    meters.logs.stop();
    await demo.close();
  }
}

const results: Measured[] = [];
for (const n of sizes) results.push(await measure(n));

console.log(`Trueup night benchmark, run date ${asOf}: Node ${process.version}, ${process.platform}/${process.arch}; vendor latency ${flags.latency} ms`);
for (const r of results) report(r);

function report({ clients, world, sources, phases }: Measured): void {
  const w = world;
  console.log(`\n=== ${clients} clients: ${w.devices} devices, ${w.subscriptions} subscriptions, ${w.agreements} agreements, ${w.lines} lines; ${sources} sources ===`);
  console.log(phases.map((p) => `${p.name}: ${(p.wallMs / 1000).toFixed(1)} s`).join('; '));

  console.log('\nHandlers (wall time as the Lambda duration proxy, at the deployed memory)');
  const handlerRows: Array<Array<string | number>> = [];
  for (const p of phases)
    for (const fn of ['collect', 'reconcile', 'notify', 'digest'] as FunctionName[]) {
      const inv = p.invocations.filter((i) => i.fn === fn);
      if (inv.length === 0) continue;
      const total = inv.reduce((n, i) => n + i.ms, 0) / 1000;
      const longest = inv.reduce((a, b) => (b.ms > a.ms ? b : a));
      const mb = DEFAULT_FUNCTION_SETTINGS[fn].memoryMb;
      handlerRows.push([p.name, fn, inv.length, round1(total), `${round1(longest.ms / 1000)} (${longest.label})`, mb, round1((total * mb) / 1024)]);
    }
  console.log(formatTable(['phase', 'function', 'invocations', 'total s', 'longest s', 'memory MB', 'GB-s'], handlerRows));
  reconcileBreakdown(phases);

  console.log('\nDynamoDB (capacity units as dynalite reports them for ReturnConsumedCapacity TOTAL)');
  const dynamoRows: Array<Array<string | number>> = [];
  for (const p of phases)
    for (const [op, c] of [...p.dynamo.operations].sort(([a], [b]) => a.localeCompare(b)))
      dynamoRows.push([p.name, op, c.requests, round1(c.capacityUnits), isWrite(op) ? 'WRU' : 'RRU', c.itemsWritten, round1(c.bytesWritten / 1024)]);
  console.log(formatTable(['phase', 'operation', 'requests', 'capacity units', 'unit', 'items written', 'KB written'], dynamoRows));
  const writtenRows = phases.flatMap((p) => [...p.dynamo.written].map(([kind, x]) => [p.name, kind, x.items, round1(x.bytes / 1024), round1(x.bytes / Math.max(1, x.items)), x.units]));
  console.log('');
  console.log(formatTable(['phase', 'items by pk', 'items', 'KB', 'bytes/item', 'WRU (from size)'], writtenRows));

  console.log('');
  console.log(
    formatTable(
      ['phase', 'vendor requests', '429s', 'events', 'emails', 'email KB', 'log lines', 'log KB', 'metrics'],
      phases.map((p) => [
        p.name,
        `${sumOf(p.vendorRequests.values())} (${[...p.vendorRequests].filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ')})`,
        p.vendor429s,
        `${sumOf(p.events.values())} (${[...p.events].map(([k, n]) => `${k} ${n}`).join(', ')})`,
        p.emails,
        round1(p.emailBytes / 1024),
        sumOf([...p.logs.byFunction.values()].map((c) => c.lines)),
        `${round1(sumOf([...p.logs.byFunction.values()].map((c) => c.bytes)) / 1024)} (${[...p.logs.byFunction].map(([k, c]) => `${k} ${round1(c.bytes / 1024)}`).join(', ')})`,
        cloudWatchMetrics(p.logs.metrics, sources),
      ]),
    ),
  );

  const cost = monthlyCost({ firstNight: phases[0], steadyNight: phases[1], digest: phases[2], sources });
  console.log(`\nMonthly AWS estimate, ${clients} clients (30 nights + 4 digests; us-east-1 list prices of ${PRICES_AS_OF}, free tier excluded)`);
  console.log(formatTable(['item', 'quantity', 'unit price', 'USD/month'], [...cost.map((c) => [c.item, c.quantity, c.unitPrice, usd(c.usd)]), ['total', '', '', usd(sumOf(cost.map((c) => c.usd)))]]));
}

function sumOf(xs: Iterable<number>): number {
  return [...xs].reduce((a, b) => a + b, 0);
}


