import { SourceConfig } from '../../shared/config/schema';
import { createSecretResolver } from '../../shared/config/secrets';
import { pullWhole } from '../../shared/connectors/partitions';
import { createConnector } from '../../shared/connectors/registry';
import { isWorkConnector, type Connector, type WorkConnector } from '../../shared/connectors/types';
import { LaborSource } from '../../shared/config/labor';
import { laborRules } from '../../shared/app/reconcile-labor';
import { recordsToConfirm } from '../../shared/domain/labor/confirm';
import { laborFindings } from '../../shared/domain/labor/findings';
import { mergeWork } from '../../shared/domain/labor/merge';
import type { WorkPull } from '../../shared/domain/work';
import { mbOf as mb } from './table';
import { PullJob, type PullResult } from './worker-protocol';

/**
 * One source's pull in a process of its own, so its RSS high-water mark is the connector's
 * alone, not the simulators' or another source's. Started by run-worker.ts over IPC.
 */

async function run(message: unknown): Promise<PullResult> {
  const job = PullJob.parse(message);
  const source = SourceConfig.parse(job.source);
  const connector = createConnector(source, { secrets: createSecretResolver(job.env) });
  const rssBefore = process.memoryUsage().rss;
  const peak = { rss: rssBefore, heap: process.memoryUsage().heapUsed };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heap = Math.max(peak.heap, m.heapUsed);
  };
  const sampler = setInterval(sample, 25);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  try {
    const { listed, confirm, ...counts } = await (job.work ? pullWork(connector, job.runDate, job.work) : pullSeats(connector, job.runDate));
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    sample();
    return {
      ok: true,
      counts,
      stats: connector.stats(),
      ...(listed ? { listed } : {}),
      ...(confirm ? { confirm } : {}),
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssBeforeMb: mb(rssBefore),
      peakRssMb: mb(peak.rss),
      // maxRSS is in kilobytes.
      maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
      peakHeapMb: mb(peak.heap),
    };
  } finally {
    clearInterval(sampler);
  }
}

/** As collectSource pulls: a vendor that splits reads through its partitions' steps, and counts its lists. */
async function pullSeats(connector: Connector, runDate: string) {
  const { pull, listed } = connector.partitioned ? await pullWhole(connector.partitioned, { runDate }) : { pull: await connector.pull({ runDate }), listed: undefined };
  return {
    listed,
    clients: pull.clients.length,
    agreements: pull.agreements.length,
    lines: pull.agreements.reduce((n, a) => n + a.lines.length, 0),
    devices: pull.devices.length,
    subscriptions: pull.subscriptions.length,
    quarantined: pull.quarantined.length,
    timeEntries: 0,
    tickets: 0,
    invoices: 0,
    coverage: 0,
    confirm: undefined,
  };
}

async function pullWork(connector: Connector, runDate: string, window: NonNullable<PullJob['work']>) {
  if (!isWorkConnector(connector)) throw new Error(`${connector.sourceId} cannot read service work`);
  const pull = await connector.pullWork({ runDate }, window);
  const none = { clients: 0, agreements: 0, lines: 0, devices: 0, subscriptions: 0 };
  const confirm = window.confirm ? await nextNightConfirm(connector, runDate, window.from, pull) : undefined;
  return { ...none, listed: undefined, quarantined: pull.quarantined.length, timeEntries: pull.timeEntries.length, tickets: pull.tickets.length, invoices: pull.invoices.length, coverage: pull.coverage.length, confirm };
}

/**
 * The next night as collectWork runs it: only what changed since the run date began (nothing, in a
 * still world), merged, then the records behind the labor findings (default settings) read again
 * by id, as confirm-work.ts asks. Counts the requests of each step.
 */
async function nextNightConfirm(connector: Connector & WorkConnector, runDate: string, from: string, full: WorkPull) {
  const before = connector.stats().requests;
  const read = await connector.pullWork({ runDate }, { from, changedSince: `${runDate}T00:00:00.000Z` });
  const afterRead = connector.stats().requests;
  const work = mergeWork(full, read, from, false, read.complete);
  const { findings } = laborFindings({ sourceId: connector.sourceId, work, clientNames: new Map(), rules: laborRules(LaborSource.parse({ enabled: true }), runDate) });
  const request = recordsToConfirm(findings, work, read, read.complete ?? []);
  const answer = await connector.confirmWork({ runDate }, request);
  return {
    findings: findings.length,
    timeEntries: request.timeEntries.length,
    tickets: request.tickets.length,
    gone: answer.gone.timeEntries.length + answer.gone.tickets.length,
    incrementalRequests: afterRead - before,
    requests: connector.stats().requests - afterRead,
  };
}

process.once('message', (message) => {
  run(message)
    .catch((err: unknown): PullResult => ({ ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }))
    .then((result) => process.send!(result, () => process.exit(0)));
});
