import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * On a terminal a warning is one readable line, not a CloudWatch JSON record. Powertools offers no
 * public way to change where a built logger prints, so this replaces its console (a private field
 * [I] stable across 2.x): the records are the same ones Lambda writes, only their rendering differs.
 */

/** Keys every record carries; the line shows only what the call site added. */
const STANDARD = new Set(['level', 'message', 'timestamp', 'service', 'sampling_rate', 'xray_trace_id', 'cold_start', 'function_arn', 'function_memory_size', 'function_name', 'function_request_id']);
const LABEL: Record<string, string> = { warn: 'warning', error: 'error', info: 'info', debug: 'debug', trace: 'trace', log: 'note' };

export function renderRecord(method: string, json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return `${LABEL[method] ?? method}: ${json}`;
  }
  const extras = Object.entries(record)
    .filter(([k]) => !STANDARD.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return `${LABEL[method] ?? method}: ${String(record.message ?? '')}${extras.length ? ` (${extras.join(', ')})` : ''}`;
}

/** Prints each distinct record once per process: the same quarantined record warns every night. */
export function useReadableLogs(logger: Logger, write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): void {
  const seen = new Set<string>();
  const print = (method: string) => (json: string) => {
    const line = renderRecord(method, json);
    if (seen.has(line)) return;
    seen.add(line);
    write(line);
  };
  const sink = Object.fromEntries(Object.keys(LABEL).map((m) => [m, print(m)]));
  (logger as unknown as { console: unknown }).console = sink;
}

/**
 * Metrics are off on a terminal (local/quiet.ts), yet Powertools still warns "No application
 * metrics to publish" through the console it keeps: that notice is about CloudWatch, so it is
 * dropped here, and only while metrics are disabled.
 */
export function quietDisabledMetrics(metrics: Metrics): void {
  const m = metrics as unknown as { disabled: boolean; console: { warn: (...args: unknown[]) => void } };
  if (m.disabled) m.console.warn = () => undefined;
}
