import { existsSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addDays } from '../../shared/domain/dates';
import { saveOutbox } from '../embedded/outbox';
import type { LocalNight } from '../night';
import { UsageError } from '../cli/args';
import { driftWorld, rewindWorld } from './drift';
import { startDemo, type Demo, type DemoOptions } from './run-demo';
import type { VendorWrites } from './vendors';
import type { DemoWorld } from './world';

/**
 * The demo that lasts between runs. Everything lives under one folder (`.local/`):
 *   demo/dynamo/       the embedded DynamoDB's LevelDB files (ledger, proposals, audit, mail records)
 *   demo/world.json    the simulated vendors' world as of the last night (it drifts night by night)
 *   demo/writes.json   every write-back approvals made, replayed into the simulators on start
 *   demo/nights.json   the nights run so far
 *   trueup.demo.json   the demo's config; trueup.demo.env beside it holds its credentials and
 *                      signing key (mode 600), which `trueup run --config` loads from there
 *   outbox/            every email as .eml and .html
 */

export interface LastingOptions {
  home: string;
  /** Today in the demo MSP's zone: the first night of a fresh demo. */
  today: string;
  asOf?: string;
  nextNight?: boolean;
  weeks?: number;
  reset?: boolean;
  ports?: DemoOptions['ports'];
  /** Told each night as it finishes (progress for --weeks). */
  onNight?: (night: LocalNight) => void;
}

export interface LastingRun {
  demo: Demo;
  nights: LocalNight[];
  digests: number;
  /** True when the demo continued stored state rather than starting fresh. */
  resumed: boolean;
  /** Every night stored so far, this run's included. */
  stored: string[];
  emailsSaved: number;
  /** Saves the emails sent since (approval confirmations) and stops everything. */
  close(): Promise<void>;
  paths: { config: string; env: string; outbox: string };
}

const DAYS_PER_WEEK = 7;

export function lastingPaths(home: string) {
  const demo = join(home, 'demo');
  return {
    demo,
    dynamo: join(demo, 'dynamo'),
    world: join(demo, 'world.json'),
    writes: join(demo, 'writes.json'),
    nights: join(demo, 'nights.json'),
    config: join(home, 'trueup.demo.json'),
    env: join(home, 'trueup.demo.env'),
    outbox: join(home, 'outbox'),
  };
}

/** Which nights to run, given the nights already stored. */
export function planNights(stored: readonly string[], o: Pick<LastingOptions, 'today' | 'asOf' | 'nextNight' | 'weeks'>): string[] {
  if (o.nextNight && o.asOf) throw new UsageError('--next-night and --as-of name the night twice: give one');
  const last = stored.at(-1);
  const count = o.weeks ? o.weeks * DAYS_PER_WEEK : 1;
  const run = (first: string) => Array.from({ length: count }, (_, i) => addDays(first, i));
  if (!last) {
    if (o.nextNight) throw new UsageError('--next-night continues a demo, and none has run yet: run `npm start` first');
    // Weeks of history that end on the chosen night, so the digest and trend are current.
    return run(addDays(o.asOf ?? o.today, 1 - count));
  }
  if (o.asOf !== undefined) {
    if (o.asOf < last) throw new UsageError(`the demo has already run up to ${last}; --reset starts over from another date`);
    return run(o.asOf);
  }
  if (o.nextNight || o.weeks) return run(addDays(last, 1));
  return [last];
}

export async function runLastingDemo(o: LastingOptions): Promise<LastingRun> {
  const p = lastingPaths(o.home);
  if (o.reset) for (const path of [p.demo, p.outbox, p.config, p.env]) await rm(path, { recursive: true, force: true });
  const stored = await readJson<string[]>(p.nights, []);
  const plan = planNights(stored, o);
  const world = await readJson<DemoWorld | undefined>(p.world, undefined);
  if (existsSync(p.env)) process.loadEnvFile(p.env);
  await mkdir(p.demo, { recursive: true });

  const demo = await startDemo({
    // A fresh world is made for the last night planned, then wound back to the first (rewindWorld).
    asOf: plan.at(-1),
    world,
    dynamoPath: p.dynamo,
    ports: o.ports,
    configFile: p.config,
    replay: await readJson<VendorWrites>(p.writes, {}),
    // Saved synchronously at each approval, so a Ctrl-C or crash loses no write-back.
    onWrite: (writes) => writeFileSync(p.writes, JSON.stringify(writes)),
  });
  try {
    if (!world && plan.length > 1) await demo.useWorld(rewindWorld(demo.world, plan[0]!));
    await writeFile(p.env, `${Object.entries(demo.env).map(([k, v]) => `${k}=${v}`).join('\n')}\n`, { mode: 0o600 });
    await chmod(p.env, 0o600);
    const nights: LocalNight[] = [];
    let digests = 0;
    const done = new Set(stored);
    for (const [i, night] of plan.entries()) {
      const drifted = driftWorld(demo.world, night);
      if (drifted !== demo.world) await demo.useWorld(drifted);
      nights.push(await demo.runNight(night));
      done.add(night);
      await writeFile(p.world, JSON.stringify(demo.world));
      await writeFile(p.nights, `${JSON.stringify([...done].sort())}\n`);
      const lastOfWeek = !o.weeks || (i + 1) % DAYS_PER_WEEK === 0;
      if (lastOfWeek) {
        await demo.runDigest();
        digests++;
      }
      o.onNight?.(nights.at(-1)!);
    }
    const emailsSaved = (await saveOutbox(demo.sesUrl, p.outbox)).length;
    const close = async () => {
      await saveOutbox(demo.sesUrl, p.outbox);
      await demo.close();
    };
    return { demo, nights, digests, resumed: stored.length > 0, stored: [...done].sort(), emailsSaved, close, paths: { config: p.config, env: p.env, outbox: p.outbox } };
  } catch (err) {
    await demo.close();
    throw err;
  }
}

async function readJson<T>(path: string, fallback: T): Promise<T> {
  if (!existsSync(path)) return fallback;
  return JSON.parse(await readFile(path, 'utf8')) as T;
}
