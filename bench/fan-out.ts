import { ensureTable, startDynamo } from '../local/embedded/dynamo';
import { demoConfig } from '../local/demo/config';
import { generateDemoWorld } from '../local/demo/generate';
import { startVendors } from '../local/demo/vendors';
import { buildAppContext } from '../shared/app/context';
import { collectPartition, finishCollect, planCollect } from '../shared/app/fan-out';
import { parseConfig } from '../shared/config/load';
import { SourceConfig } from '../shared/config/schema';
import { sourceRate } from '../shared/connectors/http/for-source';
import { pullWhole, REQUEST_SECONDS } from '../shared/connectors/partitions';
import { VENDORS } from '../shared/connectors/vendors';
import { planPartitions } from '../shared/connectors/plan';
import { addDays } from '../shared/domain/dates';
import { getSnapshot, putManifest } from '../shared/store/snapshots';
import { queryAll } from '../shared/store/table';
import { readFlags } from './support/args';
import { formatTable } from './support/table';

/**
 * The partitioned collect of the sources that split (ConnectWise, HaloPSA, Kaseya VSA) on a simulated MSP
 * (1,000 clients at --scale 1): the whole pull and the partitioned one against the same
 * simulators, requests and records side by side, then each plan at 1x and 5x the measured list
 * sizes with the wall time the documented limits set in AWS, at 1,000 and 5,000 clients on that
 * one PSA. Time-scaled: the simulators do not throttle and the workers' token bucket runs fast,
 * because at Halo's documented pace a large run takes hours. The measured run cuts each list into
 * about eight partitions (a large MSP's plan, scaled down); the projection uses the real plan.
 *
 *   npm run bench:fan-out -- --scale 0.2 --latency 10
 */

const flags = readFlags();
const asOf = '2026-11-23';
const clients = Math.max(8, Math.round(1000 * flags.scale));
const world = generateDemoWorld({ seed: flags.seed, asOf, clients, devicesPerClient: 100, subscriptionsPerClient: 20, agreementsPerClient: 3 });
const vendors = await startVendors(world, { connectwise: { latencyMs: flags.latency }, halopsa: { latencyMs: flags.latency }, kaseyavsa: { latencyMs: flags.latency } });
Object.assign(process.env, vendors.env);
const dynamo = await startDynamo(0);
const fast = { requests: 1_000_000, perSeconds: 60 };
// A config names a PSA: an RMM that splits is benchmarked beside ConnectWise, which is not pulled.
const psa = (vendors.sources as Array<{ kind: string }>).find((s) => s.kind === 'connectwise')!;
const splitting = (vendors.sources as Array<{ id: string; kind: keyof typeof VENDORS }>).filter((s) => VENDORS[s.kind].partitions);

