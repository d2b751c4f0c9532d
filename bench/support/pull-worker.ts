import { SourceConfig } from '../../shared/config/schema';
import { createSecretResolver } from '../../shared/config/secrets';
import { createConnector } from '../../shared/connectors/registry';
import { laborOf } from '../../shared/app/collect-work';
import { isWorkConnector } from '../../shared/connectors/types';
import { addDays } from '../../shared/domain/dates';
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
  try {
    const pull = await connector.pull({ runDate: job.runDate });
    // A PSA whose labor pull is on reads its tickets, time and invoices too: the whole window, as on the weekly full read.
    const labor = laborOf(source);
    const work = labor?.enabled && isWorkConnector(connector) ? await connector.pullWork({ runDate: job.runDate }, { from: addDays(job.runDate, -labor.lookbackDays), changedSince: null }) : null;
    const wallMs = performance.now() - started;
    sample();
    return {
      ok: true,
      counts: {
        clients: pull.clients.length,
        agreements: pull.agreements.length,
        lines: pull.agreements.reduce((n, a) => n + a.lines.length, 0),
        devices: pull.devices.length,
        subscriptions: pull.subscriptions.length,
        quarantined: pull.quarantined.length + (work?.quarantined.length ?? 0),
        work: work ? work.timeEntries.length + work.tickets.length + work.invoices.length : 0,
      },
      stats: connector.stats(),
      wallMs,
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

process.once('message', (message) => {
  run(message)
    .catch((err: unknown): PullResult => ({ ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }))
    .then((result) => process.send!(result, () => process.exit(0)));
});
