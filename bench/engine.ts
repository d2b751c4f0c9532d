import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateDemoWorld } from '../local/demo/generate';
import { Recipe } from '../shared/config/schema';
import { matchClients, type SourceClients } from '../shared/domain/matching';
import type { Agreement, Client, Device, Snapshot, SourceStatus, Subscription } from '../shared/domain/model';
import { reconcile } from '../shared/domain/reconcile';
import { readFlags } from './support/args';
import { formatTable, mbOf } from './support/table';

/**
 * The pure engine alone: reconcile() over synthetic snapshots of one PSA, one RMM and Pax8 with
 * 100 devices and 20 subscriptions per client. Each size runs in a fresh process so its peak
 * memory is its own; the figures are CPU time (user + system) and peak RSS, and the ratio of
 * each size's CPU to the smallest's against the ratio of the data.
 *
 *   npm run bench:engine -- [--clients 1000,5000,10000]
 */

const RUN_DATE = '2026-11-23';
const DEVICES_PER_CLIENT = 100;
const SUBSCRIPTIONS_PER_CLIENT = 20;
const RECIPES = [
  Recipe.parse({ product: 'Managed Workstation', count: { from: 'rmm', deviceClasses: ['WINDOWS_WORKSTATION', 'MAC', 'LINUX_WORKSTATION'] }, listPriceCents: 4500 }),
  Recipe.parse({ product: 'Managed Server', count: { from: 'rmm', deviceClasses: ['WINDOWS_SERVER', 'LINUX_SERVER'] }, listPriceCents: 15000 }),
  Recipe.parse({ product: 'M365 Business Premium', count: { from: 'marketplace', products: ['Microsoft 365 Business Premium'] }, listPriceCents: 2200 }),
  Recipe.parse({ product: 'M365 Business Standard', count: { from: 'marketplace', products: ['Microsoft 365 Business Standard'] }, listPriceCents: 1250 }),
];
const CLASSES = ['WINDOWS_WORKSTATION', 'WINDOWS_WORKSTATION', 'MAC', 'WINDOWS_SERVER', 'PRINTER'] as const;
const PRODUCTS = ['Microsoft 365 Business Premium', 'Microsoft 365 Business Standard', 'Exchange Online (Plan 1)'];

function client(externalId: string, name: string, refs: Client['refs'] = []): Client {
  return { externalId, name, active: true, refs, deviceRefs: [], accountManagerEmail: null };
}

/** Names collide with nothing: every client is matched by its cross-reference, as most real ones are. */
export function syntheticNight(clients: number): SourceStatus[] {
  const psaClients: Client[] = [];
  const agreements: Agreement[] = [];
  const orgs: Client[] = [];
  const devices: Device[] = [];
  const companies: Client[] = [];
  const subscriptions: Subscription[] = [];
  for (let i = 0; i < clients; i++) {
    const id = String(1000 + i);
    psaClients.push(client(id, `Client ${i} Holdings`));
    agreements.push({
      externalId: `A${id}`,
      clientExternalId: id,
      name: 'Managed Services',
      status: 'active',
      startDate: '2025-01-01',
      endDate: '2027-12-31',
      noEndDate: false,
      billAmountCents: null,
      lines: RECIPES.map((r, n) => ({ externalId: `L${id}-${n}`, product: r.product, description: '', quantity: 10 + (i % 7), unitPriceCents: r.listPriceCents, effectiveDate: '2025-01-01', cancelledDate: null, writeBack: { line: `L${id}-${n}` } })),
    });
    orgs.push(client(`o${id}`, `Org ${i}`, [{ vendor: 'connectwise', id }]));
    for (let d = 0; d < DEVICES_PER_CLIENT; d++)
      devices.push({ externalId: `d${id}-${d}`, clientExternalId: `o${id}`, name: `PC-${d}`, deviceClass: CLASSES[d % CLASSES.length]!, vendorClass: '', lastSeenAt: `${RUN_DATE}T01:00:00.000Z`, approved: true, deleted: false });
    companies.push(client(`c${id}`, `Company ${i}`, [{ vendor: 'any-psa', id }]));
    for (let s = 0; s < SUBSCRIPTIONS_PER_CLIENT; s++)
      subscriptions.push({ externalId: `s${id}-${s}`, clientExternalId: `c${id}`, productId: `p${s % PRODUCTS.length}`, productName: PRODUCTS[s % PRODUCTS.length]!, quantity: 1 + (s % 4), status: 'active', vendorStatus: 'Active', billingTerm: 'Monthly', commitmentEndDate: null, startDate: '2025-01-01' });
  }
  const snap = (sourceId: string, kind: 'connectwise' | 'ninjaone' | 'pax8', role: 'psa' | 'rmm' | 'marketplace', body: Partial<Snapshot>): SourceStatus => ({
    sourceId,
    kind,
    role,
    state: 'fresh',
    snapshot: { sourceId, kind, role, runDate: RUN_DATE, fetchedAt: `${RUN_DATE}T08:00:00.000Z`, clients: [], agreements: [], devices: [], subscriptions: [], quarantined: [], warnings: [], ...body },
  });
  return [
    snap('cw', 'connectwise', 'psa', { clients: psaClients, agreements }),
    snap('ninja', 'ninjaone', 'rmm', { clients: orgs, devices }),
    snap('pax8', 'pax8', 'marketplace', { clients: companies, subscriptions }),
  ];
}

