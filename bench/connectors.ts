import { startVendors } from '../local/demo/vendors';
import { generateDemoWorld } from '../local/demo/generate';
import type { LoggedRequest } from '../local/simulators/harness';
import { SourceConfig } from '../shared/config/schema';
import { readFlags } from './support/args';
import { minimumRequests, requestsByList } from './support/minimums';
import { runPullWorker } from './support/run-worker';
import { benchLabor } from './support/labor-bench';
import { formatTable, mbOf, ratio, round1 } from './support/table';
import { VENDOR_LIMITS, wallFloorSeconds, type VendorKind } from './support/vendor-limits';
import { worldCounts } from './support/world-counts';
import type { PullResult } from './support/worker-protocol';

/**
 * Pulls a large simulated MSP (1,000 clients at --scale 1) through the real connectors, against
 * simulators that add --latency ms per request and enforce each vendor's documented rate limit,
 * and prints per source: records, requests made vs the fewest the API allows, wall time vs the
 * floor the rate limit and latency impose, 429s, and peak memory. Each pull runs in its own
 * process (per-source peak RSS); sources run one after another unless --parallel.
 *
 *   npm run bench:connectors -- --scale 0.05 --latency 25 [--only connectwise,pax8] [--parallel]
 */

const flags = readFlags();
const asOf = new Date().toISOString().slice(0, 10);
const clients = Math.max(8, Math.round(1000 * flags.scale));

let t = performance.now();
const world = generateDemoWorld({ seed: flags.seed, asOf, clients, devicesPerClient: 100, subscriptionsPerClient: 20, agreementsPerClient: 3 });
const counts = worldCounts(world);
const generatedMs = performance.now() - t;

const kinds = Object.keys(VENDOR_LIMITS) as VendorKind[];
const faults = Object.fromEntries(kinds.map((k) => [k, { latencyMs: flags.latency, rateLimit: VENDOR_LIMITS[k].rateLimit }]));
t = performance.now();
const vendors = await startVendors(world, faults);
const startedMs = performance.now() - t;

console.log(`Trueup connector benchmark, ${asOf}: Node ${process.version}, ${process.platform}/${process.arch}`);
console.log(
  `World (seed ${flags.seed}, scale ${flags.scale}): ${counts.clients} clients (${Object.entries(counts.byPsa).map(([k, n]) => `${k} ${n}`).join(', ')}), ` +
    `${counts.devices} devices, ${counts.subscriptions} subscriptions, ${counts.agreements} agreements, ${counts.lines} lines; ` +
    `generated in ${(generatedMs / 1000).toFixed(1)} s, simulators rendered and listening in ${(startedMs / 1000).toFixed(1)} s`,
);
console.log(`Simulated latency ${flags.latency} ms per request; sources pulled ${flags.parallel ? 'side by side' : 'one after another'}, each in its own process.\n`);

const sources = vendors.sources
  .map((raw) => ({ raw, source: SourceConfig.parse(raw) }))
  .filter(({ source }) => !flags.only || flags.only.includes(source.kind) || flags.only.includes(source.id));

interface Outcome {
  source: SourceConfig;
  result: PullResult;
  served: LoggedRequest[];
}

async function bench({ raw, source }: (typeof sources)[number]): Promise<Outcome> {
  const sim = vendors.simulators[source.kind];
  const before = sim.log.length;
  const result = await runPullWorker({ source: raw, runDate: asOf, env: vendors.env });
  // Progress on stderr: a full-size run takes minutes, and the tables come at the end.
  console.error(`  ${source.id}: ${result.ok ? `${(result.wallMs / 1000).toFixed(1)} s` : 'failed'}, ${sim.log.length - before} requests`);
  return { source, result, served: sim.log.slice(before) };
}

const outcomes: Outcome[] = [];
if (flags.parallel) outcomes.push(...(await Promise.all(sources.map(bench))));
else for (const s of sources) outcomes.push(await bench(s));

const summary: Array<Array<string | number>> = [];
const detail: Array<Array<string | number>> = [];
for (const { source, result, served } of outcomes) {
  const limits = VENDOR_LIMITS[source.kind];
  const minimum = minimumRequests(source, vendors.simulators, asOf);
  const minApi = minimum.filter((m) => !m.auth).reduce((n, m) => n + m.requests, 0);
  const minAll = minimum.reduce((n, m) => n + m.requests, 0);
  const floor = wallFloorSeconds(minApi, limits, flags.latency);
  const throttledServed = served.filter((r) => r.status === 429).length;
  const rate = `${limits.rateLimit.requests}/${limits.rateLimit.perSeconds}s`;
  if (!result.ok) {
    summary.push([source.id, 'FAILED', '', served.length, minAll, '', throttledServed, '', '', rate, '', '', '', '']);
    console.log(`${source.id}: ${result.error}`);
    continue;
  }
  const c = result.counts;
  const records = c.clients + c.agreements + c.lines + c.devices + c.subscriptions + c.quarantined;
  const wall = result.wallMs / 1000;
  const floorS = Math.max(floor.rate, floor.latency);
  summary.push([
    source.id,
    records,
    `${c.clients}/${c.agreements}/${c.lines}/${c.devices}/${c.subscriptions}/${c.quarantined}`,
    served.length,
    minAll,
    ratio(served.length, minAll),
    `${throttledServed}/${result.stats.throttled}`,
    round1(wall),
    `${round1(floor.rate)}/${round1(floor.latency)}`,
    rate,
    ratio(wall, floorS),
    `${result.rssBeforeMb} -> ${result.peakRssMb}`,
    result.maxRssMb,
    result.peakHeapMb,
  ]);
  detail.push(...requestsByList(source.id, minimum, served));
}

console.log(
  formatTable(
    ['source', 'records', 'cli/agr/lines/dev/subs/quar', 'requests', 'minimum', 'made/min', '429s srv/cli', 'wall s', 'floor s rate/lat', 'limit', 'wall/floor', 'RSS MB before -> peak', 'maxRSS MB', 'peak heap MB'],
    summary,
  ),
);
console.log(
  '\nrequests: every request the simulator saw (token and zone calls included); minimum: the fewest the API allows for the same records (bench/support/minimums.ts);\n' +
    'floor: the least wall time the minimum needs under the rate limit (sliding window) and under the latency (requests x latency / connector concurrency); wall/floor divides by the larger.\n' +
    'RSS: sampled every 25 ms in the pull worker, before and during the pull; maxRSS is the worker\'s high-water mark, module loading (tsx) included.\n',
);
console.log(formatTable(['source', 'list', 'records', 'min requests', 'requests made', 'of which 429'], detail));
console.log(`\nSimulator process (all vendors' state and request logs): peak RSS ${mbOf(process.resourceUsage().maxRSS * 1024)} MB`);
await vendors.close();
await benchLabor(flags, asOf);