console.log(`Trueup fan-out benchmark: ${clients} clients, ${flags.latency} ms simulated latency, Node ${process.version}\n`);
const measured: string[][] = [];
const projected: string[][] = [];
for (const raw of splitting) {
  const documented = SourceConfig.parse(raw);
  const config = (over: Record<string, unknown>) =>
    parseConfig(demoConfig({ sources: [{ ...raw, rateLimit: fast, ...over }, ...(VENDORS[raw.kind].role === 'psa' ? [] : [psa])], dynamoEndpoint: dynamo.endpoint, sesEndpoint: 'http://localhost:1', approvalBaseUrl: 'https://approve.example', shadowMode: true }), 'bench');

  const wholeCtx = buildAppContext(config({}), { events: { publish: async () => undefined } });
  let t = performance.now();
  const whole = await pullWhole(wholeCtx.connector(raw.id).partitioned!, { runDate: asOf });
  const wholeMs = performance.now() - t;
  const wholeRequests = wholeCtx.connector(raw.id).stats().requests;

  // Requests per list: one per agreement (ConnectWise), or one per page.
  const perRequest = documented.kind === 'connectwise' || !('pageSize' in documented) ? 1 : documented.pageSize;
  const units = Math.max(...Object.values(whole.listed).map((n) => Math.ceil(n / perRequest)));
  const size = Math.max(1, Math.ceil(units / 8));
  const cfg = config({ fanOut: { mode: 'partitioned', partitionSize: size } });
  await ensureTable(dynamo.endpoint, cfg.storage.tableName);
  const ctx = buildAppContext(cfg, { events: { publish: async () => undefined } });
  await putManifest(ctx.table, addDays(asOf, -1), { sourceId: raw.id, kind: documented.kind, role: 'psa', state: 'stored', at: asOf, listed: whole.listed });
  t = performance.now();
  const started = await planCollect(ctx, raw.id, asOf);
  if (started.mode !== 'partitioned') throw new Error(`${raw.id}: expected a partitioned plan, got ${started.reason}`);
  let next = 0;
  const lane = async () => {
    while (next < started.partitions.length) {
      const partition = started.partitions[next++]!;
      while (!(await collectPartition(ctx, { sourceId: raw.id, runDate: asOf, run: started.run, partition }, () => 900_000)).done);
    }
  };
  const lanes = planPartitions(documented, whole.listed).maxConcurrency;
  await Promise.all(Array.from({ length: lanes }, lane));
  const stored = await finishCollect(ctx, { sourceId: raw.id, runDate: asOf, run: started.run, partitions: started.partitions });
  const splitMs = performance.now() - t;
  const snap = await getSnapshot(ctx.table, raw.id, asOf);
  const pieces = await queryAll(ctx.table, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `PART#${raw.id}#${asOf}` } });
  // The table returns a snapshot client by client (sort-key order); the pull is in the vendor's order.
  const byId = <T extends { externalId: string }>(xs: T[] = []) => [...xs].sort((a, b) => a.externalId.localeCompare(b.externalId));
  const same = JSON.stringify([byId(snap?.clients), byId(snap?.agreements)]) === JSON.stringify([byId(whole.pull.clients), byId(whole.pull.agreements)]);
  measured.push([
    raw.id,
    `${whole.pull.clients.length} / ${whole.pull.agreements.length}`,
    Object.entries(whole.listed).map(([k, v]) => `${k} ${v}`).join(', '),
    String(wholeRequests),
    String(stored.requests),
    `${(stored.requests! / wholeRequests).toFixed(3)}`,
    `${started.partitions.length} of ${size}, ${lanes} at once`,
    String(pieces.length),
    `${(wholeMs / 1000).toFixed(1)} / ${(splitMs / 1000).toFixed(1)}`,
    same ? 'identical' : 'DIFFERENT',
  ]);

  for (const target of [1000, 5000]) {
    const factor = target / whole.pull.clients.length;
    const base = { ...whole.listed, clients: whole.pull.clients.length, agreements: whole.pull.agreements.length, contracts: whole.pull.agreements.length };
    const p = planPartitions(documented, Object.fromEntries(Object.entries(base).map(([k, v]) => [k, Math.round(v * factor)])));
    // One invocation paces at the source's rate; partitions at the shared one, across the Map.
    const pace = p.mode === 'single' ? sourceRate(documented, VENDORS[documented.kind].limits.rateLimit) : p.sharedRate;
    const wall = Math.max(p.requests / (pace.requests / pace.perSeconds), (p.requests * REQUEST_SECONDS) / p.maxConcurrency);
    projected.push([raw.id, String(target), String(p.requests), p.mode, String(p.partitions.length), String(p.maxConcurrency), `${pace.requests}/${pace.perSeconds}s`, `${(wall / 60).toFixed(1)} min`]);
  }
}
console.log('Measured (whole pull, then the same night partitioned as the documented limits plan it):');
console.log(formatTable(['source', 'clients / agreements', 'lists', 'requests whole', 'requests split', 'ratio', 'partitions', 'DB pieces+checkpoints', 'wall s whole / split', 'snapshot'], measured));
console.log('\nProjected in AWS from the plan at 1,000 and 5,000 clients on this source (requests at the pace, or 0.5 s round trips across the Map, whichever is slower):');
console.log(formatTable(['source', 'clients', 'requests', 'mode', 'partitions', 'MaxConcurrency', 'pace', 'collect wall'], projected));
await vendors.close();
await dynamo.close();
