import { generateDemoWorld } from '../../local/demo/generate';
import type { PsaVendor } from '../../local/demo/world';
import { generateWork } from '../../local/demo/generate-work';
import { SIMULATOR_ENV, SIMULATORS, type Simulators } from '../../local/simulators';
import type { RunningSimulator } from '../../local/simulators/harness';
import type { ListCost } from './minimums';
import { SourceConfig } from '../../shared/config/schema';
import { addDays } from '../../shared/domain/dates';
import type { Flags } from './args';
import { autotaskLabor, connectwiseLabor, halopsaLabor, syncroLabor, type LaborMinimum } from './labor-minimums';
import { runPullWorker } from './run-worker';
import { benchSyncroLaborFanOut } from './labor-fan-out';
import { formatTable } from './table';
import { VENDOR_LIMITS, wallFloorSeconds } from './vendor-limits';

/**
 * The labor pulls (WorkConnector.pullWork) at 1,000 clients with 30,000 time entries and 10,000
 * tickets a month (at --scale 1), one PSA at a time: each gets a world of its own whose clients all
 * use it, served by its simulator at the vendor's documented rate limit and --latency, and pulled
 * for a 45-day window in a worker process. Requests are held to 1.05 times the paging minimum and
 * wall time to 1.2 times the floor the rate limit (or latency) sets.
 */

interface LaborRow {
  kind: PsaVendor;
  minimum: (sim: RunningSimulator, ...rest: Tail<Parameters<LaborMinimum<PsaVendor>>>) => ListCost[];
}
type Tail<T extends unknown[]> = T extends [unknown, ...infer R] ? R : never;
/** A row: the PSA, and how to count its minimum from its own simulator. */
const laborRow = <K extends PsaVendor>(kind: K, minimum: LaborMinimum<K>): LaborRow => ({ kind, minimum: (sim, ...rest) => minimum(sim as Simulators[K], ...rest) });

/** One line per PSA whose connector reads service work. */
const LABOR_ROWS = [laborRow('connectwise', connectwiseLabor), laborRow('autotask', autotaskLabor), laborRow('halopsa', halopsaLabor), laborRow('syncro', syncroLabor)];

const WINDOW_DAYS = 45;
const REQUESTS_WITHIN = 1.05;
const WALL_WITHIN = 1.2;

export async function benchLabor(flags: Flags, asOf: string): Promise<void> {
  const rows = LABOR_ROWS.filter((r) => !flags.only || flags.only.includes(r.kind));
  if (!rows.length) return;
  const clients = Math.max(8, Math.round(1000 * flags.scale));
  const volume = { seed: flags.seed, ticketsPerMonth: Math.round(10_000 * flags.scale), timeEntriesPerMonth: Math.round(30_000 * flags.scale), days: WINDOW_DAYS + 15 };
  console.log(
    `\nLabor pulls: ${clients} clients, ${volume.timeEntriesPerMonth} time entries and ${volume.ticketsPerMonth} tickets a month over ${volume.days} days, ` +
      `a ${WINDOW_DAYS}-day window, full read; each PSA in a world of its own.\n`,
  );
  const summary: Array<Array<string | number>> = [];
  const detail: Array<Array<string | number>> = [];
  const confirms: Array<Array<string | number>> = [];
  for (const row of rows) await benchRow(row, { flags, asOf, clients, volume, summary, detail, confirms });
  console.log(
    formatTable(['source', 'entries/tickets/invoices/coverage/quar', 'requests', 'minimum', 'made/min', `<= ${REQUESTS_WITHIN}x`, '429s srv/cli', 'wall s', 'floor s rate/lat', 'limit', 'wall/floor', `rate-bound, <= ${WALL_WITHIN}x`, 'worker CPU s'], summary),
  );
  console.log(
    '\nminimum: the fewest requests the API allows for what the pull reads (bench/support/labor-minimums.ts). floor: the least wall time under the rate\n' +
      'limit (sliding window), and under the latency (requests x latency / concurrency). A rate floor of 0 means the pull fits in one window of\n' +
      'the limit: its wall time is then set by latency and by page chains that cannot overlap (each page names the next), so wall/floor divides\n' +
      'by the latency floor and says how far the chains run one after another; the 1.2x target is on the rate floor, so such a pull shows\n' +
      '"not rate-bound" there (run with --scale 5 to see it bound). worker CPU: the pull process\'s own CPU (parsing, mapping), the rest of the\n' +
      'wall time beyond the floor is the simulator serving on the same machine.\n',
  );
  console.log(formatTable(['source', 'list', 'records', 'min requests', 'requests made', 'of which 429'], detail));
  console.log(
    '\nThe next night, read by changes only (nothing changed), then the records behind its labor findings read again by id before they\n' +
      "can be findings (shared/app/confirm-work.ts): a deleted one leaves the set. Lists a PSA reads whole every night are not confirmed.\n",
  );
  console.log(formatTable(['source', 'findings', 'entries confirmed', 'tickets confirmed', 'gone', 'incremental read requests', 'confirm requests'], confirms));
  // Syncro's, the slowest (180 requests a minute), does not fit one invocation at 1,000 clients: it runs as partitions.
  if (rows.some((r) => r.kind === 'syncro')) await benchSyncroLaborFanOut(flags, asOf, clients, volume);
}

