import { SourceConfig } from '../../shared/config/schema';
import { createSecretResolver } from '../../shared/config/secrets';
import { createConnector } from '../../shared/connectors/registry';
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
    const pull = await connector.pull({ runDate: job.runDate });
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    sample();
    return {
      ok: true,
      counts: {
        clients: pull.clients.length,
        agreements: pull.agreements.length,
        lines: pull.agreements.reduce((n, a) => n + a.lines.length, 0),
        devices: pull.devices.length,
        subscriptions: pull.subscriptions.length,
        quarantined: pull.quarantined.length,
      },
      stats: connector.stats(),
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

process.once('message', (message) => {
  run(message)
    .catch((err: unknown): PullResult => ({ ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }))
    .then((result) => process.send!(result, () => process.exit(0)));
});
