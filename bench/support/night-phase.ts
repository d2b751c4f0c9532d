import type { Demo } from '../../local/demo/run-demo';
import { readInbox } from '../../local/embedded/ses';
import type { LoggedRequest } from '../../local/simulators/harness';
import type { DetailType } from '../../shared/events/events';
import type { DynamoMeter, DynamoTake } from './dynamo-meter';
import type { LogMeter, LogTake } from './log-meter';
import { formatTable } from './table';
import type { Invocation, TimedRunner } from './timed-runner';

/** Everything one night (or one digest) cost, as counted locally. */
export interface Phase {
  name: string;
  wallMs: number;
  invocations: Invocation[];
  events: Map<DetailType, number>;
  dynamo: DynamoTake;
  logs: LogTake;
  /** Requests each vendor simulator served, token calls included. */
  vendorRequests: Map<string, number>;
  /** Of which answered 429 (the simulator enforcing the vendor's rate limit). */
  vendor429s: number;
  emails: number;
  emailBytes: number;
}

export interface Meters {
  demo: Demo;
  runner: TimedRunner;
  dynamo: DynamoMeter;
  logs: LogMeter;
}

/** Runs `work` and takes every meter's count of it. */
export async function measurePhase(name: string, m: Meters, work: () => Promise<void>): Promise<Phase> {
  const sims = Object.values(m.demo.simulators);
  const before = sims.map((s) => s.log.length);
  const mailBefore = (await readInbox(m.demo.sesUrl)).length;
  // Counts from earlier work (setup, a previous phase) are not this phase's.
  m.runner.take();
  m.dynamo.take();
  m.logs.take();
  const started = performance.now();
  await work();
  const wallMs = performance.now() - started;
  const mail = (await readInbox(m.demo.sesUrl)).slice(mailBefore);
  const { invocations, events } = m.runner.take();
  return {
    name,
    wallMs,
    invocations,
    events,
    dynamo: m.dynamo.take(),
    logs: m.logs.take(),
    vendorRequests: new Map(sims.map((s, i) => [s.name, s.log.length - before[i]!])),
    vendor429s: sims.reduce((n, s, i) => n + s.log.slice(before[i]).filter((r: LoggedRequest) => r.status === 429).length, 0),
    emails: mail.length,
    emailBytes: mail.reduce((n, e) => n + Buffer.byteLength(e.body.html ?? '') + Buffer.byteLength(e.body.text ?? '') + Buffer.byteLength(e.subject), 0),
  };
}

/** Where each night's reconcile (the invocation that did the work) spent its time. Snapshots load in parallel, so their phases add up to more than their wall time. */
export function reconcileBreakdown(phases: Phase[]): void {
  const done = phases.flatMap((p) => p.invocations.filter((i) => i.fn === 'reconcile' && i.label === 'done').map((i) => ({ night: p.name, inv: i })));
  if (done.length === 0) return;
  const names = [...new Set(done.flatMap((d) => [...d.inv.phases.keys()]))];
  console.log("\nReconcile by phase (ms; the 'load snapshots:' parts are summed over sources loaded in parallel)");
  const rows = names.map((n) => [n, ...done.map((d) => Math.round(d.inv.phases.get(n) ?? 0))]);
  const topLevel = (d: (typeof done)[number]) => [...d.inv.phases].filter(([n]) => !n.includes(':')).map(([, ms]) => ms);
  rows.push(['other', ...done.map((d) => Math.round(d.inv.ms - topLevel(d).reduce((a, b) => a + b, 0)))]);
  rows.push(['handler total', ...done.map((d) => Math.round(d.inv.ms))]);
  console.log(formatTable(['phase', ...done.map((d) => d.night)], rows));
}