interface Figures {
  clients: number;
  devices: number;
  subscriptions: number;
  findings: number;
  cpuMs: number;
  peakRssMb: number;
  /** matchClients() alone on the demo world's names with no cross-references: every organization matched by name. */
  nameMatchMs: number;
  suggested: number;
}

/** The worst case for the matcher: the demo's PSA, RMM and Pax8 names (variants, orphans), no ids linking them. */
function nameOnlySources(clients: number): SourceClients[] {
  const world = generateDemoWorld({ seed: 42, asOf: RUN_DATE, clients, devicesPerClient: 1, subscriptionsPerClient: 1, agreementsPerClient: 1 });
  const src = (sourceId: string, kind: SourceClients['kind'], role: SourceClients['role'], list: Client[]): SourceClients => ({ sourceId, kind, role, clients: list, devices: [], subscriptions: [] });
  return [
    src('cw', 'connectwise', 'psa', world.clients.map((c, i) => client(`p${i}`, c.psa.name))),
    src('ninja', 'ninjaone', 'rmm', [...world.clients.flatMap((c, i) => (c.rmm ? [client(`r${i}`, c.rmm.name)] : [])), ...world.orphans.rmm.map((o, i) => client(`o${i}`, o.name))]),
    src('pax8', 'pax8', 'marketplace', world.clients.flatMap((c, i) => (c.pax8 ? [client(`x${i}`, c.pax8.name)] : []))),
  ];
}

function measureOne(clients: number): Figures {
  const sources = syntheticNight(clients);
  const before = process.cpuUsage();
  const result = reconcile({ runDate: RUN_DATE, sources, recipes: RECIPES, matching: { overrides: [], ignore: [] }, decisions: [], toleranceUnits: 0, timeZone: 'America/Chicago' });
  const cpu = process.cpuUsage(before);
  const peakRssMb = mbOf(process.resourceUsage().maxRSS * 1024);
  const named = nameOnlySources(clients);
  const beforeMatch = process.cpuUsage();
  const match = matchClients(named, { overrides: [], ignore: [] });
  const matchCpu = process.cpuUsage(beforeMatch);
  return {
    clients,
    devices: clients * DEVICES_PER_CLIENT,
    subscriptions: clients * SUBSCRIPTIONS_PER_CLIENT,
    findings: result.findings.length,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    peakRssMb,
    nameMatchMs: Math.round((matchCpu.user + matchCpu.system) / 1000),
    suggested: match.suggested.length,
  };
}

const flags = readFlags();
if (process.env.TRUEUP_BENCH_CHILD) {
  process.stdout.write(JSON.stringify(measureOne(flags.clients![0]!)));
} else {
  const sizes = flags.clients ?? [1000, 5000, 10000];
  const self = fileURLToPath(import.meta.url);
  const rows: Figures[] = [];
  for (const clients of sizes) {
    console.error(`${clients} clients...`);
    const child = spawnSync(process.execPath, [...process.execArgv, self, '--clients', String(clients)], { env: { ...process.env, TRUEUP_BENCH_CHILD: '1' }, encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`the ${clients}-client run failed: ${child.stderr}`);
    rows.push(JSON.parse(child.stdout) as Figures);
  }
  const base = rows[0]!;
  console.log(`reconcile() on synthetic snapshots (one PSA, one RMM, Pax8; ${DEVICES_PER_CLIENT} devices and ${SUBSCRIPTIONS_PER_CLIENT} subscriptions per client)\n`);
  console.log(
    formatTable(
      ['clients', 'devices', 'subscriptions', 'findings', 'CPU ms', 'peak RSS MB (whole process)', 'data x', 'CPU x'],
      rows.map((r) => [r.clients, r.devices, r.subscriptions, r.findings, r.cpuMs, r.peakRssMb, `${(r.clients / base.clients).toFixed(1)}x`, `${(r.cpuMs / Math.max(1, base.cpuMs)).toFixed(1)}x`]),
    ),
  );
  console.log('\nTarget: <= 500 ms CPU and <= 512 MB at 1,000 clients; 10x the data at most 11x the CPU.');
  console.log('\nmatchClients() on the demo names with no cross-references (every organization matched by name; measured after the peak RSS above is taken)');
  console.log(formatTable(['clients', 'suggested pairs', 'CPU ms', 'CPU x'], rows.map((r) => [r.clients, r.suggested, r.nameMatchMs, `${(r.nameMatchMs / Math.max(1, base.nameMatchMs)).toFixed(1)}x`])));
}