interface RowContext {
  flags: Flags;
  asOf: string;
  clients: number;
  volume: Parameters<typeof generateWork>[1];
  summary: Array<Array<string | number>>;
  detail: Array<Array<string | number>>;
  confirms: Array<Array<string | number>>;
}

async function benchRow(row: LaborRow, ctx: RowContext): Promise<void> {
  const { flags, asOf } = ctx;
  const world = generateWork(generateDemoWorld({ seed: flags.seed, asOf, clients: ctx.clients, psaVendors: [row.kind], devicesPerClient: 1, subscriptionsPerClient: 1, agreementsPerClient: 1 }), ctx.volume);
  const limits = VENDOR_LIMITS[row.kind];
  const sim = await SIMULATORS[row.kind].start(world, { faults: { latencyMs: flags.latency, rateLimit: limits.rateLimit } });
  try {
    const raw = SIMULATORS[row.kind].demoSource(sim.url);
    const source = SourceConfig.parse(raw);
    const window = { from: addDays(asOf, -WINDOW_DAYS), changedSince: null };
    const result = await runPullWorker({ source: raw, runDate: asOf, env: SIMULATOR_ENV, work: window });
    console.error(`  ${row.kind} labor: ${result.ok ? `${(result.wallMs / 1000).toFixed(1)} s` : 'failed'}, ${sim.log.length} requests`);
    const minimum = row.minimum(sim, source, window, asOf);
    const minApi = minimum.filter((m) => !m.auth).reduce((n, m) => n + m.requests, 0);
    const minAll = minimum.reduce((n, m) => n + m.requests, 0);
    const floor = wallFloorSeconds(minApi, limits, flags.latency);
    const rate = `${limits.rateLimit.requests}/${limits.rateLimit.perSeconds}s`;
    const served = sim.log;
    const throttled = served.filter((r) => r.status === 429).length;
    if (!result.ok) {
      ctx.summary.push([source.id, 'FAILED', served.length, minAll, '', '', throttled, '', '', rate, '', '', '']);
      console.log(`${source.id} labor: ${result.error}`);
      return;
    }
    const c = result.counts;
    const wall = result.wallMs / 1000;
    const floorS = Math.max(floor.rate, floor.latency);
    ctx.summary.push([
      source.id, `${c.timeEntries}/${c.tickets}/${c.invoices}/${c.coverage}/${c.quarantined}`, served.length, minAll, ratio(served.length, minAll),
      served.length <= REQUESTS_WITHIN * minAll ? 'yes' : 'NO', `${throttled}/${result.stats.throttled}`, round(wall), `${round(floor.rate)}/${round(floor.latency)}`, rate,
      ratio(wall, floorS), floor.rate > floor.latency ? (wall <= WALL_WITHIN * floor.rate ? 'yes' : 'NO') : 'not rate-bound', round(result.cpuMs / 1000),
    ]);
    for (const m of minimum) {
      const made = served.filter((r) => m.route.test(r.path));
      ctx.detail.push([source.id, m.list, m.records, m.requests, made.length, made.filter((r) => r.status === 429).length]);
    }
    const other = served.filter((r) => !minimum.some((m) => m.route.test(r.path)));
    if (other.length) ctx.detail.push([source.id, `other: ${[...new Set(other.map((r) => `${r.method} ${r.path}`))].slice(0, 3).join(', ')}`, '', 0, other.length, 0]);
    await benchConfirm(sim, raw, source.id, window, ctx);
  } finally {
    await sim.close();
  }
}

/**
 * The confirm's extra requests: the whole night again in a worker (without the rate limit and the
 * latency, which the pull above measured), then the next night and its confirm, counted apart.
 */
async function benchConfirm(sim: RunningSimulator, raw: unknown, sourceId: string, window: { from: string }, ctx: RowContext): Promise<void> {
  sim.faults = {};
  // Unpaced too: the connector would otherwise keep to the vendor's limit on its own.
  const unpaced = { ...(raw as object), rateLimit: { requests: 1_000_000, perSeconds: 1 } };
  const result = await runPullWorker({ source: unpaced, runDate: ctx.asOf, env: SIMULATOR_ENV, work: { from: window.from, changedSince: null, confirm: true } });
  if (!result.ok || !result.confirm) {
    ctx.confirms.push([sourceId, 'FAILED', result.ok ? 'no confirm' : result.error, '', '', '', '']);
    return;
  }
  const c = result.confirm;
  ctx.confirms.push([sourceId, c.findings, c.timeEntries, c.tickets, c.gone, c.incrementalRequests, c.requests]);
}

const round = (n: number): number => Math.round(n * 10) / 10;
const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : '-');
