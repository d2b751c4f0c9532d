import { mkdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { parseConfig } from '../../shared/config/load';
import type { TrueupConfig } from '../../shared/config/schema';
import { systemClock, todayIn } from '../../shared/clock';
import type { Table } from '../../shared/store/table';
import { startApprovalServer } from '../approval-server';
import { ensureTable, startDynamo } from '../embedded/dynamo';
import { startSes } from '../embedded/ses';
import type { FaultPlan } from '../simulators/harness';
import { createLocalRunner, type LocalNight } from '../night';
import { startWebhookStandIn, type WebhookStandIn } from '../embedded/webhooks';
import { DEMO_SIGNING_KEY_ENV, DEMO_WEBHOOK_ENV, demoConfig } from './config';
import { generateDemoWorld } from './generate';
import { plantDemoHealth } from './health-plan';
import { plantDemoLabor } from './labor';
import { startVendors, type DemoVendors, type VendorName, type VendorWrites } from './vendors';
import type { DemoWorld } from './world';

/**
 * The whole demo on one machine: the demo MSP's vendors simulated over HTTP, embedded DynamoDB
 * and SES, the approval endpoint, and the same handlers AWS runs.
 */

export interface DemoOptions {
  /** The night to run as; defaults to today in the demo MSP's time zone. */
  asOf?: string;
  shadowMode?: boolean;
  /** Approval link lifetime in hours, for demos that act on links weeks later. */
  linkTtlHours?: number;
  /** Fixed ports for `npm start` so the inbox URL is stable; tests take free ports. */
  ports?: { ses?: number; approvals?: number; dynamo?: number; webhooks?: number; vendors?: Partial<Record<VendorName, number>> };
  /** Keep the embedded DynamoDB in LevelDB files here instead of in memory (a lasting demo). */
  dynamoPath?: string;
  /** Write-backs an earlier run made to the simulated vendors, replayed before the first night. */
  replay?: VendorWrites;
  /** Told every write-back made so far each time one is made, so a lasting demo saves them at once. */
  onWrite?: (writes: VendorWrites) => void;
  faults?: Partial<Record<keyof DemoVendors, FaultPlan>>;
  world?: DemoWorld;
  /** Where to write the generated config for `trueup run --config`. */
  configFile?: string;
  /** Fields set on the demo's sources by id (e.g. a partitioned collect's fanOut), before the config is validated. */
  sourceOverrides?: Record<string, Record<string, unknown>>;
}

export interface Demo {
  config: TrueupConfig;
  table: Table;
  sesUrl: string;
  approvalUrl: string;
  /** The stand-in the demo's Teams and Slack channels post to (GET /posts lists them). */
  webhooks: WebhookStandIn;
  /** The demo's credentials and signing key, by the environment variable the config names. */
  env: Record<string, string>;
  simulators: DemoVendors;
  world: DemoWorld;
  /**
   * Serve another state of the world (a later night's drift): the simulators restart on the same
   * ports with the write-backs made so far, and the next night uses fresh connectors.
   */
  useWorld(world: DemoWorld): Promise<void>;
  runNight(runDate?: string): Promise<LocalNight>;
  runDigest(): Promise<{ weekOf: string; sentTo: string[] }>;
  /** The demo's clock: it follows the night last run, as the approval endpoint sees it too. */
  now(): Date;
  close(): Promise<void>;
}

export async function startDemo(opts: DemoOptions = {}): Promise<Demo> {
  const asOf = opts.asOf ?? todayIn(systemClock, 'America/Chicago');
  let world = opts.world ?? plantNameVariants(plantMalformed(plantDemoHealth(plantDemoLabor(generateDemoWorld({ seed: 42, asOf })).world)));
  const startAt = async (w: DemoWorld, ports: DemoOptions['ports'], replay: VendorWrites | undefined) => {
    const started = await startVendors(w, opts.faults, { ports: ports?.vendors, replay });
    for (const sim of Object.values(started.simulators)) sim.onWrite = () => opts.onWrite?.(writesOf(started.simulators));
    return started;
  };
  let vendors = await startAt(world, opts.ports, opts.replay);
  const dynamo = await startDynamo(opts.ports?.dynamo ?? 0, opts.dynamoPath);
  const ses = await startSes(opts.ports?.ses ?? 0);
  const approvals = await startApprovalServer(opts.ports?.approvals ?? 0);
  const webhooks = await startWebhookStandIn(opts.ports?.webhooks ?? 0);
  const hooks = { [DEMO_WEBHOOK_ENV.teams]: webhooks.hook('teams', 'vcio'), [DEMO_WEBHOOK_ENV.slack]: webhooks.hook('slack', 'owner') };
  // Demo credentials reach the connectors the way real ones do: named environment variables.
  Object.assign(process.env, vendors.env, hooks, { [DEMO_SIGNING_KEY_ENV]: process.env[DEMO_SIGNING_KEY_ENV] ?? randomBytes(32).toString('base64url') });

  const sources = vendors.sources.map((s) => ({ ...(s as { id: string }), ...opts.sourceOverrides?.[(s as { id: string }).id] }));
  const raw = demoConfig({ sources, dynamoEndpoint: dynamo.endpoint, sesEndpoint: ses.url, approvalBaseUrl: approvals.url, shadowMode: opts.shadowMode ?? false, linkTtlHours: opts.linkTtlHours, webhooks: true });
  const config = parseConfig(raw, 'demo config');
  await ensureTable(dynamo.endpoint, config.storage.tableName);
  if (opts.configFile) {
    await mkdir(new URL('.', `file://${opts.configFile}`).pathname, { recursive: true });
    await writeFile(opts.configFile, `${JSON.stringify(raw, null, 2)}\n`);
  }
  let runner = createLocalRunner(config, { simulatedClock: true });

  return {
    config,
    table: runner.ctx.table,
    sesUrl: ses.url,
    approvalUrl: approvals.url,
    webhooks,
    env: { ...vendors.env, ...hooks, [DEMO_SIGNING_KEY_ENV]: process.env[DEMO_SIGNING_KEY_ENV]! },
    get simulators() {
      return vendors.simulators;
    },
    get world() {
      return world;
    },
    async useWorld(next) {
      const ports = Object.fromEntries(Object.entries(vendors.simulators).map(([name, sim]) => [name, sim.port]));
      const writes = writesOf(vendors.simulators);
      await vendors.close();
      vendors = await startAt(next, { vendors: ports }, writes);
      world = next;
      runner = createLocalRunner(config, { simulatedClock: true });
    },
    runNight: (runDate = asOf) => runner.runNight(runDate),
    runDigest: () => runner.runDigest(),
    now: () => runner.ctx.now(),
    close: async () => {
      await approvals.close();
      await webhooks.close();
      await ses.close();
      await dynamo.close();
      await vendors.close();
    },
  };
}

function writesOf(simulators: DemoVendors): VendorWrites {
  return Object.fromEntries(Object.entries(simulators).filter(([, sim]) => sim.writes.length).map(([name, sim]) => [name, [...sim.writes]]));
}

/** One broken record per kind of system, as real vendors occasionally send: quarantined, never counted. */
/**
 * RMM organizations named the way real ones drift from the PSA: a site in parentheses, which
 * matches by name and says why, and a misspelling, which the owner's digest asks about.
 */
function plantNameVariants(world: DemoWorld): DemoWorld {
  const renames: Record<string, string> = { 'Tailspin Toys': 'Tailspin Toys (Downtown)', 'Coho Winery': 'Coho Winry' };
  return {
    ...world,
    clients: world.clients.map((c) => (c.rmm?.vendor === 'ninjaone' && renames[c.name] ? { ...c, rmm: { ...c.rmm, name: renames[c.name]! } } : c)),
  };
}

function plantMalformed(world: DemoWorld): DemoWorld {
  const ninjaOrg = world.clients.find((c) => c.rmm?.vendor === 'ninjaone')?.rmm;
  const pax8 = world.clients[0]?.pax8;
  return {
    ...world,
    malformed: {
      ninjaone: ninjaOrg ? [{ id: 'WS-LOBBY', organizationId: Number(ninjaOrg.id), nodeClass: 'WINDOWS_WORKSTATION', approvalStatus: 'APPROVED' }] : [],
      pax8: pax8 ? [{ id: '7a1e0000-0000-4000-8000-badbadbadbad', companyId: pax8.id, productId: world.products[0]!.id, quantity: 'twenty', status: 'Active' }] : [],
    },
  };
}
